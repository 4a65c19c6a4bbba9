"""The first stages every job shares: find each clip's media, then analyse each file once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.core import Engine
from workprint.engine.errors import JobCancelled, MediaError
from workprint.engine.jobs import collector
from workprint.engine.jobs.events import JobContext
from workprint.engine.timeline.media import Resolved, Unresolved, resolve_media
from workprint.engine.timeline.places import ClipPlace
from workprint.engine.timeline.stage import MediaStage

__all__ = ["MediaStage", "analyze_all", "analyze_one", "fan_out", "resolve_all"]


def resolve_all(places: Iterable[ClipPlace], base_dir: Path | None, ctx: JobContext) -> MediaStage:
    places = list(places)
    stage = MediaStage()
    seen: Resolved = {}
    for done, place in enumerate(places):
        ctx.progress("resolve-media", done, len(places), place.name)
        outcome, note = resolve_media(place.clip, base_dir, seen)
        if isinstance(outcome, Unresolved):
            ctx.warn(
                outcome.code,
                f"{place.name} ({place.location}): {outcome.message}; left as it is",
                clip_name=place.name,
                clip_location=place.location,
                media_path=outcome.path,
            )
            continue
        if note:
            ctx.warn(
                "media-alternate",
                f"{place.name} ({place.location}): {note}",
                clip_name=place.name,
                clip_location=place.location,
                media_path=str(outcome.path),
            )
        stage.sources[id(place.clip)] = outcome
    ctx.progress("resolve-media", len(places), len(places), f"{len(stage.sources)} of {len(places)} clips have media")
    return stage


def analyze_all(engine: Engine, stage: MediaStage, ctx: JobContext) -> None:
    """Analyse each distinct file once; a file that fails is warned about and skipped.

    The files the cache holds whole are read first, with the cycle collector held off (collector.py): a
    reel of thousands of cached takes makes as many small objects as its timeline does, none in cycles,
    and the collector would walk them all as they grow (an eighth of the reading). The rest are analysed
    after, with it running."""
    paths = sorted({source.path for source in stage.sources.values()})
    left_out, _ = fan_out(engine, paths, ctx)
    to_analyse = []
    done = 0
    with collector.held_off():
        for path in paths:
            if path in left_out:
                continue
            ctx.progress("analyze", done, len(paths), path.name)
            try:
                found = engine.reader.from_cache(path, warn=_warner(ctx, path))
            except MediaError as exc:
                ctx.warn("media-unreadable", str(exc), media_path=str(path))
                done += 1
                continue
            if found is None:
                to_analyse.append(path)
            else:
                stage.analyses[path] = found
                done += 1
    for path in to_analyse:
        ctx.progress("analyze", done, len(paths), path.name)
        done += 1
        try:
            stage.analyses[path] = analyze_one(engine, path, ctx)
        except JobCancelled:
            raise
        except MediaError as exc:
            ctx.warn("media-unreadable", str(exc), media_path=str(path))
    ctx.progress("analyze", len(paths), len(paths), "analysis done")


def fan_out(engine: Engine, paths: list[Path], ctx: JobContext) -> tuple[set[Path], set[Path]]:
    """With a cluster set, analyse there every file the cache lacks first (the job then reads them from the
    cache, as it reads any analysed file). The files the cluster could not analyse (already warned about),
    and those it analysed."""
    cluster = engine.cluster
    if cluster is None:
        return set(), set()
    outcome = cluster.analyze(paths, engine.reader, ctx, cancelled=lambda: ctx.cancelled)
    failed = {path for path in paths if path.resolve() in outcome.failed}
    return failed, {path for path in paths if path.resolve() in outcome.analysed}


def analyze_one(engine: Engine, path: Path, ctx: JobContext) -> MediaAnalysis:
    def on_progress(done: int, total: int, message: str) -> None:
        ctx.progress("analyze-file", done, total, f"{path.name}: {message}" if message else path.name)

    return engine.analyze(path, progress=on_progress, cancelled=lambda: ctx.cancelled, warn=_warner(ctx, path))


def _warner(ctx: JobContext, path: Path) -> Callable[[str], None]:
    def on_warning(message: str) -> None:
        ctx.warn("media-damaged", message, media_path=str(path))

    return on_warning
