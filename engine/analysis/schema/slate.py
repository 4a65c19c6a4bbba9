"""A slate in frame: parameters and result."""

from __future__ import annotations

from dataclasses import dataclass

from workprint.engine.analysis.schema.base import DetectorKind, EventsResult, Params


@dataclass(frozen=True)
class SlateParams(Params):
    #: Luma (0..1) above which a pixel is part of the card, and under which it is writing on it.
    bright: float = 0.7
    dark: float = 0.35
    #: Share of the frame (0..1) the card's bounding box covers at least.
    min_card: float = 0.08
    #: Share of rows and of columns (0..1) bright enough to bound the card.
    card_line_share: float = 0.3
    #: Share of the card's box (0..1) that is bright: a card, not bright things spread around.
    card_bright_share: float = 0.5
    #: Share of dark strokes inside the card (0..1, least and most): text.
    strokes: tuple[float, float] = (0.03, 0.45)
    #: Share of edge pixels inside the card (0..1) at least, an edge being a step above edge_step (0..1).
    min_edges: float = 0.04
    edge_step: float = 0.3
    #: Mean change from the frame before (0..1) under which the picture is held still.
    still_below: float = 0.02
    #: A slate is held at least this long (seconds).
    min_held_s: float = 0.4
    #: Confidence (0..1) of each slate event.
    confidence: float = 0.8


@dataclass(frozen=True)
class SlateResult(EventsResult):
    """Events of kind "slate"."""


#: The detector in `detectors/slate.py`: bump the version when its code changes what it finds.
SLATE = DetectorKind(
    "slate", version=3, reads="picture", params_type=SlateParams, result_type=SlateResult, after=("exposure",)
)
