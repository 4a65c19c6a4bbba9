"""Flash frames: parameters and result."""

from __future__ import annotations

from dataclasses import dataclass

from workprint.engine.analysis.schema.base import DetectorKind, EventsResult, Params


@dataclass(frozen=True)
class FlashParams(Params):
    #: How much brighter (mean luma, 0..1) than the frames on both sides a flash is.
    jump: float = 0.25
    #: The longest flash (frames).
    max_frames: int = 3
    #: Confidence (0..1) of each flash event.
    confidence: float = 0.9


@dataclass(frozen=True)
class FlashResult(EventsResult):
    """Events of kind "flash"."""


#: The detector in `detectors/flash.py`: bump the version when its code changes what it finds.
FLASH = DetectorKind(
    "flash", version=2, reads="picture", params_type=FlashParams, result_type=FlashResult, after=("exposure",)
)
