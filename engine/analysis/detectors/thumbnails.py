"""Thumbnails: a small JPEG picture every so often, kept from the one decode pass.

The review report draws its filmstrips from these, so it never decodes media
again. A file keeps at most MAX_FRAMES pictures whatever its length: the
spacing starts at INTERVAL_S and doubles whenever that many have been kept,
so the cache entry stays small (about 1.5 KB a picture).
"""

from __future__ import annotations

import base64

import torch
from torchvision.io import encode_jpeg

from workprint.engine.analysis.decode import ANALYSIS_SIZE
from workprint.engine.analysis.detector import Detector, register

INTERVAL_S = 0.5
MAX_FRAMES = 600
QUALITY = 70


@register
class Thumbnails(Detector):
    name = "thumbnails"
    version = 1
    reads = "picture"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        duration = self.info.duration_s or 0.0
        # Known length: space them out from the start; unknown: thin out as they come.
        self.interval = max(INTERVAL_S, duration / MAX_FRAMES)
        self.times: list[float] = []
        self.jpegs: list[str] = []

    def _slot(self, t: float) -> int:
        return int(t / self.interval + 1e-6)

    def feed(self, chunk) -> None:
        picks: list[int] = []
        taken = {self._slot(t) for t in self.times[-1:]}
        for index, t in enumerate(chunk.frame_times):
            slot = self._slot(float(t))
            if slot not in taken:
                taken.add(slot)
                picks.append(index)
        if not picks:
            return
        pictures = chunk.pictures(self.device)[picks]
        small = pictures.mul(255).round_().to(torch.uint8).cpu()
        for index, encoded in zip(picks, encode_jpeg(list(small), quality=QUALITY), strict=True):
            self.times.append(round(float(chunk.frame_times[index]), 4))
            self.jpegs.append(base64.b64encode(encoded.numpy().tobytes()).decode("ascii"))
        while len(self.times) > MAX_FRAMES:
            self._thin()

    def _thin(self) -> None:
        """Twice the spacing: keep the first picture of each wider slot."""
        self.interval *= 2
        kept_times, kept_jpegs, seen = [], [], set()
        for t, jpeg in zip(self.times, self.jpegs, strict=True):
            slot = self._slot(t)
            if slot not in seen:
                seen.add(slot)
                kept_times.append(t)
                kept_jpegs.append(jpeg)
        self.times, self.jpegs = kept_times, kept_jpegs

    def finish(self, earlier):
        return {"interval_s": round(self.interval, 6), "size": list(ANALYSIS_SIZE), "times": self.times,
                "jpeg": self.jpegs}
