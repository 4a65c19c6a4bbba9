"""A job's context: where its events go, and whether it should stop.

The events themselves are domain types (engine/domain/events.py); they are
named here too because the servicer and the jobs speak of them together.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from workprint.engine.domain.events import AnalysisReport, Event, Progress, Result, Suggestion, Warning
from workprint.engine.errors import JobCancelled

__all__ = ["AnalysisReport", "Event", "JobContext", "Progress", "Result", "Suggestion", "Warning", "WarningLog"]


class JobContext:
    """Handed to a job: where its events go, and whether it should stop. A Reporter for decisions."""

    def __init__(self, emit: Callable[[Event], None], cancel: threading.Event | None = None) -> None:
        self._emit = emit
        self.cancel = cancel or threading.Event()

    def progress(self, stage: str, done: int, total: int, message: str = "") -> None:
        self.check()
        self._emit(Progress(stage, done, total, message))

    def warn(
        self, code: str, message: str, *, clip_name: str = "", clip_location: str = "", media_path: str = ""
    ) -> None:
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


class WarningLog(JobContext):
    """A job context that passes everything on and remembers the warnings (for the job's report)."""

    def __init__(self, inner: JobContext) -> None:
        super().__init__(self._pass_on, inner.cancel)
        self._inner = inner
        self.warnings: list[Warning] = []

    def _pass_on(self, event: Event) -> None:
        if isinstance(event, Warning):
            self.warnings.append(event)
        self._inner.report(event)
