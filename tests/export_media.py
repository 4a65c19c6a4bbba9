"""Media for the applications' exports, made where each file points: rate, length and start timecode as the
file says, tiny pictures, a line of dialogue with a long pause inside, so the trims job has something to do."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from fractions import Fraction
from pathlib import Path
from urllib.parse import quote

from workprint.engine.demo.synth import Picture, Sound, TakeScript, write_take

NTSC = {24: Fraction(24000, 1001), 30: Fraction(30000, 1001), 60: Fraction(60000, 1001)}


def lines_for(seconds: float) -> list[Sound]:
    """Dialogue that fits: a line, a pause of more than a second and a half, another line; or one short call."""
    if seconds >= 6.0:
        return [Sound("line3", 0.4), Sound("line2", 0.4 + 1.6 + 2.2)]
    if seconds >= 2.4:
        return [Sound("line3", 0.5)]
    return [Sound("action", 0.3)]


def relink_fcp7(source: Path, folder: Path) -> Path:
    """A copy of an FCP 7 XML whose <pathurl>s point at media made in folder (as an editor relinks)."""
    text = source.read_text(encoding="utf-8")
    root = ElementTree.fromstring(text.encode("utf-8"))
    made: dict[str, Path] = {}
    longest: dict[str, tuple[int, ElementTree.Element]] = {}
    for element in root.iter("file"):
        url = element.findtext("pathurl")
        if url is None:
            continue
        frames = int(element.findtext("duration") or "0")
        if frames > longest.get(url, (-1, element))[0]:
            longest[url] = (frames, element)
    for url, (frames, element) in longest.items():
        timebase = int(element.findtext("rate/timebase") or "24")
        ntsc = (element.findtext("rate/ntsc") or "FALSE").upper() == "TRUE"
        fps = NTSC.get(timebase, Fraction(timebase)) if ntsc else Fraction(timebase)
        has_video = element.find("media/video") is not None
        name = Path(element.findtext("name") or f"media{len(made)}").stem + (".mov" if has_video else ".wav")
        seconds = float(frames / fps)
        timecode = (element.findtext("timecode/string") or "").replace(";", ":") or None
        target = folder / name
        write_take(
            target,
            TakeScript(
                duration_s=seconds,
                fps=fps,
                size=(64, 36),
                start_timecode=timecode if has_video else None,
                video=has_video,
                pictures=[Picture("scene", 0.0, seconds, 3)],
                sounds=lines_for(seconds),
            ),
        )
        made[url] = target
    for url, target in made.items():
        text = text.replace(f"<pathurl>{url}</pathurl>", f"<pathurl>file://localhost{quote(str(target))}</pathurl>")
    copy = folder / source.name
    copy.write_text(text, encoding="utf-8")
    return copy
