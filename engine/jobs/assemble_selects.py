"""AssembleSelects: from a bin of dailies to an assembly timeline."""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio

from workprint.engine.core import Engine
from workprint.engine.jobs.events import JobContext, Result
from workprint.engine.jobs.media_stage import analyze_all, resolve_all
from workprint.engine.settings import SelectsSettings
from workprint.engine.timeline import otio_json
from workprint.engine.timeline.places import ClipPlace


def assemble_selects(engine: Engine, bin_json: str, settings: SelectsSettings, base_dir: Path | None,
                     ctx: JobContext) -> Result:
    collection = otio_json.parse_bin(bin_json, source="the bin")
    clips = [clip for clip in collection.find_clips()]
    holder = otio.schema.Track(name="bin")
    places = [ClipPlace(clip, holder, f"bin #{n}", False) for n, clip in enumerate(clips, start=1)]
    stage = resolve_all(places, base_dir, ctx)
    analyze_all(engine, stage, ctx)
    ctx.progress("assemble", 0, len(clips))
    timeline = otio.schema.Timeline(name=f"{collection.name or 'Selects'} – {settings.mode}")
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    timeline.tracks.extend([video, audio])
    used = 0
    for clip in sorted(clips, key=lambda c: c.name or ""):
        analysis = stage.analysis_of(clip)
        if analysis is None:
            continue
        placed = _with_media_range(clip, analysis)
        if placed.source_range is None:
            continue
        if analysis.has_video:
            video.append(placed.clone())
        if analysis.has_audio:
            audio.append(placed.clone())
        used += 1
    ctx.progress("assemble", len(clips), len(clips))
    summary = f"{len(clips)} clips in the bin, {used} laid out in name order"
    return Result(otio_json.dump(timeline), [], summary)


def _with_media_range(clip: otio.schema.Clip, analysis) -> otio.schema.Clip:
    """A copy of the clip whose reference knows the media's length (a folder bin does not)."""
    placed = clip.clone()
    ref = placed.media_reference
    if getattr(ref, "available_range", None) is None:
        ref.available_range = analysis.available_range()
    if placed.source_range is None:
        placed.source_range = ref.available_range
    return placed
