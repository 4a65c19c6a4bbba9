"""A day of dailies: several setups, several takes each, each take with at most one defect.

Used by the selects tests and benchmarks. Each setup has its own picture
(a different framing is a different look) and its own codec and frame rate;
its takes carry the defects an assistant editor watches for: a flubbed and
restarted line, soft focus, clipped sound, a take that stops early. Exactly
one take per setup is clean, and the truth says which.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio

from workprint.engine.demo.synth import Picture, Sound, TakeScript, write_take
from workprint.engine.domain.meta import CLIP_PROPERTIES, META_KEY

#: (scene, setup, look, codec, container, frame rate, the setup's lines)
SETUPS = (
    ("12", "A", 11, "h264", ".mp4", Fraction(24000, 1001), ("line1", "line2")),
    ("12", "B", 12, "mjpeg", ".mov", Fraction(25), ("line3", "line4")),
    ("14", "A", 13, "mpeg4", ".mov", Fraction(24), ("line2", "line1")),
)
#: Per setup, its takes' defects in take order (None: the clean take).
DEFECTS = (
    ("flub", "soft", None),
    ("clipped", None, "short"),
    ("short", None),
)


@dataclass(frozen=True)
class DailyTake:
    path: Path
    scene: str
    setup: str
    take: int
    defect: str | None
    #: Dialogue in media seconds.
    lines: tuple[tuple[float, float], ...]

    @property
    def slate_name(self) -> str:
        return f"S{self.scene}{self.setup}_T{self.take:02d}"


def _script(
    look: int, codec: str, fps: Fraction, lines: tuple[str, ...], defect: str | None, size: tuple[int, int]
) -> TakeScript:
    # "Action!" off mic, then a beat before the first line, as on set.
    sounds = [Sound("clap", 1.0), Sound("action", 1.35, -14)]
    at = 2.8
    spoken = list(lines)
    if defect == "flub":
        # The first line breaks down and is said again from the top.
        spoken = [lines[0], *lines]
    if defect == "short":
        spoken = spoken[:1]
    for name in spoken:
        sounds.append(Sound(name, at))
        at += {"line1": 2.6, "line2": 2.15, "line3": 1.55, "line4": 2.7}[name] + 0.6
    if defect == "clipped":
        sounds.append(Sound("clip", 3.0))
    duration = at + 1.6
    sounds.append(Sound("cut", duration - 1.0, -14))
    kind = "soft" if defect == "soft" else "scene"
    pictures = [Picture("slate", 0.0, 1.2), Picture("scene", 1.2, 2.2, look), Picture(kind, 2.2, duration, look)]
    return TakeScript(duration_s=duration, pictures=pictures, sounds=sounds, fps=fps, codec=codec, size=size)


def make_dailies(folder: Path, size: tuple[int, int] = (320, 180)) -> list[DailyTake]:
    """Write the takes under camera-original names (A001_C001…), as a card comes off set."""
    folder.mkdir(parents=True, exist_ok=True)
    takes, clip = [], 0
    for (scene, setup, look, codec, container, fps, lines), defects in zip(SETUPS, DEFECTS, strict=True):
        for take, defect in enumerate(defects, start=1):
            clip += 1
            path = folder / f"A001_C{clip:03d}{container}"
            truth = write_take(path, _script(look, codec, fps, lines, defect, size))
            spoken = tuple((a, b) for name, a, b in truth.lines if name.startswith("line"))
            takes.append(DailyTake(path, scene, setup, take, defect, spoken))
    return takes


def renamed(takes: list[DailyTake], folder: Path) -> list[DailyTake]:
    """The same media under slate-style names (S12A_T01…), as an assistant renames them."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for take in takes:
        target = folder / f"{take.slate_name}{take.path.suffix}"
        shutil.copyfile(take.path, target)
        out.append(DailyTake(target, take.scene, take.setup, take.take, take.defect, take.lines))
    return out


def logged_bin(takes: list[DailyTake], circled: dict[str, int] | None = None) -> otio.schema.SerializableCollection:
    """A bin as a host's adapter sends it: clips with the scene/shot/take a person logged (neutral names)."""
    clips = []
    for take in takes:
        properties: dict[str, object] = {"scene": take.scene, "shot": take.setup, "take": str(take.take), "camera": "A"}
        if circled and circled.get(f"{take.scene}{take.setup}") == take.take:
            properties["good"] = True
        ref = otio.schema.ExternalReference(target_url=otio.url_utils.url_from_filepath(str(take.path)))
        clips.append(
            otio.schema.Clip(
                name=take.path.name, media_reference=ref, metadata={META_KEY: {CLIP_PROPERTIES: properties}}
            )
        )
    return otio.schema.SerializableCollection(name="Day 3 dailies", children=clips)
