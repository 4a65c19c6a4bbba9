"""A script's dialogue, by scene: plain text, Fountain, or Final Draft (.fdx).

Only what an actor says counts: character cues, parentheticals, action and transitions are left out.
Scenes are numbered as the script numbers them (Fountain's "#12#", a heading that starts "12", or
Final Draft's scene Number), else 1, 2, 3 in order; plain text without headings is one scene.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from workprint.engine.domain.words.lines import Line

_HEADING = re.compile(r"(?i)^\s*(?:\.(?!\.)|(?:\d+[a-z]?\s+)?(?:int|ext|est|int\.?/ext|i/e)[. ])")
_SCENE_NUMBER = re.compile(r"#([0-9]+[A-Za-z]?)#\s*$|^\s*([0-9]+[A-Za-z]?)\s")
_CUE = re.compile(r"^\s*@?[A-Z0-9][A-Z0-9 .'\-]*(?:\s*\([^)]*\))?\s*\^?\s*$")
_TRANSITION = re.compile(r"^\s*(?:[A-Z ]+TO:|>.*)\s*$")


@dataclass
class Script:
    #: Scene number → its lines of dialogue, in order.
    scenes: dict[str, list[Line]] = field(default_factory=dict)
    #: Whether the script numbers its scenes; if not, a script of one scene stands for every setup.
    numbered: bool = False

    def lines(self, scene: str | None) -> list[Line]:
        """The scene's lines; none for a scene the script lacks (a one-scene script without numbers has
        the lines of whatever scene the slate said)."""
        if scene is not None and scene in self.scenes:
            return self.scenes[scene]
        if len(self.scenes) == 1 and not self.numbered:
            return next(iter(self.scenes.values()))
        return []


def read_script(path: Path) -> Script:
    return parse_script(path.read_text(encoding="utf-8", errors="replace"), path.name)


def parse_script(text: str, name: str) -> Script:
    """A script's text; its file name's extension says the format (.fdx: Final Draft, else Fountain)."""
    if name.lower().endswith(".fdx"):
        return parse_fdx(text)
    return parse_fountain(text)


def parse_fountain(text: str) -> Script:
    """Fountain, or plain text: with no character cue in it, every non-empty line is a line of dialogue."""
    rows = text.replace("\r\n", "\n").split("\n")
    has_cues = any(
        _CUE.match(row) and n + 1 < len(rows) and rows[n + 1].strip() and not _HEADING.match(row)
        for n, row in enumerate(rows)
    )
    script = Script()
    scene = "1"
    count = 0
    lines: list[str] = []

    def close() -> None:
        if lines:
            existing = script.scenes.setdefault(scene, [])
            existing += [Line(len(existing) + i + 1, t) for i, t in enumerate(lines)]
            lines.clear()

    in_dialogue = False
    for row in rows:
        stripped = row.strip()
        if (_HEADING.match(row) and stripped.upper() == stripped) or stripped.startswith("."):
            close()
            count += 1
            number = _SCENE_NUMBER.search(stripped.lstrip("."))
            scene = next((g for g in number.groups() if g), str(count)) if number else str(count)
            scene = scene.upper()
            script.numbered = script.numbered or number is not None
            in_dialogue = False
            continue
        if not stripped:
            in_dialogue = False
            continue
        if not has_cues:
            lines.append(stripped)
            continue
        if _TRANSITION.match(row):
            continue
        if not in_dialogue and _CUE.match(row):
            in_dialogue = True
            continue
        if in_dialogue:
            if stripped.startswith("(") and stripped.endswith(")"):
                continue
            lines.append(stripped)
    close()
    return script


def parse_fdx(text: str) -> Script:
    """Final Draft: each Dialogue paragraph is a line, each Scene Heading starts a scene."""
    root = ElementTree.fromstring(text)
    script = Script()
    scene = "1"
    count = 0
    for paragraph in root.iter("Paragraph"):
        kind = paragraph.get("Type", "")
        words = "".join(t.text or "" for t in paragraph.iter("Text")).strip()
        if kind == "Scene Heading":
            count += 1
            scene = (paragraph.get("Number") or str(count)).upper()
            script.numbered = script.numbered or bool(paragraph.get("Number"))
        elif kind == "Dialogue" and words:
            existing = script.scenes.setdefault(scene, [])
            existing.append(Line(len(existing) + 1, words))
    return script
