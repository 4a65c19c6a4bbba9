"""Apply clip plans to a timeline: picture and its sound as one, every change marked.

Clips that share media and sync on different tracks (a picture clip and its
production sound, or Resolve's link groups) are decided once and trimmed by
the same amounts, so sync and J/L offsets hold. Only groups with picture are
trimmed: music, effects and wild sound on their own are left as they are.
Objects the job does not change stay the very same objects.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

import opentimelineio as otio

from workprint.engine.domain.spans import Span, subtract
from workprint.engine.jobs.events import JobContext, Suggestion
from workprint.engine.jobs.media_stage import MediaStage
from workprint.engine.settings import TrimSettings
from workprint.engine.timeline.places import ClipPlace
from workprint.engine.trims.footage import Footage, footage_from, media_offset_s
from workprint.engine.trims.plan import Removal, plan_clip

#: The one metadata key every change carries.
META_KEY = "workprint"

MARKER_COLOURS = {
    "head": otio.schema.MarkerColor.YELLOW, "tail": otio.schema.MarkerColor.ORANGE,
    "pause": otio.schema.MarkerColor.CYAN, "slate": otio.schema.MarkerColor.PURPLE,
    "clap": otio.schema.MarkerColor.PINK, "call": otio.schema.MarkerColor.MAGENTA,
    "black": otio.schema.MarkerColor.BLUE, "flash": otio.schema.MarkerColor.WHITE,
    "unsteady": otio.schema.MarkerColor.GREEN,
}


@dataclass
class Member:
    place: ClipPlace
    track_index: int
    item_index: int
    footage: Footage
    media_key: str
    #: Media seconds of the clip's first frame, and its used span in media seconds.
    offset_s: float
    used: Span
    record: Span
    rate: float
    #: Media a transition on each side shows beyond the edit point (seconds), and all the media there is.
    head_handle_s: float
    tail_handle_s: float
    media: Span
    link_id: object = None

    @property
    def clip(self) -> otio.schema.Clip:
        return self.place.clip

    @property
    def is_picture(self) -> bool:
        return self.place.track.kind == otio.schema.TrackKind.Video


@dataclass
class TrimOutcome:
    suggestions: list[Suggestion] = field(default_factory=list)
    clips_changed: int = 0
    removed_s: dict[str, float] = field(default_factory=lambda: defaultdict(float))


def trim_timeline(timeline: otio.schema.Timeline, places: list[ClipPlace], stage: MediaStage,
                  settings: TrimSettings, ctx: JobContext) -> TrimOutcome:
    members = _members(timeline, places, stage, ctx)
    groups = _groups(members)
    grid = _grid_rate(timeline, members)
    outcome = TrimOutcome()
    edits: dict[int, tuple[Member, list[Span], list[tuple[Removal, Span]]]] = {}
    for done, group in enumerate(groups):
        ctx.progress("decide", done, len(groups), group[0].place.name)
        if not any(m.is_picture for m in group):
            continue
        for member, keep, removals in _decide_group(group, settings, grid):
            if removals:
                edits[id(member.clip)] = (member, keep, removals)
        primary = next(m for m in group if m.is_picture)
        if id(primary.clip) in edits:
            for removal, span in edits[id(primary.clip)][2]:
                outcome.suggestions.append(_suggestion(primary, removal, span))
                outcome.removed_s[removal.kind] += span.duration
    ctx.progress("decide", len(groups), len(groups))
    ctx.progress("edit", 0, len(edits))
    by_track: dict[int, list] = defaultdict(list)
    for member, keep, removals in edits.values():
        by_track[member.track_index].append((member, keep, removals))
    tracks = list(timeline.tracks)
    for track_index, changes in by_track.items():
        track = tracks[track_index]
        for member, keep, removals in sorted(changes, key=lambda c: -c[0].item_index):
            if settings.review_only:
                _mark_in_place(member, removals)
            else:
                _replace(track, member, keep, removals, settings.ripple)
    outcome.clips_changed = len(edits)
    ctx.progress("edit", len(edits), len(edits))
    return outcome


def _nested_name(place: ClipPlace) -> str:
    """The name of the top-level item that holds a nested clip (editors name their compounds), or ""."""
    item = place.clip
    # Climb until item's track sits in the timeline's own stack (whose parent is None).
    while item.parent() is not None and item.parent().parent() is not None \
            and item.parent().parent().parent() is not None:
        item = item.parent()
    return item.name


def _members(timeline: otio.schema.Timeline, places: list[ClipPlace], stage: MediaStage,
             ctx: JobContext) -> list[Member]:
    tracks = list(timeline.tracks)
    warned_nested: set[str] = set()
    members = []
    for place in places:
        clip = place.clip
        if place.nested:
            top = place.location.split(" › ")[0]
            if top not in warned_nested:
                warned_nested.add(top)
                name = _nested_name(place)
                label = f'"{name}" ' if name else ""
                ctx.warn("unsupported-clip", f"nested stack {label}at {top}: left as it is (trims apply to "
                         "top-level tracks)", clip_name=name, clip_location=top)
            continue
        analysis = stage.analysis_of(clip)
        if analysis is None:
            continue  # already warned: no media or unreadable
        if any(isinstance(effect, otio.schema.TimeEffect) for effect in clip.effects):
            ctx.warn("unsupported-clip", f"{place.name} ({place.location}): has a speed change; left as it is",
                     clip_name=place.name, clip_location=place.location)
            continue
        if place.track.kind not in (otio.schema.TrackKind.Video, otio.schema.TrackKind.Audio):
            continue
        source = clip.source_range or clip.available_range()
        offset = media_offset_s(clip, analysis)
        track_index = next(i for i, t in enumerate(tracks) if t is place.track)
        item_index = place.track.index(clip)
        record = place.track.range_of_child_at_index(item_index)
        items = list(place.track)
        neighbours = (items[item_index - 1] if item_index else None,
                      items[item_index + 1] if item_index + 1 < len(items) else None)
        resolve = clip.metadata.get("Resolve_OTIO") or {}
        members.append(Member(
            place=place, track_index=track_index, item_index=item_index, footage=footage_from(analysis),
            media_key=str(stage.source_of(clip).path), offset_s=offset,
            used=Span(offset, offset + source.duration.to_seconds()),
            record=Span(record.start_time.to_seconds(), record.end_time_exclusive().to_seconds()),
            rate=source.start_time.rate,
            head_handle_s=_transition_overlap(neighbours[0], "in_offset"),
            tail_handle_s=_transition_overlap(neighbours[1], "out_offset"),
            media=Span(0.0, analysis.duration_s),
            link_id=resolve.get("Link Group ID") if isinstance(resolve, Mapping) else None,
        ))
    return members


def _transition_overlap(item, side: str) -> float:
    """How far a neighbouring transition reaches past the edit into this clip's unused media."""
    if not isinstance(item, otio.schema.Transition):
        return 0.0
    return getattr(item, side).to_seconds()


def _groups(members: list[Member]) -> list[list[Member]]:
    """Picture and its sound: same Resolve link group, or same media in the same sync on other tracks."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_media: dict[str, list[int]] = defaultdict(list)
    for i, member in enumerate(members):
        by_media[member.media_key].append(i)
    for indices in by_media.values():
        for a_pos, a in enumerate(indices):
            for b in indices[a_pos + 1:]:
                if _linked(members[a], members[b]):
                    parent[find(a)] = find(b)
    groups: dict[int, list[Member]] = defaultdict(list)
    for i, member in enumerate(members):
        groups[find(i)].append(member)
    return list(groups.values())


def _linked(a: Member, b: Member) -> bool:
    if a.track_index == b.track_index:
        return False
    if a.link_id is not None and b.link_id is not None:
        return a.link_id == b.link_id
    frame = 1.0 / max(a.rate, b.rate)
    same_sync = abs((a.used.start - a.record.start) - (b.used.start - b.record.start)) < frame / 2
    return same_sync and a.record.overlaps(b.record)


def _grid_rate(timeline: otio.schema.Timeline, members: list[Member]) -> float:
    if timeline.global_start_time is not None and timeline.global_start_time.rate > 0:
        return timeline.global_start_time.rate
    return next((m.rate for m in members if m.is_picture), 24.0)


def _decide_group(group: list[Member], settings: TrimSettings, grid: float):
    """Plan once over the group's media, then trim every member by the same amounts."""
    hull = Span(min(m.used.start for m in group), max(m.used.end for m in group))
    marks = [mark for m in group for mark in _user_marks(m)]
    plan = plan_clip(hull, group[0].footage, settings, marks)
    frame = 1.0 / grid
    head = tail = 0.0
    inner: list[Removal] = []
    head_removal = tail_removal = None
    for removal in plan.removals:
        if removal.span.start <= hull.start + 1e-9:
            head_removal = removal
        elif removal.span.end >= hull.end - 1e-9:
            tail_removal = removal
        else:
            inner.append(removal)
    # A transition moves with the edit it sits on; trimming only adds to the media it can show beyond
    # the edit, so a trim is refused only where that media would run out (a clip with no handles).
    if head_removal:
        cut = _ceil(head_removal.span.end - hull.start, frame) + hull.start
        head = min(max(0.0, _floor(cut - m.used.start, frame)) for m in group)
        if any(m.head_handle_s and m.used.start + head - m.head_handle_s < m.media.start - 1e-6 for m in group):
            head = 0.0
    if tail_removal:
        cut = _floor(tail_removal.span.start - hull.start, frame) + hull.start
        tail = min(max(0.0, _floor(m.used.end - cut, frame)) for m in group)
        if any(m.tail_handle_s and m.used.end - tail + m.tail_handle_s > m.media.end + 1e-6 for m in group):
            tail = 0.0
    shared_inner = []
    for removal in inner:
        start = hull.start + _ceil(removal.span.start - hull.start, frame)
        end = hull.start + _floor(removal.span.end - hull.start, frame)
        snapped = Span(start, end)
        if snapped.duration >= frame and all(m.used.start < start and end < m.used.end for m in group):
            shared_inner.append((removal, snapped))
    for member in group:
        removals: list[tuple[Removal, Span]] = []
        if head > 0 and head_removal:
            removals.append((head_removal, Span(member.used.start, member.used.start + head)))
        removals += shared_inner
        if tail > 0 and tail_removal:
            removals.append((tail_removal, Span(member.used.end - tail, member.used.end)))
        keep = subtract(member.used, [span for _, span in removals])
        if not keep:
            continue  # never empty a clip
        yield member, keep, removals


def _floor(x: float, step: float) -> float:
    return math.floor(x / step + 1e-6) * step


def _ceil(x: float, step: float) -> float:
    return math.ceil(x / step - 1e-6) * step


def _user_marks(member: Member) -> list[Span]:
    """An editor's markers protect what they mark: that part is never trimmed."""
    source = member.clip.source_range or member.clip.available_range()
    marks = []
    for marker in member.clip.markers:
        if META_KEY in marker.metadata:
            continue
        start = member.offset_s + (marker.marked_range.start_time - source.start_time).to_seconds()
        marks.append(Span(start, start + max(marker.marked_range.duration.to_seconds(), 1.0 / member.rate)))
    return marks


def _to_source(member: Member, span: Span) -> otio.opentime.TimeRange:
    """Media seconds to the clip's own source coordinates, whole frames at its rate."""
    source = member.clip.source_range or member.clip.available_range()
    rate = member.rate
    start = source.start_time + otio.opentime.RationalTime(round((span.start - member.offset_s) * rate), rate)
    return otio.opentime.TimeRange(start, otio.opentime.RationalTime(round(span.duration * rate), rate))


def _record(member: Member, seconds: float) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(round(seconds * member.rate), member.rate)


def _suggestion(member: Member, removal: Removal, span: Span) -> Suggestion:
    return Suggestion(member.place.name, member.place.location, removal.kind, _to_source(member, span),
                      removal.reason, removal.confidence)


def _note(member: Member, removal: Removal, span: Span) -> dict:
    removed = _to_source(member, span)
    return {
        "kind": removal.kind,
        "contains": list(removal.contains),
        "removed_source_range": {"start": removed.start_time.value, "duration": removed.duration.value,
                                 "rate": removed.start_time.rate},
        "removed_seconds": round(span.duration, 3),
        "reason": removal.reason,
        "confidence": removal.confidence,
    }


def _marker(member: Member, removal: Removal, span: Span, at: otio.opentime.RationalTime,
            length: otio.opentime.RationalTime) -> otio.schema.Marker:
    marker = otio.schema.Marker(
        name=f"Workprint: {removal.kind}", color=MARKER_COLOURS.get(removal.kind, otio.schema.MarkerColor.RED),
        marked_range=otio.opentime.TimeRange(at, length), metadata={META_KEY: _note(member, removal, span)},
    )
    marker.comment = f"{removal.reason} (confidence {removal.confidence:.0%})"
    return marker


def _mark_in_place(member: Member, removals: list[tuple[Removal, Span]]) -> None:
    """Review only: the clip stays as it is; each suggestion is a marker over what would go."""
    for removal, span in removals:
        removed = _to_source(member, span)
        member.clip.markers.append(_marker(member, removal, span, removed.start_time, removed.duration))
    member.clip.metadata[META_KEY] = {"suggestions": [_note(member, r, s) for r, s in removals],
                                      "applied": False}


def _replace(track: otio.schema.Track, member: Member, keep: list[Span], removals: list[tuple[Removal, Span]],
             ripple: bool) -> None:
    clip = member.clip
    one_frame = otio.opentime.RationalTime(1, member.rate)
    original = clip.source_range or clip.available_range()
    pieces: list[tuple[Span, otio.schema.Clip]] = []
    for n, span in enumerate(keep):
        piece = clip.clone()
        piece.source_range = _to_source(member, span)
        if piece.source_range.duration.value < 1:
            continue
        # An editor's markers stay on the piece that still holds what they mark.
        piece.markers[:] = [m.clone() for m in clip.markers if _inside(m, piece.source_range)]
        piece.metadata[META_KEY] = {
            "original_source_range": {"start": original.start_time.value, "duration": original.duration.value,
                                      "rate": original.start_time.rate},
            "piece": n + 1, "pieces": len(keep), "applied": True, "suggestions": [],
        }
        pieces.append((span, piece))
    items: list[otio.core.Composable] = []
    for removal, span in sorted(removals, key=lambda r: r[1].start):
        # The marker sits on the frame where the cut now is: the first frame of
        # the piece after the removal, or the last frame of the one before it.
        after = next(((s, p) for s, p in pieces if s.start >= span.end - 1e-9), None)
        before = next(((s, p) for s, p in reversed(pieces) if s.end <= span.start + 1e-9), None)
        if after is not None:
            holder, at = after[1], after[1].source_range.start_time
        else:
            holder, at = before[1], before[1].source_range.end_time_exclusive() - one_frame
        holder.markers.append(_marker(member, removal, span, at, one_frame))
        holder.metadata[META_KEY]["suggestions"].append(_note(member, removal, span))
    cursor = member.used.start
    for span, piece in pieces:
        if not ripple and span.start > cursor + 1e-9:
            items.append(otio.schema.Gap(source_range=otio.opentime.TimeRange(
                otio.opentime.RationalTime(0, member.rate), _record(member, span.start - cursor))))
        items.append(piece)
        cursor = span.end
    if not ripple and member.used.end > cursor + 1e-9:
        items.append(otio.schema.Gap(source_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(0, member.rate), _record(member, member.used.end - cursor))))
    index = member.item_index
    del track[index]
    for offset, item in enumerate(items):
        track.insert(index + offset, item)


def _inside(marker: otio.schema.Marker, source: otio.opentime.TimeRange) -> bool:
    start = marker.marked_range.start_time
    return source.start_time <= start < source.end_time_exclusive()
