"""The one interface every detector has, and the registry that finds them by name.

A detector is fed every chunk of the one decode pass and gives back a small
JSON-able result. Each has a version: changing a detector bumps it, and only
its own cache entries are redone.
"""

from __future__ import annotations

from typing import Any, ClassVar

import torch

from workprint.engine.analysis.decode import Chunk
from workprint.engine.analysis.media_info import MediaInfo

Result = dict[str, Any]


class Detector:
    name: ClassVar[str]
    version: ClassVar[int]
    #: "picture" or "sound": what it reads from each chunk.
    reads: ClassVar[str]
    #: Results of other detectors its finish() needs (they finish first).
    after: ClassVar[tuple[str, ...]] = ()

    def __init__(self, info: MediaInfo, models: Any, device: torch.device) -> None:
        self.info = info
        self.models = models
        self.device = device

    def feed(self, chunk: Chunk) -> None:
        raise NotImplementedError

    def finish(self, earlier: dict[str, Result]) -> Result:
        raise NotImplementedError


REGISTRY: dict[str, type[Detector]] = {}


def register(cls: type[Detector]) -> type[Detector]:
    REGISTRY[cls.name] = cls
    return cls


def event(kind: str, start: float, end: float, confidence: float) -> dict:
    return {"kind": kind, "start_s": round(float(start), 4), "end_s": round(float(end), 4),
            "confidence": round(float(confidence), 3)}


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
