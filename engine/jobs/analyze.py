"""Analyze: fill the cache ahead of time and report what each file holds."""

from __future__ import annotations

from pathlib import Path

from workprint.engine.core import Engine
from workprint.engine.errors import JobCancelled, MediaError
from workprint.engine.jobs.events import AnalysisReport, JobContext, Result
from workprint.engine.jobs.media_stage import analyze_one


def analyze(engine: Engine, media_paths: list[str], ctx: JobContext) -> Result:
    readable = 0
    for done, name in enumerate(media_paths):
        ctx.progress("analyze", done, len(media_paths), Path(name).name)
        try:
            analysis = analyze_one(engine, Path(name), ctx)
        except JobCancelled:
            raise
        except MediaError as exc:
            ctx.warn("media-unreadable", str(exc), media_path=name)
            continue
        readable += 1
        ctx.report(AnalysisReport(name, analysis.to_json_dict(), analysis.from_cache))
    ctx.progress("analyze", len(media_paths), len(media_paths), "done")
    return Result("", [], f"{readable} of {len(media_paths)} files analysed")
