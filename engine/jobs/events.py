"""What a job reports while it works, independent of any transport.

The gRPC servicer turns these into protocol messages; nothing here knows
about gRPC.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import opentimelineio as otio

from workprint.engine.errors import JobCancelled


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


class JobContext:
    """Handed to a job: where its events go, and whether it should stop."""

    def __init__(self, emit: Callable[[Event], None], cancel: threading.Event | None = None) -> None:
        self._emit = emit
        self.cancel = cancel or threading.Event()

    def progress(self, stage: str, done: int, total: int, message: str = "") -> None:
        self.check()
        self._emit(Progress(stage, done, total, message))

    def warn(self, code: str, message: str, *, clip_name: str = "", clip_location: str = "",
             media_path: str = "") -> None:
        self._emit(Warning(code, message, clip_name, clip_location, media_path))

    def report(self, event: Event) -> None:
        self._emit(event)

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def check(self) -> None:
        """Stop here if the caller has gone or cancelled."""
        if self.cancel.is_set():
            raise JobCancelled("the job was cancelled")
