"""A take's look: a small blurred colour picture averaged over the take.

Takes of one setup share framing and light, so their signatures are close;
the layout of the frame is kept, so two framings of one actor are not.
"""

from __future__ import annotations

import numpy as np
import torch

from workprint.engine.analysis.detector import Detector, register

SIZE = (16, 9)


@register
class Signature(Detector):
    name = "signature"
    version = 2
    reads = "picture"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.total = None
        self.count = 0

    def feed(self, chunk) -> None:
        if not len(chunk.frame_times):
            return
        pictures = chunk.pictures(self.device)
        # Black frames (slate-less heads, run-out) say nothing of the framing.
        lit = pictures.mean(dim=(1, 2, 3)) > 0.06
        if not bool(lit.any()):
            return
        small = torch.nn.functional.adaptive_avg_pool2d(pictures[lit], (SIZE[1], SIZE[0])).sum(dim=0)
        self.total = small if self.total is None else self.total + small
        self.count += int(lit.sum())

    def finish(self, earlier):
        if self.total is None:
            return {"signature": None}
        return {"signature": np.round((self.total / self.count).cpu().numpy().reshape(-1), 4).tolist()}
