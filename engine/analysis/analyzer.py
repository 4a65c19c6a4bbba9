"""Analyse a media file once: one decode pass feeding every detector, results cached."""

from __future__ import annotations

import logging
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import torch

from workprint.engine.analysis import detectors  # noqa: F401 - registers every detector
from workprint.engine.analysis.asr_model import resolve_model
from workprint.engine.analysis.cache import AnalysisCache, default_cache_dir, media_identity
from workprint.engine.analysis.card_reader import reader_missing
from workprint.engine.analysis.decode import Chunk, decode, prefetched
from workprint.engine.analysis.detector import REGISTRY, Detector, detector_for
from workprint.engine.analysis.media_info import MediaInfo, probe
from workprint.engine.analysis.memory import keep_large_blocks_out_of_the_heap
from workprint.engine.analysis.models import Models
from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.analysis.schema.base import DetectorResult, EventsResult, Params
from workprint.engine.analysis.schema.blur import BlurResult
from workprint.engine.analysis.schema.exposure import ExposureResult
from workprint.engine.analysis.schema.motion import MotionResult
from workprint.engine.analysis.schema.shots import ShotsResult
from workprint.engine.analysis.schema.signature import SignatureResult
from workprint.engine.analysis.schema.sound import SoundResult
from workprint.engine.analysis.schema.speech import SpeechResult
from workprint.engine.analysis.schema.words import WordsParams, WordsResult
from workprint.engine.errors import ConfigError, MediaError, ModelError

R = TypeVar("R", bound=DetectorResult)
#: Parameter overrides by detector name: a parameter object of the detector's own type, or a mapping
#: of field names to values laid over its defaults (`{"speech": {"min_silence_s": 0.2}}`).
ParamOverrides = Mapping[str, Params | Mapping[str, Any]]

log = logging.getLogger("workprint.analysis")

#: Decoded chunks that may wait for the detectors (about 8 MB each): enough to keep the decoder
#: busy while TransNetV2 judges a window (a second or two on the CPU), few enough to keep memory flat.
PREFETCH_CHUNKS = 8
#: A word heard outside detected speech joins speech this close to it (seconds).
WORD_JOIN_S = 0.3


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


def resolve_params(overrides: ParamOverrides | None) -> dict[str, Params]:
    """Every registered detector's parameters: its defaults, with the overrides asked for laid over them."""
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(REGISTRY))
    if unknown:
        raise ConfigError(
            f"no detector named {', '.join(map(repr, unknown))} (detectors: {', '.join(sorted(REGISTRY))})"
        )
    resolved: dict[str, Params] = {}
    for name, cls in sorted(REGISTRY.items()):
        given = overrides.get(name)
        if given is None:
            resolved[name] = cls.params_type()
        elif isinstance(given, cls.params_type):
            resolved[name] = given
        elif isinstance(given, Params):
            raise ConfigError(f"detector {name!r} takes {cls.params_type.__name__}, not {type(given).__name__}")
        elif isinstance(given, Mapping):
            resolved[name] = cls.params_type.from_overrides(name, given)
        else:
            raise ConfigError(f"detector {name!r}: parameters must be a mapping of names to values, not {given!r}")
    return resolved


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


def detect(
    running: list[Detector], chunks: Iterable[Chunk], earlier: Mapping[str, DetectorResult], order: list[type[Detector]]
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
    for cls in order:
        if cls.name in by_name:
            results[cls.name] = by_name[cls.name].finish(results)
    return results


class Analyzer:
    def __init__(
        self,
        cache_dir: Path | None = None,
        device: str | None = None,
        params: ParamOverrides | None = None,
        words: bool = True,
    ) -> None:
        self.device = choose_device(device)
        #: Each detector's parameters, by name (defaults where no override was given).
        self.params = resolve_params(params)
        #: Why words are off (no usable recognition model), or None: the analysis goes on without them.
        self.words_off: str | None = None
        self._told_words_off = False
        if words:
            self._check_words_model()
        else:
            self.words_off = "turned off for this analyser"
        #: Why slate cards are not read (no text reader installed), or None: the analysis goes on without them.
        self.cards_off: str | None = reader_missing()
        self._told_cards_off = self._logged_cards_off = False
        keep_large_blocks_out_of_the_heap()
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.cache = AnalysisCache(self.cache_dir, {name: p.digest() for name, p in self.params.items()})
        self.models = Models(torch.device(self.device))
        # silero_vad sets one thread on import (Models puts the count back after loading it).
        torch.set_num_threads(compute_threads())
        self._count_lock = threading.Lock()
        #: How many decode passes this analyser has made (the cache's proof of work saved).
        self.decodes = 0
        #: How many times each detector (by name) has computed a result rather than read it from the cache.
        self.detector_runs: Counter[str] = Counter()

    def _check_words_model(self) -> None:
        """Check the recognition model now (by hash; no loading): its identity joins the words' cache key."""
        words = self.params.get("words")
        if not isinstance(words, WordsParams):
            return
        try:
            model = resolve_model(words.model, words.language)
        except ModelError as exc:
            self._words_are_off(str(exc))
            return
        self.params["words"] = replace(words, model_identity=model.identity)

    def _words_are_off(self, reason: str) -> None:
        if self.words_off is None:
            self.words_off = reason
            log.warning("words are off (%s); the analysis goes on without them", reason)

    def _wanted(self) -> list[type[Detector]]:
        return [
            cls
            for cls in finish_order()
            if not (cls.name == "words" and self.words_off) and not (cls.name == "slate_card" and self.cards_off)
        ]

    def params_for(self, cls: type[Detector]) -> Params:
        # A detector registered after this analyser was made runs with its defaults.
        return self.params.get(cls.name) or cls.params_type()

    def cached_result(self, path: str | os.PathLike, result_type: type[R]) -> R | None:
        """One detector's result for a media file from the cache, typed, or None when not cached."""
        return cached_result(self.cache, path, result_type)

    def in_cache(self, path: str | os.PathLike) -> bool:
        """Whether the cache holds every result an analysis of this file would give here (nothing is decoded):
        what a fan-out over many machines asks before sending a file anywhere."""
        try:
            identity = media_identity(Path(path))
        except OSError:
            return False
        return self.cache.get_info(identity) is not None and all(
            self._cached(identity, cls) is not None for cls in self._wanted()
        )

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

    def from_cache(self, path: str | os.PathLike, warn: Callable[[str], None] | None = None) -> MediaAnalysis | None:
        """The file's analysis when the cache holds all of it (nothing is decoded or worked), else None."""
        path = Path(path)
        identity = self._identity_telling(path, warn)
        with self.cache.lock(identity):
            return self._whole_in_cache(path, identity, warn)

    def _identity_telling(self, path: Path, warn: Callable[[str], None] | None) -> str:
        """The file's identity (MediaError when it cannot be read); what is off in this analyser told once."""
        if not path.is_file():
            raise MediaError(f"{path}: media not found")
        try:
            identity = media_identity(path)
        except OSError as exc:
            raise MediaError(f"{path}: cannot read it ({exc})") from exc
        if self.words_off and warn and not self._told_words_off:
            # Said once per analyser, not once per file: it is the engine's state, not the media's.
            self._told_words_off = True
            warn(f"words are off: {self.words_off}; the analysis goes on without them")
        self._tell_cards_off(warn)
        return identity

    def _whole_in_cache(self, path: Path, identity: str, warn: Callable[[str], None] | None) -> MediaAnalysis | None:
        media = self.cache.get_info(identity)
        if media is None:
            return None
        wanted = self._wanted()
        # A result no analysis holds (thumbnails, for a report to fetch) need only be there: reading it
        # would be most of a cached file's reading, at every job over it.
        cached: dict[str, DetectorResult] = {}
        for cls in wanted:
            if cls.result_type.held:
                result = cached[cls.name] = self._cached(identity, cls)
                if result is None:
                    return None
            elif not self._has(identity, cls):
                return None
        for message in media.get("warnings", []):
            if warn:
                warn(message)
        return _assemble(path, identity, media, cached, from_cache=True)

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
                results[cls.name] = cls(info, self.models, self.models.device, self.params_for(cls)).finish(results)
                ran.append(cls.name)
            else:
                results[cls.name] = cls.result_type()
            self.cache.put(identity, cls.name, cls.version, results[cls.name].to_json(), self.params_for(cls).digest())
        with self._count_lock:
            self.detector_runs.update(ran)
        for message in media.get("warnings", []):
            if warn:
                warn(message)
        return _assemble(path, identity, media, results, from_cache=False)

    def _cached(self, identity: str, cls: type[Detector]) -> DetectorResult | None:
        entry = self.cache.get(identity, cls.name, cls.version, self.params_for(cls).digest())
        return cls.result_type.from_json(entry) if entry is not None else None

    def _has(self, identity: str, cls: type[Detector]) -> bool:
        return self.cache.has(identity, cls.name, cls.version, self.params_for(cls).digest())

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
        usable = {"picture": info.has_video, "sound": info.has_audio}
        if usable["sound"] and any(cls.name == "words" and cached["words"] is None for cls in wanted):
            wanted = self._load_words_model(wanted, warn)
        if usable["picture"] and any(cls.name == "slate_card" and cached["slate_card"] is None for cls in wanted):
            wanted = self._load_card_reader(wanted, warn)
        running = [
            cls(info, self.models, self.models.device, self.params_for(cls))
            for cls in wanted
            if cached[cls.name] is None and usable[cls.reads]
        ]
        if progress:
            progress(0, max(1, int(info.duration_s)), "decoding")
        # The empty result of a stream the file does not have.
        earlier = {
            cls.name: cached[cls.name] or cls.result_type()
            for cls in wanted
            if cached[cls.name] is not None or not usable[cls.reads]
        }
        results = detect(running, prefetched(chunks, depth=PREFETCH_CHUNKS), earlier, wanted)
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
        return _assemble(path, identity, media, results, from_cache=False)

    def _load_words_model(self, wanted: list[type[Detector]], warn) -> list[type[Detector]]:
        """Load the recognition model before decoding starts: one that does not load turns words off, not
        the analysis."""
        from workprint.engine.analysis.detectors.words import recognition_threads

        words = self.params["words"]
        assert isinstance(words, WordsParams)
        try:
            self.models.asr(resolve_model(words.model, words.language), recognition_threads())
        except ModelError as exc:
            self._words_are_off(str(exc))
            if warn and not self._told_words_off:
                self._told_words_off = True
                warn(f"words are off: {self.words_off}; the analysis goes on without them")
            return [cls for cls in wanted if cls.name != "words"]
        return wanted

    def _load_card_reader(self, wanted: list[type[Detector]], warn) -> list[type[Detector]]:
        """Load the slate-card reader before decoding starts: one that does not load turns card reading off,
        not the analysis."""
        try:
            self.models.card_reader(compute_threads())
        except ModelError as exc:
            self.cards_off = self.cards_off or str(exc)
            self._tell_cards_off(warn)
            return [cls for cls in wanted if cls.name != "slate_card"]
        return wanted

    def _tell_cards_off(self, warn) -> None:
        if not self.cards_off:
            return
        # Said once per analyser, as words are: it is the engine's state, not the media's.
        if not self._logged_cards_off:
            self._logged_cards_off = True
            log.warning("slate cards are not read (%s); the analysis goes on without them", self.cards_off)
        if warn and not self._told_cards_off:
            self._told_cards_off = True
            warn(f"slate cards are not read: {self.cards_off}; the analysis goes on without them")


def cached_result(cache: AnalysisCache, path: str | os.PathLike, result_type: type[R]) -> R | None:
    """One detector's result for a media file, typed, read from `cache` without decoding anything (None when
    not cached: never analysed, or a cache cleared since). Read under the parameters the cache's analyser
    runs with, or the detector's defaults for a cache made on its own."""
    cls = detector_for(result_type)
    try:
        identity = media_identity(Path(path))
    except OSError:
        return None
    params_hash = cache.params_hashes.get(cls.name) or cls.params_type().digest()
    entry = cache.get(identity, cls.name, cls.version, params_hash)
    return result_type.from_json(entry) if entry is not None else None


def speech_with_words(speech: list[list[float]], words: Iterable[Any]) -> list[tuple[float, float]]:
    """Detected speech, and the words heard outside it: recognition is a second witness. Only a word the
    recogniser was sure of is kept outside detected speech (see the words detector), and such a word is
    speech the speech detector missed (a short call, a quiet first word), never to be cut as silence."""
    # Words on detected speech add nothing: the speech detector places edges better than Whisper does.
    alone = [[w.start_s, w.end_s] for w in words if not any(w.start_s < b and w.end_s > a for a, b in speech)]
    spans = sorted([[*s, False] for s in speech] + [[*w, True] for w in alone])
    merged: list[list[float]] = []
    for a, b, is_word in spans:
        # A word heard just beside speech joins it: the breath between is part of the same line.
        if merged and a <= merged[-1][1] + (WORD_JOIN_S if is_word or merged[-1][2] else 0.0):
            merged[-1][1] = max(merged[-1][1], b)
            merged[-1][2] = is_word
        else:
            merged.append([a, b, is_word])
    return [(round(a, 3), round(b, 3)) for a, b, _ in merged]


def _assemble(
    path: Path, identity: str, media: dict, results: Mapping[str, DetectorResult], from_cache: bool
) -> MediaAnalysis:
    typed: dict[type[DetectorResult], DetectorResult] = {type(r): r for r in results.values()}

    def of(kind: type[R]) -> R:
        found = typed.get(kind)
        return found if isinstance(found, kind) else kind()

    events = [e for r in typed.values() if isinstance(r, EventsResult) for e in r.events]
    events.sort(key=lambda e: (e.start_s, e.kind))
    exposure, sound = of(ExposureResult), of(SoundResult)
    heard = typed.get(WordsResult)
    words = heard.words if isinstance(heard, WordsResult) else []
    speech = of(SpeechResult)
    shots = of(ShotsResult).shots or [[0.0, media["duration_s"]]]
    series = {
        "frame_times": exposure.frame_times,
        "luma": exposure.luma,
        "sharpness": of(BlurResult).sharpness,
        "motion": of(MotionResult).motion,
        "level_db_10hz": sound.level_db_10hz,
        "signature": of(SignatureResult).signature,
    }
    return MediaAnalysis(
        path=str(path),
        duration_s=media["duration_s"],
        frame_rate_exact=media["frame_rate_exact"],
        start_timecode=media["start_timecode"],
        has_video=media["has_video"],
        has_audio=media["has_audio"],
        speech=speech_with_words(speech.speech, words),
        speech_likely=speech_with_words(speech.likely, words),
        shots=[tuple(s) for s in shots],
        events=events,
        series=series,
        loudness_db=sound.loudness_db,
        peak_db=sound.peak_db,
        warnings=media.get("warnings", []),
        from_cache=from_cache,
        # Each word's fields as they are (flat values: what `dataclasses.asdict` gives, without its deep copy,
        # which was a tenth of reading a cached file).
        words=[dict(vars(w)) for w in heard.words] if isinstance(heard, WordsResult) else [],
        transcript=[dict(vars(t)) for t in heard.segments] if isinstance(heard, WordsResult) else [],
        words_model=heard.model if isinstance(heard, WordsResult) else None,
        results={kind: r for kind, r in typed.items() if r.held},
        identity=identity,
    )
