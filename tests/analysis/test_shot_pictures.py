"""A cut the network finds is kept when it parts two different pictures, however alike their coarse
luma, and dropped when the same picture is on both sides (a flash frame)."""

from __future__ import annotations

import numpy as np
import torch

from workprint.engine.analysis.detectors.shots import Shots


def detector_with(thumbnails: list[np.ndarray]) -> Shots:
    shots = Shots(None, None, torch.device("cpu"))
    shots.tiny = thumbnails
    return shots


def test_two_pictures_alike_in_their_thumbnails_are_still_two_shots():
    # The cut-dense benchmark's closest real cut: thumbnails 0.018 apart (a flash's sides: under 0.005).
    rng = np.random.default_rng(3)
    first = rng.uniform(0.2, 0.6, 32).astype(np.float32)
    second = first + np.where(rng.random(32) < 0.5, -0.018, 0.018).astype(np.float32)
    drift = [first + 0.001 * n for n in range(20)] + [second + 0.001 * n for n in range(20)]
    assert detector_with(drift)._separates(20)


def test_a_flash_frame_has_the_same_picture_on_both_sides():
    rng = np.random.default_rng(4)
    picture = rng.uniform(0.2, 0.6, 32).astype(np.float32)
    frames = [picture + 0.0005 * n for n in range(40)]
    frames[20] = np.full(32, 0.96, np.float32)
    shots = detector_with(frames)
    assert not shots._separates(20) and not shots._separates(21)
