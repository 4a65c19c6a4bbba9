"""Shot boundaries: TransNetV2, run only where the picture changes.

TransNetV2 is the expensive part of analysis, so it does not see every frame.
A cheap pass over the same small pictures finds candidates: a frame far from
the one before it (a hard cut), or far from the one half a second before it
while each step is small (a dissolve or a wipe). The network then judges a
100-frame window around each candidate, at its native 48×27 input, with the
letterbox or pillarbox bars cropped away first (bars hide cuts from it).
A still or slowly moving shot raises no candidate, so it cannot be cut.
"""

from __future__ import annotations

import itertools
from collections import deque

import numpy as np
import torch

from workprint.engine.analysis.detector import Detector, register
from workprint.engine.analysis.models import bf16_on_cpu

SIZE = (48, 27)
WINDOW = 100
#: TransNetV2 is sure of the middle half of each window.
REACH = 25
#: Cheap-pass thresholds (mean absolute difference, 0..1).
HARD_CHANGE = 0.06
HARD_RATIO = 3.0
GRADUAL_SPAN = 12
GRADUAL_CHANGE = 0.12
#: Network threshold with peak picking: about 0.3 did best on cuts.
THRESHOLD = 0.3
PEAK_RADIUS = 5
BATCH = 4
BAR_LEVEL = 0.04


@register
class Shots(Detector):
    name = "shots"
    version = 2
    reads = "picture"
    after = ("exposure",)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.buffer: deque[np.ndarray] = deque(maxlen=WINDOW + GRADUAL_SPAN + 2 * REACH)
        self.buffer_start = 0  # frame index of buffer[0]
        self.count = 0
        self.crop: tuple[int, int, int, int] | None = None
        self.recent: deque[float] = deque(maxlen=48)
        self.windows: list[int] = []  # centres waiting for their frames
        self.last_centre = -10**9
        self.probabilities: dict[int, float] = {}
        self.candidates = 0
        #: An 8×4 grey thumbnail per frame (32 bytes): enough to tell whether a cut separates two pictures.
        self.tiny: list[np.ndarray] = []

    def feed(self, chunk) -> None:
        if not len(chunk.frame_times):
            return
        pictures = chunk.pictures(self.device)
        if self.crop is None:
            self.crop = _bars(pictures)
        top, bottom, left, right = self.crop
        small = torch.nn.functional.interpolate(pictures[:, :, top:bottom, left:right], size=(SIZE[1], SIZE[0]),
                                                mode="area")
        frames = (small * 255).round().clamp(0, 255).byte().permute(0, 2, 3, 1).cpu().numpy()
        tiny = torch.nn.functional.adaptive_avg_pool2d(small.mean(dim=1, keepdim=True), (4, 8))
        self.tiny.extend(tiny.flatten(1).cpu().numpy())
        for frame in frames:
            self._add(frame)
        self._run_ready(final=False)

    def _add(self, frame: np.ndarray) -> None:
        index = self.count
        as_float = frame.astype(np.float32) / 255
        if self.buffer:
            hard = float(np.abs(as_float - self.buffer[-1].astype(np.float32) / 255).mean())
            typical = float(np.median(self.recent)) if self.recent else 0.0
            if hard > HARD_CHANGE and hard > HARD_RATIO * typical:
                self._candidate(index)
            self.recent.append(hard)
            if len(self.buffer) > GRADUAL_SPAN:
                earlier = self.buffer[-GRADUAL_SPAN].astype(np.float32) / 255
                if float(np.abs(as_float - earlier).mean()) > GRADUAL_CHANGE:
                    self._candidate(index - GRADUAL_SPAN // 2)
        if len(self.buffer) == self.buffer.maxlen:
            self.buffer_start += 1
        self.buffer.append(frame)
        self.count += 1

    def _candidate(self, index: int) -> None:
        self.candidates += 1
        if abs(index - self.last_centre) < REACH:
            return  # the window already queued judges this frame too
        self.windows.append(index)
        self.last_centre = index

    def _run_ready(self, final: bool) -> None:
        ready = [c for c in self.windows if final or c + WINDOW // 2 <= self.count]
        if not ready:
            return
        self.windows = [c for c in self.windows if c not in ready]
        for start in range(0, len(ready), BATCH):
            centres = ready[start:start + BATCH]
            batch = np.stack([self._window(c) for c in centres])
            for centre, probs in zip(centres, self._predict(batch), strict=True):
                first = centre - WINDOW // 2
                for offset in range(WINDOW // 2 - REACH, WINDOW // 2 + REACH):
                    frame = first + offset
                    if 0 <= frame < self.count:
                        self.probabilities[frame] = max(self.probabilities.get(frame, 0.0), float(probs[offset]))

    def _window(self, centre: int) -> np.ndarray:
        """100 frames around centre; before the start or past the end, the edge frame repeats."""
        indices = np.clip(np.arange(centre - WINDOW // 2, centre + WINDOW // 2), 0, self.count - 1)
        indices = np.clip(indices - self.buffer_start, 0, len(self.buffer) - 1)
        return np.stack([self.buffer[i] for i in indices])

    def _predict(self, batch: np.ndarray) -> np.ndarray:
        network = self.models.shots()
        inputs = torch.from_numpy(batch).to(self.device)
        use_bf16 = self.device.type == "cpu" and bf16_on_cpu()
        with self.models.shots_lock, torch.inference_mode(), \
                torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=use_bf16):
            single, _ = network(inputs)
        return torch.sigmoid(single.float()).squeeze(-1).cpu().numpy()

    def _separates(self, first: int) -> bool:
        """A cut before `first` must part two different pictures: a flash frame or a
        glitch has the same picture on both sides of it."""
        before = [self.tiny[i] for i in range(max(0, first - 8), max(0, first - 1))]
        after = [self.tiny[i] for i in range(first + 1, min(len(self.tiny), first + 8))]
        return not any(_similar(a, b) for a in before for b in after)

    def finish(self, earlier):
        self._run_ready(final=True)
        times = np.asarray(earlier["exposure"]["frame_times"])
        cuts = []
        for frame, p in sorted(self.probabilities.items()):
            if p < THRESHOLD:
                continue
            neighbours = [self.probabilities.get(frame + d, 0.0) for d in range(-PEAK_RADIUS, PEAK_RADIUS + 1)]
            if p < max(neighbours) or (p == max(neighbours) and any(
                    self.probabilities.get(frame - d, 0.0) == p for d in range(1, PEAK_RADIUS + 1))):
                continue
            # TransNetV2 marks the last frame of the outgoing shot: the cut is before the next frame.
            if frame + 1 < len(times) and self._separates(frame + 1):
                cuts.append(float(times[frame + 1]))
        end = float(times[-1] + self.info.frame_s) if len(times) else self.info.duration_s
        edges = [0.0, *cuts, end]
        return {
            "cuts": [round(c, 4) for c in cuts],
            "shots": [[round(a, 4), round(b, 4)] for a, b in itertools.pairwise(edges) if b > a],
            "windows_judged": len({c for c in self.probabilities}) // (2 * REACH) if self.probabilities else 0,
            "candidates": self.candidates,
        }


def _similar(a: np.ndarray, b: np.ndarray) -> bool:
    return float(np.abs(a - b).mean()) < HARD_CHANGE / 2


def _bars(pictures: torch.Tensor) -> tuple[int, int, int, int]:
    """Rows and columns of black bars around the picture, found on the first frames."""
    luma = pictures.mean(dim=(0, 1))
    height, width = luma.shape
    rows = torch.nonzero(luma.mean(dim=1) > BAR_LEVEL).flatten()
    cols = torch.nonzero(luma.mean(dim=0) > BAR_LEVEL).flatten()
    if len(rows) < height // 3 or len(cols) < width // 3:
        return 0, height, 0, width  # a dark picture, not bars
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
