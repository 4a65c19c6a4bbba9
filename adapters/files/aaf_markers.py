"""Markers in an AAF written by OpenTimelineIO's writer, as Media Composer keeps its own.

The AAF writer keeps no markers: the editor's and the job's alike would be
gone. Media Composer stores a sequence's markers in its CompositionMob as
EventMobSlots, one per track that has markers (the slot's PhysicalTrackNumber
is the track's), each holding DescriptiveMarkers: a Position in the track's
edit units from the sequence's first frame, the TimelineMobSlot they describe
(DescribedSlots), the text (Comment, and the `_ATN_CRM_COM` attribute), the
colour by name (`_ATN_CRM_COLOR`) and as RGB (CommentMarkerColor). That is
what is added here to the file the writer made, with each picture and sound
slot numbered V1.., A1.. as Avid numbers them, so the same adapter's reader
puts every marker back on the clip at its time. No I/O but the one file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import aaf2
import opentimelineio as otio

from workprint.adapters.files.changes import explanation

#: Media Composer's marker colours, as its own exports carry them (16-bit RGB).
AVID_COLOURS: dict[str, tuple[int, int, int]] = {
    "Red": (41471, 12134, 6564),
    "Green": (13107, 52428, 13107),
    "Blue": (13107, 13107, 52428),
    "Cyan": (13107, 52428, 52428),
    "Magenta": (52428, 13107, 52428),
    "Yellow": (58981, 58981, 6553),
    "Black": (0, 0, 0),
    "White": (65535, 65535, 65535),
}

#: OpenTimelineIO's marker colours to Media Composer's nearest (it has no orange, pink or purple).
FROM_OTIO = {
    "RED": "Red",
    "PINK": "Magenta",
    "ORANGE": "Red",
    "YELLOW": "Yellow",
    "GREEN": "Green",
    "CYAN": "Cyan",
    "BLUE": "Blue",
    "PURPLE": "Magenta",
    "MAGENTA": "Magenta",
    "BLACK": "Black",
    "WHITE": "White",
}

#: Event slots are numbered after the sequence's own (Media Composer starts them at 1000).
FIRST_EVENT_SLOT = 1000
#: The marker attributes Media Composer reads and writes that are kept from an editor's marker read from an AAF
#: (its id, dates and user: the same marker, moved with its clip).
KEPT_ATTRIBUTES = ("_ATN_CRM_ID", "_ATN_CRM_USER", "_ATN_CRM_DATE", "_ATN_CRM_TIME", "_ATN_CRM_LONG_CREATE_DATE")


def avid_colour(otio_colour: str | None) -> str:
    return FROM_OTIO.get(str(otio_colour or "").upper(), "Red")


@dataclass(frozen=True)
class Locator:
    """One marker as Media Composer holds it: on a track, at a frame of the sequence."""

    position: int
    length: int
    text: str
    colour: str
    attributes: dict[str, str | int] = field(default_factory=dict)


def locators(track: otio.core.Composition, rate: float) -> list[Locator]:
    """Every marker on the track and on what it holds (clips, gaps, nested items), at the track's frames.

    A marker on an item sits within that item's place on the track (a marker the item's range does not show is
    put on its nearest frame), so it is read back onto the same item."""
    found = []
    nested = track.find_children(descended_from_type=otio.core.Item) if isinstance(track, otio.schema.Track) else []
    items: list[otio.core.Item] = [track, *nested]
    for item in items:
        if not item.markers:
            continue
        span = item.trimmed_range() if item is track else item.transformed_time_range(item.trimmed_range(), track)
        first = round(span.start_time.value_rescaled_to(rate))
        last = max(first, round(span.end_time_exclusive().value_rescaled_to(rate)) - 1)
        for marker in item.markers:
            at = (
                marker.marked_range.start_time
                if item is track
                else item.transformed_time(marker.marked_range.start_time, track)
            )
            position = min(max(round(at.value_rescaled_to(rate)), first), last)
            length = max(1, round(marker.marked_range.duration.value_rescaled_to(rate)))
            found.append(
                Locator(position, length, explanation(marker), avid_colour(marker.color), _kept_attributes(marker))
            )
    return sorted(found, key=lambda locator: locator.position)


def _kept_attributes(marker: otio.schema.Marker) -> dict[str, str | int]:
    read = marker.metadata.get("AAF", {})
    listed = read.get("CommentMarkerAttributeList", {}) if hasattr(read, "get") else {}
    if not hasattr(listed, "get"):
        return {}
    kept: dict[str, str | int] = {}
    for key in KEPT_ATTRIBUTES:
        value = listed.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            kept[key] = value
    return kept


def add_markers(path: Path, timeline: otio.schema.Timeline) -> int:
    """Write every marker of the timeline's tracks into the AAF at path (as the writer left it); how many.

    The writer makes one TimelineMobSlot per track that holds anything, in the timeline's order, and a
    timecode slot last: the tracks are found again in that order."""
    tracks = [t for t in timeline.tracks if isinstance(t, otio.schema.Track) and len(t)]
    written = 0
    with aaf2.open(str(path), "rw") as aaf:
        mob = _sequence_mob(aaf)
        slots = [s for s in mob.slots if _media_kind(s) in ("picture", "sound")]
        if len(slots) != len(tracks):
            raise ValueError(f"the writer made {len(slots)} tracks of {len(tracks)}")
        numbers = {"picture": 0, "sound": 0}
        next_id = max([FIRST_EVENT_SLOT - 1, *(s.slot_id for s in mob.slots)]) + 1
        for track, slot in zip(tracks, slots, strict=True):
            numbers[_media_kind(slot)] += 1
            slot["PhysicalTrackNumber"].value = numbers[_media_kind(slot)]
            rate = float(slot.edit_rate)
            found = locators(track, rate)
            if not found:
                continue
            mob.slots.append(_event_slot(aaf, slot, next_id, found))
            next_id += 1
            written += len(found)
        # The timeline's own markers describe the timecode slot with no track number: the reader puts a marker
        # that names no track on the timeline itself (as it does for Media Composer's "selected tracks" exports).
        timecode = [s for s in mob.slots if _media_kind(s) == "timecode"]
        found = locators(timeline.tracks, float(timecode[0].edit_rate)) if timecode else []
        if found:
            mob.slots.append(_event_slot(aaf, timecode[0], next_id, found, track_number=0))
            written += len(found)
    return written


def _sequence_mob(aaf: aaf2.file.AAFFile) -> aaf2.mobs.CompositionMob:
    mobs = list(aaf.content.toplevel())
    if len(mobs) != 1:
        raise ValueError(f"the writer made {len(mobs)} sequences")
    return mobs[0]


def _media_kind(slot: aaf2.mobslots.MobSlot) -> str:
    return str(slot.segment.media_kind).lower() if slot.segment is not None else ""


def _event_slot(
    aaf: aaf2.file.AAFFile,
    described: aaf2.mobslots.TimelineMobSlot,
    slot_id: int,
    found: list[Locator],
    track_number: int | None = None,
) -> aaf2.mobslots.EventMobSlot:
    slot = aaf.create.EventMobSlot()
    slot.edit_rate = described.edit_rate
    slot.slot_id = slot_id
    slot["PhysicalTrackNumber"].value = described["PhysicalTrackNumber"].value if track_number is None else track_number
    sequence = aaf.create.Sequence(media_kind="DescriptiveMetadata")
    for locator in found:
        sequence.components.append(_marker(aaf, described.slot_id, locator))
    slot.segment = sequence
    return slot


def _marker(aaf: aaf2.file.AAFFile, described_slot: int, locator: Locator) -> aaf2.components.DescriptiveMarker:
    marker = aaf.create.DescriptiveMarker()
    marker["Position"].value = locator.position
    marker["Length"].value = locator.length
    marker["DescribedSlots"].value = {described_slot}
    marker["Comment"].value = locator.text
    red, green, blue = AVID_COLOURS[locator.colour]
    marker["CommentMarkerColor"].value = {"red": red, "green": green, "blue": blue}
    attributes = aaf2.misc.TaggedValueHelper(marker["CommentMarkerAttributeList"])
    attributes["_ATN_CRM_COLOR"] = locator.colour
    attributes["_ATN_CRM_COM"] = locator.text
    for key, value in locator.attributes.items():
        attributes[key] = value
    return marker
