"""A slate card read: scene, setup, take and roll from the lines of text found on the card's face.

What a text reader gives back is lines of text with their boxes, in no order a person would read: a
label and its value may be one line ("SCENE 12A", "TAKE3" when the reader drops the space, or a title
run into a label, "LIGHTHOUSE ROLL A001"), or two, the value beside the label or under it (the ruled
columns of a classic clapper: ROLL | SCENE | TAKE over their values). Each label takes the value in
its own line when there is one, else the nearest line of text below it or to its right that holds no
label. British cards write SLATE (a running number that names the setup) where American ones write
SCENE; both name the setup. Standard library only: decisions and tests read it without the reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: What each label on a card names, by the ways it is written.
LABELS: dict[str, str] = {
    **dict.fromkeys(("SCENE", "SCENE NO", "SCN", "SC", "SLATE", "SLATE NO"), "scene"),
    **dict.fromkeys(("TAKE", "TAKE NO", "TK"), "take"),
    **dict.fromkeys(("ROLL", "CAM ROLL", "RL", "REEL"), "roll"),
    **dict.fromkeys(("SHOT", "SETUP", "ANGLE"), "shot"),
}
_BY_SQUEEZED = {name.replace(" ", ""): field for name, field in LABELS.items()}
# Longest first, so "SCENE" is not read as "SC" and a value after it.
_LABEL = re.compile(
    r"(?<![A-Z])(" + "|".join(re.escape(k).replace(r"\ ", r"\s*") for k in sorted(LABELS, key=len, reverse=True)) + r")"
    r"(?:\s*[.:#\-]\s*|\s+|(?=[0-9])|(?=[A-Z][0-9])|$)"
)
#: What a reader confuses in numbers: letters that look like digits.
_AS_DIGIT = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "|": "1", "!": "1", "Z": "2", "S": "5"})
#: A label's value is looked for at most this many of the label's own heights away.
_REACH = 4.0


@dataclass(frozen=True)
class Written:
    """One line of text found on the card, its box in pixels (left, top, right, bottom), and how sure
    the reader is of it (0..1)."""

    text: str
    box: tuple[float, float, float, float]
    confidence: float = 1.0


@dataclass(frozen=True)
class CardFields:
    scene: str | None = None
    shot: str | None = None
    take: int | None = None
    roll: str | None = None
    #: The least sure of the lines the scene and take were read from (0..1).
    confidence: float = 0.0

    @property
    def numbers(self) -> bool:
        return self.scene is not None or self.take is not None

    @property
    def label(self) -> str:
        """As a log writes it: "12A-3", "12A", "-3"."""
        return f"{self.scene or ''}{self.shot or ''}" + (f"-{self.take}" if self.take is not None else "")


def scene_value(text: str) -> tuple[str, str | None] | None:
    """ "12A" → ("12", "A"); "12" → ("12", None); a reader's "l2A" or "I2A" too; None for anything else."""
    cleaned = re.sub(r"[\s.\-_/]", "", text.upper())
    match = re.fullmatch(r"([0-9OILQDSZ|!]{1,4}?)([A-Z]{0,2})", cleaned)
    if match is None:
        return None
    digits = match.group(1).translate(_AS_DIGIT)
    if not digits.isdigit() or not any(ch.isdigit() for ch in match.group(1)):
        return None  # a word ("SOLD"), not a number a reader half misread
    return str(int(digits)), match.group(2) or None


def take_value(text: str) -> int | None:
    cleaned = re.sub(r"[\s.\-_]", "", text.upper())
    if not 1 <= len(cleaned) <= 3:
        return None
    digits = cleaned.translate(_AS_DIGIT)
    if not digits.isdigit() or not any(ch.isdigit() for ch in cleaned):
        return None
    return int(digits)


def shot_value(text: str) -> str | None:
    cleaned = re.sub(r"[\s.\-_]", "", text.upper())
    return cleaned if re.fullmatch(r"[A-Z]{1,2}", cleaned) else None


def roll_value(text: str) -> str | None:
    cleaned = re.sub(r"[\s.\-_]", "", text.upper())
    if not re.fullmatch(r"[A-Z]{0,2}[0-9O]{1,4}[A-Z]{0,2}", cleaned) or not any(c.isdigit() for c in cleaned):
        return None
    return cleaned


_PARSE = {"scene": scene_value, "take": take_value, "shot": shot_value, "roll": roll_value}


@dataclass(frozen=True)
class _Label:
    field: str
    #: What follows the label in its own line, up to the next label ("" when nothing does).
    rest: str
    line: int


def read_card(lines: Sequence[Written]) -> CardFields:
    """Scene, setup, take and roll from the lines found on a card; fields not found are None."""
    labels: list[_Label] = []
    labelled: set[int] = set()
    for n, line in enumerate(lines):
        text = line.text.upper()
        found = list(_LABEL.finditer(text))
        for i, match in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(text)
            # The reader may drop a label's space ("TAKENO 3"): the label is looked up without spaces.
            name = re.sub(r"\s+", "", match.group(1))
            labels.append(_Label(_BY_SQUEEZED[name], text[match.end() : end].strip(" .:#-"), n))
            labelled.add(n)
    values: dict[str, tuple[Any, float]] = {}
    waiting: list[_Label] = []
    for label in labels:
        parsed = _PARSE[label.field](label.rest) if label.rest else None
        if parsed is not None and label.field not in values:
            values[label.field] = (parsed, lines[label.line].confidence)
        elif not label.rest:
            waiting.append(label)
    # Labels alone on their line take the nearest free line below or to the right, nearest pair first.
    free = [n for n in range(len(lines)) if n not in labelled]
    pairs = sorted(
        (distance, label_index, n)
        for label_index, label in enumerate(waiting)
        for n in free
        if (distance := _reach(lines[label.line].box, lines[n].box)) is not None
    )
    taken_labels: set[int] = set()
    taken_lines: set[int] = set()
    for _, label_index, n in pairs:
        label = waiting[label_index]
        if label_index in taken_labels or n in taken_lines or label.field in values:
            continue
        parsed = _PARSE[label.field](lines[n].text)
        if parsed is None:
            continue
        values[label.field] = (parsed, min(lines[n].confidence, lines[label.line].confidence))
        taken_labels.add(label_index)
        taken_lines.add(n)

    def value(field: str) -> Any:
        return values[field][0] if field in values else None

    scene_number, scene_shot = value("scene") or (None, None)
    used = [values[f][1] for f in ("scene", "take") if f in values]
    return CardFields(
        scene=scene_number,
        shot=value("shot") or scene_shot,
        take=value("take"),
        roll=value("roll"),
        confidence=round(min(used), 3) if used else 0.0,
    )


def _reach(label: tuple[float, float, float, float], value: tuple[float, float, float, float]) -> float | None:
    """How far a value's box lies below or to the right of a label's, in the label's heights; None when it
    is neither (above, to the left, or out of reach)."""
    left, top, right, bottom = label
    v_left, v_top, v_right, v_bottom = value
    height = max(1.0, bottom - top)
    # Below: the value starts under the label and overlaps its column.
    overlap_x = min(right, v_right) - max(left, v_left)
    if v_top >= top + height * 0.5 and overlap_x > 0:
        gap = max(0.0, v_top - bottom) / height
        return gap if gap <= _REACH else None
    # To the right: the value starts after the label and shares its row.
    overlap_y = min(bottom, v_bottom) - max(top, v_top)
    if v_left >= right - height * 0.5 and overlap_y > 0.4 * min(height, v_bottom - v_top):
        gap = max(0.0, v_left - right) / height
        return gap if gap <= _REACH else None
    return None
