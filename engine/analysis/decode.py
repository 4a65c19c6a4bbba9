"""One streaming decode pass: small pictures and 16 kHz mono sound, in chunks.

Each picture is scaled once inside FFmpeg's scaler (one reformatter reused
for the whole file, area averaging, staying in YUV so no colour conversion
runs per frame) to DETAIL_SIZE. The detectors' smaller colour pictures are
made from that in torch, a chunk at a time, on the analysis device. Sound is
resampled by FFmpeg to 16 kHz mono. Only one chunk is held at a time, so
memory stays flat whatever the length.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import torch
from av.video.reformatter import VideoReformatter

from workprint.engine.analysis.media_info import MediaInfo, info_of, open_container
from workprint.engine.errors import JobCancelled

log = logging.getLogger("workprint.analysis")

#: Picture size every picture detector works at (TransNetV2 gets half of it).
ANALYSIS_SIZE = (96, 54)
#: A larger grey picture for what small pictures cannot show: focus, text on a slate.
DETAIL_SIZE = (320, 180)
SAMPLE_RATE = 16_000
CHUNK_FRAMES = 96
#: Without picture, sound comes in chunks this long.
AUDIO_CHUNK_S = 10.0


@dataclass
class Chunk:
    #: uint8 [N, 270, 320]: each picture at DETAIL_SIZE as planar YUV 4:2:0 (Y rows, then U and V), or
    #: None without picture.
    frames: np.ndarray | None
    #: Seconds from the media's start, one per frame.
    frame_times: np.ndarray
    first_frame: int
    #: float32 mono at 16 kHz (may be empty), and the index of its first sample.
    audio: np.ndarray
    first_sample: int

    def __post_init__(self) -> None:
        self._tensors: dict = {}

    def _planes(self, device) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Y [N, 180, 320], U and V [N, 90, 160] as floats on device, video range (16..235) as it came."""
        key = ("planes", str(device))
        if key not in self._tensors:
            width, height = DETAIL_SIZE
            packed = torch.from_numpy(self.frames).to(device)
            y = packed[:, :height].float()
            chroma = packed[:, height:].reshape(len(packed), 2, height // 2, width // 2).float()
            self._tensors[key] = (y, chroma[:, 0], chroma[:, 1])
        return self._tensors[key]

    def pictures(self, device) -> torch.Tensor:
        """float RGB [N, 3, 54, 96] in 0..1 on device, made once for all detectors."""
        key = ("pictures", str(device))
        if key not in self._tensors:
            y, u, v = self._planes(device)
            size = (ANALYSIS_SIZE[1], ANALYSIS_SIZE[0])
            y = torch.nn.functional.interpolate(y.unsqueeze(1), size=size, mode="area")[:, 0]
            u = torch.nn.functional.interpolate(u.unsqueeze(1), size=size, mode="area")[:, 0] - 128
            v = torch.nn.functional.interpolate(v.unsqueeze(1), size=size, mode="area")[:, 0] - 128
            # BT.709 video range to full-range RGB; analysis needs levels and differences, not grading.
            luma = (y - 16) * (255 / 219)
            red = luma + 1.7927 * v
            green = luma - 0.2132 * u - 0.5329 * v
            blue = luma + 2.1124 * u
            self._tensors[key] = torch.stack([red, green, blue], dim=1).div_(255).clamp_(0, 1)
        return self._tensors[key]

    def grey(self, device) -> torch.Tensor:
        """float [N, 54, 96] luma in 0..1."""
        key = ("grey", str(device))
        if key not in self._tensors:
            rgb = self.pictures(device)
            self._tensors[key] = 0.2126 * rgb[:, 0] + 0.7152 * rgb[:, 1] + 0.0722 * rgb[:, 2]
        return self._tensors[key]

    def detail_luma(self, device) -> torch.Tensor:
        """float [N, 180, 320] luma as coded (video range, 16..235): the larger picture, for what
        small pictures cannot show (focus, writing on a slate). Not rescaled, to spare a pass over
        the largest tensor of all; `to_grey` maps any part of it to 0..1."""
        y, _, _ = self._planes(device)
        return y


def to_grey(luma: torch.Tensor) -> torch.Tensor:
    """Video-range luma to 0..1."""
    return ((luma - 16) / 219).clamp_(0, 1)


@dataclass
class DecodeReport:
    info: MediaInfo
    frames: int = 0
    samples: int = 0
    last_frame_time: float = 0.0
    #: Set when the file ended in damage: what was read is still analysed.
    damage: str | None = None


def decode(
    path: Path,
    report_progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    want_picture: bool = True,
    want_sound: bool = True,
) -> tuple[DecodeReport, Iterator[Chunk]]:
    container = open_container(path)
    info = info_of(path, container)
    report = DecodeReport(info)
    return report, _chunks(container, report, report_progress, cancelled, want_picture, want_sound)


def _chunks(container, report: DecodeReport, report_progress, cancelled, want_picture, want_sound) -> Iterator[Chunk]:
    info = report.info
    video = container.streams.video[0] if info.has_video and want_picture else None
    audio = container.streams.audio[0] if info.has_audio and want_sound else None
    streams = [s for s in (video, audio) if s is not None]
    if video is not None:
        video.thread_type = "AUTO"
        # H.264/HEVC's deblocking filter smooths 8-16 px block edges that scaling to 320×180 averages
        # away anyway; skipping it makes decoding about an eighth cheaper, and decoding is the ceiling.
        video.codec_context.options = {"skip_loop_filter": "all"}
    origin = _origin(video, audio)
    reformatter = VideoReformatter()
    resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE) if audio is not None else None
    frames: list[np.ndarray] = []
    times: list[float] = []
    sound: list[np.ndarray] = []
    sound_len = 0
    audio_started = False
    chunk_start_frame = 0
    chunk_start_sample = 0

    def flush() -> Chunk:
        nonlocal frames, times, sound, sound_len, chunk_start_frame, chunk_start_sample
        pictures = None
        if video is not None:
            pictures = np.stack(frames) if frames else np.zeros((0, DETAIL_SIZE[1] * 3 // 2, DETAIL_SIZE[0]), np.uint8)
        samples = np.concatenate(sound) if sound else np.zeros(0, np.float32)
        chunk = Chunk(pictures, np.asarray(times, dtype=np.float64), chunk_start_frame, samples, chunk_start_sample)
        chunk_start_frame += len(frames)
        chunk_start_sample += len(samples)
        frames, times, sound, sound_len = [], [], [], 0
        return chunk

    def add_sound(resampled) -> None:
        nonlocal sound_len
        for out in resampled:
            data = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
            sound.append(data)
            sound_len += len(data)
            report.samples += len(data)

    try:
        for packet in container.demux(*streams):
            if cancelled is not None and cancelled():
                raise JobCancelled("the job was cancelled")
            for frame in packet.decode():
                if packet.stream is video:
                    t = (
                        float(frame.pts * frame.time_base) - origin
                        if frame.pts is not None
                        else (times[-1] + info.frame_s if times else report.last_frame_time)
                    )
                    small = reformatter.reformat(frame, DETAIL_SIZE[0], DETAIL_SIZE[1], "yuv420p", interpolation="AREA")
                    frames.append(small.to_ndarray())
                    times.append(t)
                    report.frames += 1
                    report.last_frame_time = t
                else:
                    if not audio_started:
                        audio_started = True
                        lead = float(frame.pts * frame.time_base) - origin if frame.pts is not None else 0.0
                        # Sound that starts after the picture: silence until it does.
                        if lead > 0:
                            silence = np.zeros(round(lead * SAMPLE_RATE), np.float32)
                            sound.append(silence)
                            sound_len += len(silence)
                            report.samples += len(silence)
                    if resampler is not None:  # made whenever the file has sound
                        add_sound(resampler.resample(frame))
            if video is not None and len(frames) >= CHUNK_FRAMES:
                if report_progress:
                    report_progress(report.last_frame_time)
                yield flush()
            elif video is None and sound_len >= AUDIO_CHUNK_S * SAMPLE_RATE:
                if report_progress:
                    report_progress(report.samples / SAMPLE_RATE)
                yield flush()
        if resampler is not None:
            add_sound(resampler.resample(None))
    except JobCancelled:
        container.close()
        raise
    except (av.error.FFmpegError, ValueError, EOFError) as exc:
        report.damage = (
            f"{info.path}: damaged after {report.last_frame_time:.2f} s ({exc}); analysed what could be read"
        )
        log.warning(report.damage)
    if frames or sound:
        yield flush()
    container.close()


def _origin(video, audio) -> float:
    """Media time zero: the first picture (or the first sound when there is no picture)."""
    stream = video if video is not None else audio
    if stream is None or stream.start_time is None:
        return 0.0
    return float(stream.start_time * stream.time_base)


_END = object()


class Prefetched(Iterator[Chunk]):
    """Chunks decoded ahead on a thread of its own, from the moment this is made: the detectors work on the
    chunk before while the decoder goes on, and whatever is made ready before the first chunk is asked for
    (the recognition model, the slate reader) is made while the file already decodes.

    FFmpeg and torch both release the GIL, so decoding and detection overlap. At
    most `depth` chunks wait, so memory stays flat. Errors (and cancellation)
    raised while decoding come out here, in the consumer. `close` (also at the
    end, and on leaving a `with`) stops the decoder's thread and closes the file.
    """

    def __init__(self, chunks: Iterator[Chunk], depth: int = 2) -> None:
        self._chunks = chunks
        self._waiting: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._closed = False
        self._worker = threading.Thread(target=self._produce, name="decode", daemon=True)
        self._worker.start()

    def _hand(self, item: object) -> bool:
        """Put one item in the queue, waiting for room; False once told to stop."""
        while not self._stop.is_set():
            try:
                self._waiting.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self) -> None:
        try:
            for chunk in self._chunks:
                if not self._hand(chunk):
                    return
            item: object = _END
        except BaseException as exc:  # handed to the consumer
            item = exc
        self._hand(item)

    def __next__(self) -> Chunk:
        if self._closed:
            raise StopIteration
        item = self._waiting.get()
        if item is _END:
            self.close()
            raise StopIteration
        if isinstance(item, BaseException):
            self.close()
            raise item
        assert isinstance(item, Chunk)
        return item

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._stop.set()
        self._worker.join()
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Prefetched:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
