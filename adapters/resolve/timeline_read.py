"""The live timeline as OTIO: Resolve's own OTIO export, enriched with what applying the answer needs.

Resolve writes the OTIO (Timeline.Export with EXPORT_OTIO, 18.5+), so the
shape is the one its importer accepts back. Each clip then gets, under
metadata["workprint_resolve"], the identity and place of the timeline item
it came from: unique id, track type and index, record and source frames,
link group, colour, enabled state, markers, speed. The engine returns
untouched clips as they came and clones for changed ones, so every clip of
the answer still says which item it was.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from typing import Any

from workprint.adapters import metadata
from workprint.adapters.metadata import resolve as resolve_metadata
from workprint.adapters.resolve import otio_dicts as od
from workprint.adapters.resolve.host import Context, has_api
from workprint.engine.errors import HostError


@dataclass
class ItemInfo:
    """A timeline item as read before the job, and the Resolve objects behind it."""

    item: Any
    media_pool_item: Any
    kind: str
    track_index: int
    record_start: int
    duration: int
    source_start: int
    name: str
    unique_id: str


@dataclass
class ReadTimeline:
    timeline: Any
    name: str
    otio: dict
    rate: float
    start_frame: int
    items: dict[str, ItemInfo] = field(default_factory=dict)
    #: Clips Resolve exported that no timeline item matched (kept as they are; applying around them is refused).
    unmatched: list[str] = field(default_factory=list)


def export_otio(ctx: Context, timeline) -> dict:
    resolve = ctx.resolve
    if not has_api(timeline, "Export") or getattr(resolve, "EXPORT_OTIO", None) is None:
        raise HostError(
            f"this Resolve ({ctx.edition.product} {ctx.edition.version_text}) cannot export a timeline "
            "as OTIO: Workprint needs 18.5 or later"
        )
    folder = tempfile.mkdtemp(prefix="workprint-resolve-")
    path = os.path.join(folder, "timeline.otio")
    try:
        if not timeline.Export(path, resolve.EXPORT_OTIO, resolve.EXPORT_NONE) or not os.path.isfile(path):
            raise HostError(f"Resolve could not export the timeline '{timeline.GetName()}' as OTIO")
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except ValueError as exc:
        raise HostError(f"Resolve's OTIO export of '{timeline.GetName()}' could not be read ({exc})") from exc
    finally:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)


def read_timeline(ctx: Context, timeline) -> ReadTimeline:
    otio = export_otio(ctx, timeline)
    rate = od.timeline_rate(
        otio, float(timeline.GetSetting("timelineFrameRate") or 24.0) if has_api(timeline, "GetSetting") else 24.0
    )
    start = int(timeline.GetStartFrame())
    if otio.get("global_start_time") is None:
        otio["global_start_time"] = od.rational(start, rate)
    read = ReadTimeline(timeline, timeline.GetName(), otio, rate, start)
    for ref in od.tracks(otio):
        by_start: dict[int, Any] = {}
        for item in timeline.GetItemListInTrack(ref.kind, ref.index) or []:
            by_start.setdefault(int(item.GetStart()), item)
        for placed in od.walk(ref.track, start, rate):
            if od.schema(placed.item) != "Clip":
                continue
            item = by_start.get(placed.record_start)
            if item is None:
                read.unmatched.append(f"{placed.item.get('name') or 'clip'} ({ref.label})")
                continue
            info = _describe(item, ref, placed, rate)
            read.items[info.unique_id] = info
            placed.item.setdefault("metadata", {})[od.HOST_KEY] = _host_metadata(info, item)
    # The engine reads link groups in its own namespace; the answer's are put back before applying.
    metadata.neutral_dict(otio, host=resolve_metadata.NAME)
    return read


def _describe(item, ref: od.TrackRef, placed: od.Placed, rate: float) -> ItemInfo:
    unique = item.GetUniqueId() if has_api(item, "GetUniqueId") else None
    # Without GetUniqueId the item's place is its identity for the length of one job.
    unique = str(unique or f"{ref.kind}:{ref.index}:{placed.record_start}")
    if has_api(item, "GetSourceStartFrame"):
        source_start = int(item.GetSourceStartFrame())
    else:
        source_start = od.source_start_in_media(placed.item, rate)
    return ItemInfo(
        item,
        item.GetMediaPoolItem(),
        ref.kind,
        ref.index,
        placed.record_start,
        int(item.GetDuration()),
        source_start,
        item.GetName() or placed.item.get("name") or "clip",
        unique,
    )


def _host_metadata(info: ItemInfo, item) -> dict:
    meta = {
        "item_id": info.unique_id,
        "track_type": info.kind,
        "track_index": info.track_index,
        "record_start": info.record_start,
        "record_end": info.record_start + info.duration,
        "source_start": info.source_start,
    }
    mpi = info.media_pool_item
    if mpi is not None and has_api(mpi, "GetMediaId"):
        meta["media_id"] = mpi.GetMediaId()
    if has_api(item, "GetClipColor"):
        meta["clip_color"] = item.GetClipColor() or ""
    if has_api(item, "GetClipEnabled"):
        meta["enabled"] = bool(item.GetClipEnabled())
    if has_api(item, "GetProperty"):
        speed = item.GetProperty("Speed")
        if speed not in (None, ""):
            meta["speed"] = float(speed)
    if has_api(item, "GetMarkers"):
        markers = item.GetMarkers() or {}
        meta["markers"] = [{"frame": float(frame), **dict(info_)} for frame, info_ in sorted(markers.items())]
    return meta
