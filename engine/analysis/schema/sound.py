"""Sound signals: parameters and result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from workprint.engine.analysis.schema.base import DetectorKind, EventsResult, Params


@dataclass(frozen=True)
class SoundParams(Params):
    #: Samples at or past this magnitude (0..1 full scale) are clipped (resampling rounds flat tops a little).
    clip_at: float = 0.97
    #: A 10 ms window with at least this share (0..1) of clipped samples is clipped.
    clipped_share: float = 0.05
    #: Clipped windows this close (seconds) are one stretch; shorter stretches (seconds) are not reported.
    clipping_join_s: float = 0.3
    clipping_min_s: float = 0.02
    #: Confidence (0..1) of each clipping event.
    clipping_confidence: float = 0.9
    #: A clap: this much louder (dB) than the room just before it...
    clap_rise_db: float = 24.0
    #: ...at least this loud (dBFS RMS)...
    clap_min_db: float = -24.0
    #: ...and at least this much quieter (dB) 50 to 150 ms later (speech that starts as sharply goes on sounding).
    clap_decay_db: float = 15.0
    #: A clap decaying by this much (dB) is sure (confidence clap_confidence), else clap_unsure_confidence (0..1).
    clap_sure_decay_db: float = 25.0
    clap_confidence: float = 0.9
    clap_unsure_confidence: float = 0.75
    #: Claps closer than this (seconds) to the one before are the same clap.
    clap_gap_s: float = 0.3
    #: Loudness is measured over the windows louder than this (dBFS RMS): the room, not digital silence.
    heard_above_db: float = -70.0


@dataclass(frozen=True)
class SoundResult(EventsResult):
    """Events of kind "clipping" and "clap", a level track, peak and loudness, and a waveform envelope."""

    #: Values per second of the level track, and of the envelope; the floor the envelope is clipped at (dBFS).
    level_hz: ClassVar[int] = 10
    envelope_hz: ClassVar[int] = 25
    envelope_floor_db: ClassVar[int] = -60

    #: RMS level (dBFS) of every 100 ms.
    level_db_10hz: list[float] = field(default_factory=list)
    #: Peak (whole dBFS, floored at envelope_floor_db) of every 40 ms: what a report draws.
    peak_db_25hz: list[int] = field(default_factory=list)
    #: The highest sample (dBFS) and the loudness (dBFS RMS over the heard windows); None without sound.
    peak_db: float | None = None
    loudness_db: float | None = None


#: The detector in `detectors/sound.py`: bump the version when its code changes what it finds.
SOUND = DetectorKind("sound", version=3, reads="sound", params_type=SoundParams, result_type=SoundResult)
