"""A job's context: where its events go, and whether it should stop.

The events themselves are domain types (engine/domain/events.py); they are
named here too because the servicer and the jobs speak of them together.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from workprint.engine.domain.events import AnalysisReport, Event, Progress, Result, Suggestion, Warning
from workprint.engine.errors import JobCancelled

#: The most progress events a stage sends between its start and its end.
PROGRESS_STEPS = 200

__all__ = ["AnalysisReport", "Event", "JobContext", "Progress", "Result", "Suggestion", "Warning", "WarningLog"]


class JobContext:
    """Handed to a job: where its events go, and whether it should stop. A Reporter for decisions."""

    def __init__(self, emit: Callable[[Event], None], cancel: threading.Event | None = None) -> None:
        self._emit = emit
        self.cancel = cancel or threading.Event()
        #: The last progress passed on, by stage: (done, total).
        self._shown: dict[str, tuple[int, int]] = {}

    def progress(self, stage: str, done: int, total: int, message: str = "") -> None:
        """Checked at every call; passed on at a stage's start and end and at each step of at least
        1/PROGRESS_STEPS of it: a stage of a 10,000-clip timeline sends a few hundred events, not a message
        per clip across the wire."""
        self.check()
        last = self._shown.get(stage)
        if (
            0 < done < total
            and last is not None
            and last[1] == total
            and last[0] <= done < last[0] + -(-total // PROGRESS_STEPS)
        ):
            return
        self._shown[stage] = (done, total)
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
