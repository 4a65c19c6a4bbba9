"""Picture level per frame: exposure, and what black and flash frames are read from."""

from __future__ import annotations

import numpy as np

from workprint.engine.analysis.detector import Detector, register
from workprint.engine.analysis.schema.exposure import EXPOSURE, ExposureResult


@register
class Exposure(Detector):
    kind = EXPOSURE

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.times: list[np.ndarray] = []
        self.luma: list[np.ndarray] = []

    def feed(self, chunk) -> None:
        if not len(chunk.frame_times):
            return
        self.times.append(chunk.frame_times)
        self.luma.append(chunk.grey(self.device).mean(dim=(1, 2)).cpu().numpy())

    def finish(self, earlier) -> ExposureResult:
        times = np.concatenate(self.times) if self.times else np.zeros(0)
        luma = np.concatenate(self.luma) if self.luma else np.zeros(0)
        return ExposureResult(frame_times=np.round(times, 5).tolist(), luma=np.round(luma, 4).tolist())
