"""A media-pool bin as an OTIO SerializableCollection of clips, with what people logged about each take.

The selects engine reads Scene, Shot, Take, Good Take and Camera # from
metadata["Resolve_OTIO"]["Clip Properties"]; Resolve keeps them partly in
clip properties and partly in metadata, so both are merged there (what a
person typed in metadata wins over an empty property).
"""

from __future__ import annotations

from typing import Any

from workprint.adapters import metadata
from workprint.adapters.metadata import resolve as resolve_metadata
from workprint.adapters.resolve import otio_dicts as od
from workprint.adapters.resolve.host import Context, has_api
from workprint.engine.errors import HostError

#: Fields carried to the engine; the first five are what selects are decided from.
FIELDS = (
    "Scene",
    "Shot",
    "Take",
    "Good Take",
    "Camera #",
    "Angle",
    "Keywords",
    "Comments",
    "Description",
    "File Path",
    "FPS",
    "Start TC",
    "Frames",
    "Duration",
    "Clip Name",
    "Type",
    "Roll/Card",
    "Reel Name",
)


def selected_or_folder(ctx: Context) -> tuple[str, list]:
    """The clips the editor selected in the media pool, else every clip of the current folder."""
    pool = ctx.media_pool
    if has_api(pool, "GetSelectedClips"):
        selected = [c for c in (pool.GetSelectedClips() or []) if c is not None]
        if selected:
            return "Selected clips", selected
    folder = pool.GetCurrentFolder() if has_api(pool, "GetCurrentFolder") else None
    if folder is None:
        raise HostError("no media pool folder is selected: select the bin of dailies and run the script again")
    clips = [c for c in (folder.GetClipList() or []) if c is not None]
    if not clips:
        raise HostError(
            f"the bin '{folder.GetName()}' holds no clips: select the bin of dailies (or some clips) "
            "and run the script again"
        )
    return folder.GetName() or "Dailies", clips


def read_bin(ctx: Context) -> tuple[dict, dict[str, object]]:
    """The bin as OTIO JSON, and its media pool items by media id."""
    name, clips = selected_or_folder(ctx)
    children, by_id = [], {}
    for clip in clips:
        entry = clip_entry(clip)
        if entry is None:
            continue
        children.append(entry)
        by_id[od.host_meta(entry)["media_id"]] = clip
    if not children:
        raise HostError(f"'{name}' holds no media clips (timelines, titles and compound clips are not takes)")
    collection = {"OTIO_SCHEMA": "SerializableCollection.1", "name": name, "metadata": {}, "children": children}
    metadata.neutral_dict(collection, host=resolve_metadata.NAME)
    return collection, by_id


def _fields(clip) -> dict[str, str]:
    properties = clip.GetClipProperty() or {}
    metadata = clip.GetMetadata() if has_api(clip, "GetMetadata") else {}
    merged = {}
    for key in FIELDS:
        value = str((metadata or {}).get(key) or "").strip() or str(properties.get(key) or "").strip()
        if value:
            merged[key] = value
    return merged


def _number(text: str | None, default: float = 0.0) -> float:
    try:
        return float(str(text).strip())
    except (TypeError, ValueError):
        return default


def _timecode_frames(text: str, rate: float) -> int:
    parts = str(text or "").replace(";", ":").split(":")
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        return 0
    h, m, s, f = (int(p) for p in parts)
    fps = max(1, round(rate))
    return ((h * 60 + m) * 60 + s) * fps + f


def clip_entry(clip) -> dict | None:
    """One media pool item as an OTIO clip (None for what is not a media file)."""
    fields = _fields(clip)
    path = fields.get("File Path", "")
    if not path:
        return None
    rate = _number(fields.get("FPS"), 24.0) or 24.0
    frames = int(_number(fields.get("Frames"), 0))
    start = _timecode_frames(fields.get("Start TC", ""), rate)
    name = clip.GetName() or fields.get("Clip Name") or path.replace("\\", "/").rsplit("/", 1)[-1]
    reference: dict[str, Any] = {
        "OTIO_SCHEMA": "ExternalReference.1",
        "name": name,
        "metadata": {},
        "target_url": path.replace("\\", "/"),
        "available_range": od.time_range(start, frames, rate) if frames else None,
    }
    media_id = clip.GetMediaId() if has_api(clip, "GetMediaId") else None
    return {
        "OTIO_SCHEMA": "Clip.2",
        "name": name,
        "source_range": None,
        "effects": [],
        "markers": [],
        "enabled": True,
        "media_references": {"DEFAULT_MEDIA": reference},
        "active_media_reference_key": "DEFAULT_MEDIA",
        "metadata": {
            "Resolve_OTIO": {"Clip Properties": fields},
            od.HOST_KEY: {"media_id": str(media_id or path), "file_path": path},
        },
    }
