"""What a review report holds, independent of how it is drawn."""

from __future__ import annotations

from dataclasses import dataclass, field

from workprint.engine.domain.events import Warning
from workprint.engine.report.previews import Previews


@dataclass(frozen=True)
class Band:
    """A removed part of a strip, in media seconds."""

    start_s: float
    end_s: float
    kind: str
    title: str


@dataclass
class Strip:
    """One stretch of one media file as drawn: filmstrip, waveform, speech, and what goes."""

    previews: Previews
    start_s: float
    end_s: float
    tc_in: str
    tc_out: str
    removed: list[Band] = field(default_factory=list)
    speech: list[tuple[float, float]] = field(default_factory=list)
    #: Thumbnails across the stretch (the cap per clip).
    cells: int = 12
    #: Timecode at the middle of each cell, for its tooltip.
    cell_timecodes: list[str] = field(default_factory=list)
    #: The words heard over the stretch, in order: what each says and the kind of the removal that takes it
    #: ("" for a word kept). Empty when the words were not heard.
    words: list[tuple[str, str]] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True)
class Change:
    kind: str
    tc_in: str
    tc_out: str
    seconds: float
    frames: int
    confidence: float
    reason: str


@dataclass
class ClipReview:
    name: str
    location: str
    record_tc: str
    media_name: str
    rate_text: str
    strip: Strip
    changes: list[Change]
    removed_s: float
    #: Other clips trimmed with it (its sound on other tracks), by location.
    linked: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KindTotal:
    kind: str
    count: int
    seconds: float


@dataclass
class TrimsReview:
    title: str
    review_only: bool
    settings: list[tuple[str, str]]
    picture_clips: int
    clips_changed: int
    clips_edited: int
    suggestions: int
    removed_s: float
    timeline_s: float
    kinds: list[KindTotal]
    clips: list[ClipReview]
    untouched: list[tuple[str, str]]
    warnings: list[Warning]


@dataclass
class TakeReview:
    label: str
    clip_name: str
    media_name: str
    rate_text: str
    rank: int
    #: "selected", "alternate" or "unusable".
    status: str
    circled: bool
    why: str
    defects: list[str]
    notes: list[str]
    facts: list[tuple[str, str]]
    strip: Strip | None
    kept_s: float
    duration_s: float


@dataclass(frozen=True)
class LineCell:
    """What one take did with one line: "said", "missing", "restarted", "off-script", or "" when the take's
    words were not heard (no sound, or no words model); note says where ("restarts line 2 at 0:07")."""

    state: str
    note: str = ""


@dataclass(frozen=True)
class LineRow:
    number: int
    text: str
    #: One cell per take, in the order of SetupReview.takes.
    cells: list[LineCell]


@dataclass
class SetupReview:
    label: str
    found_by: str
    verdict: str
    takes: list[TakeReview]
    #: The setup's lines against each take, side by side; empty when no take's words were heard.
    lines: list[LineRow] = field(default_factory=list)
    #: Where the lines come from: "script", or "takes" (what most takes say).
    lines_from: str = ""


@dataclass
class SelectsReview:
    title: str
    mode: str
    takes: int
    chosen: int
    unusable: int
    assembly_s: float
    setups: list[SetupReview]
    warnings: list[Warning]
