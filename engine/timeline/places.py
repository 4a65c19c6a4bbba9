"""Where each clip sits in a timeline: a structured path, and the label an editor says ("V1 #3")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import opentimelineio as otio

#: Between the levels of a label: "V1 #2 › V1 #1" is the first clip inside the second item of V1.
NESTING = " › "


@dataclass(frozen=True)
class ClipPath:
    """A place in a stack: which track (by position and by the label an editor uses) and which item on it."""

    #: "V1", "A2", "T1" (another kind of track), or "bin".
    track_label: str
    #: The track's position in its stack, and the item's position on its track (both from 0).
    track_index: int
    item_index: int
    #: The item (a nested stack) this path lies inside, or None on a top-level track.
    parent: ClipPath | None = None

    @property
    def label(self) -> str:
        own = f"{self.track_label} #{self.item_index + 1}"
        return f"{self.parent.label}{NESTING}{own}" if self.parent else own

    @property
    def top(self) -> ClipPath:
        """The top-level item this path lies in (itself on a top-level track)."""
        return self.parent.top if self.parent else self

    @property
    def nested(self) -> bool:
        return self.parent is not None


@dataclass(frozen=True)
class ClipPlace:
    clip: otio.schema.Clip
    track: otio.schema.Track
    path: ClipPath

    @property
    def location(self) -> str:
        return self.path.label

    @property
    def nested(self) -> bool:
        """True when the clip sits inside a nested stack rather than on a top-level track."""
        return self.path.nested

    @property
    def name(self) -> str:
        return self.clip.name or "(unnamed clip)"


def track_labels(stack: otio.schema.Stack) -> dict[int, str]:
    """Labels by position: video tracks V1.., audio tracks A1.., others T1.."""
    counts: dict[str, int] = {}
    labels = {}
    for index, track in enumerate(stack):
        if not isinstance(track, otio.schema.Track):
            continue
        letter = {otio.schema.TrackKind.Video: "V", otio.schema.TrackKind.Audio: "A"}.get(track.kind, "T")
        counts[letter] = counts.get(letter, 0) + 1
        labels[index] = f"{letter}{counts[letter]}"
    return labels


def iter_clip_places(stack: otio.schema.Stack, _parent: ClipPath | None = None) -> Iterator[ClipPlace]:
    """Every clip, depth first, in track then time order, with its place."""
    labels = track_labels(stack)
    for track_index, track in enumerate(stack):
        if not isinstance(track, otio.schema.Track):
            continue
        for item_index, item in enumerate(track):
            path = ClipPath(labels[track_index], track_index, item_index, _parent)
            if isinstance(item, otio.schema.Clip):
                yield ClipPlace(item, track, path)
            elif isinstance(item, otio.schema.Stack):
                yield from iter_clip_places(item, path)


class RecordRanges:
    """Where clips sit on their tracks (in the track's own time), each track walked once: asking a track for
    one clip's range walks every item before it, so asking it clip by clip grew with the square of a track."""

    def __init__(self) -> None:
        self._by_track: dict[int, dict] = {}

    def of(self, place: ClipPlace) -> otio.opentime.TimeRange:
        ranges = self._by_track.get(id(place.track))
        if ranges is None:
            ranges = self._by_track[id(place.track)] = place.track.range_of_all_children()
        found: otio.opentime.TimeRange = ranges[place.clip]
        return found


def bin_places(clips: list[otio.schema.Clip]) -> list[ClipPlace]:
    """A bin's clips, each placed as "bin #n" on a track of its own (a bin has no timeline)."""
    holder = otio.schema.Track(name="bin")
    return [ClipPlace(clip, holder, ClipPath("bin", 0, n)) for n, clip in enumerate(clips)]
