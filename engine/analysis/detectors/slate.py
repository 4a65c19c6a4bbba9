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
from workprint.engine.analysis.schema.exposure import ExposureResult
from workprint.engine.analysis.schema.slate import SLATE, SlateParams, SlateResult


@register
class Slate(Detector):
    kind = SLATE
    params: SlateParams

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.flags: list[np.ndarray] = []
        self.previous = None

    def feed(self, chunk) -> None:
        if not len(chunk.frame_times):
            return
        p = self.params
        # A quick screen on the small pictures: held still, with a big share of bright pixels.
        grey = chunk.grey(self.device)
        before = grey[:1] if self.previous is None else self.previous
        still = (torch.cat([before, grey])[:-1] - grey).abs().mean(dim=(1, 2)) < p.still_below
        bright_share = (grey > p.bright).float().mean(dim=(1, 2))
        candidates = torch.nonzero((bright_share > p.min_card / 2) & still).flatten().tolist()
        flags = np.zeros(len(grey), dtype=bool)
        if candidates:
            # Then the card itself on the larger picture, where its writing can be seen.
            detail = chunk.detail_luma(self.device)
            for i in candidates:
                card = to_grey(detail[i].clone())
                flags[i] = _looks_like_a_card(card, card > p.bright, p)
        self.flags.append(flags)
        self.previous = grey[-1:].clone()

    def finish(self, earlier) -> SlateResult:
        exposure: ExposureResult = earlier["exposure"]
        times = np.asarray(exposure.frame_times)
        flags = np.concatenate(self.flags) if self.flags else np.zeros(0, dtype=bool)
        min_frames = max(1, round(self.params.min_held_s / self.info.frame_s))
        spans = runs(flags, times, self.info.frame_s, min_frames=min_frames)
        return SlateResult(events=[event("slate", a, b, self.params.confidence) for a, b in spans])


def _looks_like_a_card(grey: torch.Tensor, bright: torch.Tensor, p: SlateParams) -> bool:
    height, width = grey.shape
    rows = torch.nonzero(bright.float().mean(dim=1) > p.card_line_share).flatten()
    cols = torch.nonzero(bright.float().mean(dim=0) > p.card_line_share).flatten()
    if len(rows) < 4 or len(cols) < 4:
        return False
    top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    if (bottom - top) * (right - left) < p.min_card * height * width:
        return False
    card = grey[top:bottom, left:right]
    if float((card > p.bright).float().mean()) < p.card_bright_share:
        return False  # not a card, just bright things spread around
    strokes = float((card < p.dark).float().mean())
    edges = (card[1:, :] - card[:-1, :]).abs()[:, :-1] + (card[:, 1:] - card[:, :-1]).abs()[:-1, :]
    edge_share = float((edges > p.edge_step).float().mean())
    return p.strokes[0] <= strokes <= p.strokes[1] and edge_share >= p.min_edges
