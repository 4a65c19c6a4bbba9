"""Black frames: dark all over, not just a dark scene with a lamp in it."""

from __future__ import annotations

import numpy as np

from workprint.engine.analysis.detector import Detector, event, register, runs
from workprint.engine.analysis.schema.black import BLACK, BlackParams, BlackResult


@register
class Black(Detector):
    kind = BLACK
    params: BlackParams

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.flags: list[np.ndarray] = []
        self.times: list[np.ndarray] = []

    def feed(self, chunk) -> None:
        if not len(chunk.frame_times):
            return
        p = self.params
        grey = chunk.grey(self.device).flatten(1)
        bright = grey.quantile(p.bright_quantile, dim=1)
        self.flags.append(((grey.mean(dim=1) < p.mean_below) & (bright < p.bright_below)).cpu().numpy())
        self.times.append(chunk.frame_times)

    def finish(self, earlier) -> BlackResult:
        if not self.flags:
            return BlackResult()
        spans = runs(np.concatenate(self.flags), np.concatenate(self.times), self.info.frame_s)
        return BlackResult(events=[event("black", a, b, self.params.confidence) for a, b in spans])
