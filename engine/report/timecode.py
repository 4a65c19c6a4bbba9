"""Media seconds as the timecode an editor reads off the source monitor: the media's own rate and start."""

from __future__ import annotations

import opentimelineio as otio

from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.trims.footage import start_timecode_frames


def media_rate(analysis: MediaAnalysis, fallback: float) -> float:
    return analysis.frame_rate or fallback


def media_timecode(analysis: MediaAnalysis, seconds: float, fallback_rate: float) -> str:
    """The source timecode of the frame showing at `seconds` (media time, from the first frame)."""
    rate = media_rate(analysis, fallback_rate)
    frame = analysis.frame_at(max(0.0, seconds)) if analysis.frame_rate else round(max(0.0, seconds) * rate)
    start = start_timecode_frames(analysis, rate) or 0
    drop = bool(analysis.start_timecode and ";" in analysis.start_timecode)
    return to_timecode(start + frame, rate, drop)


def to_timecode(frames: float, rate: float, drop: bool = False) -> str:
    try:
        return otio.opentime.to_timecode(otio.opentime.RationalTime(frames, rate), rate, drop)
    except (ValueError, TypeError):
        return otio.opentime.to_timecode(otio.opentime.RationalTime(frames, rate), rate)


def rate_text(analysis: MediaAnalysis, clip_rate: float) -> str:
    if analysis.frame_rate:
        return f"{analysis.frame_rate:.3f}".rstrip("0").rstrip(".") + " fps"
    return f"sound only ({clip_rate:g} fps timeline)"


def frames_of(seconds: float, rate: float) -> int:
    return round(seconds * rate)


def duration_text(seconds: float) -> str:
    """3.2 s, 1 min 04 s, 1 h 02 min: how long, for a person."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
