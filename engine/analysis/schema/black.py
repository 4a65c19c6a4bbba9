"""Black frames: parameters and result."""

from __future__ import annotations

from dataclasses import dataclass

from workprint.engine.analysis.schema.base import DetectorKind, EventsResult, Params


@dataclass(frozen=True)
class BlackParams(Params):
    #: Mean luma (0..1) under which a frame may be black.
    mean_below: float = 0.06
    #: Luma (0..1) its bright end must stay under too: a dark scene with a lamp in it is not black.
    bright_below: float = 0.12
    #: Where the bright end is taken: this quantile (0..1) of the frame's pixels.
    bright_quantile: float = 0.98
    #: Confidence (0..1) of each black event.
    confidence: float = 0.95


@dataclass(frozen=True)
class BlackResult(EventsResult):
    """Events of kind "black"."""


#: The detector in `detectors/black.py`: bump the version when its code changes what it finds.
BLACK = DetectorKind("black", version=2, reads="picture", params_type=BlackParams, result_type=BlackResult)
