"""What a report shows of a media file, read back from the analysis cache: thumbnails and a waveform envelope.

Both were kept by the one decode pass (the thumbnails detector, the sound
detector's peak envelope), so a report never decodes media again. They are
read as the detectors' typed results through the analysis package, never by
cache file name. A file whose entries are missing (a cache cleared since)
simply has no pictures or waveform in the report.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from workprint.engine.analysis.cache import AnalysisCache
from workprint.engine.analysis.reading import cached_result
from workprint.engine.analysis.schema.sound import SoundResult
from workprint.engine.analysis.schema.thumbnails import ThumbnailsResult

#: The sound detector's envelope: values per second, and the floor it was clipped at.
ENVELOPE_HZ = SoundResult.envelope_hz
ENVELOPE_FLOOR_DB = SoundResult.envelope_floor_db


@dataclass
class Previews:
    path: str
    #: Media seconds of each thumbnail, and the JPEG of each (base64).
    times: list[float] = field(default_factory=list)
    jpegs: list[str] = field(default_factory=list)
    #: Peak dBFS of every 1/ENVELOPE_HZ s (an array: a report of thousands of clips reads its peaks per clip).
    envelope_db: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def has_pictures(self) -> bool:
        return bool(self.times)

    @property
    def has_waveform(self) -> bool:
        return len(self.envelope_db) > 0

    def thumbnail_near(self, seconds: float) -> int | None:
        """Index of the thumbnail taken closest to `seconds`."""
        if not self.times:
            return None
        at = bisect.bisect_left(self.times, seconds)
        candidates = [i for i in (at - 1, at) if 0 <= i < len(self.times)]
        return min(candidates, key=lambda i: abs(self.times[i] - seconds))

    def waveform(self, start: float, end: float, points: int) -> list[float]:
        """Peak heights 0..1 (on a dB scale, as an editor's timeline shows them) across [start, end)."""
        if not len(self.envelope_db) or end <= start or points <= 0:
            return []
        first = max(0, int(start * ENVELOPE_HZ))
        last = max(first + 1, min(len(self.envelope_db), int(end * ENVELOPE_HZ + 0.999)))
        values = self.envelope_db[first:last]
        if not len(values):
            return []
        # `count` buckets, the n-th from n * len // count up to the next one's start (at least one value
        # each, as count is at most len): the peak of each, on the scale from the floor to 0 dB.
        count = min(points, len(values))
        peaks = np.maximum.reduceat(values, np.arange(count) * len(values) // count)
        heights: list[float] = np.clip((peaks - ENVELOPE_FLOOR_DB) / -ENVELOPE_FLOOR_DB, 0.0, 1.0).tolist()
        return heights


def load_previews(cache: AnalysisCache, path: Path) -> Previews:
    previews = Previews(str(path))
    thumbnails = cached_result(cache, path, ThumbnailsResult)
    if thumbnails is not None and len(thumbnails.times) == len(thumbnails.jpeg):
        previews.times, previews.jpegs = list(thumbnails.times), list(thumbnails.jpeg)
    sound = cached_result(cache, path, SoundResult)
    if sound is not None:
        previews.envelope_db = np.asarray(sound.peak_db_25hz, dtype=np.int64)
    return previews


class PreviewShelf:
    """Each media file's previews, loaded once per report."""

    def __init__(self, cache: AnalysisCache) -> None:
        self.cache = cache
        self._loaded: dict[str, Previews] = {}

    def of(self, path: Path | str) -> Previews:
        key = str(path)
        if key not in self._loaded:
            self._loaded[key] = load_previews(self.cache, Path(path))
        return self._loaded[key]
