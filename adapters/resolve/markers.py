"""OTIO markers as Resolve markers: its own colour names, the reason in the note.

A timeline item's marker frame is counted from the item's first frame.
"""

from __future__ import annotations

import json

from workprint.adapters.resolve import otio_dicts as od
from workprint.adapters.resolve.host import has_api
from workprint.engine.domain import kinds

#: Resolve's marker colours (the README's AddMarker takes these names).
RESOLVE_COLOURS = (
    "Blue",
    "Cyan",
    "Green",
    "Yellow",
    "Red",
    "Pink",
    "Purple",
    "Fuchsia",
    "Rose",
    "Lavender",
    "Sky",
    "Mint",
    "Lemon",
    "Sand",
    "Cocoa",
    "Cream",
)

#: OTIO's MarkerColor names to Resolve's nearest (Resolve has no orange, magenta, white or black).
FROM_OTIO = {
    "RED": "Red",
    "PINK": "Pink",
    "ORANGE": "Sand",
    "YELLOW": "Yellow",
    "GREEN": "Green",
    "CYAN": "Cyan",
    "BLUE": "Blue",
    "PURPLE": "Purple",
    "MAGENTA": "Fuchsia",
    "BLACK": "Cocoa",
    "WHITE": "Cream",
}

#: Marks Workprint's own markers in customData, so a second run can tell them from the editor's.
CUSTOM_PREFIX = "workprint:"


def resolve_colour(otio_colour: str | None, kind_name: str | None = None) -> str:
    """Workprint's own markers take their kind's Resolve colour; an editor's, the nearest to its OTIO colour."""
    if kind_name and kind_name in kinds.BY_NAME:
        return kinds.BY_NAME[kind_name].resolve_colour
    name = str(otio_colour or "").upper()
    return FROM_OTIO.get(name) or (otio_colour if otio_colour in RESOLVE_COLOURS else "Blue")


def is_workprint(marker: dict) -> bool:
    return "workprint" in (marker.get("metadata") or {})


def add_clip_markers(item, clip: dict, rate: float, only_workprint: bool = False) -> int:
    """Put the clip's markers on the timeline item; returns how many Resolve took."""
    if not has_api(item, "AddMarker"):
        return 0
    source = clip.get("source_range") or {}
    clip_start = od.to_frames(source.get("start_time"), rate)
    length = int(item.GetDuration())
    taken = set((item.GetMarkers() or {}).keys()) if has_api(item, "GetMarkers") else set()
    added = 0
    for marker in clip.get("markers") or []:
        if only_workprint and not is_workprint(marker):
            continue
        marked = marker.get("marked_range") or {}
        frame = min(max(0, od.to_frames(marked.get("start_time"), rate) - clip_start), max(0, length - 1))
        while float(frame) in taken and frame < length - 1:
            frame += 1  # Resolve keeps one marker per frame
        duration = max(1, od.to_frames(marked.get("duration"), rate))
        note = marker.get("comment") or ""
        meta = (marker.get("metadata") or {}).get("workprint") or {}
        custom = (
            CUSTOM_PREFIX + json.dumps({"kind": meta.get("kind"), "confidence": meta.get("confidence")}) if meta else ""
        )
        colour = resolve_colour(marker.get("color"), meta.get("kind") if isinstance(meta, dict) else None)
        if item.AddMarker(
            frame, colour, marker.get("name") or "Workprint", note, min(duration, max(1, length - frame)), custom
        ):
            taken.add(float(frame))
            added += 1
    return added
