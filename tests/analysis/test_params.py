"""Detector parameters are data: tuned without patching modules, checked, and part of the cache key."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from generated_media import short_take
from workprint.engine.analysis.analyzer import Analyzer
from workprint.engine.analysis.cache import media_identity
from workprint.engine.analysis.detector import REGISTRY
from workprint.engine.analysis.schema.base import DetectorResult, Params
from workprint.engine.analysis.schema.speech import SpeechParams, SpeechResult
from workprint.engine.analysis.schema.thumbnails import ThumbnailsResult
from workprint.engine.errors import ConfigError


def entry_files(analyzer: Analyzer, path) -> set[str]:
    identity = media_identity(path)
    return {p.name for p in (analyzer.cache.root / identity[:2] / identity).glob("*.json")}


def test_a_changed_parameter_reruns_only_its_detector(tmp_path):
    take = short_take(tmp_path / "take.mov", "mjpeg", Fraction(24))
    first = Analyzer(cache_dir=tmp_path / "cache", device="cpu")
    default = first.analyze(take.path)
    assert first.detector_runs == Counter(list(REGISTRY))  # a file with picture and sound: every detector ran
    before = entry_files(first, take.path)

    padded = Analyzer(cache_dir=tmp_path / "cache", device="cpu", params={"speech": {"pad_s": 0.2}})
    redone = padded.analyze(take.path)
    # One decode pass, in which only speech was fed and finished; every other result came from the cache.
    assert padded.decodes == 1 and not redone.from_cache
    assert padded.detector_runs == Counter({"speech": 1})
    written = entry_files(padded, take.path) - before
    assert written == {f"speech.v{REGISTRY['speech'].version}.{SpeechParams(pad_s=0.2).digest()}.json"}
    # The new parameter was used: each span widened by the padding.
    assert redone.speech[0][0] == pytest.approx(default.speech[0][0] - 0.2, abs=1e-6)
    assert redone.speech[-1][1] == pytest.approx(default.speech[-1][1] + 0.2, abs=1e-6)
    assert redone.shots == default.shots and redone.events == default.events
    assert padded.cached_result(take.path, SpeechResult).speech == [list(s) for s in redone.speech]

    # The defaults still hit their own entries, untouched.
    again = Analyzer(cache_dir=tmp_path / "cache", device="cpu")
    hit = again.analyze(take.path)
    assert hit.from_cache and again.decodes == 0 and not again.detector_runs
    assert hit.speech == default.speech
    assert again.cached_result(take.path, SpeechResult).speech == [list(s) for s in default.speech]


def test_typed_results_ride_along(tmp_path):
    take = short_take(tmp_path / "take.mov", "mjpeg", Fraction(24))
    analyzer = Analyzer(cache_dir=tmp_path / "cache", device="cpu")
    for analysis in (analyzer.analyze(take.path), analyzer.analyze(take.path)):
        assert analysis.result(SpeechResult).speech == [list(s) for s in analysis.speech]
        # Thumbnails are large: not held by every analysis, read from the cache by whoever draws them.
        assert analysis.result(ThumbnailsResult) is None
    thumbnails = analyzer.cached_result(take.path, ThumbnailsResult)
    assert thumbnails is not None and len(thumbnails.times) == len(thumbnails.jpeg) == 8
    assert analyzer.cached_result(tmp_path / "never.mov", ThumbnailsResult) is None


def test_parameters_given_as_objects(tmp_path):
    analyzer = Analyzer(cache_dir=tmp_path, device="cpu", params={"speech": SpeechParams(threshold=0.6)})
    assert analyzer.params["speech"] == SpeechParams(threshold=0.6)
    assert analyzer.params["shots"] == REGISTRY["shots"].params_type()
    assert analyzer.cache.params_hashes["speech"] == SpeechParams(threshold=0.6).digest()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"speach": {"threshold": 0.6}}, r"no detector named 'speach'.*speech"),
        ({"speech": {"treshold": 0.6}}, r"'speech' has no parameter 'treshold'.*threshold"),
        ({"speech": {"threshold": "high"}}, r"'speech' parameter 'threshold' must be a number"),
        ({"speech": {"warm_up_windows": 2.5}}, r"'warm_up_windows' must be an integer"),
        ({"speech": {"threshold": True}}, r"'threshold' must be a number"),
        ({"slate": {"strokes": [0.1]}}, r"'strokes' must be 2 numbers"),
        ({"speech": 0.6}, r"'speech': parameters must be a mapping"),
        ({"speech": REGISTRY["shots"].params_type()}, r"'speech' takes SpeechParams, not ShotsParams"),
    ],
)
def test_wrong_parameters_are_a_config_error(tmp_path, params, message):
    with pytest.raises(ConfigError, match=message):
        Analyzer(cache_dir=tmp_path, device="cpu", params=params)


def test_overrides_are_converted_to_the_fields_types(tmp_path):
    analyzer = Analyzer(
        cache_dir=tmp_path, device="cpu", params={"slate": {"strokes": [0.02, 0.5]}, "speech": {"min_silence_s": 1}}
    )
    assert analyzer.params["slate"].strokes == (0.02, 0.5)
    assert analyzer.params["speech"].min_silence_s == 1.0 and isinstance(analyzer.params["speech"].min_silence_s, float)


def test_the_parameters_hash_is_short_stable_and_sensitive():
    defaults = SpeechParams()
    canonical = json.dumps(
        {
            "edge_threshold": 0.1,
            "end_threshold": 0.05,
            "likely_pad_s": 0.2,
            "min_silence_s": 0.7,
            "min_speech_s": 0.25,
            "pad_s": 0.0,
            "stream_s": 15.0,
            "threshold": 0.15,
            "warm_up_windows": 16,
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    assert defaults.digest() == hashlib.sha256(canonical.encode()).hexdigest()[:8]
    assert SpeechParams().digest() == defaults.digest()
    assert SpeechParams(min_silence_s=0.11).digest() != defaults.digest()


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_detector_declares_frozen_parameters_and_a_result_type(name):
    cls = REGISTRY[name]
    assert issubclass(cls.params_type, Params) and issubclass(cls.result_type, DetectorResult)
    params = cls.params_type()
    for field_name in params.to_json():
        with pytest.raises(AttributeError):
            setattr(params, field_name, None)
    assert len(params.digest()) == 8
    # Every result type reads the empty entry of a stream the file lacks.
    assert cls.result_type.from_json({}) == cls.result_type()


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_parameter_is_documented_with_its_default(name):
    docs = (Path(__file__).resolve().parents[2] / "docs" / "analysis.md").read_text()
    section = docs.split(f"### `{name}` (`{REGISTRY[name].params_type.__name__}`)", 1)[1].split("\n#", 1)[0]
    for field_name, default in REGISTRY[name].params_type().to_json().items():
        shown = repr(tuple(default)) if isinstance(default, (list, tuple)) else repr(default)
        row = next((line for line in section.splitlines() if line.startswith(f"| `{field_name}` |")), None)
        assert row is not None, f"{name}.{field_name} is not in docs/analysis.md"
        assert row.split("|")[3].strip() == shown, row


def test_the_engines_settings_tune_its_analyser(tmp_path):
    from workprint.engine.core import Engine
    from workprint.engine.settings import EngineSettings

    engine = Engine(EngineSettings(cache_dir=tmp_path, detector_params={"speech": {"threshold": 0.6}}))
    assert engine.analyzer.params["speech"] == SpeechParams(threshold=0.6)
    with pytest.raises(ConfigError, match="speech"):
        _ = Engine(EngineSettings(cache_dir=tmp_path, detector_params={"speech": {"loudness": 1}})).analyzer
