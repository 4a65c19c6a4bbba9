"""Soft focus: sharpness (variance of the Laplacian) per frame, judged against its own shot.

A take is soft when it is less sharp than the other takes; a stretch of a
shot is soft when it is far less sharp than the rest of that shot.
"""

from __future__ import annotations

import numpy as np

from workprint.engine.analysis.detector import Detector, event, register, runs

#: A frame under this share of its shot's sharp frames is soft.
SOFT_SHARE = 0.45
MIN_SOFT_S = 0.4
#: Luma levels from black to white as coded (16..235).
VIDEO_RANGE = 219


@register
class Blur(Detector):
    name = "blur"
    version = 3
    reads = "picture"
    after = ("shots", "exposure")

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

    def finish(self, earlier):
        sharpness = np.concatenate(self.values) if self.values else np.zeros(0)
        times = np.asarray(earlier["exposure"]["frame_times"])
        luma = np.asarray(earlier["exposure"]["luma"])
        soft = np.zeros(len(sharpness), dtype=bool)
        for start, end in earlier["shots"]["shots"]:
            inside = (times >= start) & (times < end) & (luma > 0.08)  # black frames have no focus to judge
            if inside.sum() < 3:
                continue
            reference = np.quantile(sharpness[inside], 0.9)
            soft |= inside & (sharpness < SOFT_SHARE * reference)
        min_frames = max(1, round(MIN_SOFT_S / self.info.frame_s))
        spans = runs(soft, times, self.info.frame_s, min_frames=min_frames)
        return {"sharpness": np.round(sharpness, 6).tolist(),
                "events": [event("soft", a, b, 0.75) for a, b in spans]}
