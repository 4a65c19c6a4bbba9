"""A media file's analysis read from the cache, without torch, the decoder or a model.

A cached job (the second click of suggest-trims, a report, selects over analysed dailies) needs no more
than this: an engine that has analysed nothing holds no torch (about 0.7 GB resident once imported). The
`Analyzer` (`analyzer.py`) is this and the decode pass with the detectors, for what the cache lacks.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from workprint.engine.analysis.asr_model import resolve_model
from workprint.engine.analysis.cache import AnalysisCache, default_cache_dir, media_identity
from workprint.engine.analysis.card_reader import reader_missing
from workprint.engine.analysis.catalogue import ParamOverrides, finish_order, kind_of, resolve_params
from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.analysis.schema.base import DetectorKind, DetectorResult, EventsResult, Params
from workprint.engine.analysis.schema.blur import BlurResult
from workprint.engine.analysis.schema.exposure import ExposureResult
from workprint.engine.analysis.schema.motion import MotionResult
from workprint.engine.analysis.schema.shots import ShotsResult
from workprint.engine.analysis.schema.signature import SignatureResult
from workprint.engine.analysis.schema.sound import SoundResult
from workprint.engine.analysis.schema.speech import SpeechResult
from workprint.engine.analysis.schema.words import WordsParams, WordsResult
from workprint.engine.errors import MediaError, ModelError

R = TypeVar("R", bound=DetectorResult)

log = logging.getLogger("workprint.analysis")

#: A word heard outside detected speech joins speech this close to it (seconds).
WORD_JOIN_S = 0.3


class CachedAnalyses:
    """The analyses a cache holds, read under the parameters given (each detector's defaults laid under
    them), the recognition model's identity included: what an analyser with the same settings would have
    written."""

    #: Why words are off (no usable recognition model), or None: the analysis goes on without them.
    words_off: str | None = None
    #: Why slate cards are not read (no text reader installed), or None: the analysis goes on without them.
    cards_off: str | None = None
    _told_words_off: bool = False
    _told_cards_off: bool = False
    _logged_cards_off: bool = False

    def __init__(
        self,
        cache_dir: Path | None = None,
        params: ParamOverrides | None = None,
        words: bool = True,
        cache: AnalysisCache | None = None,
    ) -> None:
        #: Each detector's parameters, by name (defaults where no override was given).
        self.params = resolve_params(params)
        self.words_off = None
        self._told_words_off = False
        if words:
            self._check_words_model()
        else:
            self.words_off = "turned off for this analyser"
        self.cards_off = reader_missing()
        self._told_cards_off = self._logged_cards_off = False
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        hashes = {name: p.digest() for name, p in self.params.items()}
        if cache is not None and cache.root == AnalysisCache(self.cache_dir).root:
            # The same cache as a reader made before (its per-file locks shared): one analysis of a file at
            # a time, whoever reads it.
            cache.params_hashes.update(hashes)
            self.cache = cache
        else:
            self.cache = AnalysisCache(self.cache_dir, hashes)

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

    def _tell_words_off(self, warn: Callable[[str], None] | None) -> None:
        if self.words_off and warn and not self._told_words_off:
            # Said once per analyser, not once per file: it is the engine's state, not the media's.
            self._told_words_off = True
            warn(f"words are off: {self.words_off}; the analysis goes on without them")

    def _cards_are_off(self, reason: str) -> None:
        self.cards_off = self.cards_off or reason

    def agree(self, words_off: str | None, cards_off: str | None) -> None:
        """What an analyser elsewhere found off (a model that would not load there) is off here too: the
        analyses it writes lack those results, and this reader would look for them in vain."""
        if words_off:
            self._words_are_off(words_off)
        if cards_off:
            self._cards_are_off(cards_off)

    def _wanted(self) -> list[DetectorKind]:
        return [
            kind
            for kind in finish_order()
            if not (kind.name == "words" and self.words_off) and not (kind.name == "slate_card" and self.cards_off)
        ]

    def params_for(self, kind: DetectorKind) -> Params:
        return self.params.get(kind.name) or kind.params_type()

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
            self._cached(identity, kind) is not None for kind in self._wanted()
        )

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
        self._tell_words_off(warn)
        self._tell_cards_off(warn)
        return identity

    def _whole_in_cache(self, path: Path, identity: str, warn: Callable[[str], None] | None) -> MediaAnalysis | None:
        media = self.cache.get_info(identity)
        if media is None:
            return None
        # A result no analysis holds (thumbnails, for a report to fetch) need only be there: reading it
        # would be most of a cached file's reading, at every job over it.
        cached: dict[str, DetectorResult] = {}
        for kind in self._wanted():
            if kind.result_type.held:
                result = cached[kind.name] = self._cached(identity, kind)
                if result is None:
                    return None
            elif not self._has(identity, kind):
                return None
        for message in media.get("warnings", []):
            if warn:
                warn(message)
        return assemble(path, identity, media, cached, from_cache=True)

    def _cached(self, identity: str, kind: DetectorKind) -> DetectorResult | None:
        entry = self.cache.get(identity, kind.name, kind.version, self.params_for(kind).digest())
        return kind.result_type.from_json(entry) if entry is not None else None

    def _has(self, identity: str, kind: DetectorKind) -> bool:
        return self.cache.has(identity, kind.name, kind.version, self.params_for(kind).digest())

    def _tell_cards_off(self, warn: Callable[[str], None] | None) -> None:
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
    kind = kind_of(result_type)
    try:
        identity = media_identity(Path(path))
    except OSError:
        return None
    params_hash = cache.params_hashes.get(kind.name) or kind.params_type().digest()
    entry = cache.get(identity, kind.name, kind.version, params_hash)
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


def assemble(
    path: Path, identity: str, media: dict, results: Mapping[str, DetectorResult], from_cache: bool
) -> MediaAnalysis:
    """The file's analysis from its detectors' results and its media facts (`media`, the cache's info)."""
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
