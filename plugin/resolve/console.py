"""Running a job without a dialog: Resolve's console (or a terminal), with the last settings."""

from __future__ import annotations

from collections.abc import Callable

from workprint.engine import errors
from workprint.plugin.resolve.engine_link import EngineLink
from workprint.plugin.resolve.tasks import RunningJob, progress_text


def run_console(task, link: EngineLink, out: Callable[[str], None] = print) -> int:
    """Blocks until the answer is applied (a menu script may be a child of Resolve that must not return early)."""
    request = task.request()
    out(f"Workprint – {task.title}: sending to the engine at {link.config.address} ({link.transport.route})")
    job = RunningJob(link.start(task.call, request))
    last = ""
    try:
        while True:
            finished = job.wait(0.25)
            for event in job.poll():
                text, _ = progress_text(event)
                if text and text != last:
                    out(text)
                    last = text
            if finished:
                break
    except KeyboardInterrupt:
        job.cancel()
        job.wait(30)
        raise errors.JobCancelled("cancelled; nothing was changed") from None
    if job.error is not None:
        raise job.error
    summary = task.finish(job.result, job.warnings)
    out(summary.text())
    return 0
