"""Soft focus: sharpness (variance of the Laplacian) per frame, judged against its own shot.

A take is soft when it is less sharp than the other takes; a stretch of a
shot is soft when it is far less sharp than the rest of that shot.
"""

from __future__ import annotations

import numpy as np

from workprint.engine.analysis.detector import Detector, event, register, runs
from workprint.engine.analysis.schema.blur import BLUR, BlurParams, BlurResult
from workprint.engine.analysis.schema.exposure import ExposureResult
from workprint.engine.analysis.schema.shots import ShotsResult

#: Luma levels from black to white as coded (16..235).
VIDEO_RANGE = 219


@register
class Blur(Detector):
    kind = BLUR
    params: BlurParams

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.values: list[np.ndarray] = []

    def feed(self, chunk) -> None:
        if not len(chunk.frame_times):
            return
        luma = chunk.detail_luma(self.device)
        # The 4-neighbour Laplacian as shifted sums, in place: several times faster than a 1-channel
        # conv2d on the CPU. On luma as coded: the variance is rescaled to 0..1 grey afterwards.
        response = luma[:, :-2, 1:-1] + luma[:, 2:, 1:-1]
        response += luma[:, 1:-1, :-2]
        response += luma[:, 1:-1, 2:]
        response.add_(luma[:, 1:-1, 1:-1], alpha=-4)
        self.values.append((response.flatten(1).var(dim=1) / VIDEO_RANGE**2).cpu().numpy())

    def finish(self, earlier) -> BlurResult:
        p = self.params
        exposure: ExposureResult = earlier["exposure"]
        shots: ShotsResult = earlier["shots"]
        sharpness = np.concatenate(self.values) if self.values else np.zeros(0)
        times = np.asarray(exposure.frame_times)
        luma = np.asarray(exposure.luma)
        soft = np.zeros(len(sharpness), dtype=bool)
        for start, end in shots.shots:
            # Black frames have no focus to judge.
            inside = (times >= start) & (times < end) & (luma > p.judged_above_luma)
            if inside.sum() < p.min_shot_frames:
                continue
            reference = np.quantile(sharpness[inside], p.reference_quantile)
            soft |= inside & (sharpness < p.soft_share * reference)
        min_frames = max(1, round(p.min_soft_s / self.info.frame_s))
        spans = runs(soft, times, self.info.frame_s, min_frames=min_frames)
        return BlurResult(
            sharpness=np.round(sharpness, 6).tolist(), events=[event("soft", a, b, p.confidence) for a, b in spans]
        )
