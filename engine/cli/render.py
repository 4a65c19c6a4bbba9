"""Show a job's event stream to a person: progress bars, warnings, the summary."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
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

#: Warnings of one kind (one code) shown as they come; the rest of that kind are counted, said in one line
#: when the job ends, and listed in full where the command writes them (every one is in `warnings`).
WARNINGS_SHOWN = 5


class EventView:
    """Progress bars on a terminal; a line per stage elsewhere (logs, CI).

    Warnings are grouped by kind: a cut of thousands of clips whose media is offline would otherwise print
    thousands of lines; the first few of each kind show what it is, and a count says how many more.
    """

    def __init__(self, console: Console, quiet: bool = False) -> None:
        self.console = console
        self.quiet = quiet
        self.warnings: list[pb.JobWarning] = []
        self._by_code: dict[str, int] = {}
        self._said_more: dict[str, int] = {}
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
        for code, count in self._by_code.items():
            more = count - WARNINGS_SHOWN - self._said_more.get(code, 0)
            if more > 0:
                self._said_more[code] = self._said_more.get(code, 0) + more
                like = f"{code} warning" if code else "warning"
                self.console.print(
                    f"[yellow]warning[/yellow] ... and {more:,} more {like}{'s' if more != 1 else ''} like this",
                    highlight=False,
                )

    @property
    def held_back(self) -> int:
        """How many warnings were counted but not shown."""
        return sum(max(0, count - WARNINGS_SHOWN) for count in self._by_code.values())

    def warning_lines(self) -> list[str]:
        """Every warning as a line of text (kind, then the message), in the order they came."""
        return [f"{w.code or 'warning'}: {w.message}" for w in self.warnings]

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
        seen = self._by_code[event.code] = self._by_code.get(event.code, 0) + 1
        if seen <= WARNINGS_SHOWN:
            self.console.print(f"[yellow]warning[/yellow] {escape(event.message)}", highlight=False)
