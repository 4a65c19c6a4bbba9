"""Placing media on a timeline with AppendToTimeline, and reading back what landed.

AppendToTimeline's clipInfo takes "mediaPoolItem", "startFrame", "endFrame",
"mediaType" (1 picture, 2 sound), "trackIndex" and "recordFrame" (18.5+).
"recordFrame" is absolute (86400 is 01:00:00:00 at 24 fps). Whether
"endFrame" is the last frame used or the one after it has changed between
versions, so it is probed once per Resolve version on a scratch timeline
and remembered.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from workprint.adapters.resolve.host import Context, has_api, unique_timeline_name
from workprint.engine.errors import ApplyError

PROBE_FRAMES = 10


@dataclass(frozen=True)
class Placement:
    """One piece of media where it must sit: track, absolute record frame, frames, first media frame."""

    kind: str
    track_index: int
    record_start: int
    duration: int
    source_start: int
    media_id: str
    name: str
    #: Media frames used (differs from duration when the media's rate is not the timeline's).
    source_frames: int = -1

    @property
    def frames_in_media(self) -> int:
        return self.duration if self.source_frames < 0 else self.source_frames

    @property
    def key(self) -> tuple:
        return (self.kind, self.track_index, self.record_start, self.duration, self.source_start, self.media_id)

    @property
    def label(self) -> str:
        return f"{'V' if self.kind == 'video' else 'A'}{self.track_index}"


def clip_info(media_pool_item, placement: Placement, end_inclusive: bool) -> dict:
    last = placement.source_start + placement.frames_in_media - (1 if end_inclusive else 0)
    return {
        "mediaPoolItem": media_pool_item,
        "startFrame": placement.source_start,
        "endFrame": last,
        "mediaType": 1 if placement.kind == "video" else 2,
        "trackIndex": placement.track_index,
        "recordFrame": placement.record_start,
    }


def append(ctx: Context, media_pool_item, placement: Placement, end_inclusive: bool):
    items = ctx.media_pool.AppendToTimeline([clip_info(media_pool_item, placement, end_inclusive)])
    items = [i for i in (items or []) if i is not None] if isinstance(items, (list, tuple)) else []
    if len(items) != 1:
        raise ApplyError(
            f"Resolve did not place {placement.name} on {placement.label} at frame {placement.record_start}"
        )
    return items[0]


def _probe_cache(data_dir: str | None) -> str | None:
    return os.path.join(data_dir, "resolve-probes.json") if data_dir else None


def end_frame_inclusive(ctx: Context, media_pool_item, data_dir: str | None = None) -> bool:
    """Probe once per Resolve version: is clipInfo's endFrame the last frame placed?"""
    version = ctx.edition.version_text
    cache_path = _probe_cache(data_dir)
    cache: dict = {}
    if cache_path and os.path.isfile(cache_path):
        try:
            with open(cache_path, encoding="utf-8") as handle:
                cache = json.load(handle)
        except (OSError, ValueError):
            cache = {}
    if version in cache:
        return bool(cache[version])
    project, pool = ctx.project, ctx.media_pool
    current = project.GetCurrentTimeline()
    scratch = pool.CreateEmptyTimeline(unique_timeline_name(project, "Workprint probe"))
    if scratch is None:
        raise ApplyError("Resolve would not create a scratch timeline to check how it places clips")
    try:
        project.SetCurrentTimeline(scratch)
        placed = pool.AppendToTimeline(
            [
                {
                    "mediaPoolItem": media_pool_item,
                    "startFrame": 0,
                    "endFrame": PROBE_FRAMES,
                    "mediaType": 1,
                    "trackIndex": 1,
                    "recordFrame": int(scratch.GetStartFrame()),
                }
            ]
        )
        if not placed:
            placed = pool.AppendToTimeline(
                [
                    {
                        "mediaPoolItem": media_pool_item,
                        "startFrame": 0,
                        "endFrame": PROBE_FRAMES,
                        "mediaType": 2,
                        "trackIndex": 1,
                        "recordFrame": int(scratch.GetStartFrame()),
                    }
                ]
            )
        if not placed:
            raise ApplyError("Resolve would not place a clip on a scratch timeline (is the media online?)")
        inclusive = int(placed[0].GetDuration()) == PROBE_FRAMES + 1
    finally:
        if current is not None:
            project.SetCurrentTimeline(current)
        pool.DeleteTimelines([scratch])
    cache[version] = inclusive
    if cache_path:
        try:
            os.makedirs(os.path.dirname(cache_path), exist_ok=True)
            with open(cache_path, "w", encoding="utf-8") as handle:
                json.dump(cache, handle)
        except OSError:
            pass  # only a cache: the next run probes again
    return inclusive


def placed_on(timeline, kinds: tuple[str, ...] = ("video", "audio")) -> dict[tuple, object]:
    """Every item of the timeline by its placement key."""
    found = {}
    for kind in kinds:
        for index in range(1, int(timeline.GetTrackCount(kind) or 0) + 1):
            for item in timeline.GetItemListInTrack(kind, index) or []:
                mpi = item.GetMediaPoolItem()
                media_id = mpi.GetMediaId() if mpi is not None and has_api(mpi, "GetMediaId") else ""
                source = (
                    int(item.GetSourceStartFrame())
                    if has_api(item, "GetSourceStartFrame")
                    else int(item.GetLeftOffset())
                )
                found[(kind, index, int(item.GetStart()), int(item.GetDuration()), source, media_id)] = item
    return found


def verify(timeline, expected: list[Placement]) -> None:
    """Every expected placement is on the timeline, and nothing else is."""
    found = placed_on(timeline)
    wanted = {p.key: p for p in expected}
    missing = [p for key, p in wanted.items() if key not in found]
    extra = [key for key in found if key not in wanted]
    if missing:
        p = missing[0]
        raise ApplyError(
            f"after the edit, {p.name} is not where it must be ({p.label}, frame {p.record_start}, "
            f"{p.duration} frames)" + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")
        )
    if extra:
        kind, index, start, *_ = extra[0]
        raise ApplyError(
            f"after the edit, an unexpected item sits on {'V' if kind == 'video' else 'A'}{index} at frame {start}"
        )
