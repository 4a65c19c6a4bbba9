"""Small OTIO timelines the tests build, shaped like what hosts send."""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio

RT = otio.opentime.RationalTime
TR = otio.opentime.TimeRange


def media_clip(
    name: str,
    path: str,
    start: float,
    duration: float,
    rate: float = 24,
    available: tuple[float, float] = (0, 240),
    metadata: dict | None = None,
) -> otio.schema.Clip:
    ref = otio.schema.ExternalReference(
        target_url=path, available_range=TR(RT(available[0], rate), RT(available[1], rate))
    )
    return otio.schema.Clip(
        name=name, media_reference=ref, source_range=TR(RT(start, rate), RT(duration, rate)), metadata=metadata or {}
    )


def rich_timeline(media: Path | None = None) -> otio.schema.Timeline:
    """Transitions, markers, nested stacks, gaps, effects, generators and host metadata."""
    path = str(media) if media else "/nonexistent/A001_C001.mov"
    timeline = otio.schema.Timeline(name="Rough cut", global_start_time=RT(86400, 24))
    timeline.metadata["Resolve_OTIO"] = {"Resolve OTIO Meta Version": "1.0"}
    video = otio.schema.Track(
        name="Video 1", kind=otio.schema.TrackKind.Video, metadata={"Resolve_OTIO": {"Locked": False}}
    )
    audio = otio.schema.Track(name="Audio 1", kind=otio.schema.TrackKind.Audio)
    music = otio.schema.Track(name="Music", kind=otio.schema.TrackKind.Audio)
    timeline.tracks.extend([video, audio, music])

    first = media_clip(
        "A001_C001", path, 10, 48, metadata={"Resolve_OTIO": {"Link Group ID": 1, "Clip Color": "Orange"}}
    )
    first.markers.append(
        otio.schema.Marker(
            name="note",
            marked_range=TR(RT(20, 24), RT(1, 24)),
            color=otio.schema.MarkerColor.GREEN,
            metadata={"who": "editor"},
        )
    )
    first.effects.append(otio.schema.Effect(name="grade", effect_name="ColorCorrection", metadata={"lift": 0.1}))
    second = media_clip("A001_C002", "file:///nonexistent/A001_C002.mov", 30, 72)
    video.append(first)
    video.append(
        otio.schema.Transition(
            name="dissolve",
            transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
            in_offset=RT(6, 24),
            out_offset=RT(6, 24),
        )
    )
    video.append(second)
    video.append(otio.schema.Gap(source_range=TR(RT(0, 24), RT(24, 24))))
    nested = otio.schema.Stack(name="compound")
    inner = otio.schema.Track(name="inner", kind=otio.schema.TrackKind.Video)
    inner.append(media_clip("B002_C004", "relative/B002_C004.mov", 0, 24))
    nested.append(inner)
    video.append(nested)
    video.append(
        otio.schema.Clip(
            name="Title",
            source_range=TR(RT(0, 24), RT(24, 24)),
            media_reference=otio.schema.GeneratorReference(generator_kind="SolidColor", parameters={"color": "black"}),
        )
    )
    audio.append(media_clip("A001_C001", path, 10, 48, metadata={"Resolve_OTIO": {"Link Group ID": 1}}))
    music.append(media_clip("score", "/nonexistent/score.wav", 0, 200, rate=24, available=(0, 4800)))
    timeline.tracks.markers.append(otio.schema.Marker(name="reel break", marked_range=TR(RT(90, 24), RT(0, 24))))
    return timeline
