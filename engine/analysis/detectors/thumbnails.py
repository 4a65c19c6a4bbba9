"""Thumbnails: a small JPEG picture every so often, kept from the one decode pass.

The review report draws its filmstrips from these, so it never decodes media
again. A file keeps at most `max_frames` pictures whatever its length: the
spacing starts at `interval_s` and doubles whenever that many have been kept,
so the cache entry stays small (about 1.5 KB a picture).
"""

from __future__ import annotations

import base64
from fractions import Fraction
from typing import Any

import av
import torch
from av.video.reformatter import VideoReformatter

from workprint.engine.analysis.decode import ANALYSIS_SIZE
from workprint.engine.analysis.detector import Detector, register
from workprint.engine.analysis.schema.thumbnails import THUMBNAILS, ThumbnailsParams, ThumbnailsResult

#: The default most pictures a file keeps (ThumbnailsParams.max_frames), under its old name.
MAX_FRAMES = ThumbnailsParams.max_frames


@register
class Thumbnails(Detector):
    kind = THUMBNAILS
    params: ThumbnailsParams

    def __init__(self, *args) -> None:
        super().__init__(*args)
        duration = self.info.duration_s or 0.0
        # Known length: space them out from the start; unknown: thin out as they come.
        self.interval = max(self.params.interval_s, duration / self.params.max_frames)
        self.times: list[float] = []
        self.jpegs: list[str] = []
        # An encoding context (PyAV types the generic CodecContext without encode()).
        self._encoder: Any = None
        # One scaler for every picture: a frame's own reformat() builds a new one each time (7× the cost).
        self._reformatter = VideoReformatter()

    def _jpeg(self, rgb) -> bytes:
        """One picture (H×W×3 uint8) as a baseline JPEG, by FFmpeg's own encoder."""
        if self._encoder is None:
            self._encoder = av.CodecContext.create("mjpeg", "w")
            self._encoder.width, self._encoder.height = ANALYSIS_SIZE
            self._encoder.pix_fmt = "yuvj420p"
            self._encoder.time_base = Fraction(1, 25)
            qscale = str(self.params.qscale)
            self._encoder.options = {"qmin": qscale, "qmax": qscale}
        frame = self._reformatter.reformat(av.VideoFrame.from_ndarray(rgb, format="rgb24"), format="yuvj420p")
        return b"".join(bytes(packet) for packet in self._encoder.encode(frame))

    def _slot(self, t: float) -> int:
        return int(t / self.interval + 1e-6)

    def feed(self, chunk) -> None:
        picks: list[int] = []
        taken = {self._slot(t) for t in self.times[-1:]}
        for index, t in enumerate(chunk.frame_times):
            slot = self._slot(float(t))
            if slot not in taken:
                taken.add(slot)
                picks.append(index)
        if not picks:
            return
        pictures = chunk.pictures(self.device)[picks]
        small = pictures.mul(255).round_().to(torch.uint8).permute(0, 2, 3, 1).contiguous().cpu().numpy()
        for index, rgb in zip(picks, small, strict=True):
            self.times.append(round(float(chunk.frame_times[index]), 4))
            self.jpegs.append(base64.b64encode(self._jpeg(rgb)).decode("ascii"))
        while len(self.times) > self.params.max_frames:
            self._thin()

    def _thin(self) -> None:
        """Twice the spacing: keep the first picture of each wider slot."""
        self.interval *= 2
        kept_times, kept_jpegs, seen = [], [], set()
        for t, jpeg in zip(self.times, self.jpegs, strict=True):
            slot = self._slot(t)
            if slot not in seen:
                seen.add(slot)
                kept_times.append(t)
                kept_jpegs.append(jpeg)
        self.times, self.jpegs = kept_times, kept_jpegs

    def finish(self, earlier) -> ThumbnailsResult:
        return ThumbnailsResult(
            interval_s=round(self.interval, 6), size=list(ANALYSIS_SIZE), times=self.times, jpeg=self.jpegs
        )
