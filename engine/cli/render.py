"""Show a job's event stream to a person: progress bars, warnings, the summary."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from workprint.plugin.protocol import workprint_pb2 as pb

STAGE_NAMES = {
    "resolve-media": "Finding media",
    "analyze": "Analysing media",
    "analyze-file": "  this file",
    "decide": "Deciding",
    "edit": "Editing",
    "rank": "Ranking takes",
    "assemble": "Assembling",
}


class EventView:
    """Progress bars on a terminal; a line per stage elsewhere (logs, CI)."""

    def __init__(self, console: Console, quiet: bool = False) -> None:
        self.console = console
        self.quiet = quiet
        self.warnings: list[pb.JobWarning] = []
        self._live = console.is_terminal and not quiet
        self._bars = Progress(
            TextColumn("{task.description:<18}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[note]}", style="dim"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            disable=not self._live,
        )
        self._tasks: dict[str, TaskID] = {}
        self._last_line: dict[str, tuple[int, int]] = {}

    def __enter__(self) -> EventView:
        self._bars.__enter__()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self._bars.__exit__(*exc_info)

    def progress(self, event: pb.Progress) -> None:
        label = STAGE_NAMES.get(event.stage, event.stage)
        if self._live:
            task = self._tasks.get(event.stage)
            if task is None:
                task = self._tasks[event.stage] = self._bars.add_task(label, total=event.total or None, note="")
            self._bars.update(task, completed=event.done, total=event.total or None, note=event.message[:48])
            return
        if self.quiet or event.stage == "analyze-file":
            return
        # Off a terminal: the start and the end of each stage only.
        edge = event.done == 0 or event.done == event.total
        if edge and self._last_line.get(event.stage) != (event.done, event.total):
            self._last_line[event.stage] = (event.done, event.total)
            self.console.print(f"{label}: {event.done}/{event.total} {event.message}".rstrip(), highlight=False)

    def warning(self, event: pb.JobWarning) -> None:
        self.warnings.append(event)
        self.console.print(f"[yellow]warning[/yellow] {event.message}", highlight=False)
