"""Where each clip sits in a timeline, named the way an editor says it ("V1 #3")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import opentimelineio as otio


@dataclass(frozen=True)
class ClipPlace:
    clip: otio.schema.Clip
    track: otio.schema.Track
    #: "V1 #3": third item of the first video track; nested stacks add " › ...".
    location: str
    #: True when the clip sits inside a nested stack rather than on a top-level track.
    nested: bool

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


def iter_clip_places(stack: otio.schema.Stack, _prefix: str = "", _nested: bool = False) -> Iterator[ClipPlace]:
    """Every clip, depth first, in track then time order, with its place."""
    labels = track_labels(stack)
    for index, track in enumerate(stack):
        if not isinstance(track, otio.schema.Track):
            continue
        label = _prefix + labels[index]
        for position, item in enumerate(track, start=1):
            where = f"{label} #{position}"
            if isinstance(item, otio.schema.Clip):
                yield ClipPlace(item, track, where, _nested)
            elif isinstance(item, otio.schema.Stack):
                yield from iter_clip_places(item, where + " › ", True)
