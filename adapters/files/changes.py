"""What a job changed in a timeline, per item of the editor's file: the model every file editor applies.

The engine answers with a whole OTIO timeline. A file editor needs less and
more: for each item the file holds (found again by a key the format gives it,
such as an element's id), where it now sits, which part of its media it now
uses, into how many pieces it was split and which markers the job added. No
I/O here: the formats' editors turn these into changes of their own text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import opentimelineio as otio

from workprint.engine.domain import meta
from workprint.engine.errors import InputError

RT = otio.opentime.RationalTime
TR = otio.opentime.TimeRange

#: Where a read step leaves an item's place in its file when the file gives it no id of its own (the adapters'
#: key; the engine ignores it, and it is not written into another format).
FILE_KEY = "workprint_file"

#: Finds an item's key in the file (None: the item is not one the file editor can place).
KeyOf = Callable[[otio.core.Item], "str | None"]


@dataclass(frozen=True)
class Piece:
    """One piece an item became: where it sits in its parent, what it uses, the markers it holds."""

    record: otio.opentime.TimeRange
    source: otio.opentime.TimeRange
    #: The markers the job made (each explains a change), in the item's source time.
    added_markers: tuple[otio.schema.Marker, ...] = ()
    #: The item's other markers (the editor's) as the answer holds them on this piece.
    kept_markers: tuple[otio.schema.Marker, ...] = ()


@dataclass
class ItemChange:
    """An item of the file and what became of it."""

    key: str
    name: str
    before_record: otio.opentime.TimeRange
    before_source: otio.opentime.TimeRange
    pieces: list[Piece] = field(default_factory=list)

    @property
    def removed(self) -> bool:
        return not self.pieces

    @property
    def split(self) -> bool:
        return len(self.pieces) > 1

    @property
    def untouched(self) -> bool:
        return (
            len(self.pieces) == 1
            and self.pieces[0].record == self.before_record
            and self.pieces[0].source == self.before_source
            and not self.pieces[0].added_markers
        )


@dataclass
class TimelineChanges:
    """Every item of one timeline, by key, with what became of it; and the timeline's new length."""

    items: dict[str, ItemChange]
    duration_before: otio.opentime.RationalTime
    duration_after: otio.opentime.RationalTime

    def changed(self) -> list[ItemChange]:
        return [c for c in self.items.values() if not c.untouched]


class SharedItemChanged(InputError):
    """An item the file shows in several places (one element referenced from other tracks) was changed:
    there is no one place in the file's text to write it."""


def file_key(item: otio.core.Item) -> str | None:
    found = item.metadata.get(FILE_KEY)
    value = found.get("item") if hasattr(found, "get") else None
    return str(value) if value else None


def is_added(marker: otio.schema.Marker) -> bool:
    """A marker the job made: it carries the engine's notes."""
    return meta.META_KEY in marker.metadata


def source_of(item: otio.core.Item) -> otio.opentime.TimeRange:
    return item.source_range or item.available_range()


def items_with_keys(timeline: otio.schema.Timeline, key_of: KeyOf) -> list[tuple[str, otio.core.Item]]:
    found = []
    for item in timeline.find_children(descended_from_type=otio.core.Item):
        if isinstance(item, (otio.schema.Gap, otio.schema.Track)):
            continue
        key = key_of(item)
        if key is not None:
            found.append((key, item))
    return found


def compare(before: otio.schema.Timeline, after: otio.schema.Timeline, key_of: KeyOf) -> TimelineChanges:
    """What became of each keyed item of `before` in `after` (the engine's answer)."""
    counted: dict[str, int] = defaultdict(int)
    for key, _ in items_with_keys(before, key_of):
        counted[key] += 1
    items: dict[str, ItemChange] = {}
    for key, item in items_with_keys(before, key_of):
        if counted[key] > 1:
            # One element shown in several places (a nested sequence used twice): no single place to edit.
            continue
        items[key] = ItemChange(key, item.name, item.range_in_parent(), source_of(item))
    for key, item in items_with_keys(after, key_of):
        change = items.get(key)
        if change is None:
            if counted.get(key, 0) > 1 and _differs(item):
                raise SharedItemChanged(
                    f"{item.name}: the file shows this item in more than one place; a change to it cannot be "
                    "written back into the file"
                )
            continue
        added = tuple(m for m in item.markers if is_added(m))
        kept = tuple(m for m in item.markers if not is_added(m))
        change.pieces.append(Piece(item.range_in_parent(), source_of(item), added, kept))
    return TimelineChanges(items, before.duration(), after.duration())


def unplaced_changes(after: otio.schema.Timeline, key_of: KeyOf) -> list[str]:
    """Notes on the clips the job changed that the file gives no place to (left in the file as they were)."""
    return [
        f"{item.name or '(unnamed)'}: the job changed this clip but the file has no place that names it; "
        "it is left as it was (the review report lists the suggestion)"
        for item in after.find_clips()
        if key_of(item) is None and _differs(item)
    ]


#: Facts a host's translator copied into the neutral namespace on reading: not a change the job made.
TRANSLATED = (meta.LINK_GROUP, meta.CLIP_PROPERTIES)


def _differs(item: otio.core.Item) -> bool:
    noted = [key for key in meta.namespace(item.metadata) if key not in TRANSLATED]
    return bool(noted) or any(is_added(m) for m in item.markers)


def frames(time: otio.opentime.RationalTime, rate: float) -> int:
    """Whole frames at `rate` (the file's own rate for the field written)."""
    return round(time.rescaled_to(rate).value)


def explanation(marker: otio.schema.Marker) -> str:
    """The marker's reason, as one line a host shows in its marker list."""
    return " ".join(f"{marker.name}: {marker.comment}".split()) if marker.comment else marker.name
