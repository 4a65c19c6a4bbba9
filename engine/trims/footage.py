"""What trims need from a media file's analysis, in media seconds."""

from __future__ import annotations

import opentimelineio as otio

from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.domain.spans import Span
from workprint.engine.domain.words.tokens import Spoken
from workprint.engine.timeline.media import media_time_offset
from workprint.engine.trims.plan import Footage
from workprint.engine.trims.readings import KeptReadings

__all__ = ["Footage", "Footages", "footage_from", "heard_words", "media_offset_s", "start_timecode_frames"]


class Footages:
    """What the decisions read of each file's analysis, made once per file and job: a long cut or a bin
    uses each file many times, and a Footage remembers its readings (its words split, its indexes).
    With `readings`, each file's reading of its words is kept between jobs."""

    def __init__(self, readings: KeptReadings | None = None) -> None:
        self._made: dict[str, Footage] = {}
        self._readings = readings

    def of(self, key: str, analysis: MediaAnalysis) -> Footage:
        """The Footage of `analysis`, the file `key` names."""
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = footage_from(analysis, self._readings)
        return made


def footage_from(analysis: MediaAnalysis, readings: KeptReadings | None = None) -> Footage:
    """Adapt a MediaAnalysis (engine/analysis) to the plain spans the decisions use; its words read where
    `readings` keeps them, when given."""
    speech = [Span(float(a), float(b)) for a, b in analysis.speech]
    events = [(e.kind, Span(float(e.start_s), float(e.end_s)), float(e.confidence)) for e in analysis.events]
    rate = float(analysis.frame_rate or 0) or 25.0

    def level_db(span: Span) -> float | None:
        return analysis.level_db(span.start, span.end)

    words = heard_words(analysis)
    start = start_timecode_frames(analysis, round(rate)) or 0

    def clock(seconds: float) -> str:
        # The media's own timecode, as an editor finds the moment in the source viewer.
        frames = otio.opentime.RationalTime(start + round(seconds * rate), rate)
        return otio.opentime.to_timecode(frames, round(rate) if abs(rate - round(rate)) > 1e-3 else rate)

    likely = tuple(Span(float(a), float(b)) for a, b in analysis.speech_likely)
    return Footage(
        speech=speech,
        events=events,
        level_db=level_db,
        frame_s=1.0 / rate,
        words=words,
        clock=clock,
        speech_likely=likely,
        has_sound=analysis.has_audio,
        read_words=readings.reader(analysis.identity) if readings is not None else None,
    )


def heard_words(analysis: MediaAnalysis) -> tuple[Spoken, ...] | None:
    """The words of the take in media seconds; None when words were not heard (no model)."""
    if analysis.words_model is None:
        return None
    return tuple(
        Spoken(str(w["text"]), float(w["start_s"]), float(w["end_s"]), float(w.get("confidence", 1.0)))
        for w in analysis.words
    )


def start_timecode_frames(analysis: MediaAnalysis, rate: float) -> int | None:
    """The media's start timecode as a frame count at rate, when it has one."""
    text = analysis.start_timecode
    if not text:
        return None
    try:
        return int(otio.opentime.from_timecode(text.replace(";", ":"), rate).value)
    except (ValueError, TypeError):
        return None


def media_offset_s(clip: otio.schema.Clip, analysis: MediaAnalysis) -> float:
    """Media seconds at the clip's first frame (see DESIGN: media time = source - available start)."""
    offset = media_time_offset(clip)
    if offset is not None:
        return offset.to_seconds()
    # No available range: a timecode-absolute source start counts from the media's own timecode.
    start = clip.source_range.start_time
    tc_frames = start_timecode_frames(analysis, start.rate)
    if tc_frames is not None and start.value >= tc_frames:
        return (start.value - tc_frames) / start.rate
    return start.to_seconds()
