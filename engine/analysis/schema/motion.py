"""Motion and unsteady stretches: parameters and result."""

from __future__ import annotations

from dataclasses import dataclass, field

from workprint.engine.analysis.schema.base import DetectorKind, EventsResult, Params


@dataclass(frozen=True)
class MotionParams(Params):
    #: Mean absolute change between frames (luma, 0..1) above which the picture moves hard.
    unsteady_above: float = 0.02
    #: ...and above this many times the take's median change (times), for takes that move throughout.
    median_factor: float = 3.0
    #: Unsteady stretches shorter than this (frames) are not reported.
    min_frames: int = 4
    #: Frames this close to a cut (frames) are a change of picture, not a moving camera.
    cut_reach_frames: float = 1.5
    #: Confidence (0..1) of each unsteady event.
    confidence: float = 0.7


@dataclass(frozen=True)
class MotionResult(EventsResult):
    """Events of kind "unsteady", and the change from the frame before (luma, 0..1) per frame."""

    motion: list[float] = field(default_factory=list)


#: The detector in `detectors/motion.py`: bump the version when its code changes what it finds.
MOTION = DetectorKind(
    "motion",
    version=2,
    reads="picture",
    params_type=MotionParams,
    result_type=MotionResult,
    after=("shots", "exposure"),
)
