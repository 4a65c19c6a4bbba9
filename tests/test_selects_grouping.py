"""Takes without names grouped by picture: the bounded search finds the setups every distance would."""

from __future__ import annotations

import random

import numpy as np

from workprint.engine.selects import grouping
from workprint.engine.selects.grouping import SAME_SETUP, Take


def every_distance(takes: list[Take]) -> list[list[str]]:
    """The greedy grouping measured take by take against every take placed before it."""
    clusters: list[list[Take]] = []
    for take in sorted(takes, key=lambda t: t.order):
        best, best_distance = None, SAME_SETUP
        for cluster in clusters:
            distance = min(
                float(np.mean(np.abs(take.signature - other.signature)))
                if take.signature is not None
                and other.signature is not None
                and take.signature.shape == other.signature.shape
                else float("inf")
                for other in cluster
            )
            if distance < best_distance:
                best, best_distance = cluster, distance
        if best is None:
            clusters.append([take])
        else:
            best.append(take)
    return [[t.key for t in c] for c in clusters]


def a_bin(seed: int) -> list[Take]:
    """Framings with takes around each (as near as a setup's takes, or nearly too far), some sound only,
    some of another shape, in a shuffled bin order."""
    rng, pick = np.random.default_rng(seed), random.Random(seed)
    framings = [rng.random(pick.choice([48, 192])).astype(np.float32) for _ in range(pick.randint(1, 6))]
    takes = []
    for n in range(pick.randint(0, 60)):
        chance = pick.random()
        if chance < 0.1:
            signature = None
        elif chance < 0.2:
            signature = np.round(rng.random((4, 4, 3)), 4).astype(np.float32)
        else:
            framing = framings[pick.randrange(len(framings))]
            spread = pick.choice([0.0, 0.02, 0.06, 0.1, 0.16])
            signature = np.round(np.clip(framing + rng.normal(0, spread, framing.shape), 0, 1), 4).astype(np.float32)
        takes.append(Take(str(n), f"clip {n}", None, signature, pick.randint(0, 1000)))
    return takes


def test_the_setups_found_by_picture_are_those_every_distance_finds():
    setups = 0
    for seed in range(300):
        takes = a_bin(seed)
        expected = every_distance(takes)
        assert [[t.key for t in c] for c in grouping._cluster(takes)] == expected, seed
        setups += sum(len(c) > 1 for c in expected)
    assert setups > 100  # the bins hold setups of several takes, not only takes on their own
