"""Shot boundaries: parameters and result."""

from __future__ import annotations

from dataclasses import dataclass, field

from workprint.engine.analysis.schema.base import DetectorKind, DetectorResult, Params


@dataclass(frozen=True)
class ShotsParams(Params):
    #: Frames TransNetV2 sees at once (frames).
    window_frames: int = 100
    #: Frames either side of a window's centre whose judgement is kept (frames): the middle 80, ten frames
    #: of context either side. The file is a fixed grid of blocks of twice this; a block is judged once,
    #: by the window around it: 1.25 frames through the network per frame judged.
    keep_frames: int = 40
    #: Frames either side of a candidate that are judged (frames): the blocks holding them.
    reach_frames: int = 8
    #: Judge every frame (every block), not only around the cheap pass's candidates.
    every_frame: bool = False
    #: Cheap pass, hard cut: mean absolute change from the frame before (0..1) above this...
    hard_change: float = 0.06
    #: ...and above this many times the typical change just before (times).
    hard_ratio: float = 3.0
    #: How many frame-to-frame changes make "typical" (frames; two seconds at 24 fps).
    recent_frames: int = 48
    #: Cheap pass, dissolve or wipe: change over this many frames (frames)...
    gradual_span_frames: int = 12
    #: ...above this mean absolute change (0..1).
    gradual_change: float = 0.08
    #: TransNetV2's probability (0..1) above which a frame may end a shot (about 0.3 did best on cuts).
    threshold: float = 0.3
    #: A cut is the highest probability within this many frames either side (frames).
    peak_radius_frames: int = 5
    #: Frames either side of a cut compared to tell it parts two different pictures (frames).
    compare_reach_frames: int = 8
    #: Two of those frames whose 8×4 grey thumbnails differ by less than this (mean absolute, 0..1) show
    #: the same picture: the cut is a flash frame or a glitch. Measured on the cut-dense benchmark: 0.005
    #: at most across its flash frames, 0.018 at least across its real cuts between different pictures.
    same_picture_change: float = 0.01
    #: Rows and columns darker than this (mean 0..1) on the first frames are letterbox or pillarbox bars.
    bar_level: float = 0.04


@dataclass(frozen=True)
class ShotsResult(DetectorResult):
    #: Seconds of each cut (the first frame of the new shot).
    cuts: list[float] = field(default_factory=list)
    #: [start_s, end_s] of each shot, covering the file.
    shots: list[list[float]] = field(default_factory=list)
    #: How much the network ran (windows), and how many candidates the cheap pass raised.
    windows_judged: int = 0
    candidates: int = 0


#: The detector in `detectors/shots.py`: bump the version when its code changes what it finds.
SHOTS = DetectorKind(
    "shots", version=5, reads="picture", params_type=ShotsParams, result_type=ShotsResult, after=("exposure",)
)
