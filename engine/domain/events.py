"""What a job reports while it works, and what decisions report through: independent of any transport.

The gRPC servicer turns these into protocol messages; nothing here knows
about gRPC or about how a job runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import opentimelineio as otio


@dataclass(frozen=True)
class Progress:
    stage: str
    done: int
    total: int
    message: str = ""


@dataclass(frozen=True)
class Warning:
    code: str
    message: str
    clip_name: str = ""
    clip_location: str = ""
    media_path: str = ""


@dataclass(frozen=True)
class Suggestion:
    clip_name: str
    clip_location: str
    kind: str
    source_range_removed: otio.opentime.TimeRange
    reason: str
    confidence: float


@dataclass(frozen=True)
class AnalysisReport:
    media_path: str
    analysis: dict
    from_cache: bool


@dataclass(frozen=True)
class Result:
    timeline_otio_json: str
    suggestions: list[Suggestion] = field(default_factory=list)
    summary: str = ""
    table_csv: str = ""
    #: The review report (one self-contained HTML document), when the job was asked for it.
    report_html: str = ""


Event = Progress | Warning | AnalysisReport | Result


class Reporter(Protocol):
    """What decision code may do while it works: say how far it is, warn about a clip, stop when asked."""

    def progress(self, stage: str, done: int, total: int, message: str = "") -> None: ...

    def warn(
        self, code: str, message: str, *, clip_name: str = "", clip_location: str = "", media_path: str = ""
    ) -> None: ...


class Quiet:
    """A reporter that says nothing and never stops: for decisions run inside another one."""

    def progress(self, stage: str, done: int, total: int, message: str = "") -> None:
        pass

    def warn(
        self, code: str, message: str, *, clip_name: str = "", clip_location: str = "", media_path: str = ""
    ) -> None:
        pass
