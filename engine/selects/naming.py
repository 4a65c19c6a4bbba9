"""Scene, setup and take from what people wrote: logged clip properties, then file names.

Conventions seen on set and in dailies:
- Logged fields, as a host's translator leaves them in the engine's namespace
  (engine/domain/meta.py): scene "12", shot "A", take "3", good (circled), camera.
- Slate-style names: "S12A_T03", "Sc12A-Tk3", "12A-3", "12A_3", "12A.3", "12A T3".
- Camera-original names: "A001_C003" or "A001C003_230101_R1AB" (roll and clip only: no setup).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_SLATE = re.compile(
    r"""(?ix)
    (?:^|[^a-z0-9])
    (?:s(?:c|cene)?[ _-]?)?            # S, Sc, Scene
    (?P<scene>\d{1,4})
    (?P<shot>[a-z]{0,2})               # setup letter(s)
    [ _.\-]*
    (?:t(?:k|ake)?[ _-]?|[_.\-])       # T, Tk, Take, or a separator
    (?P<take>\d{1,3})
    (?:$|[^0-9])
    """
)
#: Sources of a name read off the slate (heard, or read on its card), not written by a person.
FROM_SLATE = frozenset({"slate", "card", "slate+card"})
_CAMERA = re.compile(r"(?i)^(?P<camera>[a-z])(?P<roll>\d{3})_?c(?P<clip>\d{3})")


@dataclass(frozen=True)
class TakeName:
    scene: str | None = None
    shot: str | None = None
    take: int | None = None
    camera: str | None = None
    good: bool = False
    #: Where it came from: "metadata", "name", "camera-name", "slate" (spoken), "card" (the slate card in
    #: picture), "slate+card" (both, agreeing) or "none".
    source: str = "none"

    @property
    def setup_key(self) -> tuple[str, str] | None:
        if self.scene is None:
            return None
        return (self.scene, self.shot or "")

    @property
    def label(self) -> str:
        if self.scene is None:
            return ""
        return f"{self.scene}{self.shot or ''}" + (f"-{self.take}" if self.take is not None else "")


def from_properties(properties: Mapping[str, Any]) -> TakeName | None:
    """Scene/shot/take as a person logged them (neutral field names); None when none are filled in."""

    def first(field: str) -> str | None:
        value = properties.get(field)
        return None if value in (None, "") else str(value).strip()

    scene, shot, take = first("scene"), first("shot"), first("take")
    good = properties.get("good") is True or (first("good") or "").lower() in ("1", "true", "yes", "y")
    if scene is None and take is None:
        return TakeName(good=good, camera=first("camera"), source="none") if good else None
    scene_match = re.fullmatch(r"(?i)(\d+)([a-z]{0,2})", scene or "")
    if scene_match and not shot:
        scene, shot = scene_match.group(1), scene_match.group(2) or None
    return TakeName(
        scene=scene,
        shot=(shot or None) and shot.upper(),
        take=_int(take),
        camera=first("camera"),
        good=good,
        source="metadata",
    )


def from_name(name: str) -> TakeName:
    stem = re.sub(r"\.[A-Za-z0-9]{2,5}$", "", name)
    camera = _CAMERA.match(stem)
    if camera:
        return TakeName(camera=camera.group("camera").upper(), source="camera-name")
    slate = _SLATE.search(stem)
    if slate:
        return TakeName(
            scene=str(int(slate.group("scene"))),
            shot=slate.group("shot").upper() or None,
            take=int(slate.group("take")),
            source="name",
        )
    return TakeName()


def take_name(name: str, properties: Mapping[str, Any] | None = None) -> TakeName:
    """Metadata first (a person wrote it), then the file name."""
    logged = from_properties(properties or {})
    named = from_name(name)
    if logged is None:
        return named
    if logged.scene is None:
        return TakeName(named.scene, named.shot, named.take, logged.camera or named.camera, logged.good, named.source)
    return logged


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    digits = re.search(r"\d+", text)
    return int(digits.group()) if digits else None
