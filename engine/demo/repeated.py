"""Long cuts and bins made of the demo shoot's rough cut repeated: what the benchmarks and tests of
timelines of thousands of clips run on (a feature's reel, a season's string-out)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import opentimelineio as otio


def repeated_cut(
    rough: otio.schema.Timeline, pictures: int, media: Callable[[int, Path], Path] | None = None
) -> otio.schema.Timeline:
    """The rough cut's pictures repeated until there are `pictures` on V1, each with its sound under it on A1
    and named with its place ("... #12"). `media`, given the place and a clip's file, names the file that clip
    is to use (the picture and its sound the same one): a cut whose every clip has a file of its own."""
    shots = list(rough.tracks[0].find_clips())
    sounds = list(rough.tracks[1].find_clips())
    timeline = otio.schema.Timeline(name=f"{pictures}-picture cut", global_start_time=rough.global_start_time)
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    for n in range(pictures):
        picture, sound = shots[n % len(shots)].clone(), sounds[n % len(sounds)].clone()
        if media is not None:
            original = Path(otio.url_utils.filepath_from_url(picture.media_reference.target_url))
            picture.media_reference.target_url = sound.media_reference.target_url = str(media(n, original))
        picture.name = f"{picture.name} #{n + 1}"
        video.append(picture)
        audio.append(sound)
    timeline.tracks.extend([video, audio])
    return timeline


def repeated_bin(rough: otio.schema.Timeline, clips: int) -> otio.schema.SerializableCollection:
    """`clips` clips of the rough cut's pictures, repeated, each named with its place, as a bin."""
    shots = list(rough.tracks[0].find_clips())
    children = []
    for n in range(clips):
        clip = shots[n % len(shots)].clone()
        clip.name = f"{clip.name} #{n + 1}"
        children.append(clip)
    return otio.schema.SerializableCollection(name=f"{clips}-clip bin", children=children)
