"""The slate card read: scene, setup and take from the writing on the card, where the slate detector found one.

The one decode pass sees pictures at 320×180, where a card's writing is a few pixels high; so, once the
slate detector has said where the card is held, a few of those frames (the middle one first, then either
side, up to `frames_per_slate`) are decoded again from the file at up to `decode_height_px` lines. Each
is cut down to the card (its bright face, as the slate detector bounds it), scaled to `card_height_px`
and read by PP-OCRv4 (the rapidocr-onnxruntime package's detection and recognition models, on
onnxruntime, held to the analysis' threads). The lines read are parsed into fields by
engine/domain/slate_card.py; the first frame that gives scene and take ends the slate's reading, and so
does a middle frame with nothing written on it at all (the card is held still there: a blank card, or
strokes that are not writing, read the same on its other frames).
A few frames a take: the cost is a second or so per slate on two cores.
"""

from __future__ import annotations

import logging
from typing import Any

import av
import numpy as np
import torch

from workprint.engine.analysis.card_reader import reader_name
from workprint.engine.analysis.detector import Detector, register
from workprint.engine.analysis.media_info import open_container
from workprint.engine.analysis.schema.slate import SlateResult
from workprint.engine.analysis.schema.slate_card import SLATE_CARD, CardRead, SlateCardParams, SlateCardResult
from workprint.engine.domain.slate_card import Written, read_card
from workprint.engine.errors import MediaError

log = logging.getLogger("workprint.analysis")

#: Where in a held slate its frames are read, in order (shares of the slate's span).
READ_AT = (0.5, 0.25, 0.75)


@register
class SlateCard(Detector):
    kind = SLATE_CARD
    params: SlateCardParams

    def feed(self, chunk: Any) -> None:
        # Nothing to gather: the frames worth reading are known only once the slate detector has finished.
        pass

    def finish(self, earlier: Any) -> SlateCardResult:
        slates = earlier.get("slate")
        spans = [(e.start_s, e.end_s) for e in slates.events] if isinstance(slates, SlateResult) else []
        if not spans:
            return SlateCardResult()
        reader = self.models.card_reader(max(1, torch.get_num_threads()))
        cards = []
        try:
            with open_container(self.info.path) as container:
                for start, end in spans:
                    try:
                        card = self._read_slate(container, reader, start, end)
                    except (MediaError, av.error.FFmpegError, OSError):
                        raise
                    except Exception as exc:
                        # A card the reader or the parser chokes on is one card unread, not an analysis lost.
                        log.warning(
                            "%s: the slate card at %.2f s not read (%s: %s)",
                            self.info.path, start, type(exc).__name__, exc,
                        )  # fmt: skip
                        continue
                    if card is not None:
                        cards.append(card)
        except (MediaError, av.error.FFmpegError, OSError) as exc:
            log.warning("%s: slate cards not read (%s)", self.info.path, exc)
        return SlateCardResult(cards=cards, reader=reader_name())

    def _read_slate(self, container: Any, reader: Any, start: float, end: float) -> CardRead | None:
        p = self.params
        best: CardRead | None = None
        for share in READ_AT[: max(1, p.frames_per_slate)]:
            at = start + (end - start) * share
            grey = frame_at(container, at, p.decode_height_px)
            if grey is None:
                continue
            with self.models.card_reader_lock:
                lines = read_lines(reader, grey, p)
            fields = read_card(lines)
            read = CardRead(
                start_s=round(start, 4),
                end_s=round(end, 4),
                frame_s=round(at, 4),
                scene=fields.scene,
                shot=fields.shot,
                take=fields.take,
                roll=fields.roll,
                confidence=fields.confidence,
                text=" | ".join(line.text for line in lines),
            )
            if best is None or _fuller(read, best):
                best = read
            if (read.scene is not None and read.take is not None) or not lines:
                # Read whole; or nothing written at all that could be read: the card's other frames say the same.
                break
        return best if best is not None and (best.numbers or best.text) else None


def _fuller(read: CardRead, than: CardRead) -> bool:
    filled = sum(v is not None for v in (read.scene, read.take))
    other = sum(v is not None for v in (than.scene, than.take))
    return (filled, read.confidence) > (other, than.confidence)


def frame_at(container: Any, at_s: float, max_height: int) -> np.ndarray | None:
    """The picture shown at `at_s` (media seconds from the first picture) as grey uint8, at most
    `max_height` lines high; None when the file has no picture there."""
    if not container.streams.video:
        return None
    stream = container.streams.video[0]
    base = stream.time_base
    origin = float(stream.start_time * base) if stream.start_time is not None else 0.0
    target = at_s + origin
    container.seek(max(0, int((target - 1.0) / base)) if target > 1.0 else 0, stream=stream, backward=True)
    shown = None
    for frame in container.decode(stream):
        if frame.pts is None:
            continue
        if float(frame.pts * base) > target + 1e-6 and shown is not None:
            break
        shown = frame
    if shown is None:
        return None
    height = min(max_height, shown.height)
    width = max(2, round(shown.width * height / shown.height))
    return shown.reformat(width=width, height=height, format="gray").to_ndarray()


def card_crop(grey: np.ndarray, p: SlateCardParams) -> np.ndarray:
    """The card's face with a margin (the whole picture when no card's bounds stand out)."""
    bright = grey > p.bright * 255
    rows = np.flatnonzero(bright.mean(axis=1) > p.card_line_share)
    cols = np.flatnonzero(bright.mean(axis=0) > p.card_line_share)
    if len(rows) < 4 or len(cols) < 4:
        return grey
    top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    dy, dx = round((bottom - top) * p.margin), round((right - left) * p.margin)
    return grey[max(0, top - dy) : bottom + dy, max(0, left - dx) : right + dx]


def read_lines(reader: Any, grey: np.ndarray, p: SlateCardParams) -> list[Written]:
    """The lines of text on the card in a grey picture, in the picture's pixels of the scaled card."""
    import cv2

    card = card_crop(grey, p)
    scale = p.card_height_px / max(1, card.shape[0])
    size = (max(8, round(card.shape[1] * scale)), p.card_height_px)
    scaled = cv2.resize(card, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
    found, _ = reader(np.ascontiguousarray(scaled))
    lines = []
    for box, text, confidence in found or []:
        if float(confidence) < p.min_confidence or not str(text).strip():
            continue
        xs, ys = [float(x) for x, _ in box], [float(y) for _, y in box]
        lines.append(Written(str(text).strip(), (min(xs), min(ys), max(xs), max(ys)), round(float(confidence), 3)))
    lines.sort(key=lambda w: (w.box[1], w.box[0]))
    return lines
