"""Thumbnails: parameters and result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from workprint.engine.analysis.schema.base import DetectorKind, DetectorResult, Params


@dataclass(frozen=True)
class ThumbnailsParams(Params):
    #: A picture at least this often (seconds) while fewer than max_frames (pictures) are kept.
    interval_s: float = 0.5
    max_frames: int = 600
    #: FFmpeg's JPEG quantiser scale (2 best .. 31 worst): small files that still show a face or a slate.
    qscale: int = 5


@dataclass(frozen=True)
class ThumbnailsResult(DetectorResult):
    # About 1.5 KB a picture, up to max_frames of them: read from the cache by the report that draws them.
    held: ClassVar[bool] = False

    #: The spacing the pictures ended at (seconds), and their size (width, height in pixels).
    interval_s: float = 0.0
    size: list[int] = field(default_factory=list)
    #: Media seconds of each picture, and its JPEG (base64), in order.
    times: list[float] = field(default_factory=list)
    jpeg: list[str] = field(default_factory=list)


#: The detector in `detectors/thumbnails.py`: bump the version when its code changes what it finds.
THUMBNAILS = DetectorKind(
    "thumbnails", version=1, reads="picture", params_type=ThumbnailsParams, result_type=ThumbnailsResult
)
