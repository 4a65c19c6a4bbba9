"""The entry point the menu scripts call: one job, errors as one clear message, never a traceback."""

from __future__ import annotations

import os
import traceback

from workprint.adapters.resolve.host import Edition, context, find_resolve, has_api
from workprint.engine import errors
from workprint.plugin.resolve.config import PluginConfig, find_config, load_config, load_settings
from workprint.plugin.resolve.console import run_console
from workprint.plugin.resolve.engine_link import EngineLink
from workprint.plugin.resolve.tasks import SelectsChoices, SelectsTask, TrimChoices, TrimsTask, saved_scripts

JOBS = ("suggest-trims", "assemble-selects")
#: Run without the dialog even where UIManager is there (automation, tests).
NO_UI_ENV = "WORKPRINT_RESOLVE_NO_UI"


def _task(job: str, ctx, config: PluginConfig):
    saved = load_settings(config, job)
    if job == "suggest-trims":
        return TrimsTask(ctx, config, TrimChoices.from_saved(saved))
    trims = saved.get("trims") if isinstance(saved.get("trims"), dict) else {}
    return SelectsTask(
        ctx, config, SelectsChoices.from_saved(saved), TrimChoices.from_saved(trims), saved_scripts(saved)
    )


def _ui(resolve, script_globals: dict, found: Edition):
    """Fusion and bmd when a dialog can be shown, else None (the free edition has no script UI from 19.1)."""
    if os.environ.get(NO_UI_ENV) or not found.has_script_ui:
        return None
    fusion = resolve.Fusion() if has_api(resolve, "Fusion") else None
    bmd = script_globals.get("bmd")
    if fusion is None or bmd is None or getattr(fusion, "UIManager", None) is None:
        return None
    return fusion, bmd


def _log_internal(config: PluginConfig, exc: BaseException) -> str:
    path = os.path.join(config.data, "plugin-errors.log")
    try:
        os.makedirs(config.data, exist_ok=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)) + "\n")
    except OSError:
        return ""
    return path


def main(job: str, script_globals: dict | None = None, script_dir: str | None = None, out=print) -> int:
    """Run one job; returns the exit status (0 done, as the command line's codes otherwise)."""
    script_globals = script_globals or {}
    config = load_config(find_config(script_dir))
    try:
        if job not in JOBS:
            raise errors.InputError(f"unknown job {job!r}")
        resolve = find_resolve(script_globals)
        ctx = context(resolve)
        task = _task(job, ctx, config)
        link = EngineLink(config)
        ui = _ui(resolve, script_globals, ctx.edition)
        if ui is None:
            if not ctx.edition.has_script_ui:
                out(
                    f"{ctx.edition.product} {ctx.edition.version_text} shows no script dialogs: running with the "
                    "last settings"
                )
            return run_console(task, link, out)
        from workprint.plugin.resolve.dialog import run_dialog

        return run_dialog(ui[0], ui[1], task, link)
    except errors.WorkprintError as exc:
        out(f"Workprint: {exc}")
        return exc.exit_code
    except Exception as exc:
        where = _log_internal(config, exc)
        out(f"Workprint: internal error: {type(exc).__name__}: {exc}" + (f" (details in {where})" if where else ""))
        return 70
