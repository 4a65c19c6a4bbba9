"""Black frames: dark all over, not just a dark scene with a lamp in it."""

from __future__ import annotations

import numpy as np

from workprint.engine.analysis.detector import Detector, event, register, runs

#: Mean and bright-end luma under which a frame is black (0..1).
MEAN_BELOW = 0.06
BRIGHT_BELOW = 0.12


@register
class Black(Detector):
    name = "black"
    version = 2
    reads = "picture"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.flags: list[np.ndarray] = []
        self.times: list[np.ndarray] = []

    def feed(self, chunk) -> None:
        if not len(chunk.frame_times):
            return
        grey = chunk.grey(self.device).flatten(1)
        bright = grey.quantile(0.98, dim=1)
        self.flags.append(((grey.mean(dim=1) < MEAN_BELOW) & (bright < BRIGHT_BELOW)).cpu().numpy())
        self.times.append(chunk.frame_times)

    def finish(self, earlier):
        if not self.flags:
            return {"events": []}
        spans = runs(np.concatenate(self.flags), np.concatenate(self.times), self.info.frame_s)
        return {"events": [event("black", a, b, 0.95) for a, b in spans]}
