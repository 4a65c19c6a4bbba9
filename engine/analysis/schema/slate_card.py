"""The slate card read: parameters and result of reading the writing on the card in picture."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workprint.engine.analysis.schema.base import DetectorKind, DetectorResult, Params


@dataclass(frozen=True)
class SlateCardParams(Params):
    #: Frames read for each slate the slate detector found, at most: the middle of the held card first,
    #: then a quarter of the way in and three quarters; the first that gives scene and take ends it.
    frames_per_slate: int = 3
    #: Pictures are decoded for reading at most this many lines high (a 4K frame is read as 1080 lines).
    decode_height_px: int = 1080
    #: The card is cut out of its frame and read at this height (pixels): its labels then stand 15-30 px
    #: high, where the text detector finds lines best, and a large card costs no more than a small one.
    card_height_px: int = 240
    #: Luma (0..1) above which a pixel is the card's face, and the share of a row or column (0..1) so bright
    #: that bounds the card (as the slate detector finds it).
    bright: float = 0.7
    card_line_share: float = 0.3
    #: Room kept around the card's bounds (share of its width and height), so writing at its edge is whole.
    margin: float = 0.03
    #: Lines of text the reader is less sure of than this (0..1) are not read.
    min_confidence: float = 0.6


@dataclass(frozen=True)
class CardRead:
    """What one slate's card says."""

    #: The slate in picture (media seconds), and the frame its card was read on.
    start_s: float
    end_s: float
    frame_s: float
    scene: str | None = None
    shot: str | None = None
    take: int | None = None
    roll: str | None = None
    #: How sure the reader was of the scene and take (0..1, the least sure of their lines).
    confidence: float = 0.0
    #: Every line read on the card, as read, top to bottom ("LIGHTHOUSE | ROLL | SCENE | TAKE | A001 | 21A | 3").
    text: str = ""

    @property
    def numbers(self) -> bool:
        return self.scene is not None or self.take is not None

    @property
    def label(self) -> str:
        return f"{self.scene or ''}{self.shot or ''}" + (f"-{self.take}" if self.take is not None else "")


@dataclass(frozen=True)
class SlateCardResult(DetectorResult):
    #: Each slate's card, in order (a slate whose card could not be read is left out).
    cards: list[CardRead] = field(default_factory=list)
    #: What read them ("rapidocr-onnxruntime 1.4.4, PP-OCRv4"); empty when no slate was in picture.
    reader: str = ""

    @classmethod
    def from_json(cls, data: Any) -> SlateCardResult:
        return cls(cards=[CardRead(**c) for c in data.get("cards", [])], reader=data.get("reader", ""))

    @property
    def best(self) -> CardRead | None:
        """The card that names the take: the surest of those with numbers (a take has one slate; a second,
        at its tail, is read too)."""
        named = [c for c in self.cards if c.numbers]
        return max(named, key=lambda c: (c.scene is not None and c.take is not None, c.confidence), default=None)


#: The detector in `detectors/slate_card.py`: bump the version when its code changes what it finds.
SLATE_CARD = DetectorKind(
    "slate_card",
    version=1,
    reads="picture",
    params_type=SlateCardParams,
    result_type=SlateCardResult,
    after=("slate",),
    needs_chunks=False,
)
