"""One media file's analysis: what it holds, in seconds and in its own frames."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import opentimelineio as otio

if TYPE_CHECKING:
    from workprint.engine.analysis.schema.base import DetectorResult

    R = TypeVar("R", bound=DetectorResult)

SCHEMA = "workprint.analysis/1"


@dataclass(frozen=True)
class Event:
    kind: str
    start_s: float
    end_s: float
    confidence: float


@dataclass(frozen=True)
class MediaAnalysis:
    path: str
    duration_s: float
    #: Exact picture rate as "num/den" (e.g. "24000/1001"), or None for sound only.
    frame_rate_exact: str | None
    start_timecode: str | None
    has_video: bool
    has_audio: bool
    speech: list[tuple[float, float]]
    shots: list[tuple[float, float]]
    events: list[Event]
    #: Per-frame series (picture) and a 10 Hz level track (sound); compact, for decisions.
    series: dict = field(default_factory=dict, repr=False)
    loudness_db: float | None = None
    peak_db: float | None = None
    warnings: list[str] = field(default_factory=list)
    from_cache: bool = False
    #: Every word heard, {"text", "start_s", "end_s", "confidence"}, in order (empty when words are off).
    words: list[dict] = field(default_factory=list)
    #: The transcript of each piece of speech, {"start_s", "end_s", "text"}.
    transcript: list[dict] = field(default_factory=list)
    #: The recognition model that heard the words, or None when words were off for this analysis.
    words_model: str | None = None
    #: Where speech is likely: `speech` widened over the soft ends of words and one speaker's short pauses
    #: (and words heard outside it). `speech` has the edges; nothing in these spans is to be cut as silence.
    speech_likely: list[tuple[float, float]] = field(default_factory=list)
    #: Each detector's own typed result, by result type (large ones a report reads are left out).
    #: Not part of the JSON form: an analysis read back from JSON has none.
    results: dict = field(default_factory=dict, repr=False, compare=False)
    #: The file's identity in the analysis cache (`cache.media_identity`), where what is derived from its
    #: analysis can be kept too; None for an analysis read from JSON.
    identity: str | None = field(default=None, compare=False)

    def result(self, kind: type[R]) -> R | None:
        """One detector's typed result (e.g. `analysis.result(SpeechResult)`), or None when not held."""
        return self.results.get(kind)

    @property
    def frame_rate(self) -> float | None:
        return _rate(self.frame_rate_exact) if self.frame_rate_exact else None

    def frame_at(self, seconds: float) -> int:
        """The source frame (at the media's own rate) that shows at `seconds`.

        Exactly: the time as the nearest fraction with a denominator of at most a million (so a frame's
        own time, written as a float, counts as that frame), times the exact rate, plus a millionth of a
        frame. That fraction is within half a millionth of a second of `seconds`, so where the same sum in
        floats lies further than that (times the rate, with room for the floats' own rounding) from a
        whole frame, it has the same whole part: the fractions are worked only near a frame's edge (a
        report asks for the timecodes of thousands of times)."""
        exact = _exact_rate(self.frame_rate_exact or "25")
        rate = _rate(self.frame_rate_exact or "25")
        estimate = seconds * rate + 1e-6
        if abs(estimate - round(estimate)) > 1e-6 * rate + 1e-15 * abs(estimate) + 1e-9:
            return int(estimate)
        return int(Fraction(seconds).limit_denominator(10**6) * exact + Fraction(1, 10**6))

    def available_range(self) -> otio.opentime.TimeRange:
        rate = self.frame_rate or 25.0
        start = 0.0
        if self.start_timecode:
            try:
                start = otio.opentime.from_timecode(self.start_timecode.replace(";", ":"), rate).value
            except ValueError:
                start = 0.0
        frames = round(self.duration_s * rate)
        return otio.opentime.TimeRange(
            otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(frames, rate)
        )

    def with_cache_flag(self, from_cache: bool) -> MediaAnalysis:
        return replace(self, from_cache=from_cache)

    # Questions decisions ask over a span of media time.

    def _frames_between(self, start: float, end: float) -> slice:
        times = self.series.get("frame_times") or []
        return slice(bisect.bisect_left(times, start), bisect.bisect_left(times, end))

    def level_db(self, start: float, end: float) -> float | None:
        level = self.series.get("level_db_10hz") or []
        a, b = int(start * 10), max(int(start * 10) + 1, int(np.ceil(end * 10)))
        values = level[a:b]
        if not values:
            return None
        return float(10 * np.log10(np.mean(10 ** (np.asarray(values) / 10))))

    def mean_sharpness(self, start: float, end: float) -> float | None:
        values = (self.series.get("sharpness") or [])[self._frames_between(start, end)]
        return float(np.median(values)) if values else None

    def mean_luma(self, start: float, end: float) -> float | None:
        values = (self.series.get("luma") or [])[self._frames_between(start, end)]
        return float(np.mean(values)) if values else None

    def signature(self) -> list[float] | None:
        return self.series.get("signature")

    def to_json_dict(self, series: bool = False) -> dict:
        out = {
            "schema": SCHEMA,
            "path": self.path,
            "duration_s": round(self.duration_s, 4),
            "frame_rate": round(self.frame_rate, 4) if self.frame_rate else None,
            "frame_rate_exact": self.frame_rate_exact,
            "start_timecode": self.start_timecode,
            "has_video": self.has_video,
            "has_audio": self.has_audio,
            "speech": [list(s) for s in self.speech],
            "speech_likely": [list(s) for s in self.speech_likely],
            "shots": [list(s) for s in self.shots],
            "events": [vars(e) for e in self.events],
            "loudness_db": self.loudness_db,
            "peak_db": self.peak_db,
            "warnings": self.warnings,
            "from_cache": self.from_cache,
            "words": self.words,
            "transcript": self.transcript,
            "words_model": self.words_model,
        }
        if series:
            out["series"] = self.series
        return out

    @classmethod
    def from_json_dict(cls, data: dict) -> MediaAnalysis:
        return cls(
            path=data["path"],
            duration_s=data["duration_s"],
            frame_rate_exact=data.get("frame_rate_exact"),
            start_timecode=data.get("start_timecode"),
            has_video=data.get("has_video", True),
            has_audio=data.get("has_audio", True),
            speech=[tuple(s) for s in data["speech"]],
            shots=[tuple(s) for s in data["shots"]],
            events=[Event(**e) for e in data["events"]],
            series=data.get("series", {}),
            loudness_db=data.get("loudness_db"),
            peak_db=data.get("peak_db"),
            warnings=data.get("warnings", []),
            from_cache=data.get("from_cache", False),
            words=data.get("words", []),
            transcript=data.get("transcript", []),
            words_model=data.get("words_model"),
            speech_likely=[tuple(s) for s in data.get("speech_likely", data["speech"])],
        )


@lru_cache(maxsize=256)
def _exact_rate(exact: str) -> Fraction:
    return Fraction(exact)


@lru_cache(maxsize=256)
def _rate(exact: str) -> float:
    """A rate such as 24000/1001 as a float, parsed once per spelling (asked for per clip of a long cut)."""
    return float(Fraction(exact))
