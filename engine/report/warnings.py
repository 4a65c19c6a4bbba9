"""The warnings a job gave, kept for its report while they still go out to the caller."""

from __future__ import annotations

from workprint.engine.jobs.events import Event, JobContext, Warning


class WarningLog(JobContext):
    """A job context that passes everything on and remembers the warnings."""

    def __init__(self, inner: JobContext) -> None:
        super().__init__(self._pass_on, inner.cancel)
        self._inner = inner
        self.warnings: list[Warning] = []

    def _pass_on(self, event: Event) -> None:
        if isinstance(event, Warning):
            self.warnings.append(event)
        self._inner.report(event)
