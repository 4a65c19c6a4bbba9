"""A trim decision applied to OTIO: clips become their kept pieces, every change marked and explained.

Only the clip that changes is replaced (by copies of itself, one per kept
piece); everything else on the track stays as it was. Each piece says in the
engine's metadata namespace what it was cut from and why, and a marker sits on
the frame where each cut now is.

The pieces are made as OTIO JSON values from the clip's own (`whole`, its JSON
form): a timeline's edit changes its document's tree (`otio_tree`), and a
selects reel reads them into OTIO objects (`pieces`).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import opentimelineio as otio

from workprint.engine.domain import meta
from workprint.engine.domain.events import Suggestion
from workprint.engine.domain.kinds import kind
from workprint.engine.domain.spans import Span
from workprint.engine.timeline import otio_values
from workprint.engine.trims.decide import EPSILON, Cut
from workprint.engine.trims.plan import Removal


@dataclass(frozen=True)
class InMedia:
    """A clip and where it sits in its media: the media seconds of its first frame, its rate, what it uses."""

    clip: otio.schema.Clip
    offset_s: float
    rate: float
    used: Span
    #: The clip's JSON form in the document the job edits, when it has one: what it lacks (markers, most
    #: often) need not be asked of OTIO, whose every read of a list or a mapping makes it again in Python.
    values: dict | None = None

    @property
    def has_markers(self) -> bool:
        return self.values is None or bool(self.values.get("markers"))

    @cached_property
    def source(self) -> otio.opentime.TimeRange:
        """The clip's source range (read from OTIO once: each read makes new objects)."""
        return self.clip.source_range or self.clip.available_range()

    @cached_property
    def _made(self) -> dict[tuple[float, float], otio.opentime.TimeRange]:
        # A removal's range is its marker's, its note's and its suggestion's: made once, as each OTIO time
        # made in Python costs as much as the rest of a note. Keyed by plain floats (a dataclass hashes its
        # fields in Python, as slow as making the range); values the garbage collector need not track.
        return {}

    def source_range(self, span: Span) -> otio.opentime.TimeRange:
        """Media seconds to the clip's own source coordinates, whole frames at its rate."""
        key = (span.start, span.end)
        made = self._made.get(key)
        if made is None:
            start = self.source.start_time + otio.opentime.RationalTime(
                round((span.start - self.offset_s) * self.rate), self.rate
            )
            made = self._made[key] = otio.opentime.TimeRange(
                start, otio.opentime.RationalTime(round(span.duration * self.rate), self.rate)
            )
        return made

    def frames(self, seconds: float) -> otio.opentime.RationalTime:
        return otio.opentime.RationalTime(round(seconds * self.rate), self.rate)


def user_marks(at: InMedia) -> tuple[Span, ...]:
    """An editor's markers protect what they mark (the job's own markers from an earlier run do not)."""
    if not at.has_markers:
        return ()
    source = at.source
    marks = []
    for marker in at.clip.markers:
        if meta.META_KEY in marker.metadata:
            continue
        start = at.offset_s + (marker.marked_range.start_time - source.start_time).to_seconds()
        marks.append(Span(start, start + max(marker.marked_range.duration.to_seconds(), 1.0 / at.rate)))
    return tuple(marks)


def suggestion(name: str, location: str, at: InMedia, removal: Removal, span: Span) -> Suggestion:
    return Suggestion(name, location, removal.kind, at.source_range(span), removal.reason, removal.confidence)


def note(at: InMedia, removal: Removal, span: Span) -> dict:
    removed = at.source_range(span)
    return {
        "kind": removal.kind,
        "contains": list(removal.contains),
        "removed_source_range": {
            "start": removed.start_time.value,
            "duration": removed.duration.value,
            "rate": removed.start_time.rate,
        },
        "removed_seconds": round(span.duration, 3),
        "reason": removal.reason,
        "confidence": removal.confidence,
    }


def marker_fields(
    at: InMedia,
    removal: Removal,
    span: Span,
    start: otio.opentime.RationalTime,
    length: otio.opentime.RationalTime,
    noted: dict | None = None,
) -> dict:
    """A removal's marker in its JSON form (OTIO reads it whole); `noted`, its note when already made."""
    return otio_values.marker_fields(
        f"Workprint: {removal.kind}",
        kind(removal.kind).otio_colour,
        otio.opentime.TimeRange(start, length),
        f"{removal.reason} (confidence {removal.confidence:.0%})",
        {meta.META_KEY: noted if noted is not None else note(at, removal, span)},
    )


def mark_in_place(at: InMedia, cut: Cut, whole: dict) -> None:
    """Review only: the clip (`whole`, its JSON form) stays as it is; each suggestion is a marker over what
    would go."""
    noted = [note(at, removal, span) for removal, span in cut.removals]
    markers = whole["markers"] = list(whole.get("markers") or [])
    for (removal, span), made in zip(cut.removals, noted, strict=True):
        removed = at.source_range(span)
        markers.append(marker_fields(at, removal, span, removed.start_time, removed.duration, made))
    metadata = whole["metadata"] = _own_metadata(whole)
    meta.note_plain(metadata, suggestions=noted, applied=False)


#: The shortest piece a trim may leave (frames at the clip's rate): a piece shorter is a sliver an editor
#: would have to find and delete by hand.
MIN_PIECE_FRAMES = 2


def pieces(at: InMedia, cut: Cut) -> list[tuple[Span, otio.schema.Clip]]:
    """The kept pieces as OTIO clips, read in one call per clip: the same objects a clone and a dozen
    writes make (every write into an OTIO object converts what it is given, in Python), several times
    faster."""
    made = piece_values(at, cut, json.loads(at.clip.to_json_string(-1)))
    clips = otio_values.objects([body for _, body in made])
    return [(span, clip) for (span, _), clip in zip(made, clips, strict=True)]


def piece_values(at: InMedia, cut: Cut, whole: dict) -> list[tuple[Span, dict]]:
    """The kept pieces as copies of the clip's JSON form (`whole`), each holding the markers of what it
    still shows.

    A piece never reaches past the clip's used range (whole-frame rounding included); an editor's
    marker outside the used range (on the media the clip does not show) stays on the nearest piece."""
    clip = at.clip
    one_frame = otio.opentime.RationalTime(1, at.rate)
    original = at.source
    kept: list[tuple[int, Span, otio.opentime.TimeRange]] = []
    for n, span in enumerate(cut.keep):
        source = _within(at.source_range(span), original)
        if source is not None and source.duration.value >= 1:
            kept.append((n, span, source))
    if not kept:
        return []
    # Which piece holds each removal's marker: the first frame of the piece after the removal, or the last
    # frame of the one before it (where the cut now is).
    held: dict[int, list[tuple[Removal, Span, otio.opentime.RationalTime]]] = defaultdict(list)
    for removal, span in sorted(cut.removals, key=lambda r: r[1].start):
        after = next((k for k, (_, s, _) in enumerate(kept) if s.start >= span.end - EPSILON), None)
        before = next((k for k in reversed(range(len(kept))) if kept[k][1].end <= span.start + EPSILON), None)
        if after is not None:
            held[after].append((removal, span, kept[after][2].start_time))
        elif before is not None:
            held[before].append((removal, span, kept[before][2].end_time_exclusive() - one_frame))
    editors = whole.get("markers") or []
    own = _own_markers_by_piece(clip, original, [source for _, _, source in kept]) if editors else {}
    # Each removal's note, made once for its marker and its piece's notes (the same object in both, written
    # twice), and let go with the pieces' JSON: notes kept for the whole job cost the garbage collector more.
    noted = {(id(removal), span.start, span.end): note(at, removal, span) for removal, span in cut.removals}
    bodies = []
    for k, (n, span, source) in enumerate(kept):
        # Each piece is the clip with its own range, markers and notes; what the pieces share (the media
        # references, the effects) is only read when they are written, so one copy of it serves them all.
        body = dict(whole)
        metadata = body["metadata"] = _own_metadata(whole)
        body["source_range"] = otio_values.time_range(source)
        # An editor's markers stay on the piece that still holds what they mark; then the job's own.
        body["markers"] = [editors[i] for i in own.get(k, ())] + [
            marker_fields(at, removal, removed, start, one_frame, noted[id(removal), removed.start, removed.end])
            for removal, removed, start in held[k]
        ]
        meta.note_plain(
            metadata,
            original_source_range={
                "start": original.start_time.value,
                "duration": original.duration.value,
                "rate": original.start_time.rate,
            },
            piece=n + 1,
            pieces=len(cut.keep),
            applied=True,
            suggestions=[noted[id(removal), removed.start, removed.end] for removal, removed, _ in held[k]],
        )
        bodies.append((span, body))
    return bodies


def _own_metadata(whole: dict) -> dict:
    """A copy of the clip's metadata to write the job's notes into: the host's own values shared, the engine's
    namespace copied (it is written into)."""
    metadata = dict(whole.get("metadata") or {})
    if isinstance(metadata.get(meta.META_KEY), dict):
        metadata[meta.META_KEY] = dict(metadata[meta.META_KEY])
    return metadata


def _within(source: otio.opentime.TimeRange, used: otio.opentime.TimeRange) -> otio.opentime.TimeRange | None:
    """source held inside used (None where nothing of it is)."""
    start = max(source.start_time, used.start_time)
    end = min(source.end_time_exclusive(), used.end_time_exclusive())
    if end <= start:
        return None
    return otio.opentime.TimeRange.range_from_start_end_time(start, end)


def _own_markers_by_piece(
    clip: otio.schema.Clip, used: otio.opentime.TimeRange, sources: list[otio.opentime.TimeRange]
) -> dict[int, list[int]]:
    """Each marker (by its index on the clip) on the piece that shows its frame; a marker before or after
    the used range on the first or the last piece (nearest it); one inside a removed stretch goes with what
    was removed."""
    by_piece: dict[int, list[int]] = defaultdict(list)
    if not sources:
        return by_piece
    for index, mark in enumerate(clip.markers):
        start = mark.marked_range.start_time
        if start < used.start_time:
            by_piece[0].append(index)
        elif start >= used.end_time_exclusive():
            by_piece[len(sources) - 1].append(index)
        else:
            holder = next((k for k, source in enumerate(sources) if _inside(mark, source)), None)
            if holder is not None:
                by_piece[holder].append(index)
    return by_piece


def replacement(at: InMedia, cut: Cut, ripple: bool, whole: dict) -> list[dict]:
    """What the clip (`whole`, its JSON form) becomes on its track, as JSON values: its pieces, and without
    ripple the gaps that keep everything after it where it was."""
    items: list[dict] = []
    cursor = at.used.start
    for span, piece in piece_values(at, cut, whole):
        if not ripple and span.start > cursor + EPSILON:
            items.append(_gap(at, span.start - cursor))
        items.append(piece)
        cursor = span.end
    if not ripple and at.used.end > cursor + EPSILON:
        items.append(_gap(at, at.used.end - cursor))
    return items


def replace_all(items: list[dict], replacements: dict[int, list[dict]]) -> None:
    """Each item of a track (its JSON values) at an index of `replacements` becomes what it maps to; every
    other item stays as it is in its order. The list is rebuilt once: inserting piece by piece shifts the
    whole track each time."""
    if not replacements:
        return
    rebuilt: list[dict] = []
    for index, item in enumerate(items):
        rebuilt.extend(replacements.get(index, (item,)))
    items[:] = rebuilt


def _gap(at: InMedia, seconds: float) -> dict:
    # Written by OTIO itself, so the gap holds every field the installed OTIO writes.
    gap = otio.schema.Gap(
        source_range=otio.opentime.TimeRange(otio.opentime.RationalTime(0, at.rate), at.frames(seconds))
    )
    made: dict = json.loads(gap.to_json_string(-1))
    return made


def _inside(marker: otio.schema.Marker, source: otio.opentime.TimeRange) -> bool:
    start = marker.marked_range.start_time
    return source.start_time <= start < source.end_time_exclusive()
