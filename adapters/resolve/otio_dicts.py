"""OTIO JSON read as plain dictionaries: just what the Resolve adapter needs, standard library only.

Resolve exports `Clip.2` (several media references, one active) and older
hosts `Clip.1` (one reference); both are read. Record positions are counted
the way OTIO does: gaps and clips take room on a track, transitions do not.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from workprint.adapters.metadata import resolve as resolve_metadata

#: Where Workprint keeps a Resolve item's identity on each OTIO clip. Not "workprint": the engine
#: rewrites that key on every clip it changes, and this one must survive the round trip.
HOST_KEY = "workprint_resolve"


def schema(obj: dict | None) -> str:
    """ "Clip" for {"OTIO_SCHEMA": "Clip.2"}."""
    if not isinstance(obj, dict):
        return ""
    return str(obj.get("OTIO_SCHEMA", "")).split(".")[0]


def to_frames(rational: dict | None, rate: float) -> int:
    """A RationalTime dict as whole frames at rate."""
    if not rational:
        return 0
    value, own = float(rational.get("value", 0.0)), float(rational.get("rate", rate) or rate)
    return round(value * rate / own)


def rational(frames: float, rate: float) -> dict:
    return {"OTIO_SCHEMA": "RationalTime.1", "rate": float(rate), "value": float(frames)}


def time_range(start: float, duration: float, rate: float) -> dict:
    return {"OTIO_SCHEMA": "TimeRange.1", "duration": rational(duration, rate), "start_time": rational(start, rate)}


def range_rate(time_range_dict: dict | None, default: float) -> float:
    if not time_range_dict:
        return default
    return float((time_range_dict.get("duration") or {}).get("rate") or default)


def active_reference(clip: dict) -> dict | None:
    refs = clip.get("media_references")
    if isinstance(refs, dict):
        return refs.get(clip.get("active_media_reference_key") or "DEFAULT_MEDIA") or next(iter(refs.values()), None)
    return clip.get("media_reference")


def media_path(clip: dict) -> str:
    ref = active_reference(clip)
    return str(ref.get("target_url") or "") if ref is not None and schema(ref) == "ExternalReference" else ""


def item_duration(item: dict, rate: float) -> int:
    """Frames an item takes on its track (transitions take none)."""
    kind = schema(item)
    if kind == "Transition":
        return 0
    source = item.get("source_range")
    if source:
        return to_frames(source["duration"], rate)
    if kind == "Stack":
        return max((track_length(t, rate) for t in item.get("children", [])), default=0)
    ref = active_reference(item) if kind == "Clip" else None
    available = (ref or {}).get("available_range")
    return to_frames(available["duration"], rate) if available else 0


def track_length(track: dict, rate: float) -> int:
    return sum(item_duration(item, rate) for item in track.get("children", []))


@dataclass(frozen=True)
class Placed:
    """One item of a track and where it sits, in frames of the timeline's rate, record frames absolute."""

    item: dict
    position: int
    record_start: int
    duration: int

    @property
    def record_end(self) -> int:
        return self.record_start + self.duration


def walk(track: dict, start_frame: int, rate: float) -> Iterator[Placed]:
    cursor = start_frame
    for position, item in enumerate(track.get("children", [])):
        length = item_duration(item, rate)
        yield Placed(item, position, cursor, length)
        cursor += length


@dataclass(frozen=True)
class TrackRef:
    """A top-level OTIO track as Resolve numbers it: ("video", 1), ("audio", 2)..."""

    kind: str
    index: int
    track: dict

    @property
    def label(self) -> str:
        return f"{'V' if self.kind == 'video' else 'A'}{self.index}"


def tracks(timeline: dict) -> list[TrackRef]:
    counts = {"video": 0, "audio": 0}
    found = []
    for track in (timeline.get("tracks") or {}).get("children", []):
        if schema(track) != "Track":
            continue
        kind = "audio" if track.get("kind") == "Audio" else "video"
        counts[kind] += 1
        found.append(TrackRef(kind, counts[kind], track))
    return found


def timeline_rate(timeline: dict, default: float = 24.0) -> float:
    start = timeline.get("global_start_time") or {}
    return float(start.get("rate") or default)


def timeline_start(timeline: dict) -> int:
    start = timeline.get("global_start_time")
    return to_frames(start, timeline_rate(timeline)) if start else 0


def clip_rate(clip: dict, default: float) -> float:
    return range_rate(clip.get("source_range"), default)


def media_rate(clip: dict, default_rate: float) -> float:
    """The rate of the clip's media: its reference's available range, else the clip's own range."""
    ref = active_reference(clip) or {}
    return range_rate(ref.get("available_range"), clip_rate(clip, default_rate))


def _seconds(rational: dict | None, rate: float) -> float:
    if not rational:
        return 0.0
    return float(rational.get("value", 0.0)) / float(rational.get("rate", rate) or rate)


def source_start_in_media(clip: dict, default_rate: float) -> int:
    """The clip's first frame counted from the media's first frame, in the media's own frames.

    Ranges are timecode-absolute in Resolve, and a clip's range may be written at the timeline's rate
    while its media runs at another, so the offset is taken in seconds and counted at the media's rate.
    """
    rate = clip_rate(clip, default_rate)
    source = clip.get("source_range") or {}
    ref = active_reference(clip) or {}
    available = ref.get("available_range") or {}
    offset = _seconds(source.get("start_time"), rate) - _seconds(available.get("start_time"), rate)
    return round(offset * media_rate(clip, default_rate))


def source_frames_in_media(clip: dict, default_rate: float) -> int:
    """How many of the media's own frames the clip's range covers (-1 without a range)."""
    source = clip.get("source_range")
    if not source:
        return -1
    return round(_seconds(source.get("duration"), clip_rate(clip, default_rate)) * media_rate(clip, default_rate))


def host_meta(obj: dict) -> dict:
    meta = obj.get("metadata") or {}
    value = meta.get(HOST_KEY)
    return value if isinstance(value, dict) else {}


def link_group(clip: dict):
    """Resolve's own link group of a clip (the answer's neutral ones are translated back before this is read)."""
    own = (clip.get("metadata") or {}).get(resolve_metadata.HOST_KEY)
    return own.get(resolve_metadata.LINK_GROUP) if isinstance(own, dict) else None


def has_time_effect(item: dict) -> bool:
    """Speed changes and freeze frames: OTIO's TimeEffect schemas."""
    effects = item.get("effects") or []
    return any(schema(effect) in ("LinearTimeWarp", "FreezeFrame", "TimeEffect") for effect in effects)


def strip_host_metadata(obj):
    """A copy without Workprint's host keys: what Resolve's own importer is given."""
    if isinstance(obj, dict):
        return {k: strip_host_metadata(v) for k, v in obj.items() if k != HOST_KEY}
    if isinstance(obj, list):
        return [strip_host_metadata(v) for v in obj]
    return obj
