"""The two jobs as the plugin runs them: read Resolve, ask the engine, apply the answer.

Reading and applying touch Resolve and run on the script's own thread; only
the engine's event stream is followed on a worker thread, which the dialog
polls from a UI timer (or the console loop waits on).
"""

from __future__ import annotations

import os
import queue
import re
import tempfile
import threading
import time
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any

from workprint.adapters.resolve.apply_trims import Outcome, apply_trims
from workprint.adapters.resolve.bin_read import read_bin
from workprint.adapters.resolve.build_selects import ALTERNATES, build_selects
from workprint.adapters.resolve.host import Context, current_timeline, has_api
from workprint.adapters.resolve.timeline_read import ReadTimeline, read_timeline
from workprint.engine import errors
from workprint.engine.domain.kinds import KINDS, TRIMS
from workprint.engine.settings import SELECTS_MODES, TRIM_KINDS, TrimSettings
from workprint.plugin.resolve.config import PluginConfig

#: The engine's own defaults, so the dialog starts where the command line does.
_TRIMS = TrimSettings()
STAGES = {
    "resolve-media": "Finding media",
    "analyze": "Analysing media",
    "decide": "Deciding",
    "edit": "Editing",
    "rank": "Ranking takes",
    "assemble": "Assembling",
}


@dataclass
class TrimChoices:
    pad_before_frames: int = _TRIMS.pad_before_frames
    pad_after_frames: int = _TRIMS.pad_after_frames
    min_pause_s: float = _TRIMS.min_pause_s
    remove_pauses: bool = _TRIMS.remove_pauses
    ripple: bool = _TRIMS.ripple
    review_only: bool = _TRIMS.review_only
    #: Kinds of suggestion that are on; empty means the engine's defaults (all but those off by default).
    kinds: list[str] = field(default_factory=list)
    report: bool = False

    def message(self, offered: Collection[str] = TRIM_KINDS) -> dict:
        """The request's settings; kinds no longer offered (a saved choice from an older engine) are left out."""
        values = {k: v for k, v in asdict(self).items() if k not in ("kinds", "report")}
        if self.kinds:
            values["kinds"] = [k for k in self.kinds if k in offered]
        return values

    @classmethod
    def from_saved(cls, saved: dict) -> TrimChoices:
        known = {k: v for k, v in saved.items() if k in cls.__dataclass_fields__}
        try:
            return cls(**known)
        except TypeError:
            return cls()


@dataclass(frozen=True)
class KindChoice:
    """A kind of trim suggestion as a dialog offers it."""

    name: str
    label: str
    description: str = ""
    #: Made only when chosen (filler words): unticked until the editor ticks it.
    off_by_default: bool = False


def local_trim_kinds() -> list[KindChoice]:
    """The plugin's own copy of the table of kinds (engine/domain/kinds.py)."""
    return [
        KindChoice(kind.name, kind.label, kind.description, kind.off_by_default) for kind in KINDS if kind.job == TRIMS
    ]


def default_kinds(kinds: Collection[KindChoice]) -> list[str]:
    """The kinds made when none are chosen: every one offered but those off by default."""
    return [kind.name for kind in kinds if not kind.off_by_default]


def trim_kinds_from_info(info: dict | None) -> list[KindChoice]:
    """The kinds of trim suggestion the engine's GetInfo answer lists (its JSON form), in its order.

    The engine's table is the one that counts: it decides what a request may name. The plugin's own
    copy stands in when no engine answered yet, or an older one listed no kinds.
    """
    rows = [row for row in (info or {}).get("kinds") or [] if row.get("job") == TRIMS and row.get("name")]
    if not rows:
        return local_trim_kinds()
    return [
        KindChoice(
            str(row["name"]),
            str(row.get("label") or row["name"]),
            str(row.get("description") or ""),
            bool(row.get("off_by_default", False)),
        )
        for row in rows
    ]


@dataclass
class SelectsChoices:
    mode: str = SELECTS_MODES[0]
    alternates: str = "tracks"
    report: bool = False

    @classmethod
    def from_saved(cls, saved: dict) -> SelectsChoices:
        choices = cls(**{k: v for k, v in saved.items() if k in cls.__dataclass_fields__})
        if choices.mode not in SELECTS_MODES:
            choices.mode = SELECTS_MODES[0]
        if choices.alternates not in ALTERNATES:
            choices.alternates = "tracks"
        return choices


@dataclass
class Summary:
    lines: list[str]
    warnings: list[str] = field(default_factory=list)
    report_path: str | None = None

    def text(self) -> str:
        parts = list(self.lines)
        if self.warnings:
            parts.append(f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}:")
            parts += [f"  {w}" for w in self.warnings[:20]]
            if len(self.warnings) > 20:
                parts.append(f"  … and {len(self.warnings) - 20} more")
        if self.report_path:
            parts.append(f"Review report: {self.report_path}")
        return "\n".join(parts)


class RunningJob:
    """The engine's event stream, followed on a worker thread; poll() hands over what has come."""

    def __init__(self, job) -> None:
        self._job = job
        self._events: queue.Queue = queue.Queue()
        self.result: dict | None = None
        self.error: errors.WorkprintError | None = None
        self.warnings: list[str] = []
        self.cancelled = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._follow, name="workprint-job", daemon=True)
        self._thread.start()

    def _follow(self) -> None:
        try:
            for event in self._job:
                if "result" in event:
                    self.result = event["result"]
                else:
                    self._events.put(event)
            if self.result is None and self.error is None:
                raise errors.EngineFault("the engine ended the job without a result")
        except errors.WorkprintError as exc:
            self.error = exc
        except Exception as exc:  # a broken pipe or channel: say so, never a traceback
            self.error = errors.EngineFault(f"the link to the engine broke ({type(exc).__name__}: {exc})")
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout_s: float) -> bool:
        return self._done.wait(timeout_s)

    def poll(self) -> list[dict]:
        found: list[dict] = []
        while True:
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                return found
            if "warning" in event:
                warning = event["warning"]
                who = warning.get("clip_name") or warning.get("clip_location") or warning.get("media_path") or ""
                self.warnings.append(f"{who}: {warning.get('message', '')}" if who else warning.get("message", ""))
            found.append(event)

    def cancel(self) -> None:
        self.cancelled = True
        self._job.cancel()


def progress_text(event: dict) -> tuple[str, float | None]:
    """A line for the editor and the fraction done (None when unknown)."""
    progress = event.get("progress")
    if not progress:
        warning = event.get("warning") or {}
        return f"Warning: {warning.get('clip_name') or ''} {warning.get('message', '')}".strip(), None
    done, total = int(progress.get("done") or 0), int(progress.get("total") or 0)
    stage = STAGES.get(progress.get("stage", ""), progress.get("stage", "Working").capitalize())
    text = f"{stage}: {done}/{total}" if total else stage
    if progress.get("message"):
        text += f" {progress['message']}"
    return text, (done / total if total else None)


def _safe(name: str) -> str:
    return re.sub(r"[^\w .-]+", "_", name).strip() or "Workprint"


def write_report(ctx: Context, title: str, html: str) -> str | None:
    """The review report next to the project's cache, else in a temp folder."""
    if not html:
        return None
    folder = None
    if has_api(ctx.project, "GetSetting"):
        cache = ctx.project.GetSetting("perfCacheClipsLocation")
        if cache and os.path.isdir(str(cache)):
            folder = os.path.join(str(cache), "Workprint")
    if folder is None:
        folder = os.path.join(tempfile.gettempdir(), "Workprint")
    project = ctx.project.GetName() if has_api(ctx.project, "GetName") else "project"
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, f"{_safe(project)} - {_safe(title)} {time.strftime('%Y-%m-%d %H.%M.%S')}.html")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(html)
    return path


class TrimsTask:
    title = "Suggest Trims"
    call = "suggest_trims"
    settings_key = "suggest-trims"

    def __init__(self, ctx: Context, config: PluginConfig, choices: TrimChoices) -> None:
        self.ctx, self.config, self.choices = ctx, config, choices
        #: The kinds a request may name: the plugin's table until a dialog has the engine's.
        self.kinds: list[KindChoice] = local_trim_kinds()
        self.read: ReadTimeline | None = None

    def request(self) -> dict:
        import json

        self.read = read_timeline(self.ctx, current_timeline(self.ctx))
        if not self.read.items:
            raise errors.InputError(f"the timeline '{self.read.name}' holds no clips to trim")
        settings = self.choices.message([kind.name for kind in self.kinds])
        return {
            "timeline_otio_json": json.dumps(self.read.otio),
            "settings": settings,
            "report": bool(self.choices.report),
        }

    def finish(self, result: dict, warnings: list[str]) -> Summary:
        if self.read is None:
            raise errors.ApplyError("the engine answered before the timeline was read; your timeline is unchanged")
        outcome = apply_trims(
            self.ctx, self.read, result.get("timeline_otio_json", ""), self.choices.review_only, self.config.data
        )
        lines = [line for line in (result.get("summary") or "").splitlines() if line.strip()]
        lines += _outcome_lines(outcome, len(result.get("suggestions") or []))
        report = write_report(self.ctx, self.read.name, result.get("report_html", "")) if self.choices.report else None
        return Summary(lines, warnings, report)


def _outcome_lines(outcome: Outcome, suggestions: int) -> list[str]:
    if outcome.route == "markers":
        return [
            f"Review only: {outcome.markers} marker{'s' if outcome.markers != 1 else ''} added to "
            f"'{outcome.timeline_name}'; no edit was changed"
        ]
    if outcome.route == "in-place":
        return [
            f"Applied to '{outcome.timeline_name}': {outcome.rebuilt} clip piece"
            f"{'s' if outcome.rebuilt != 1 else ''} rebuilt, {outcome.markers} marker"
            f"{'s' if outcome.markers != 1 else ''}",
            f"The timeline as it was is kept as '{outcome.backup_name}'",
            *outcome.notes,
        ]
    return [*outcome.notes, f"{suggestions} suggestion{'s' if suggestions != 1 else ''} marked on the new timeline"]


#: Script files the picker offers (Fusion's file requester filter): plain text, Fountain, Final Draft.
SCRIPT_FILTER = "Scripts (*.fountain *.fdx *.txt)|*.fountain;*.fdx;*.txt;*.spmd|All files (*.*)|*.*"


def project_name(ctx: Context | None) -> str:
    project: Any = getattr(ctx, "project", None)
    return str(project.GetName() or "") if has_api(project, "GetName") else ""


def saved_scripts(saved: dict) -> dict[str, str]:
    """The script chosen for each project (by project name), as the settings keep it."""
    scripts = saved.get("scripts")
    return {str(k): str(v) for k, v in scripts.items() if isinstance(v, str)} if isinstance(scripts, dict) else {}


def read_script(path: str) -> tuple[str, str]:
    """The script file's text and name, for the request; a clear message naming it when it cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
    except OSError as exc:
        raise errors.InputError(
            f"the script {path} cannot be read ({exc.strerror or exc}): choose it again, or clear it to take "
            "the lines from the takes"
        ) from exc
    if not text.strip():
        raise errors.InputError(f"the script {path} is empty")
    return text, os.path.basename(path)


class SelectsTask:
    title = "Auto-Assemble Selects"
    call = "assemble_selects"
    settings_key = "assemble-selects"

    def __init__(
        self,
        ctx: Context,
        config: PluginConfig,
        choices: SelectsChoices,
        trims: TrimChoices | None = None,
        scripts: dict[str, str] | None = None,
    ) -> None:
        self.ctx, self.config, self.choices = ctx, config, choices
        self.trims = trims or TrimChoices()
        #: The script chosen for each project: a script belongs to its show, the other choices to the editor.
        self.scripts: dict[str, str] = dict(scripts or {})
        self.media: dict = {}
        self.bin_name = ""

    @property
    def script_path(self) -> str:
        return self.scripts.get(project_name(self.ctx), "")

    @script_path.setter
    def script_path(self, path: str) -> None:
        project = project_name(self.ctx)
        if path:
            self.scripts[project] = path
        else:
            self.scripts.pop(project, None)

    def saved(self) -> dict:
        """What the settings file keeps of this job."""
        return {**vars(self.choices), "trims": vars(self.trims), "scripts": dict(self.scripts)}

    def request(self) -> dict:
        import json

        collection, self.media = read_bin(self.ctx)
        self.bin_name = collection.get("name") or "Dailies"
        trims = self.trims.message()
        trims.pop("review_only", None)
        settings: dict = {"mode": self.choices.mode, "trims": trims}
        if self.script_path:
            settings["script_text"], settings["script_name"] = read_script(self.script_path)
        return {
            "bin_otio_json": json.dumps(collection),
            "settings": settings,
            "report": bool(self.choices.report),
        }

    def finish(self, result: dict, warnings: list[str]) -> Summary:
        outcome = build_selects(
            self.ctx, result.get("timeline_otio_json", ""), self.media, self.choices.alternates, self.config.data
        )
        lines = [line for line in (result.get("summary") or "").splitlines() if line.strip()]
        where = "as takes of the chosen clips" if self.choices.alternates == "takes" else "on disabled tracks above"
        lines.append(f"New timeline '{outcome.timeline_name}' with {outcome.rebuilt} clips; alternates {where}")
        if self.script_path:
            lines.append(f"Takes checked against the script {os.path.basename(self.script_path)}")
        lines += outcome.notes
        csv_text = result.get("table_csv") or ""
        report = (
            write_report(self.ctx, outcome.timeline_name, result.get("report_html", ""))
            if self.choices.report
            else None
        )
        if csv_text and report:
            with open(report[: -len(".html")] + ".selects.csv", "w", encoding="utf-8") as handle:
                handle.write(csv_text)
        return Summary(lines, warnings, report)
