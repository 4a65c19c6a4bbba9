"""Picture level per frame: parameters (none yet) and result."""

from __future__ import annotations

from dataclasses import dataclass, field

from workprint.engine.analysis.schema.base import DetectorKind, DetectorResult, Params


@dataclass(frozen=True)
class ExposureParams(Params):
    """Nothing to tune: the mean luma of each frame."""


@dataclass(frozen=True)
class ExposureResult(DetectorResult):
    #: Seconds from the media's first picture, one per decoded frame (what every per-frame series lines up with).
    frame_times: list[float] = field(default_factory=list)
    #: Mean luma (0..1) of each frame.
    luma: list[float] = field(default_factory=list)


#: The detector in `detectors/exposure.py`: bump the version when its code changes what it finds.
EXPOSURE = DetectorKind("exposure", version=2, reads="picture", params_type=ExposureParams, result_type=ExposureResult)
