"""A take's look: parameters and result."""

from __future__ import annotations

from dataclasses import dataclass

from workprint.engine.analysis.schema.base import DetectorKind, DetectorResult, Params


@dataclass(frozen=True)
class SignatureParams(Params):
    #: The blurred picture's size (width, height in pixels).
    size: tuple[int, int] = (16, 9)
    #: Frames at or under this mean level (0..1) say nothing of the framing and are left out.
    lit_above: float = 0.06


@dataclass(frozen=True)
class SignatureResult(DetectorResult):
    #: The take's mean picture, RGB 0..1 channel by channel (3 × height × width), or None without a lit frame.
    signature: list[float] | None = None


#: The detector in `detectors/signature.py`: bump the version when its code changes what it finds.
SIGNATURE = DetectorKind(
    "signature", version=2, reads="picture", params_type=SignatureParams, result_type=SignatureResult
)
