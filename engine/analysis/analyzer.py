"""Analyse a media file once: one decode pass feeding every detector, results cached."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import torch

from workprint.engine.analysis import detectors  # noqa: F401 - registers every detector
from workprint.engine.analysis.asr_model import resolve_model
from workprint.engine.analysis.cache import AnalysisCache
from workprint.engine.analysis.catalogue import ParamOverrides
from workprint.engine.analysis.decode import Chunk, Prefetched, decode
from workprint.engine.analysis.detector import REGISTRY, Detector
from workprint.engine.analysis.media_info import MediaInfo, probe
from workprint.engine.analysis.memory import keep_large_blocks_out_of_the_heap
from workprint.engine.analysis.models import Models
from workprint.engine.analysis.reading import CachedAnalyses, assemble
from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.analysis.schema.base import DetectorKind, DetectorResult
from workprint.engine.analysis.schema.words import WordsParams
from workprint.engine.errors import ConfigError, MediaError, ModelError

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
            raise ConfigError(
                f"the device {asked!r} was asked for, but torch sees no CUDA device here "
                "(leave the device unset, or ask for cpu)"
            )
        return asked
    return "cuda" if torch.cuda.is_available() else "cpu"


def detect(
    running: list[Detector], chunks: Iterable[Chunk], earlier: Mapping[str, DetectorResult], order: list[DetectorKind]
) -> dict[str, DetectorResult]:
    """Feed every chunk to each running detector (those that have its input), then finish them in
    `order`, each reading the results finished before it (and those in `earlier`, from the cache)."""
    for detector in running:
        detector.attach({d.name: d for d in running})
    for chunk in chunks:
        for detector in running:
            has_input = chunk.frames is not None if detector.reads == "picture" else len(chunk.audio) > 0
            if has_input:
                detector.feed(chunk)
    results = dict(earlier)
    by_name = {d.name: d for d in running}
    for kind in order:
        if kind.name in by_name:
            results[kind.name] = by_name[kind.name].finish(results)
    return results


class Analyzer(CachedAnalyses):
    """The cache's reading (`CachedAnalyses`) and, for what it lacks, one decode pass feeding every detector."""

    def __init__(
        self,
        cache_dir: Path | None = None,
        device: str | None = None,
        params: ParamOverrides | None = None,
        words: bool = True,
        cache: AnalysisCache | None = None,
    ) -> None:
        self.device = choose_device(device)
        super().__init__(cache_dir, params, words, cache)
        keep_large_blocks_out_of_the_heap()
        self.models = Models(torch.device(self.device))
        # silero_vad sets one thread on import (Models puts the count back after loading it).
        torch.set_num_threads(compute_threads())
        self._count_lock = threading.Lock()
        #: How many decode passes this analyser has made (the cache's proof of work saved).
        self.decodes = 0
        #: How many times each detector (by name) has computed a result rather than read it from the cache.
        self.detector_runs: Counter[str] = Counter()

    @property
    def models_loaded(self) -> list[str]:
        return self.models.loaded

    def probe(self, path: str | os.PathLike) -> MediaInfo:
        return probe(Path(path))

    def analyze(
        self,
        path: str | os.PathLike,
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> MediaAnalysis:
        path = Path(path)
        identity = self._identity_telling(path, warn)
        with self.cache.lock(identity):
            found = self._whole_in_cache(path, identity, warn)
            if found is not None:
                return found
            media = self.cache.get_info(identity)
            wanted = self._wanted()
            # Something is to be worked: every result there is read, as what is worked may need it.
            cached = {cls.name: self._cached(identity, cls) for cls in wanted}
            missing = [cls for cls in wanted if cached[cls.name] is None]
            if media is not None and all(
                not cls.needs_chunks and all(cached.get(name) is not None for name in cls.after) for cls in missing
            ):
                # Only detectors that need no decode are missing (the card reader installed since, or its
                # parameters changed): a day of dailies is not decoded again to read a few frames.
                return self._detect_without_decode(path, identity, media, wanted, cached, warn)
            return self._decode_and_detect(path, identity, wanted, cached, progress, cancelled, warn)

    def _detect_without_decode(self, path, identity, media, wanted, cached, warn) -> MediaAnalysis:
        usable = {"picture": media["has_video"], "sound": media["has_audio"]}
        if usable["picture"] and cached.get("slate_card", True) is None:
            wanted = self._load_card_reader(wanted, warn)
        info = probe(path)
        results = {name: result for name, result in cached.items() if result is not None}
        ran = []
        for cls in wanted:
            if cls.name in results:
                continue
            if usable[cls.reads]:
                detector = REGISTRY[cls.name](info, self.models, self.models.device, self.params_for(cls))
                results[cls.name] = detector.finish(results)
                ran.append(cls.name)
            else:
                results[cls.name] = cls.result_type()
            self.cache.put(identity, cls.name, cls.version, results[cls.name].to_json(), self.params_for(cls).digest())
        with self._count_lock:
            self.detector_runs.update(ran)
        for message in media.get("warnings", []):
            if warn:
                warn(message)
        return assemble(path, identity, media, results, from_cache=False)

    def _decode_and_detect(self, path, identity, wanted, cached, progress, cancelled, warn) -> MediaAnalysis:
        # The decoder reports media seconds decoded; the total is its report's, known once it has started.
        started: list = []

        def decoding(t: float) -> None:
            if progress and started:
                progress(int(t), max(1, int(started[0].info.duration_s)), "decoding")

        report, chunks = decode(path, cancelled=cancelled, report_progress=decoding if progress else None)
        started.append(report)
        info = report.info
        with self._count_lock:
            self.decodes += 1
        if progress:
            progress(0, max(1, int(info.duration_s)), "decoding")
        # The decoder starts now: the models a process's first file loads (the recogniser and the slate
        # reader, most of a second together) load while it decodes the first chunks.
        with Prefetched(chunks, depth=PREFETCH_CHUNKS) as ahead:
            usable = {"picture": info.has_video, "sound": info.has_audio}
            if usable["sound"] and any(cls.name == "words" and cached["words"] is None for cls in wanted):
                wanted = self._load_words_model(wanted, warn)
            if usable["picture"] and any(cls.name == "slate_card" and cached["slate_card"] is None for cls in wanted):
                wanted = self._load_card_reader(wanted, warn)
            running = [
                REGISTRY[cls.name](info, self.models, self.models.device, self.params_for(cls))
                for cls in wanted
                if cached[cls.name] is None and usable[cls.reads]
            ]
            # The empty result of a stream the file does not have.
            earlier = {
                cls.name: cached[cls.name] or cls.result_type()
                for cls in wanted
                if cached[cls.name] is not None or not usable[cls.reads]
            }
            results = detect(running, ahead, earlier, wanted)
        measured = report.last_frame_time + info.frame_s if report.frames else report.samples / 16_000
        warnings = [report.damage] if report.damage else []
        if not warnings and info.duration_s and measured < info.duration_s - max(0.5, 0.02 * info.duration_s):
            # FFmpeg ends a cut-off file quietly; the header still says how long it should be.
            warnings.append(
                f"{path}: ends at {measured:.2f} s though its header says {info.duration_s:.2f} s "
                "(truncated?); analysed what could be read"
            )
        media = {
            "duration_s": round(measured if (report.frames or report.samples) else info.duration_s, 4),
            "frame_rate_exact": f"{info.frame_rate.numerator}/{info.frame_rate.denominator}"
            if info.frame_rate and report.frames
            else None,
            "start_timecode": info.start_timecode,
            "has_video": bool(report.frames),
            "has_audio": bool(report.samples),
            "warnings": warnings,
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
                self.cache.put(
                    identity, cls.name, cls.version, results[cls.name].to_json(), self.params_for(cls).digest()
                )
        with self._count_lock:
            self.detector_runs.update(d.name for d in running)
        self.cache.put_info(identity, media)
        if progress:
            progress(max(1, int(info.duration_s)), max(1, int(info.duration_s)), "done")
        return assemble(path, identity, media, results, from_cache=False)

    def _load_words_model(self, wanted: list[DetectorKind], warn) -> list[DetectorKind]:
        """Load the recognition model before decoding starts: one that does not load turns words off, not
        the analysis."""
        from workprint.engine.analysis.detectors.words import recognition_threads

        words = self.params["words"]
        assert isinstance(words, WordsParams)
        try:
            self.models.asr(resolve_model(words.model, words.language), recognition_threads())
        except ModelError as exc:
            self._words_are_off(str(exc))
            self._tell_words_off(warn)
            return [cls for cls in wanted if cls.name != "words"]
        return wanted

    def _load_card_reader(self, wanted: list[DetectorKind], warn) -> list[DetectorKind]:
        """Load the slate-card reader before decoding starts: one that does not load turns card reading off,
        not the analysis."""
        try:
            self.models.card_reader(compute_threads())
        except ModelError as exc:
            self._cards_are_off(str(exc))
            self._tell_cards_off(warn)
            return [cls for cls in wanted if cls.name != "slate_card"]
        return wanted
