"""A day on set as it really goes: spoken slates, tail slates, calls loud and quiet, a flub, an early stop.

Where the dailies (dailies.py) are tidy, this card is recorded the way sets vary: the first assistant
director on a lav ("Roll sound" and "Action!" as loud as the actors) on some takes and off mic on
others; the second assistant reading the slate aloud before the clap, or a tail slate after "Cut!"
when the head was missed; an actor who breaks off a line, says sorry and starts it again; a take that
stops after its first line; a picture-only (MOS) insert with no sound at all. Every file has a
camera-original name (A001C001_261123_0176.mov) and no metadata: only the voices and the slate cards
name the takes. The cards are written in three layouts (ruled columns, one field a line, small labels over
large values); the picture-only insert is named by its card alone, held up with no clap; and on one take
the clapper loader left the card's take number from the take before, so voice and card disagree.
Exactly one take per setup with sound is clean and complete, and the truth says which.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio

from workprint.engine.demo.synth import Picture, SlateCard, Sound, TakeScript, Truth, voice, write_take

#: Lines as the actors say them (the recordings in voice/).
SAID = {
    "line1": "I told you we shouldn't have left before the storm.",
    "line2": "Nobody listens to me in this house.",
    "line3": "And why are you still here?",
    "line4": "Because somebody has to keep the lights on.",
}

#: Each take: (scene, setup, take, look, defect, what is heard in order as (recording, gain dB, pause before)).
#: A gain of 0 is a voice on a lav, as loud as the actors; -14 dB is off mic.
LAV, OFF = 0.0, -14.0
TAKES: tuple[tuple[str, str, int, int, str | None, tuple[tuple[str, float, float], ...]], ...] = (
    (
        "21", "B", 1, 23, None,
        (("roll_sound", LAV, 0.5), ("speed", OFF, 0.6), ("clap", 0.0, 0.9), ("and_action", LAV, 0.7),
         ("line3", 0.0, 1.0), ("line4", 0.0, 0.6), ("cut_call", LAV, 1.0), ("tail_21b_1", OFF, 0.8)),
    ),
    (
        "21", "A", 1, 22, "flub",
        (("roll_sound", LAV, 0.5), ("speed", LAV, 0.6), ("slate_21a_1", OFF, 0.5), ("marker", OFF, 0.3),
         ("clap", 0.0, 0.4), ("and_action", LAV, 0.8), ("line1", 0.0, 1.0), ("line2:1.0", 0.0, 0.6),
         ("sorry", 0.0, 0.5), ("line2", 0.0, 1.0), ("cut_call", LAV, 1.0)),
    ),
    (
        "20", "A", 1, 21, None,
        (("roll_sound", OFF, 0.5), ("speed", OFF, 0.6), ("slate_20a_1", OFF, 0.5), ("clap", 0.0, 0.6),
         ("and_action", OFF, 0.8), ("line3", 0.0, 1.0), ("line4", 0.0, 0.6), ("cut_call", OFF, 1.0)),
    ),
    (
        "21", "A", 2, 22, None,
        (("slate_21a_2", OFF, 0.5), ("clap", 0.0, 0.6), ("and_action", OFF, 0.8), ("line1", 0.0, 1.0),
         ("line2", 0.0, 0.6), ("cut_call", OFF, 1.0), ("back_to_one", OFF, 0.6)),
    ),
    (
        "21", "B", 2, 23, "short",
        (("slate_21b_2", LAV, 0.5), ("clap", 0.0, 0.6), ("and_action", LAV, 0.8), ("line3", 0.0, 1.0),
         ("cut_call", LAV, 1.0), ("back_to_one", LAV, 0.6)),
    ),
    (
        "21", "A", 3, 22, "short",
        (("roll_sound", OFF, 0.5), ("speed", OFF, 0.6), ("slate_21a_3", OFF, 0.5), ("clap", 0.0, 0.6),
         ("and_action", OFF, 0.8), ("line1", 0.0, 1.0), ("cut_call", OFF, 1.2)),
    ),
    # A picture-only insert: no sound, no voice to name it.
    ("21", "C", 1, 24, "mos", ()),
)  # fmt: skip
RUN_OUT_S = 1.2
FPS = Fraction(25)
#: How each take's card is laid out, in the order of TAKES.
CARD_LAYOUTS = ("columns", "inline", "stacked", "columns", "inline", "stacked", "columns")
#: Takes (scene, setup, take) whose card says another take number: the card not updated since the last take.
CARD_SAYS_TAKE = {("21", "B", 2): 1}
#: A picture-only take's card is held this long (seconds), with no clap.
MOS_SLATE_S = 1.2


@dataclass(frozen=True)
class SetTake:
    path: Path
    scene: str
    setup: str
    take: int
    defect: str | None
    truth: Truth
    #: What the take's slate card says.
    card: SlateCard | None = None

    @property
    def label(self) -> str:
        return f"{self.scene}{self.setup}-{self.take}"

    @property
    def lines(self) -> list[tuple[str, float, float]]:
        """The actors' lines (media seconds), broken-off ones included."""
        return [(n, a, b) for n, a, b in self.truth.lines if n.startswith("line") or n == "sorry"]

    @property
    def performance(self) -> tuple[float, float] | None:
        lines = self.lines
        return (min(a for _, a, _ in lines), max(b for _, _, b in lines)) if lines else None


def _length(name: str) -> float:
    recording, _, until = name.partition(":")
    return float(until) if until else len(voice(recording)) / 16_000


def _script(
    look: int, defect: str | None, heard: tuple[tuple[str, float, float], ...], size, card: SlateCard | None = None
) -> TakeScript:
    at = 0.0
    sounds = []
    clap_at = None
    for name, gain, pause in heard:
        at += pause
        if name == "clap":
            sounds.append(Sound("clap", at))
            clap_at = at
            at += 0.06
            continue
        recording, _, until = name.partition(":")
        sounds.append(Sound(recording, at, gain, float(until) if until else None))
        at += _length(name)
    duration = at + RUN_OUT_S if heard else 6.0
    slate_end = (clap_at + 0.1) if clap_at is not None else (MOS_SLATE_S if not heard else 0.0)
    pictures = [Picture("scene", slate_end, duration, look)]
    if slate_end > 0:
        pictures.insert(0, Picture("slate", 0.0, slate_end, card=card))
    return TakeScript(
        duration_s=duration,
        pictures=pictures,
        sounds=sounds,
        fps=FPS,
        size=size,
        codec="mjpeg",
        audio=defect != "mos",
    )


def make_set_day(folder: Path, size: tuple[int, int] = (320, 180)) -> list[SetTake]:
    """The card as it comes off set: camera-original names, in the order the camera shot them."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for clip, (scene, setup, take, look, defect, heard) in enumerate(TAKES, start=1):
        path = folder / f"A001C{clip:03d}_261123_{175 + clip:04d}.mov"
        written = CARD_SAYS_TAKE.get((scene, setup, take), take)
        card = SlateCard(f"{scene}{setup}", written, roll="A001", layout=CARD_LAYOUTS[clip - 1])
        truth = write_take(path, _script(look, defect, heard, size, card))
        out.append(SetTake(path, scene, setup, take, defect, truth, card))
    return out


def set_day_bin(takes: list[SetTake]) -> otio.schema.SerializableCollection:
    """The card as a bin: clips with nothing logged."""
    clips = [
        otio.schema.Clip(
            name=t.path.name,
            media_reference=otio.schema.ExternalReference(target_url=otio.url_utils.url_from_filepath(str(t.path))),
        )
        for t in takes
    ]
    return otio.schema.SerializableCollection(name="Day 5 card A001", children=clips)
