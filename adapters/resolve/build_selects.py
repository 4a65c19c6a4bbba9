"""The assembly the engine built, laid out as a new timeline in the current project.

The chosen takes go on V1 with their sound on A1, linked. Alternates either
sit on disabled video tracks above, lined up with the take they could
replace (one click to enable), or become takes of a take selector on the
chosen clip (AddTake), as the editor prefers. Any failure removes the
half-built timeline: the project is left as it was.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from workprint.adapters import metadata
from workprint.adapters.metadata import resolve as resolve_metadata
from workprint.adapters.resolve import otio_dicts as od
from workprint.adapters.resolve.apply_trims import Outcome, rate_notes
from workprint.adapters.resolve.host import Context, has_api, unique_timeline_name
from workprint.adapters.resolve.markers import add_clip_markers
from workprint.adapters.resolve.placement import Placement, append_fitted, end_frame_inclusive, planned, verify
from workprint.engine.errors import ApplyError

ALTERNATES = ("tracks", "takes")


def _media_item(clip: dict, media_by_id: dict, by_path: dict):
    meta = od.host_meta(clip)
    found = media_by_id.get(str(meta.get("media_id")))
    if found is None:
        found = by_path.get(od.media_path(clip)) or by_path.get(str(meta.get("file_path")))
    if found is None:
        raise ApplyError(f"{clip.get('name') or 'a take'} is not in the media pool any more; no timeline was added")
    return found


def build_selects(
    ctx: Context, result_json: str, media_by_id: dict, alternates: str = "tracks", data_dir: str | None = None
) -> Outcome:
    if alternates not in ALTERNATES:
        raise ApplyError(f"alternates go on 'tracks' or in 'takes', not {alternates!r}")
    try:
        result = json.loads(result_json)
    except ValueError as exc:
        raise ApplyError(f"the engine's answer could not be read ({exc})") from exc
    metadata.host_dict(result, host=resolve_metadata.NAME)
    project, pool = ctx.project, ctx.media_pool
    by_path = {}
    for mpi in media_by_id.values():
        path = (mpi.GetClipProperty() or {}).get("File Path")
        if path:
            by_path[str(path).replace("\\", "/")] = mpi
    rate = od.timeline_rate(result, 24.0)
    name = unique_timeline_name(project, result.get("name") or "Selects")
    previous = project.GetCurrentTimeline()
    timeline = pool.CreateEmptyTimeline(name)
    if timeline is None:
        raise ApplyError(f"Resolve would not create the timeline '{name}'")
    # The new timeline runs at the project's rate, which the engine's assembly need not share: its
    # clips are counted in the frames they will have here.
    rate = _timeline_fps(timeline, rate)
    resolve = ctx.resolve
    # Placing a mixed-rate piece again needs DeleteClips, which needs the Edit page: the editor's page comes back.
    page = resolve.GetCurrentPage() if has_api(resolve, "GetCurrentPage") else None
    try:
        project.SetCurrentTimeline(timeline)
        outcome = _lay_out(ctx, timeline, result, rate, media_by_id, by_path, alternates, data_dir)
        outcome.timeline_name = name
        return outcome
    except Exception as exc:
        reason = str(exc) if isinstance(exc, ApplyError) else f"{type(exc).__name__}: {exc}"
        if previous is not None:
            project.SetCurrentTimeline(previous)
        pool.DeleteTimelines([timeline])
        raise ApplyError(f"{reason}. The half-built selects timeline was removed; the project is as it was") from exc
    finally:
        if page and has_api(resolve, "GetCurrentPage") and resolve.GetCurrentPage() != page:
            resolve.OpenPage(page)


def _timeline_fps(timeline, default: float) -> float:
    if not has_api(timeline, "GetSetting"):
        return default
    try:
        return float(str(timeline.GetSetting("timelineFrameRate") or "").strip() or default)
    except ValueError:
        return default


def _lay_out(
    ctx: Context,
    timeline,
    result: dict,
    rate: float,
    media_by_id: dict,
    by_path: dict,
    alternates: str,
    data_dir: str | None,
) -> Outcome:
    refs = od.tracks(result)
    videos = [r for r in refs if r.kind == "video"]
    audios = [r for r in refs if r.kind == "audio"]
    want_video = len(videos) if alternates == "tracks" else min(1, len(videos))
    while int(timeline.GetTrackCount("video") or 0) < want_video:
        if not timeline.AddTrack("video"):
            raise ApplyError("Resolve would not add a video track")
    while int(timeline.GetTrackCount("audio") or 0) < len(audios):
        if not timeline.AddTrack("audio", "mono"):
            raise ApplyError("Resolve would not add an audio track")
    # Record frames counted from the assembly's own start, placed from this timeline's start.
    clips = [
        (ref, placed) for ref in refs for placed in od.walk(ref.track, 0, rate) if od.schema(placed.item) == "Clip"
    ]
    if not clips:
        raise ApplyError("the engine's assembly holds no clips")
    first = _media_item(clips[0][1].item, media_by_id, by_path)
    inclusive = end_frame_inclusive(ctx, first, data_dir)
    start = int(timeline.GetStartFrame())
    outcome = Outcome("new-timeline", "")
    expected: list[Placement] = []
    chosen: dict[int, Any] = {}
    takes: list[tuple[Placement, Any]] = []
    groups: dict[tuple, list] = defaultdict(list)
    refits = 0
    for ref, placed in clips:
        clip = placed.item
        mpi = _media_item(clip, media_by_id, by_path)
        own = od.clip_rate(clip, rate)
        placement = planned(
            ref.kind, ref.index, start + placed.record_start, placed.duration, clip, rate, str(mpi.GetMediaId()), mpi
        )
        if ref.kind == "video" and ref.index > 1 and alternates == "takes":
            takes.append((placement, mpi))
            continue
        landed = append_fitted(ctx, timeline, mpi, placement, inclusive)
        item, placement = landed.item, landed.placement
        refits += abs(landed.refit)
        expected.append(placement)
        outcome.markers += add_clip_markers(item, clip, own)
        if ref.kind == "video" and ref.index == 1:
            chosen[placement.record_start] = item
        link = od.link_group(clip)
        if link is not None:
            groups[(link, placement.record_start)].append(item)
        outcome.rebuilt += 1
    if has_api(timeline, "SetClipsLinked"):
        for items in groups.values():
            if len(items) > 1 and not timeline.SetClipsLinked(items, True):
                raise ApplyError("Resolve would not link picture and sound")
    if alternates == "tracks":
        for ref in videos:
            if ref.track.get("enabled") is False and has_api(timeline, "SetTrackEnable"):
                timeline.SetTrackEnable("video", ref.index, False)
            if has_api(timeline, "SetTrackName"):
                timeline.SetTrackName("video", ref.index, ref.track.get("name") or f"Video {ref.index}")
    else:
        _add_takes(chosen, takes, inclusive, outcome)
    verify(timeline, expected)
    outcome.notes += rate_notes(expected, refits)
    filled = _fill_logged([placed.item for _, placed in clips], media_by_id, by_path)
    if filled:
        outcome.notes.append(
            f"Scene, Shot and Take filled in from the slates on {filled} clip{'s' if filled != 1 else ''} in the "
            "media pool (fields someone had logged were left as they were)"
        )
    return outcome


#: Resolve's fields a take's name is written into (its Metadata panel's "Shot & Scene" group).
NAME_FIELDS = ("Scene", "Shot", "Take")


def _fill_logged(clips: list[dict], media_by_id: dict, by_path: dict) -> int:
    """The names the engine heard (a spoken slate, a slate card) written into the takes' empty Scene, Shot
    and Take fields, so the bin sorts and searches by them as if they had been logged; a field that holds
    anything is never replaced. Returns how many media pool clips gained a field."""
    done: set[int] = set()
    for clip in clips:
        own = (clip.get("metadata") or {}).get(resolve_metadata.HOST_KEY) or {}
        heard = own.get(resolve_metadata.CLIP_PROPERTIES) or {}
        mpi = _media_item(clip, media_by_id, by_path)
        if id(mpi) in done or not has_api(mpi, "SetMetadata"):
            continue
        logged = {**(mpi.GetClipProperty() or {}), **{k: v for k, v in _metadata(mpi).items() if v}}
        new = {f: str(heard[f]) for f in NAME_FIELDS if str(heard.get(f) or "") and not str(logged.get(f) or "")}
        # Every field is tried, even after one Resolve refuses: a clip counts once any of its fields is filled.
        written = [field for field, value in new.items() if mpi.SetMetadata(field, value)]
        if written:
            done.add(id(mpi))
    return len(done)


def _metadata(mpi) -> dict:
    found = mpi.GetMetadata() if has_api(mpi, "GetMetadata") else {}
    return found if isinstance(found, dict) else {}


def _add_takes(chosen: dict[int, Any], takes: list[tuple[Placement, Any]], inclusive: bool, outcome: Outcome) -> None:
    for placement, mpi in takes:
        target = chosen.get(placement.record_start)
        if target is None or not has_api(target, "AddTake"):
            outcome.notes.append(f"{placement.name}: no chosen take to add it to as an alternate")
            continue
        last = placement.source_start + placement.frames_in_media - (1 if inclusive else 0)
        if not target.AddTake(mpi, placement.source_start, last):
            raise ApplyError(f"Resolve would not add {placement.name} as a take")
