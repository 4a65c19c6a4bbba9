"""Motion per frame, and unsteady stretches: camera settling after "Action!", bumps."""

from __future__ import annotations

import numpy as np
import torch

from workprint.engine.analysis.detector import Detector, event, register, runs

#: Mean absolute change (0..1) between frames above which the picture is moving hard.
UNSTEADY_ABOVE = 0.02
MIN_FRAMES = 4


@register
class Motion(Detector):
    name = "motion"
    version = 2
    reads = "picture"
    after = ("shots", "exposure")

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

    def finish(self, earlier):
        motion = np.concatenate(self.values) if self.values else np.zeros(0)
        times = np.asarray(earlier["exposure"]["frame_times"])
        cuts = set()
        for cut in earlier["shots"]["cuts"]:
            near = np.abs(times - cut) < 1.5 * self.info.frame_s
            cuts.update(np.flatnonzero(near).tolist())
        moving = motion > max(UNSTEADY_ABOVE, 3 * float(np.median(motion)) if len(motion) else 0)
        moving[list(cuts)] = False  # a cut is a change of picture, not a moving camera
        spans = runs(moving, times, self.info.frame_s, min_frames=MIN_FRAMES)
        return {"motion": np.round(motion, 5).tolist(), "events": [event("unsteady", a, b, 0.7) for a, b in spans]}
