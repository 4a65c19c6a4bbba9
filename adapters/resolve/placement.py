"""Placing media on a timeline with AppendToTimeline, and reading back what landed.

AppendToTimeline's clipInfo takes "mediaPoolItem", "startFrame", "endFrame",
"mediaType" (1 picture, 2 sound), "trackIndex" and "recordFrame" (18.5+).
"recordFrame" is absolute (86400 is 01:00:00:00 at 24 fps). Whether
"endFrame" is the last frame used or the one after it has changed between
versions, so it is probed once per Resolve version on a scratch timeline
and remembered.

startFrame and endFrame count the media's own frames. Where the media runs at
another rate than the timeline, Resolve turns them into timeline frames by
flooring, and drops an append that would overlap an item already on the
track without a word (measured by samuelgursky/davinci-resolve-mcp,
docs/reference/api-limitations.md). So each piece is planned in timeline
frames as Resolve converts them, and read back as soon as it lands: a piece
a frame short of its slot is placed again with one source frame more, one a
frame long with one fewer, before the next piece could be dropped on it.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, replace
from fractions import Fraction

from workprint.adapters.resolve import otio_dicts as od
from workprint.adapters.resolve.host import Context, has_api, unique_timeline_name
from workprint.engine.errors import ApplyError

PROBE_FRAMES = 10
#: Source frames a piece may be moved by when Resolve's read-back misses the plan: the floor explains one.
MAX_REFITS = 2


def exact_rate(fps: float) -> Fraction:
    """A rate as Resolve counts it: 23.976 is 24000/1001 and 29.97 is 30000/1001, not their decimals."""
    whole = round(fps)
    if abs(fps - whole) < 1e-6:
        return Fraction(whole)
    ntsc = round(fps * 1001 / 1000)
    if abs(fps - ntsc * 1000 / 1001) < 0.005:
        return Fraction(ntsc * 1000, 1001)
    return Fraction(fps).limit_denominator(1001)


def same_rate(media_fps: float, timeline_fps: float) -> bool:
    return not media_fps or not timeline_fps or exact_rate(media_fps) == exact_rate(timeline_fps)


def floored_frames(source_frames: int, media_fps: float, timeline_fps: float) -> int:
    """Timeline frames Resolve gives source frames of media at another rate: floored, never rounded."""
    if same_rate(media_fps, timeline_fps):
        return source_frames
    return math.floor(source_frames * exact_rate(timeline_fps) / exact_rate(media_fps))


def media_fps(media_pool_item, fallback: float) -> float:
    """The media's rate as Resolve holds it (its FPS property; a WAV's is the project's rate at import)."""
    if media_pool_item is None or not has_api(media_pool_item, "GetClipProperty"):
        return fallback
    try:
        value = float(str(media_pool_item.GetClipProperty("FPS") or "").strip())
    except ValueError:
        return fallback
    return value if value > 0 else fallback


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
    #: The media's and the timeline's rates, where they differ (0: the timeline's).
    media_fps: float = 0.0
    timeline_fps: float = 0.0
    #: Timeline frames Resolve's floored conversion gives source_frames: duration, or one fewer where no
    #: whole number of source frames fills the slot (-1: duration).
    landed: int = -1

    @property
    def frames_in_media(self) -> int:
        return self.duration if self.source_frames < 0 else self.source_frames

    @property
    def expected_duration(self) -> int:
        return self.duration if self.landed < 0 else self.landed

    @property
    def mixed_rate(self) -> bool:
        return not same_rate(self.media_fps, self.timeline_fps)

    @property
    def key(self) -> tuple:
        return (
            self.kind,
            self.track_index,
            self.record_start,
            self.expected_duration,
            self.source_start,
            self.media_id,
        )

    @property
    def label(self) -> str:
        return f"{'V' if self.kind == 'video' else 'A'}{self.track_index}"


def fit(placement: Placement, available: int | None = None) -> Placement:
    """The piece with the source frames whose floored conversion fills its slot exactly.

    Starts from the media frames the answer names and moves by one source frame at a time, as the
    measured workaround does; where no count fills the slot (a rate above the timeline's skips a
    timeline frame now and then) the piece is planned one frame short, and that is what is checked.
    """
    if not placement.mixed_rate:
        return placement
    slot, m, t = placement.duration, placement.media_fps, placement.timeline_fps
    room = available if available is not None else None
    count = placement.source_frames if placement.source_frames > 0 else math.ceil(slot * exact_rate(m) / exact_rate(t))
    if room is not None:
        count = min(count, room)
    for _ in range(MAX_REFITS + 1):
        landed = floored_frames(count, m, t)
        if landed == slot:
            return replace(placement, source_frames=count, landed=slot)
        step = 1 if landed < slot else -1
        if room is not None and count + step > room:
            break
        count += step
    # The fewest source frames that do not overrun the slot.
    count = math.ceil(slot * exact_rate(m) / exact_rate(t))
    while count > 1 and floored_frames(count, m, t) > slot:
        count -= 1
    if room is not None:
        count = min(count, room)
    landed = floored_frames(count, m, t)
    if landed < slot - 1 or count < 1:
        raise ApplyError(
            f"{placement.name} cannot fill {placement.duration} frames on {placement.label} from its media "
            f"at {m:g} fps; nothing was changed"
        )
    return replace(placement, source_frames=count, landed=landed)


def planned(
    kind: str,
    track_index: int,
    record_start: int,
    slot: int,
    clip: dict,
    timeline_fps: float,
    media_id: str,
    media_pool_item,
) -> Placement:
    """Where an OTIO clip of the answer must land, with the source frames Resolve needs to fill its slot."""
    rate = media_fps(media_pool_item, od.media_rate(clip, timeline_fps))
    start = od.source_start_in_media(clip, timeline_fps)
    available = (od.active_reference(clip) or {}).get("available_range")
    room = od.to_frames(available.get("duration"), rate) - start if available else None
    placement = Placement(
        kind,
        track_index,
        record_start,
        slot,
        start,
        media_id,
        clip.get("name") or "clip",
        od.source_frames_in_media(clip, timeline_fps),
        rate,
        timeline_fps,
    )
    return fit(placement, room)


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
            + (" (another item may sit there: Resolve drops an overlapping clip)" if placement.mixed_rate else "")
        )
    return items[0]


@dataclass
class Landed:
    item: object
    placement: Placement
    #: Source frames added (+) or taken off (-) after reading the piece back.
    refit: int = 0


def append_fitted(ctx: Context, timeline, media_pool_item, placement: Placement, end_inclusive: bool) -> Landed:
    """Append, read the piece back, and where a mixed-rate piece missed its slot, place it again a source
    frame longer or shorter, so the next piece butts on it and is not dropped for an overlap."""
    item = append(ctx, media_pool_item, placement, end_inclusive)
    refit = 0
    while placement.mixed_rate:
        got = int(item.GetDuration())
        if got == placement.expected_duration:
            break
        step = 1 if got < placement.expected_duration else -1
        if abs(refit + step) > MAX_REFITS or placement.frames_in_media + step < 1:
            break  # left to the verification, which names the piece
        if not _delete(ctx, timeline, item):
            raise ApplyError(f"Resolve would not remove {placement.name} to place it again a frame longer")
        refit += step
        placement = replace(placement, source_frames=placement.frames_in_media + step)
        item = append(ctx, media_pool_item, placement, end_inclusive)
    return Landed(item, placement, refit)


def _delete(ctx: Context, timeline, item) -> bool:
    # DeleteClips works only with the Edit page open.
    if has_api(ctx.resolve, "GetCurrentPage") and ctx.resolve.GetCurrentPage() != "edit":
        ctx.resolve.OpenPage("edit")
    return bool(timeline.DeleteClips([item], False))


def _project_fps(project) -> float:
    try:
        return float(str(project.GetSetting("timelineFrameRate") or "").strip()) if project is not None else 24.0
    except ValueError:
        return 24.0


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
    # With media at another rate the floor could make PROBE_FRAMES and one more land alike: probe with a
    # count whose next frame shows.
    timeline_fps = _project_fps(project)
    rate = media_fps(media_pool_item, timeline_fps)
    probe = PROBE_FRAMES
    while floored_frames(probe + 1, rate, timeline_fps) == floored_frames(probe, rate, timeline_fps):
        probe += 1
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
                    "endFrame": probe,
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
                        "endFrame": probe,
                        "mediaType": 2,
                        "trackIndex": 1,
                        "recordFrame": int(scratch.GetStartFrame()),
                    }
                ]
            )
        if not placed:
            raise ApplyError("Resolve would not place a clip on a scratch timeline (is the media online?)")
        inclusive = int(placed[0].GetDuration()) == floored_frames(probe + 1, rate, timeline_fps)
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
    """Every expected placement is on the timeline, and nothing else is.

    Frame for frame: a mixed-rate piece is expected at the length Resolve's floored conversion gives it,
    which is its slot, or one frame less only where no whole number of source frames fills the slot.
    """
    found = placed_on(timeline)
    wanted = {p.key: p for p in expected}
    missing = [p for key, p in wanted.items() if key not in found]
    extra = [key for key in found if key not in wanted]
    if missing:
        p = missing[0]
        raise ApplyError(
            f"after the edit, {p.name} is not where it must be ({p.label}, frame {p.record_start}, "
            f"{p.expected_duration} frames)" + (f" and {len(missing) - 1} more" if len(missing) > 1 else "")
        )
    if extra:
        kind, index, start, *_ = extra[0]
        raise ApplyError(
            f"after the edit, an unexpected item sits on {'V' if kind == 'video' else 'A'}{index} at frame {start}"
        )
