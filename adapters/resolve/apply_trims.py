"""Applying suggested trims to the live timeline without ever losing the editor's work.

The API has no setter for an item's in, out or position, so a trim is
applied by rebuilding: duplicate the timeline as a backup, delete the items
that change (Edit page only), append their kept pieces at exact source and
record frames, link picture and sound again, put back colour, enabled state,
markers and grade, then read every placement back. Any failure half-way
promotes the backup to the timeline's place and name. Where rebuilding
cannot keep the edit (speed changes, compound clips, transitions beside a
changed clip, clips with no media pool item), the answer is imported as a
new timeline instead and the original stays as it was.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace

from workprint.adapters import metadata
from workprint.adapters.metadata import resolve as resolve_metadata
from workprint.adapters.resolve import otio_dicts as od
from workprint.adapters.resolve.host import Context, has_api, unique_timeline_name
from workprint.adapters.resolve.markers import add_clip_markers
from workprint.adapters.resolve.placement import (
    Placement,
    append_fitted,
    end_frame_inclusive,
    placed_on,
    planned,
    verify,
)
from workprint.adapters.resolve.timeline_read import ItemInfo, ReadTimeline
from workprint.engine.errors import ApplyError


@dataclass
class Outcome:
    #: "markers" (review only), "in-place" (rebuilt on the timeline) or "new-timeline" (imported beside it).
    route: str
    timeline_name: str
    backup_name: str | None = None
    rebuilt: int = 0
    markers: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Piece:
    placement: Placement
    clip: dict
    origin: ItemInfo


@dataclass
class TrimPlan:
    keep: list[Placement] = field(default_factory=list)
    rebuild: list[Piece] = field(default_factory=list)
    delete: list[ItemInfo] = field(default_factory=list)
    #: Clips that keep their place but carry new markers (review only).
    marked: list[tuple[ItemInfo, dict]] = field(default_factory=list)
    #: Why rebuilding in place cannot keep the edit, for the editor.
    blockers: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.rebuild or self.delete)


def _placement(ref: od.TrackRef, placed: od.Placed, rate: float, media_id: str, media_pool_item) -> Placement:
    return planned(
        ref.kind, ref.index, placed.record_start, placed.duration, placed.item, rate, media_id, media_pool_item
    )


def _media_of(read: ReadTimeline, item_id: str):
    info = read.items.get(item_id)
    return info.media_pool_item if info is not None else None


def _clips(timeline: dict, rate: float):
    start = od.timeline_start(timeline)
    for ref in od.tracks(timeline):
        children = ref.track.get("children", [])
        for placed in od.walk(ref.track, start, rate):
            yield ref, placed, children


def plan_trims(read: ReadTimeline, result: dict) -> TrimPlan:
    rate = read.rate
    plan = TrimPlan()
    original: dict[str, Placement] = {}
    neighbours: dict[str, tuple[dict | None, dict | None]] = {}
    for ref, placed, children in _clips(read.otio, rate):
        item_id = od.host_meta(placed.item).get("item_id")
        if od.schema(placed.item) == "Clip" and item_id:
            original[item_id] = _placement(ref, placed, rate, item_id, _media_of(read, item_id))
            pos = placed.position
            neighbours[item_id] = (
                children[pos - 1] if pos else None,
                children[pos + 1] if pos + 1 < len(children) else None,
            )
    seen: dict[str, int] = defaultdict(int)
    pieces: list[tuple[Placement, dict, str]] = []
    others_moved: list[str] = []
    original_others = {
        (ref.label, placed.position, placed.record_start)
        for ref, placed, _ in _clips(read.otio, rate)
        if od.schema(placed.item) not in ("Clip", "Gap", "Transition")
    }
    for ref, placed, _ in _clips(result, rate):
        kind = od.schema(placed.item)
        if kind in ("Gap", "Transition"):
            continue
        if kind != "Clip":
            if (ref.label, placed.position, placed.record_start) not in original_others:
                others_moved.append(f"a compound clip on {ref.label}")
            continue
        item_id = od.host_meta(placed.item).get("item_id")
        if not item_id or item_id not in read.items:
            plan.blockers.append(f"{placed.item.get('name') or 'a clip'} on {ref.label} is not an item of the timeline")
            continue
        seen[item_id] += 1
        pieces.append((_placement(ref, placed, rate, item_id, _media_of(read, item_id)), placed.item, item_id))
    for placement, clip, item_id in pieces:
        before = original[item_id]
        if seen[item_id] == 1 and placement.key == before.key:
            info = read.items[item_id]
            plan.keep.append(
                Placement(
                    info.kind,
                    info.track_index,
                    info.record_start,
                    info.duration,
                    info.source_start,
                    _media_id(info),
                    info.name,
                )
            )
            if any("workprint" in (m.get("metadata") or {}) for m in clip.get("markers") or []):
                plan.marked.append((info, clip))
        else:
            info = read.items[item_id]
            plan.rebuild.append(Piece(replace(placement, media_id=_media_id(info)), clip, info))
    changed = {p.origin.unique_id for p in plan.rebuild} | (set(read.items) - set(seen))
    plan.delete = [read.items[i] for i in sorted(changed)]
    if plan.rebuild or plan.delete:
        plan.blockers += _blockers(read, plan.delete, neighbours) + sorted(set(others_moved))
        plan.blockers += [f"{name} could not be matched to a timeline item" for name in read.unmatched]
    return plan


def _media_id(info: ItemInfo) -> str:
    mpi = info.media_pool_item
    return str(mpi.GetMediaId()) if mpi is not None and has_api(mpi, "GetMediaId") else ""


def _blockers(read: ReadTimeline, changed: list[ItemInfo], neighbours) -> list[str]:
    clips = {od.host_meta(placed.item).get("item_id"): placed.item for _, placed, _ in _clips(read.otio, read.rate)}
    found = []
    for info in changed:
        clip = clips.get(info.unique_id) or {}
        where = f"{info.name} ({'V' if info.kind == 'video' else 'A'}{info.track_index})"
        speed = od.host_meta(clip).get("speed")
        if od.has_time_effect(clip) or (speed not in (None, 100.0)):
            found.append(f"{where} has a speed change")
        if any(od.schema(n) == "Transition" for n in neighbours.get(info.unique_id, ())):
            found.append(f"{where} sits beside a transition")
        if info.media_pool_item is None:
            found.append(f"{where} has no media pool item (a title, generator or compound clip)")
    return found


def apply_trims(
    ctx: Context, read: ReadTimeline, result_json: str, review_only: bool, data_dir: str | None = None
) -> Outcome:
    try:
        result = json.loads(result_json)
    except ValueError as exc:
        raise ApplyError(f"the engine's answer could not be read ({exc}); your timeline is unchanged") from exc
    metadata.host_dict(result, host=resolve_metadata.NAME)
    plan = plan_trims(read, result)
    if review_only or not plan.changes:
        return _markers_only(read, result)
    if plan.blockers:
        return import_as_new_timeline(ctx, read, result, plan.blockers)
    return rebuild_in_place(ctx, read, plan, data_dir)


def _markers_only(read: ReadTimeline, result: dict) -> Outcome:
    """Review only: every suggestion becomes a marker on the item it is about; nothing else moves."""
    added = 0
    for _, placed, _ in _clips(result, read.rate):
        info = read.items.get(od.host_meta(placed.item).get("item_id"))
        if info is not None:
            added += add_clip_markers(info.item, placed.item, od.clip_rate(placed.item, read.rate), only_workprint=True)
    return Outcome("markers", read.name, markers=added)


def backup_name(name: str) -> str:
    return f"{name} (before Workprint {time.strftime('%Y-%m-%d %H.%M')})"


def rebuild_in_place(ctx: Context, read: ReadTimeline, plan: TrimPlan, data_dir: str | None) -> Outcome:
    project, resolve, timeline = ctx.project, ctx.resolve, read.timeline
    inclusive = end_frame_inclusive(ctx, plan.rebuild[0].origin.media_pool_item, data_dir) if plan.rebuild else True
    name = unique_timeline_name(project, backup_name(read.name))
    backup = timeline.DuplicateTimeline(name)
    if backup is None:
        raise ApplyError("Resolve would not duplicate the timeline as a backup, so nothing was changed")
    project.SetCurrentTimeline(timeline)
    page = resolve.GetCurrentPage() if has_api(resolve, "GetCurrentPage") else None
    outcome = Outcome("in-place", read.name, backup_name=name, rebuilt=len(plan.rebuild))
    try:
        # DeleteClips only works with the Edit page open.
        resolve.OpenPage("edit")
        graded = placed_on(backup, ("video",))
        if plan.delete and not timeline.DeleteClips([info.item for info in plan.delete], False):
            raise ApplyError("Resolve refused to delete the clips being trimmed (is a track locked?)")
        placed = []
        refits = 0
        for piece in sorted(
            plan.rebuild, key=lambda p: (p.placement.record_start, p.placement.kind != "video", p.placement.track_index)
        ):
            landed = append_fitted(ctx, timeline, piece.origin.media_pool_item, piece.placement, inclusive)
            item = landed.item
            refits += abs(landed.refit)
            _restore_look(item, piece, graded)
            outcome.markers += add_clip_markers(item, piece.clip, od.clip_rate(piece.clip, read.rate))
            placed.append((piece, item))
        _link(timeline, placed)
        verify(timeline, plan.keep + [p.placement for p in plan.rebuild])
        outcome.notes += rate_notes([p.placement for p in plan.rebuild], refits)
    except Exception as exc:
        reason = str(exc) if isinstance(exc, ApplyError) else f"{type(exc).__name__}: {exc}"
        _restore(ctx, timeline, backup, read.name)
        raise ApplyError(f"{reason}. Nothing was lost: the timeline '{read.name}' was put back as it was") from exc
    finally:
        if page:
            resolve.OpenPage(page)
    return outcome


def rate_notes(pieces: list[Placement], refits: int) -> list[str]:
    """What the editor should know of pieces from media at another rate than the timeline's."""
    mixed = [p for p in pieces if p.mixed_rate]
    notes = []
    short = [p for p in mixed if p.expected_duration < p.duration]
    if short:
        notes.append(
            f"{len(short)} piece(s) from media at another rate are one frame short of their place: "
            "no whole number of their frames fills it exactly"
        )
    if refits:
        notes.append(f"{refits} piece(s) from media at another rate were placed again a source frame longer or shorter")
    return notes


def _restore_look(item, piece: Piece, graded: dict) -> None:
    """What deleting loses and the API can put back: colour, enabled state, grade."""
    meta = od.host_meta(piece.clip)
    if meta.get("clip_color") and has_api(item, "SetClipColor"):
        item.SetClipColor(meta["clip_color"])
    if meta.get("enabled") is False and has_api(item, "SetClipEnabled"):
        item.SetClipEnabled(False)
    if piece.placement.kind == "video":
        origin = piece.origin
        source = next(
            (i for key, i in graded.items() if key[:3] == ("video", origin.track_index, origin.record_start)), None
        )
        if source is not None and has_api(source, "CopyGrades"):
            source.CopyGrades([item])


def _link(timeline, placed: list[tuple[Piece, object]]) -> None:
    if not has_api(timeline, "SetClipsLinked"):
        return
    groups: dict[tuple, list] = defaultdict(list)
    for piece, item in placed:
        group = od.link_group(piece.clip)
        key = (group if group is not None else piece.origin.unique_id, piece.placement.record_start)
        groups[key].append(item)
    for items in groups.values():
        if len(items) > 1 and not timeline.SetClipsLinked(items, True):
            raise ApplyError("Resolve would not link picture and sound again")


def _restore(ctx: Context, broken, backup, name: str) -> None:
    """Promote the backup to the timeline's place and name; the half-edited one goes."""
    project, pool = ctx.project, ctx.media_pool
    project.SetCurrentTimeline(backup)
    if not pool.DeleteTimelines([broken]):
        broken.SetName(unique_timeline_name(project, f"{name} (incomplete Workprint edit)"))
    if not backup.SetName(name):
        raise ApplyError(f"the edit failed and the backup '{backup.GetName()}' holds your timeline as it was")


def _all_folders(pool) -> list:
    root = pool.GetRootFolder()
    found, queue = [], [root] if root is not None else []
    while queue:
        folder = queue.pop(0)
        found.append(folder)
        queue.extend(folder.GetSubFolderList() or [])
    return found


def resolve_shaped(result: dict) -> dict:
    """The answer as Resolve's importer takes it: its own export's shape, Workprint's host keys removed."""
    doc = od.strip_host_metadata(result)
    for ref in od.tracks(doc):
        for item in ref.track.get("children", []):
            for reference in (item.get("media_references") or {}).values():
                url = str(reference.get("target_url") or "")
                if url.startswith("file://"):
                    reference["target_url"] = url[len("file://") :]
    return doc


def import_as_new_timeline(ctx: Context, read: ReadTimeline, result: dict, reasons: list[str]) -> Outcome:
    project, pool = ctx.project, ctx.media_pool
    name = unique_timeline_name(project, f"{read.name} (Workprint)")
    doc = resolve_shaped(result)
    doc["name"] = name
    folder = tempfile.mkdtemp(prefix="workprint-resolve-")
    path = os.path.join(folder, "trimmed.otio")
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(doc, handle, indent=4)
        new = pool.ImportTimelineFromFile(
            path, {"timelineName": name, "importSourceClips": False, "sourceClipsFolders": _all_folders(pool)}
        )
    finally:
        os.remove(path)
        os.rmdir(folder)
    why = "; ".join(sorted(set(reasons)))
    if new is None:
        raise ApplyError(
            f"Resolve could not import the trimmed timeline, and it cannot be trimmed in place ({why}). "
            f"'{read.name}' is unchanged"
        )
    project.SetCurrentTimeline(new)
    return Outcome(
        "new-timeline",
        name,
        backup_name=read.name,
        notes=[f"trimmed as a new timeline '{name}' because {why}; '{read.name}' is unchanged"],
    )
