"""Soft focus: parameters and result."""

from __future__ import annotations

from dataclasses import dataclass, field

from workprint.engine.analysis.schema.base import DetectorKind, EventsResult, Params


@dataclass(frozen=True)
class BlurParams(Params):
    #: A frame sharper than less than this share (0..1) of its shot's reference sharpness is soft.
    soft_share: float = 0.45
    #: The reference sharpness of a shot: this quantile (0..1) of its frames' sharpness.
    reference_quantile: float = 0.9
    #: Soft stretches shorter than this (seconds) are not reported.
    min_soft_s: float = 0.4
    #: Frames at or under this mean luma (0..1) are too dark to judge focus on.
    judged_above_luma: float = 0.08
    #: Shots with fewer judged frames than this (frames) are not judged.
    min_shot_frames: int = 3
    #: Confidence (0..1) of each soft event.
    confidence: float = 0.75


@dataclass(frozen=True)
class BlurResult(EventsResult):
    """Events of kind "soft", and sharpness per frame (variance of the Laplacian on 0..1 luma)."""

    sharpness: list[float] = field(default_factory=list)


#: The detector in `detectors/blur.py`: bump the version when its code changes what it finds.
BLUR = DetectorKind(
    "blur", version=3, reads="picture", params_type=BlurParams, result_type=BlurResult, after=("shots", "exposure")
)
