"""A small shoot and a rough cut over it: what `workprint demo` and the tests work on.

Three takes in three codecs and frame rates, each as a day on set gives
them: black, a slate with its clap, the camera settling, "Action!" off
mic, the lines with a long pause, "Cut!", run-out. The rough cut puts them
on V1 with their sound linked on A1, a music bed on A2, a dissolve between
the last two and an editor's marker on the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import opentimelineio as otio

from workprint.engine.demo.synth import Picture, SlateCard, Sound, TakeScript, Truth, write_take

RT = otio.opentime.RationalTime
TR = otio.opentime.TimeRange

#: What each take's slate card says, in the order of TAKES (as its file name does).
CARDS = (
    SlateCard("1A", 1, roll="A001", layout="columns"),
    SlateCard("1B", 2, roll="A001", layout="inline"),
    SlateCard("2A", 1, roll="A002", layout="stacked"),
)
#: (file name, codec, frame rate, start timecode, scene look, lines and when they start)
TAKES = (
    ("S01A_T01.mp4", "h264", Fraction(24000, 1001), None, 1, (("line1", 3.6), ("line2", 8.6))),
    ("S01B_T02.mov", "mjpeg", Fraction(25), "01:00:00:00", 2, (("line3", 3.7), ("line4", 5.6))),
    ("S02A_T01.mov", "mpeg4", Fraction(24), "14:30:10:00", 3, (("line2", 3.6), ("line1", 7.8))),
)


@dataclass
class Shoot:
    folder: Path
    takes: list[Truth]
    timeline_path: Path
    timeline: otio.schema.Timeline


def take_script(
    codec: str, fps: Fraction, timecode: str | None, scene: int, lines, size=(320, 180), card: SlateCard | None = None
) -> TakeScript:
    last_start = lines[-1][1]
    cut_at = last_start + 3.9
    # The camera rolls on after "Cut!" (the run-out): long enough that the rough cut's loose tail, which runs
    # 4.5 s past the last line, lies inside the media rather than past its end.
    duration = last_start + 10.5
    sounds = [Sound("clap", 1.55), Sound("action", 2.2, -14)]
    sounds += [Sound(name, at) for name, at in lines]
    sounds.append(Sound("cut", cut_at, -14))
    pictures = [
        Picture("black", 0.0, 0.3),
        Picture("slate", 0.3, 1.7, card=card),
        Picture("shake", 1.7, 2.4, scene),
        Picture("scene", 2.4, duration, scene),
    ]
    return TakeScript(
        duration_s=duration, pictures=pictures, sounds=sounds, fps=fps, size=size, codec=codec, start_timecode=timecode
    )


def make_shoot(folder: Path, size=(320, 180)) -> Shoot:
    folder.mkdir(parents=True, exist_ok=True)
    truths = []
    for (name, codec, fps, timecode, scene, lines), card in zip(TAKES, CARDS, strict=True):
        truths.append(write_take(folder / name, take_script(codec, fps, timecode, scene, lines, size, card)))
    # The bed runs under the whole cut (each take's loose tail is 4.5 s past its last line), with room to spare.
    music = _write_music(folder / "music_bed.wav", sum(t.lines[-1][2] + 5.0 for t in truths) + 10)
    timeline = rough_cut(truths, music)
    path = folder / "rough.otio"
    otio.adapters.write_to_file(timeline, str(path))
    return Shoot(folder, truths, path, timeline)


def rough_cut(truths: list[Truth], music: Path) -> otio.schema.Timeline:
    """The takes as an editor first lays them in: loose, heads and tails on."""
    timeline = otio.schema.Timeline(name="Rough cut", global_start_time=RT(86400, 24))
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    dialogue = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    bed = otio.schema.Track(name="Music", kind=otio.schema.TrackKind.Audio)
    timeline.tracks.extend([video, dialogue, bed])
    for n, (truth, (_, _, fps, timecode, _, _)) in enumerate(zip(truths, TAKES, strict=True)):
        rate = float(fps)
        start = otio.opentime.from_timecode(timecode, rate).value if timecode else 0
        frames = round(truth.lines[-1][2] * rate + 4.5 * rate)
        available = TR(RT(start, rate), RT(frames + round(rate), rate))
        ref = otio.schema.ExternalReference(target_url=str(truth.path), available_range=available)
        used = TR(RT(start + round(0.2 * rate), rate), RT(frames, rate))
        clip = otio.schema.Clip(name=truth.path.stem, media_reference=ref, source_range=used)
        if n == 2:
            video.append(
                otio.schema.Transition(
                    name="dissolve", transition_type="SMPTE_Dissolve", in_offset=RT(6, 24), out_offset=RT(6, 24)
                )
            )
        picture = clip.clone()
        if n == 0:
            # The editor's own note, on a line of dialogue: it must survive.
            at = RT(start + round(4.0 * rate), rate)
            picture.markers.append(
                otio.schema.Marker(
                    name="love this read", marked_range=TR(at, RT(1, rate)), color=otio.schema.MarkerColor.RED
                )
            )
        video.append(picture)
        dialogue.append(clip.clone())
    # Whole frames at the timeline's rate: the takes' own rates do not add up to whole frames of 24.
    music_length = RT(round(video.duration().rescaled_to(24).value), 24)
    bed.append(
        otio.schema.Clip(
            name="music_bed",
            source_range=TR(RT(0, 24), music_length.rescaled_to(24)),
            media_reference=otio.schema.ExternalReference(
                target_url=str(music), available_range=TR(RT(0, 24), music_length.rescaled_to(24) + RT(240, 24))
            ),
        )
    )
    return timeline


def _write_music(path: Path, seconds: float) -> Path:
    """A soft chord: music that must come through untouched."""
    import wave

    rate = 48_000
    t = np.arange(int(seconds * rate)) / rate
    chord = np.sum([np.sin(2 * np.pi * f * t) for f in (220.0, 277.2, 329.6)], axis=0) * 0.08
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((chord * 32767).astype(np.int16).tobytes())
    return path
