"""Analyse a media file once: one decode pass feeding every detector, results cached."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

import torch

from workprint.engine.analysis import detectors  # noqa: F401 - registers every detector
from workprint.engine.analysis.cache import AnalysisCache, media_identity
from workprint.engine.analysis.decode import decode, prefetched
from workprint.engine.analysis.detector import REGISTRY, Detector
from workprint.engine.analysis.media_info import MediaInfo, probe
from workprint.engine.analysis.memory import keep_large_blocks_out_of_the_heap
from workprint.engine.analysis.models import Models
from workprint.engine.analysis.result import Event, MediaAnalysis
from workprint.engine.errors import MediaError

log = logging.getLogger("workprint.analysis")

#: Decoded chunks that may wait for the detectors (about 8 MB each): enough to keep the decoder
#: busy while TransNetV2 judges a window (a second or two on the CPU), few enough to keep memory flat.
PREFETCH_CHUNKS = 8


def compute_threads() -> int:
    """torch's share of the cores: half of them. The decoder's frame threads take the rest; with every
    core for torch, its threads (which spin between operations) starve the decoder, which is the ceiling."""
    return max(1, (os.cpu_count() or 1) // 2)


def choose_device(asked: str | None) -> str:
    if asked:
        if asked.startswith("cuda") and not torch.cuda.is_available():
            raise MediaError("CUDA was asked for but no CUDA device is available")
        return asked
    return "cuda" if torch.cuda.is_available() else "cpu"


def finish_order() -> list[type[Detector]]:
    """Detectors in an order where each finishes after those whose results it reads."""
    ordered: list[type[Detector]] = []
    placed: set[str] = set()
    pending = sorted(REGISTRY.values(), key=lambda d: d.name)
    while pending:
        for cls in pending:
            if set(cls.after) <= placed:
                ordered.append(cls)
                placed.add(cls.name)
                pending.remove(cls)
                break
        else:
            raise RuntimeError("detectors depend on each other in a circle")
    return ordered


class Analyzer:
    def __init__(self, cache_dir: Path | None = None, device: str | None = None) -> None:
        from workprint.engine.settings import default_cache_dir

        self.device = choose_device(device)
        keep_large_blocks_out_of_the_heap()
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.cache = AnalysisCache(self.cache_dir)
        self.models = Models(torch.device(self.device))
        # silero_vad sets one thread on import (Models puts the count back after loading it).
        torch.set_num_threads(compute_threads())
        self._count_lock = threading.Lock()
        #: How many decode passes this analyser has made (the cache's proof of work saved).
        self.decodes = 0

    @property
    def models_loaded(self) -> list[str]:
        return self.models.loaded

    def probe(self, path: str | os.PathLike) -> MediaInfo:
        return probe(Path(path))

    def analyze(self, path: str | os.PathLike, *, progress: Callable[[int, int, str], None] | None = None,
                cancelled: Callable[[], bool] | None = None,
                warn: Callable[[str], None] | None = None) -> MediaAnalysis:
        path = Path(path)
        if not path.is_file():
            raise MediaError(f"{path}: media not found")
        try:
            identity = media_identity(path)
        except OSError as exc:
            raise MediaError(f"{path}: cannot read it ({exc})") from exc
        with self.cache.lock(identity):
            media = self.cache.get_info(identity)
            wanted = finish_order()
            cached = {cls.name: self.cache.get(identity, cls.name, cls.version) for cls in wanted}
            if media is not None and all(r is not None for r in cached.values()):
                for message in media.get("warnings", []):
                    if warn:
                        warn(message)
                return _assemble(path, media, cached, from_cache=True)
            return self._decode_and_detect(path, identity, wanted, cached, progress, cancelled, warn)

    def _decode_and_detect(self, path, identity, wanted, cached, progress, cancelled, warn) -> MediaAnalysis:
        report, chunks = decode(
            path, cancelled=cancelled,
            report_progress=(lambda t: progress(int(t), max(1, int(report.info.duration_s)), "decoding"))
            if progress else None,
        )
        info = report.info
        with self._count_lock:
            self.decodes += 1
        usable = {"picture": info.has_video, "sound": info.has_audio}
        running = [cls(info, self.models, self.models.device) for cls in wanted
                   if cached[cls.name] is None and usable[cls.reads]]
        if progress:
            progress(0, max(1, int(info.duration_s)), "decoding")
        for chunk in prefetched(chunks, depth=PREFETCH_CHUNKS):
            for detector in running:
                has_input = chunk.frames is not None if detector.reads == "picture" else len(chunk.audio) > 0
                if has_input:
                    detector.feed(chunk)
        results = dict(cached)
        by_name = {d.name: d for d in running}
        for cls in wanted:
            if cls.name in by_name:
                results[cls.name] = by_name[cls.name].finish(results)
            elif results[cls.name] is None:
                results[cls.name] = {}  # a stream the file does not have
        measured = report.last_frame_time + info.frame_s if report.frames else report.samples / 16_000
        warnings = [report.damage] if report.damage else []
        if not warnings and info.duration_s and measured < info.duration_s - max(0.5, 0.02 * info.duration_s):
            # FFmpeg ends a cut-off file quietly; the header still says how long it should be.
            warnings.append(f"{path}: ends at {measured:.2f} s though its header says {info.duration_s:.2f} s "
                            "(truncated?); analysed what could be read")
        media = {
            "duration_s": round(measured if (report.frames or report.samples) else info.duration_s, 4),
            "frame_rate_exact": f"{info.frame_rate.numerator}/{info.frame_rate.denominator}"
            if info.frame_rate and report.frames else None,
            "start_timecode": info.start_timecode, "has_video": bool(report.frames),
            "has_audio": bool(report.samples), "warnings": warnings,
        }
        if not report.frames and not report.samples:
            detail = f" ({report.damage})" if report.damage else ""
            raise MediaError(f"{path}: nothing in it could be decoded{detail}")
        for message in warnings:
            if warn:
                warn(message)
        for cls in wanted:
            # Also the empty results of streams the file lacks, so a mute file is not decoded again.
            if cached[cls.name] is None:
                self.cache.put(identity, cls.name, cls.version, results[cls.name])
        self.cache.put_info(identity, media)
        if progress:
            progress(max(1, int(info.duration_s)), max(1, int(info.duration_s)), "done")
        return _assemble(path, media, results, from_cache=False)


def _assemble(path: Path, media: dict, results: dict, from_cache: bool) -> MediaAnalysis:
    events = [Event(**e) for r in results.values() for e in (r or {}).get("events", [])]
    events.sort(key=lambda e: (e.start_s, e.kind))
    duration = media["duration_s"]
    shots = (results.get("shots") or {}).get("shots") or [[0.0, duration]]
    sound = results.get("sound") or {}
    series = {
        "frame_times": (results.get("exposure") or {}).get("frame_times", []),
        "luma": (results.get("exposure") or {}).get("luma", []),
        "sharpness": (results.get("blur") or {}).get("sharpness", []),
        "motion": (results.get("motion") or {}).get("motion", []),
        "level_db_10hz": sound.get("level_db_10hz", []),
        "signature": (results.get("signature") or {}).get("signature"),
    }
    return MediaAnalysis(
        path=str(path), duration_s=duration, frame_rate_exact=media["frame_rate_exact"],
        start_timecode=media["start_timecode"], has_video=media["has_video"], has_audio=media["has_audio"],
        speech=[tuple(s) for s in (results.get("speech") or {}).get("speech", [])],
        shots=[tuple(s) for s in shots], events=events, series=series,
        loudness_db=sound.get("loudness_db"), peak_db=sound.get("peak_db"),
        warnings=media.get("warnings", []), from_cache=from_cache,
    )
