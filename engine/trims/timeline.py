"""Suggest trims on a whole timeline: find what belongs together, decide each group once, apply.

Clips that share media and sync on different tracks (a picture clip and its
production sound), or a host's link group whatever files it links (the
recorder's own sound files), are decided once and trimmed by the same
amounts, so sync and J/L offsets hold. Only groups with picture are
trimmed: music, effects and wild sound on their own are left as they are.
The job reads the timeline as OTIO and writes its edit into the document's own
values (`otio_tree`): what it does not change keeps the values it came with.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import opentimelineio as otio

from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.domain import meta
from workprint.engine.domain.events import Reporter, Suggestion
from workprint.engine.domain.spans import Span, subtract
from workprint.engine.settings import TrimSettings
from workprint.engine.timeline.otio_tree import TimelineTree
from workprint.engine.timeline.places import ClipPlace, RecordRanges
from workprint.engine.trims import apply
from workprint.engine.trims.decide import EPSILON, Cut, Part, decide_group
from workprint.engine.trims.footage import Footage, Footages, media_offset_s
from workprint.engine.trims.linked_media import Linked, decide_linked
from workprint.engine.trims.readings import KeptReadings

#: A clip's analysis and the key of its media file (clips of one file may be linked), or None.
MediaLookup = Callable[[otio.schema.Clip], tuple[MediaAnalysis, str] | None]


@dataclass
class Member:
    """A clip of the timeline that may be trimmed, with what the decision and the edit need."""

    place: ClipPlace
    at: apply.InMedia
    part: Part
    footage: Footage
    media_key: str
    #: Where the clip sits on the timeline (seconds), for telling linked clips by sync.
    record: Span
    link_id: Any = None

    @property
    def is_picture(self) -> bool:
        return self.place.track.kind == otio.schema.TrackKind.Video


@dataclass
class TrimOutcome:
    suggestions: list[Suggestion] = field(default_factory=list)
    clips_changed: int = 0
    removed_s: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    #: By a clip's location, the clips decided with it on tracks of the other kind (a picture's sound).
    together: dict[str, list[str]] = field(default_factory=dict)
    #: The locations of the clips changed (review only: that would change), sound included.
    edited: set[str] = field(default_factory=set)


def trim_timeline(
    timeline: otio.schema.Timeline,
    tree: TimelineTree,
    places: list[ClipPlace],
    media: MediaLookup,
    settings: TrimSettings,
    reporter: Reporter,
    readings: KeptReadings | None = None,
) -> TrimOutcome:
    """Decide on `timeline` (read, not changed) and write the edit into `tree`, the same document's values;
    each file's reading of its words kept in `readings`, when given."""
    members, left = _members(places, tree, media, reporter, Footages(readings))
    groups = _groups(members)
    grid = _grid_rate(timeline, members)
    outcome = TrimOutcome()
    for group in groups:
        for member in group:
            kind = member.place.track.kind
            others = [m.place.location for m in group if m.place.track.kind != kind]
            if others:
                outcome.together[member.place.location] = others
    edits: dict[int, tuple[Member, Cut]] = {}
    for done, group in enumerate(groups):
        reporter.progress("decide", done, len(groups), group[0].place.name)
        if not any(m.is_picture for m in group):
            continue
        lost = [left[m.link_id] for m in group if m.link_id in left]
        if lost:
            # A clip linked to this one is left as it is (no media, a speed change, ...): trimming the rest
            # would slide them out of sync with it.
            picture = next(m for m in group if m.is_picture)
            reporter.warn(
                "unsupported-clip",
                f"{picture.place.name} ({picture.place.location}): left as it is: its linked clip {lost[0]} "
                "is left as it is, and trimming one without the other would break their sync",
                clip_name=picture.place.name,
                clip_location=picture.place.location,
            )
            continue
        cuts = _decide(group, settings, grid)
        for member, cut in zip(group, cuts, strict=True):
            if cut.changed:
                edits[id(member.at.clip)] = (member, cut)
        primary = next(m for m in group if m.is_picture)
        if id(primary.at.clip) in edits:
            for removal, span in edits[id(primary.at.clip)][1].removals:
                outcome.suggestions.append(
                    apply.suggestion(primary.place.name, primary.place.location, primary.at, removal, span)
                )
                outcome.removed_s[removal.kind] += span.duration
    reporter.progress("decide", len(groups), len(groups))
    reporter.progress("edit", 0, len(edits))
    by_track: dict[int, dict[int, list[dict]]] = defaultdict(dict)
    for member, cut in edits.values():
        whole = member.at.values
        assert whole is not None  # every member's JSON form is read from `tree` (_members)
        if settings.review_only:
            apply.mark_in_place(member.at, cut, whole)
            continue
        path = member.place.path
        by_track[path.track_index][path.item_index] = apply.replacement(member.at, cut, settings.ripple, whole)
    for track_index, replacements in by_track.items():
        apply.replace_all(tree.track_items(track_index), replacements)
    outcome.clips_changed = len(edits)
    outcome.edited = {member.place.location for member, _ in edits.values()}
    reporter.progress("edit", len(edits), len(edits))
    return outcome


def _decide(group: list[Member], settings: TrimSettings, grid: float) -> list[Cut]:
    """One file's clips are decided on its analysis; a picture and sound in files of their own (linked by the
    host) lose only what every file with sound agrees may go (linked_media)."""
    if len({m.media_key for m in group}) == 1:
        return _without_slivers(group, decide_group([m.part for m in group], group[0].footage, settings, grid))
    clips = [Linked(m.part, m.footage, m.media_key, m.record.start) for m in group]
    # Frames of the timeline: a sound clip counted at its sample rate would make a sliver of no length.
    least = apply.MIN_PIECE_FRAMES / grid
    return decide_linked(clips, settings, grid, least)


def _without_slivers(group: list[Member], cuts: list[Cut]) -> list[Cut]:
    """No piece shorter than `apply.MIN_PIECE_FRAMES` is left behind, and the group stays in sync.

    A sliver between two removals the whole group shares goes with them (the two become one cut); one
    between a shared removal and the clip's edge or its head or tail trim goes with that removal where
    every clip of the group has the same sliver, and otherwise the removal is given up (the material
    kept: when unsure, keep). Either way every clip loses the same time, so sync holds."""
    cuts = list(cuts)
    for _ in range(sum(len(c.removals) for c in cuts) + 1):
        shared = [span for _, span in cuts[0].removals if all(span in [s for _, s in c.removals] for c in cuts)]
        change = None
        for member, cut in zip(group, cuts, strict=True):
            least = apply.MIN_PIECE_FRAMES / member.at.rate - EPSILON
            for piece in cut.keep:
                if piece.duration >= least:
                    continue
                before = next((s for s in shared if abs(s.end - piece.start) < EPSILON), None)
                after = next((s for s in shared if abs(s.start - piece.end) < EPSILON), None)
                if before is not None and after is not None:
                    change = (before, Span(before.start, piece.end))
                elif before is not None or after is not None:
                    removal = before if before is not None else after
                    assert removal is not None
                    if all(piece in c.keep for c in cuts):
                        grown = Span(min(removal.start, piece.start), max(removal.end, piece.end))
                        change = (removal, grown)
                    else:
                        change = (removal, None)
                if change:
                    break
            if change:
                break
        if change is None:
            return cuts
        old, new = change
        for n, (member, cut) in enumerate(zip(group, cuts, strict=True)):
            removals = [(r, new if span == old else span) for r, span in cut.removals if span != old or new]
            keep = subtract(member.part.used, [span for _, span in removals])
            cuts[n] = Cut(keep, removals) if keep and removals else Cut([member.part.used], [])
    return cuts


def _nested_name(place: ClipPlace) -> str:
    """The name of the top-level item that holds a nested clip (editors name their compounds), or ""."""
    item = place.clip
    # Climb until item's track sits in the timeline's own stack (whose parent is None).
    while (
        item.parent() is not None and item.parent().parent() is not None and item.parent().parent().parent() is not None
    ):
        item = item.parent()
    return item.name


def _members(
    places: list[ClipPlace], tree: TimelineTree, media: MediaLookup, reporter: Reporter, footages: Footages
) -> tuple[list[Member], dict[Any, str]]:
    """The clips to decide, and the link groups of those left out (each with one such clip, named): a clip
    linked to one that is left as it is must be left too.

    What a clip lacks (effects, markers, a link group) is read in its JSON form in `tree`: asked of OTIO,
    each read of a list or a mapping is made again in Python, for every clip of a long cut."""
    left: dict[Any, str] = {}
    warned_nested: set[str] = set()
    record_ranges = RecordRanges()
    members = []
    for place in places:
        clip = place.clip
        if place.nested:
            top = place.path.top.label
            if top not in warned_nested:
                warned_nested.add(top)
                name = _nested_name(place)
                label = f'"{name}" ' if name else ""
                reporter.warn(
                    "unsupported-clip",
                    f"nested stack {label}at {top}: left as it is (trims apply to top-level tracks)",
                    clip_name=name,
                    clip_location=top,
                )
            _leave(left, place)
            continue
        found = media(clip)
        if found is None:
            _leave(left, place)
            continue  # already warned: no media or unreadable
        analysis, media_key = found
        values = tree.item(place.path)
        if values.get("effects") and any(isinstance(effect, otio.schema.TimeEffect) for effect in clip.effects):
            reporter.warn(
                "unsupported-clip",
                f"{place.name} ({place.location}): has a speed change; left as it is",
                clip_name=place.name,
                clip_location=place.location,
            )
            _leave(left, place)
            continue
        if place.track.kind not in (otio.schema.TrackKind.Video, otio.schema.TrackKind.Audio):
            continue
        source = clip.source_range or clip.available_range()
        offset = media_offset_s(clip, analysis)
        used = Span(offset, offset + source.duration.to_seconds())
        if not _uses_media_it_has(place, used, analysis, reporter):
            _leave(left, place)
            continue
        at = apply.InMedia(clip, offset, source.start_time.rate, used, values)
        index = place.path.item_index
        record = record_ranges.of(place)
        items = place.track
        before = items[index - 1] if index else None
        after = items[index + 1] if index + 1 < len(items) else None
        part = Part(
            used=used,
            media=Span(0.0, analysis.duration_s),
            head_handle_s=_transition_overlap(before, "in_offset"),
            tail_handle_s=_transition_overlap(after, "out_offset"),
            marks=apply.user_marks(at),
        )
        members.append(
            Member(
                place=place,
                at=at,
                part=part,
                footage=footages.of(media_key, analysis),
                media_key=media_key,
                record=Span(record.start_time.to_seconds(), record.end_time_exclusive().to_seconds()),
                link_id=meta.link_group(values.get("metadata") or {}),
            )
        )
    return members, left


def _leave(left: dict[Any, str], place: ClipPlace) -> None:
    link = meta.link_group(place.clip.metadata)
    if link is not None:
        left.setdefault(link, f"{place.name} ({place.location})")


def _uses_media_it_has(place: ClipPlace, used: Span, analysis: MediaAnalysis, reporter: Reporter) -> bool:
    """A clip whose used range lies outside its media (a relink to a shorter file, a wrong start timecode)
    is named: partly outside, it is trimmed, the stretch without media counting as empty; wholly outside,
    it is left as it is."""
    media = Span(0.0, analysis.duration_s)
    slack = 0.5 / max(analysis.frame_rate or 24.0, 1.0)
    if used.start >= media.start - slack and used.end <= media.end + slack:
        return True
    wholly = used.end <= media.start + slack or used.start >= media.end - slack
    reporter.warn(
        "outside-media",
        f"{place.name} ({place.location}): uses {used.start:.2f}-{used.end:.2f} s of its media, which holds "
        f"0.00-{media.end:.2f} s" + ("; left as it is" if wholly else "; the stretch without media counts as empty"),
        clip_name=place.name,
        clip_location=place.location,
        media_path=analysis.path,
    )
    return not wholly


def _transition_overlap(item: otio.core.Composable | None, side: str) -> float:
    """How far a neighbouring transition reaches past the edit into this clip's unused media."""
    if not isinstance(item, otio.schema.Transition):
        return 0.0
    return getattr(item, side).to_seconds()


def _groups(members: list[Member]) -> list[list[Member]]:
    """Picture and its sound: same link group (any media), or same media in the same sync on other tracks."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    # A host's link group: every member of it on another track than the first is linked to it, whatever file
    # it plays (double-system sound is in files of its own).
    by_link: dict[Any, list[int]] = defaultdict(list)
    for i, member in enumerate(members):
        if member.link_id is not None:
            by_link[member.link_id].append(i)
    for indices in by_link.values():
        if len({members[i].place.path.track_index for i in indices}) > 1:
            for i in indices[1:]:
                union(indices[0], i)
    # Same media in the same sync: only members whose sync offsets fall within a bucket or two of each other
    # are compared (comparing every pair of a file's clips grows with the square of a long timeline).
    if not members:
        return []
    width = 1.0 / (2 * max(m.at.rate for m in members))
    reach = math.ceil((1.0 / (2 * min(m.at.rate for m in members))) / width) + 1
    buckets: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, member in enumerate(members):
        buckets[(member.media_key, math.floor(_sync_offset(member) / width))].append(i)
    for (media_key, bucket), indices in buckets.items():
        near = [j for k in range(bucket - reach, bucket + 1) for j in buckets.get((media_key, k), ())]
        _union_overlapping(members, indices, near, union)
    groups: dict[int, list[Member]] = defaultdict(list)
    for i, member in enumerate(members):
        groups[find(i)].append(member)
    return list(groups.values())


def _sync_offset(member: Member) -> float:
    """Media time minus record time: the same for clips of one file that play in sync."""
    return member.part.used.start - member.record.start


def _union_overlapping(members: list[Member], own: list[int], near: list[int], union: Callable) -> None:
    """Link members of `own` with members of `near` (own included) that overlap them on the timeline."""
    ordered = sorted(set(near), key=lambda i: members[i].record.start)
    starts = [members[i].record.start for i in ordered]
    for a in own:
        record = members[a].record
        # Only members that start before this one ends can overlap it; those ending before it starts are skipped.
        for b in ordered[: bisect.bisect_left(starts, record.end)]:
            if b != a and members[b].record.end > record.start and _linked(members[a], members[b]):
                union(a, b)


def _linked(a: Member, b: Member) -> bool:
    if a.place.path.track_index == b.place.path.track_index:
        return False
    if a.link_id is not None and b.link_id is not None:
        return a.link_id == b.link_id
    frame = 1.0 / max(a.at.rate, b.at.rate)
    same_sync = abs((a.part.used.start - a.record.start) - (b.part.used.start - b.record.start)) < frame / 2
    return same_sync and a.record.overlaps(b.record)


def _grid_rate(timeline: otio.schema.Timeline, members: list[Member]) -> float:
    if timeline.global_start_time is not None and timeline.global_start_time.rate > 0:
        return timeline.global_start_time.rate
    return next((m.at.rate for m in members if m.is_picture), 24.0)
