"""Takes into setups: by what people logged or named, else by what the pictures look like.

Takes of one setup share a framing: their visual signatures (small, blurred
colour pictures of the take, from the analysis) are close. Two framings of
the same actor are far apart, because the signature keeps the layout of the
frame, not just its colours.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workprint.engine.selects.naming import TakeName

#: Mean absolute difference (0..1 per channel) under which two takes are one setup.
SAME_SETUP = 0.08


@dataclass
class Take:
    key: str
    clip_name: str
    name: TakeName
    #: A small picture of the take (any shape, values 0..1), or None for sound only.
    signature: np.ndarray | None
    order: int


@dataclass
class Setup:
    #: ("12", "A") when known; ("", "visual-3") for setups found from the picture.
    key: tuple[str, str]
    label: str
    takes: list[Take]
    #: "metadata", "name" or "picture".
    found_by: str


def group_takes(takes: list[Take]) -> list[Setup]:
    """Setups in scene then setup order; named ones first, then those found by picture, in bin order."""
    named: dict[tuple[str, str], list[Take]] = {}
    unnamed: list[Take] = []
    for take in takes:
        key = take.name.setup_key
        if key is None:
            unnamed.append(take)
        else:
            named.setdefault(key, []).append(take)
    setups = [
        Setup(key, f"{key[0]}{key[1]}", sorted(members, key=_take_order), members[0].name.source)
        for key, members in sorted(named.items(), key=lambda kv: _scene_order(kv[0]))
    ]
    for n, members in enumerate(_cluster(unnamed), start=1):
        setups.append(Setup(("", f"visual-{n}"), f"Setup {n} (by picture)", members, "picture"))
    return setups


#: Parts of a signature averaged for the cheap lower bound of a distance (see `_cluster`).
BOUND_PARTS = 16
#: Room for float rounding between the bound and the distance it bounds (both well under 1e-6 off).
BOUND_ROOM = 1e-4


def _cluster(takes: list[Take]) -> list[list[Take]]:
    """Greedy grouping: each take joins the closest setup within reach, else starts one.

    A setup's distance is its nearest take's. Measured one by one against every take placed before it, a
    bin of thousands of unnamed takes (a documentary's) made hundreds of millions of distances. The mean
    absolute difference of two signatures is at least that of their parts' means, weighted by the parts'
    sizes (the triangle inequality, part by part): so the distance is worked only for the takes that
    bound lets within reach, and those never change which setup is nearest within reach. Only signatures
    of the same shape can be near."""
    clusters: list[list[Take]] = []
    # Per signature shape: the signatures placed so far, one per row, their parts' means, and each one's setup.
    placed: dict[tuple[int, ...], _Placed] = {}
    for take in sorted(takes, key=lambda t: t.order):
        best = None
        # An empty signature is as none: its distance to any take is no number, never within reach.
        sig = take.signature if take.signature is not None and take.signature.size else None
        shelf = placed.get(sig.shape) if sig is not None else None
        if sig is not None and shelf is not None:
            best = shelf.nearest(sig, len(clusters))
        if best is None:
            best = len(clusters)
            clusters.append([])
        clusters[best].append(take)
        if sig is not None:
            placed.setdefault(sig.shape, _Placed(sig)).add(sig, best)
    return clusters


class _Placed:
    """The signatures of one shape placed so far (each a row, flattened), their parts' means, their setups."""

    def __init__(self, like: np.ndarray) -> None:
        size = like.size
        edges = np.linspace(0, size, min(BOUND_PARTS, size) + 1).astype(int)
        self.starts = edges[:-1]
        self.weights = np.diff(edges) / size
        self.rows = np.empty((16, size), dtype=like.dtype)
        self.parts = np.empty((16, len(self.starts)))
        self.owners = np.empty(16, dtype=np.int64)
        self.count = 0

    def _parts(self, flat: np.ndarray) -> np.ndarray:
        sums = np.add.reduceat(flat.astype(np.float64), self.starts, axis=-1)
        return sums / (self.weights * flat.shape[-1])

    def nearest(self, sig: np.ndarray, setups: int) -> int | None:
        """The first setup at the least distance under SAME_SETUP, or None."""
        count = self.count
        flat = sig.reshape(-1)
        bound = np.abs(self.parts[:count] - self._parts(flat)) @ self.weights
        near = np.flatnonzero(bound < SAME_SETUP + BOUND_ROOM)
        if not len(near):
            return None  # no take placed so far is within reach
        # A distance between two takes: the mean of their signatures' differences (in their own float32).
        distances = np.abs(self.rows[near] - flat).mean(axis=1)
        nearest = np.full(setups, np.inf)
        np.minimum.at(nearest, self.owners[near], distances)
        closest = int(np.argmin(nearest))
        return closest if nearest[closest] < SAME_SETUP else None

    def add(self, sig: np.ndarray, setup: int) -> None:
        count = self.count
        if count == len(self.rows):
            self.rows = np.concatenate([self.rows, np.empty_like(self.rows)])
            self.parts = np.concatenate([self.parts, np.empty_like(self.parts)])
            self.owners = np.concatenate([self.owners, np.empty_like(self.owners)])
        flat = sig.reshape(-1)
        self.rows[count] = flat
        self.parts[count] = self._parts(flat)
        self.owners[count] = setup
        self.count += 1


def _scene_order(key: tuple[str, str]) -> tuple:
    scene, shot = key
    digits = "".join(ch for ch in scene if ch.isdigit())
    return (int(digits) if digits else 10**9, scene, shot)


def _take_order(take: Take) -> tuple:
    return (take.name.take if take.name.take is not None else 10**6, take.order)
