"""SuggestTrims: tighten every clip of a timeline from what its footage says."""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio

from workprint.engine.analysis.kept import KeptValues
from workprint.engine.core import Engine
from workprint.engine.jobs import collector
from workprint.engine.jobs.events import JobContext, Result, WarningLog
from workprint.engine.jobs.media_stage import analyze_all, resolve_all
from workprint.engine.report import PreviewShelf, trims_report
from workprint.engine.settings import TrimSettings
from workprint.engine.timeline import otio_json
from workprint.engine.timeline.otio_tree import TimelineTree
from workprint.engine.timeline.places import ClipPlace, iter_clip_places
from workprint.engine.timeline.stage import MediaStage
from workprint.engine.trims.readings import KeptReadings
from workprint.engine.trims.timeline import TrimOutcome, trim_timeline


def suggest_trims(
    engine: Engine,
    timeline_json: str,
    settings: TrimSettings,
    base_dir: Path | None,
    ctx: JobContext,
    report: bool = False,
) -> Result:
    log = WarningLog(ctx) if report else None
    ctx = log or ctx
    timeline = otio_json.parse_timeline(timeline_json, source="the timeline")
    places = list(iter_clip_places(timeline.tracks))
    stage = resolve_all(places, base_dir, ctx)
    analyze_all(engine, stage, ctx)
    # What follows makes the job's many small objects; the analysis before it makes few (collector.py). They
    # are let go as `_edited` returns, before the collector runs again: it would walk every one of them once.
    with collector.held_off():
        return _edited(engine, timeline_json, timeline, places, stage, settings, ctx, log)


def _edited(
    engine: Engine,
    timeline_json: str,
    timeline: otio.schema.Timeline,
    places: list[ClipPlace],
    stage: MediaStage,
    settings: TrimSettings,
    ctx: JobContext,
    log: WarningLog | None,
) -> Result:
    """The trims decided and written into the document; the review report when `log` gathers its warnings."""
    tree = TimelineTree.read(timeline_json)
    readings = KeptReadings(KeptValues(engine.reader.cache))
    outcome = trim_timeline(timeline, tree, places, stage.media_of, settings, ctx, readings)
    summary = summarize(outcome, len(places), settings)
    html = ""
    if log is not None:
        ctx.progress("report", 0, 1)
        html = trims_report(PreviewShelf(engine.reader.cache), timeline, places, stage, outcome, settings, log.warnings)
        ctx.progress("report", 1, 1)
    if not outcome.suggestions:
        # Nothing to suggest: hand back the editor's own document, byte for byte.
        return Result(timeline_json, [], summary, report_html=html)
    # The editor's own document with the changes written into it: what the job did not change keeps its
    # values and its schema versions (a clip's pieces are copies of it, in its version).
    return Result(tree.text(), outcome.suggestions, summary, report_html=html)


def summarize(outcome: TrimOutcome, clips: int, settings: TrimSettings) -> str:
    verb = "would change" if settings.review_only else "changed"
    lines = [
        f"{outcome.clips_changed} of {clips} clips {verb}, {len(outcome.suggestions)} suggestions"
        + (" (review only: markers added, no edit changed)" if settings.review_only else "")
    ]
    total = sum(outcome.removed_s.values())
    if total:
        parts = ", ".join(
            f"{kind} {seconds:.1f} s" for kind, seconds in sorted(outcome.removed_s.items(), key=lambda kv: -kv[1])
        )
        lines.append(f"time {'to remove' if settings.review_only else 'removed'}: {total:.1f} s ({parts})")
    return "\n".join(lines)
