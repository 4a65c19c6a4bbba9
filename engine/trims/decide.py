"""The trim decision for one group of linked clips: spans in, a cut per clip out. No OTIO, no job.

A group is a picture with its sound (on other tracks, or several sound
tracks: boom, lavs), all from one media file. It is planned once over the
media they cover together, then every clip is trimmed by the same amounts,
snapped to whole frames of the timeline's grid, so sync and J/L offsets hold.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from workprint.engine.domain.spans import Span, subtract
from workprint.engine.settings import TrimSettings
from workprint.engine.trims.plan import Footage, Removal, plan_clip

#: Slack for comparing seconds that came from frame counts.
EPSILON = 1e-9


@dataclass(frozen=True)
class Part:
    """One clip of a group as the decision sees it, in media seconds of the group's one media file."""

    #: The media the clip uses, and all the media there is.
    used: Span
    media: Span
    #: Media a neighbouring transition shows beyond each edit point (seconds; 0 without one).
    head_handle_s: float = 0.0
    tail_handle_s: float = 0.0
    #: What an editor marked on the clip: never trimmed.
    marks: tuple[Span, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Cut:
    """What a clip keeps, and each removal with the media span it takes from this clip."""

    keep: list[Span]
    removals: list[tuple[Removal, Span]]

    @property
    def changed(self) -> bool:
        return bool(self.removals)


def decide_group(parts: Sequence[Part], footage: Footage, settings: TrimSettings, grid_rate: float) -> list[Cut]:
    """A cut for each part, in order; a part that would be emptied keeps all it has (never empty a clip)."""
    hull = Span(min(p.used.start for p in parts), max(p.used.end for p in parts))
    marks = [mark for p in parts for mark in p.marks]
    plan = plan_clip(hull, footage, settings, marks)
    frame = 1.0 / grid_rate
    head = tail = 0.0
    inner: list[Removal] = []
    head_removal = tail_removal = None
    for removal in plan.removals:
        if removal.span.start <= hull.start + EPSILON:
            head_removal = removal
        elif removal.span.end >= hull.end - EPSILON:
            tail_removal = removal
        else:
            inner.append(removal)
    # A transition moves with the edit it sits on; trimming only adds to the media it can show beyond
    # the edit, so a trim is refused only where that media would run out (a clip with no handles).
    if head_removal:
        cut = _ceil(head_removal.span.end - hull.start, frame) + hull.start
        head = min(max(0.0, _floor(cut - p.used.start, frame)) for p in parts)
        if any(p.head_handle_s and p.used.start + head - p.head_handle_s < p.media.start - 1e-6 for p in parts):
            head = 0.0
    if tail_removal:
        cut = _floor(tail_removal.span.start - hull.start, frame) + hull.start
        tail = min(max(0.0, _floor(p.used.end - cut, frame)) for p in parts)
        if any(p.tail_handle_s and p.used.end - tail + p.tail_handle_s > p.media.end + 1e-6 for p in parts):
            tail = 0.0
    shared_inner = []
    for removal in inner:
        start = hull.start + _ceil(removal.span.start - hull.start, frame)
        end = hull.start + _floor(removal.span.end - hull.start, frame)
        snapped = Span(start, end)
        if snapped.duration >= frame and all(p.used.start < start and end < p.used.end for p in parts):
            shared_inner.append((removal, snapped))
    cuts = []
    for part in parts:
        removals: list[tuple[Removal, Span]] = []
        if head > 0 and head_removal:
            removals.append((head_removal, Span(part.used.start, part.used.start + head)))
        removals += shared_inner
        if tail > 0 and tail_removal:
            removals.append((tail_removal, Span(part.used.end - tail, part.used.end)))
        keep = subtract(part.used, [span for _, span in removals])
        cuts.append(Cut(keep, removals) if keep else Cut([part.used], []))
    return cuts


def _floor(x: float, step: float) -> float:
    return math.floor(x / step + 1e-6) * step


def _ceil(x: float, step: float) -> float:
    return math.ceil(x / step - 1e-6) * step
