"""Flash frames: one to three frames far brighter than the picture on both sides."""

from __future__ import annotations

import numpy as np

from workprint.engine.analysis.detector import Detector, event, register

#: How much brighter (0..1 luma) than both neighbours a flash is.
JUMP = 0.25
MAX_FRAMES = 3


@register
class Flash(Detector):
    name = "flash"
    version = 2
    reads = "picture"
    after = ("exposure",)

    def feed(self, chunk) -> None:
        pass  # reads the exposure detector's luma once the pass is done

    def finish(self, earlier):
        luma = np.asarray(earlier["exposure"]["luma"])
        times = np.asarray(earlier["exposure"]["frame_times"])
        events = []
        i = 1
        while i < len(luma) - 1:
            for width in range(1, MAX_FRAMES + 1):
                after = i + width
                if after >= len(luma):
                    break
                inside = luma[i:after].min()
                if inside - luma[i - 1] > JUMP and inside - luma[after] > JUMP:
                    events.append(event("flash", times[i], times[after], 0.9))
                    i = after
                    break
            i += 1
        return {"events": events}
