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


def _cluster(takes: list[Take]) -> list[list[Take]]:
    """Greedy grouping: each take joins the closest setup within reach, else starts one."""
    clusters: list[list[Take]] = []
    for take in sorted(takes, key=lambda t: t.order):
        best, best_distance = None, SAME_SETUP
        for cluster in clusters:
            distance = min(_distance(take, other) for other in cluster)
            if distance < best_distance:
                best, best_distance = cluster, distance
        if best is None:
            clusters.append([take])
        else:
            best.append(take)
    return clusters


def _distance(a: Take, b: Take) -> float:
    if a.signature is None or b.signature is None:
        # Sound only: nothing to compare; each stands alone unless both are silent pictures.
        return float("inf")
    if a.signature.shape != b.signature.shape:
        return float("inf")
    return float(np.mean(np.abs(a.signature - b.signature)))


def _scene_order(key: tuple[str, str]) -> tuple:
    scene, shot = key
    digits = "".join(ch for ch in scene if ch.isdigit())
    return (int(digits) if digits else 10**9, scene, shot)


def _take_order(take: Take) -> tuple:
    return (take.name.take if take.name.take is not None else 10**6, take.order)
