"""A slate in frame: a large bright card with dark, text-like strokes, held still.

Read on the larger grey picture: the card is a big region of bright pixels;
writing on it shows as dark pixels and strong edges inside that region; it
is held still for a moment while the clapper is read.
"""

from __future__ import annotations

import numpy as np
import torch

from workprint.engine.analysis.decode import to_grey
from workprint.engine.analysis.detector import Detector, event, register, runs

BRIGHT = 0.7
DARK = 0.35
#: Share of the frame the card's bounding box covers at least.
MIN_CARD = 0.08
#: Share of dark strokes inside the card (text), and of edge pixels.
STROKES = (0.03, 0.45)
MIN_EDGES = 0.04
STILL = 0.02
MIN_HELD_S = 0.4


@register
class Slate(Detector):
    name = "slate"
    version = 3
    reads = "picture"
    after = ("exposure",)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.flags: list[np.ndarray] = []
        self.previous = None

    def feed(self, chunk) -> None:
        if not len(chunk.frame_times):
            return
        # A quick screen on the small pictures: held still, with a big share of bright pixels.
        grey = chunk.grey(self.device)
        before = grey[:1] if self.previous is None else self.previous
        still = (torch.cat([before, grey])[:-1] - grey).abs().mean(dim=(1, 2)) < STILL
        bright_share = (grey > BRIGHT).float().mean(dim=(1, 2))
        candidates = torch.nonzero((bright_share > MIN_CARD / 2) & still).flatten().tolist()
        flags = np.zeros(len(grey), dtype=bool)
        if candidates:
            # Then the card itself on the larger picture, where its writing can be seen.
            detail = chunk.detail_luma(self.device)
            for i in candidates:
                card = to_grey(detail[i].clone())
                flags[i] = _looks_like_a_card(card, card > BRIGHT)
        self.flags.append(flags)
        self.previous = grey[-1:].clone()

    def finish(self, earlier):
        times = np.asarray(earlier["exposure"]["frame_times"])
        flags = np.concatenate(self.flags) if self.flags else np.zeros(0, dtype=bool)
        min_frames = max(1, round(MIN_HELD_S / self.info.frame_s))
        spans = runs(flags, times, self.info.frame_s, min_frames=min_frames)
        return {"events": [event("slate", a, b, 0.8) for a, b in spans]}


def _looks_like_a_card(grey: torch.Tensor, bright: torch.Tensor) -> bool:
    height, width = grey.shape
    rows = torch.nonzero(bright.float().mean(dim=1) > 0.3).flatten()
    cols = torch.nonzero(bright.float().mean(dim=0) > 0.3).flatten()
    if len(rows) < 4 or len(cols) < 4:
        return False
    top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    if (bottom - top) * (right - left) < MIN_CARD * height * width:
        return False
    card = grey[top:bottom, left:right]
    if float((card > BRIGHT).float().mean()) < 0.5:
        return False  # not a card, just bright things spread around
    strokes = float((card < DARK).float().mean())
    edges = (card[1:, :] - card[:-1, :]).abs()[:, :-1] + (card[:, 1:] - card[:, :-1]).abs()[:-1, :]
    edge_share = float((edges > 0.3).float().mean())
    return STROKES[0] <= strokes <= STROKES[1] and edge_share >= MIN_EDGES
