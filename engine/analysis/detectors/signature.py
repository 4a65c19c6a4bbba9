"""A take's look: a small blurred colour picture averaged over the take.

Takes of one setup share framing and light, so their signatures are close;
the layout of the frame is kept, so two framings of one actor are not.
"""

from __future__ import annotations

import numpy as np
import torch

from workprint.engine.analysis.detector import Detector, register
from workprint.engine.analysis.schema.signature import SIGNATURE, SignatureParams, SignatureResult


@register
class Signature(Detector):
    kind = SIGNATURE
    params: SignatureParams

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.total: torch.Tensor | None = None
        self.count = 0

    def feed(self, chunk) -> None:
        if not len(chunk.frame_times):
            return
        pictures = chunk.pictures(self.device)
        # Black frames (slate-less heads, run-out) say nothing of the framing.
        lit = pictures.mean(dim=(1, 2, 3)) > self.params.lit_above
        if not bool(lit.any()):
            return
        width, height = self.params.size
        small = torch.nn.functional.adaptive_avg_pool2d(pictures[lit], (height, width)).sum(dim=0)
        self.total = small if self.total is None else self.total + small
        self.count += int(lit.sum())

    def finish(self, earlier) -> SignatureResult:
        if self.total is None:
            return SignatureResult(signature=None)
        return SignatureResult(signature=np.round((self.total / self.count).cpu().numpy().reshape(-1), 4).tolist())
