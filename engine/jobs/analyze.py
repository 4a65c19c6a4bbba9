"""Analyze: fill the cache ahead of time and report what each file holds."""

from __future__ import annotations

from pathlib import Path

from workprint.engine.core import Engine
from workprint.engine.errors import JobCancelled, MediaError
from workprint.engine.jobs.events import AnalysisReport, JobContext, Result
from workprint.engine.jobs.media_stage import analyze_one, fan_out


def analyze(engine: Engine, media_paths: list[str], ctx: JobContext) -> Result:
    readable = 0
    left_out, on_cluster = fan_out(engine, [Path(name) for name in media_paths], ctx)
    for done, name in enumerate(media_paths):
        ctx.progress("analyze", done, len(media_paths), Path(name).name)
        if Path(name) in left_out:
            continue
        try:
            analysis = analyze_one(engine, Path(name), ctx)
        except JobCancelled:
            raise
        except MediaError as exc:
            ctx.warn("media-unreadable", str(exc), media_path=name)
            continue
        readable += 1
        # Read back from the cache here, but analysed for this job (on the cluster) all the same.
        analysis = analysis.with_cache_flag(analysis.from_cache and Path(name) not in on_cluster)
        ctx.report(AnalysisReport(name, analysis.to_json_dict(), analysis.from_cache))
    ctx.progress("analyze", len(media_paths), len(media_paths), "done")
    return Result("", [], f"{readable} of {len(media_paths)} files analysed")
