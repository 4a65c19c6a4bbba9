"""The one interface every detector has, and the registry that finds them by name.

A detector is fed every chunk of the one decode pass and gives back its own
typed result (`result_type`, with its JSON form). It is tuned by a frozen
parameter object (`params_type`) and has a version: changing the code bumps
the version, retuning changes the parameters' hash; either way only its own
cache entries are redone. Its kind (name, version, parameters, result), with
its parameters and results, lives in the light `engine/analysis/schema/`
modules (`catalogue.py` lists them), so a cached job reads its analyses
without importing torch.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import torch

from workprint.engine.analysis.catalogue import KINDS
from workprint.engine.analysis.decode import Chunk
from workprint.engine.analysis.media_info import MediaInfo
from workprint.engine.analysis.result import Event
from workprint.engine.analysis.schema.base import DetectorKind, DetectorResult, Params
from workprint.engine.errors import ConfigError

#: Results already finished, by detector name: what `finish` reads of the detectors it runs after.
Earlier = Mapping[str, DetectorResult]


class Detector:
    #: What the cache and the jobs know of it without running it (`schema/`); the attributes below are its.
    kind: ClassVar[DetectorKind]
    name: ClassVar[str]
    version: ClassVar[int]
    reads: ClassVar[str]
    after: ClassVar[tuple[str, ...]] = ()
    needs_chunks: ClassVar[bool] = True
    params_type: ClassVar[type[Params]]
    result_type: ClassVar[type[DetectorResult]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("kind")
        if kind is not None:
            cls.name, cls.version, cls.reads = kind.name, kind.version, kind.reads
            cls.after, cls.needs_chunks = kind.after, kind.needs_chunks
            cls.params_type, cls.result_type = kind.params_type, kind.result_type

    def __init__(self, info: MediaInfo, models: Any, device: torch.device, params: Params | None = None) -> None:
        if params is None:
            params = self.params_type()
        elif not isinstance(params, self.params_type):
            raise ConfigError(f"detector {self.name!r} takes {self.params_type.__name__}, not {type(params).__name__}")
        self.params = params
        self.info = info
        self.models = models
        self.device = device

    def attach(self, running: Mapping[str, Detector]) -> None:
        """Called once before the first chunk with every detector running in this pass, by name: a detector
        may watch another's progress (words starts on the speech closed so far). Most need nothing."""

    def feed(self, chunk: Chunk) -> None:
        raise NotImplementedError

    def finish(self, earlier: Earlier) -> DetectorResult:
        raise NotImplementedError


REGISTRY: dict[str, type[Detector]] = {}


def register(cls: type[Detector]) -> type[Detector]:
    # The catalogue is what a cached job reads by (without this module): a detector it lacks would never
    # be asked of the cache.
    if KINDS.get(cls.name) is not cls.kind:
        raise RuntimeError(f"detector {cls.name!r} is not the kind the catalogue lists (catalogue.py)")
    REGISTRY[cls.name] = cls
    return cls


def event(kind: str, start: float, end: float, confidence: float) -> Event:
    return Event(
        kind=kind, start_s=round(float(start), 4), end_s=round(float(end), 4), confidence=round(float(confidence), 3)
    )


def runs(mask, times, frame_s: float, min_frames: int = 1) -> list[tuple[float, float]]:
    """Spans of consecutive True frames, as (start_s, end_s)."""
    spans = []
    start = None
    count = 0
    for flag, t in zip(mask, times, strict=True):
        if flag:
            if start is None:
                start, count = t, 0
            count += 1
            last = t
        elif start is not None:
            if count >= min_frames:
                spans.append((float(start), float(last + frame_s)))
            start = None
    if start is not None and count >= min_frames:
        spans.append((float(start), float(last + frame_s)))
    return spans
