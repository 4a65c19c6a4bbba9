"""Motion per frame, and unsteady stretches: camera settling after "Action!", bumps."""

from __future__ import annotations

import numpy as np
import torch

from workprint.engine.analysis.detector import Detector, event, register, runs
from workprint.engine.analysis.schema.exposure import ExposureResult
from workprint.engine.analysis.schema.motion import MOTION, MotionParams, MotionResult
from workprint.engine.analysis.schema.shots import ShotsResult


@register
class Motion(Detector):
    kind = MOTION
    params: MotionParams

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.previous = None
        self.values: list[np.ndarray] = []

    def feed(self, chunk) -> None:
        if not len(chunk.frame_times):
            return
        grey = chunk.grey(self.device)
        # The first frame of the file has nothing before it: it compares with itself.
        before = grey[:1] if self.previous is None else self.previous
        stacked = torch.cat([before, grey])
        self.values.append((stacked[1:] - stacked[:-1]).abs().mean(dim=(1, 2)).cpu().numpy())
        self.previous = grey[-1:].clone()

    def finish(self, earlier) -> MotionResult:
        p = self.params
        exposure: ExposureResult = earlier["exposure"]
        shots: ShotsResult = earlier["shots"]
        motion = np.concatenate(self.values) if self.values else np.zeros(0)
        times = np.asarray(exposure.frame_times)
        cuts = set()
        for cut in shots.cuts:
            near = np.abs(times - cut) < p.cut_reach_frames * self.info.frame_s
            cuts.update(np.flatnonzero(near).tolist())
        moving = motion > max(p.unsteady_above, p.median_factor * float(np.median(motion)) if len(motion) else 0)
        moving[list(cuts)] = False  # a cut is a change of picture, not a moving camera
        spans = runs(moving, times, self.info.frame_s, min_frames=p.min_frames)
        return MotionResult(
            motion=np.round(motion, 5).tolist(), events=[event("unsteady", a, b, p.confidence) for a, b in spans]
        )
