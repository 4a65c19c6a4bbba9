"""What every registered detector promises, whatever it is fed: it finishes, its result is typed and
JSON-able and reads back the same, and the detectors it runs after finish first and are handed to it."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import torch

from workprint.engine.analysis.analyzer import detect
from workprint.engine.analysis.catalogue import finish_order
from workprint.engine.analysis.decode import DETAIL_SIZE, SAMPLE_RATE, Chunk
from workprint.engine.analysis.detector import REGISTRY, Detector
from workprint.engine.analysis.media_info import MediaInfo
from workprint.engine.analysis.models import Models

FPS = 25
#: Rows of one packed YUV 4:2:0 picture at DETAIL_SIZE (Y, then U and V).
ROWS = DETAIL_SIZE[1] * 3 // 2
DEVICE = torch.device("cpu")


@pytest.fixture(scope="module")
def models() -> Models:
    return Models(DEVICE)


def pictures(count: int, level: int) -> np.ndarray:
    frames = np.full((count, ROWS, DETAIL_SIZE[0]), 128, np.uint8)
    frames[:, : DETAIL_SIZE[1]] = level
    return frames


def chunks(kind: str) -> list[Chunk]:
    """Two seconds of input of one kind, in the chunks the decoder would give."""
    second = np.arange(FPS) / FPS
    if kind == "nothing":
        return []
    if kind == "empty chunks":
        return [Chunk(pictures(0, 16), np.zeros(0), 0, np.zeros(0, np.float32), 0) for _ in range(2)]
    if kind == "silent sound":
        return [Chunk(None, np.zeros(0), 0, np.zeros(SAMPLE_RATE, np.float32), n * SAMPLE_RATE) for n in range(2)]
    if kind == "sound only":
        noise = np.random.default_rng(7).normal(0, 0.1, 2 * SAMPLE_RATE).astype(np.float32)
        return [
            Chunk(None, np.zeros(0), 0, noise[n * SAMPLE_RATE : (n + 1) * SAMPLE_RATE], n * SAMPLE_RATE)
            for n in range(2)
        ]
    if kind == "picture over silence":
        return [
            Chunk(pictures(FPS, 16 + 100 * n), second + n, n * FPS, np.zeros(SAMPLE_RATE, np.float32), n * SAMPLE_RATE)
            for n in range(2)
        ]
    raise ValueError(kind)


def info_for(kind: str) -> MediaInfo:
    video = kind in ("empty chunks", "picture over silence", "nothing")
    return MediaInfo(
        path=Path(f"{kind}.mov"),
        duration_s=2.0,
        frame_rate=Fraction(FPS) if video else None,
        start_timecode=None,
        has_video=video,
        has_audio=kind != "empty chunks",
    )


def chain(name: str) -> list[type[Detector]]:
    """The detector and every one it runs after, directly or not, in the order they finish."""
    needed = {name}
    grew = True
    while grew:
        more = {dep for n in needed for dep in REGISTRY[n].after}
        grew = not more <= needed
        needed |= more
    return [REGISTRY[kind.name] for kind in finish_order() if kind.name in needed]


KINDS = ["nothing", "empty chunks", "silent sound", "sound only", "picture over silence"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_a_detector_finishes_on_any_input_with_a_result_that_round_trips(models, name, kind):
    info = info_for(kind)
    detectors = [cls(info, models, DEVICE) for cls in chain(name)]
    # Fed every chunk, whatever it reads: a chunk without its kind of input must not trouble it.
    for chunk in chunks(kind):
        for detector in detectors:
            detector.feed(chunk)
    results = {}
    for detector in detectors:
        results[detector.name] = detector.finish(dict(results))
    result = results[name]
    cls = REGISTRY[name]
    assert type(result) is cls.result_type
    as_json = json.loads(json.dumps(result.to_json(), allow_nan=False))
    assert cls.result_type.from_json(as_json) == result
    assert cls.result_type.from_json(as_json).to_json() == as_json


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_the_empty_result_round_trips(name):
    result_type = REGISTRY[name].result_type
    empty = result_type()
    assert result_type.from_json(json.loads(json.dumps(empty.to_json()))) == empty


@pytest.mark.parametrize("name", sorted(n for n, cls in REGISTRY.items() if cls.after))
def test_after_is_honoured(models, name):
    order = [cls.name for cls in finish_order()]
    for dep in REGISTRY[name].after:
        assert order.index(dep) < order.index(name)
    info = info_for("picture over silence")
    classes = chain(name)
    running = [cls(info, models, DEVICE) for cls in classes]
    handed: dict[str, dict] = {}
    finished: list[str] = []
    for detector in running:

        def watched(earlier, detector=detector, finish=detector.finish):
            handed[detector.name] = dict(earlier)
            result = finish(earlier)
            finished.append(detector.name)
            return result

        detector.finish = watched
    results = detect(running, chunks("picture over silence"), {}, finish_order())
    assert finished.index(name) == len(finished) - 1  # nothing else in its chain waits on it
    for dep in REGISTRY[name].after:
        assert finished.index(dep) < finished.index(name)
        assert handed[name][dep] is results[dep]
        assert isinstance(handed[name][dep], REGISTRY[dep].result_type)


def test_the_catalogue_lists_every_detector_as_it_runs():
    """A cached job reads by the catalogue alone (no detector imported): a detector it lacked would never be
    read from the cache, one it had wrong would read another version's entries."""
    from workprint.engine.analysis.catalogue import KINDS

    assert set(KINDS) == set(REGISTRY)
    for name, cls in REGISTRY.items():
        kind = KINDS[name]
        assert cls.kind is kind
        assert (cls.name, cls.version, cls.reads, cls.after, cls.needs_chunks) == (
            kind.name,
            kind.version,
            kind.reads,
            kind.after,
            kind.needs_chunks,
        )
        assert (cls.params_type, cls.result_type) == (kind.params_type, kind.result_type)
