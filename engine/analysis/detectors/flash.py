"""Flash frames: one to three frames far brighter than the picture on both sides."""

from __future__ import annotations

import numpy as np

from workprint.engine.analysis.detector import Detector, event, register
from workprint.engine.analysis.schema.exposure import ExposureResult
from workprint.engine.analysis.schema.flash import FLASH, FlashParams, FlashResult


@register
class Flash(Detector):
    kind = FLASH
    params: FlashParams

    def feed(self, chunk) -> None:
        pass  # reads the exposure detector's luma once the pass is done

    def finish(self, earlier) -> FlashResult:
        p = self.params
        exposure: ExposureResult = earlier["exposure"]
        luma = np.asarray(exposure.luma)
        times = np.asarray(exposure.frame_times)
        events = []
        i = 1
        while i < len(luma) - 1:
            for width in range(1, p.max_frames + 1):
                after = i + width
                if after >= len(luma):
                    break
                inside = luma[i:after].min()
                if inside - luma[i - 1] > p.jump and inside - luma[after] > p.jump:
                    events.append(event("flash", times[i], times[after], p.confidence))
                    i = after
                    break
            i += 1
        return FlashResult(events=events)
