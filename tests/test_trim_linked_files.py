"""Double-system sound: the picture from the camera and each mic in a file of its own, linked only by the host.

The recorder rolls before the camera, so the same moment is at another media
second in each file; the host's link group (Resolve's, FCP 7's <link>, carried
as the neutral link group) says which clips are one take. Every linked clip
is trimmed with the picture, at the same record times and by the same media
times, and no line heard on the mics is cut.
"""

from __future__ import annotations

import json
from fractions import Fraction

import opentimelineio as otio
import pytest

from export_media import lines_for
from workprint.adapters import metadata
from workprint.engine.core import Engine
from workprint.engine.demo.synth import Picture, Sound, TakeScript, write_take
from workprint.engine.domain import meta
from workprint.engine.domain.spans import Span
from workprint.engine.jobs.events import JobContext
from workprint.engine.jobs.suggest_trims import suggest_trims
from workprint.engine.settings import EngineSettings, TrimSettings
from workprint.engine.timeline import otio_json
from workprint.engine.timeline.places import ClipPath, ClipPlace
from workprint.engine.trims import apply
from workprint.engine.trims.decide import Part
from workprint.engine.trims.plan import Footage
from workprint.engine.trims.timeline import Member, _decide, _groups

RATE = 24
SECONDS = 8.0
#: The recorder rolled this long before the camera.
PRE_ROLL_S = 2.0
MICS = ("boom", "lav 1")


def rt(frames: float) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(frames, RATE)


def tr(start: float, duration: float) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(rt(start), rt(duration))


def clip(name: str, path, media_start_frames: int, media_frames: int, used_start: int) -> otio.schema.Clip:
    return otio.schema.Clip(
        name=name,
        media_reference=otio.schema.ExternalReference(
            target_url=str(path), available_range=tr(media_start_frames, media_frames)
        ),
        source_range=tr(used_start, SECONDS * RATE),
    )


@pytest.fixture(scope="module")
def double_system(tmp_path_factory):
    folder = tmp_path_factory.mktemp("double-system")
    sounds = lines_for(SECONDS)
    write_take(
        folder / "A001C001.mov",
        TakeScript(SECONDS, [Picture("scene", 0.0, SECONDS, 1)], sounds, fps=Fraction(RATE), size=(64, 36)),
    )
    recorded = [Sound(s.kind, s.at_s + PRE_ROLL_S) for s in sounds]
    for mic in MICS:
        write_take(folder / f"{mic}.wav", TakeScript(SECONDS + PRE_ROLL_S, [], recorded, video=False))
    hour = 86400
    picture = clip("A001C001", folder / "A001C001.mov", hour, SECONDS * RATE, hour)
    meta.set_link_group(picture.metadata, "take 1")
    timeline = otio.schema.Timeline("double system", global_start_time=rt(hour))
    timeline.tracks.append(otio.schema.Track("V1", children=[picture]))
    for mic in MICS:
        # The same timecode range as the picture: media from two seconds into the file.
        sound = clip(mic, folder / f"{mic}.wav", hour - PRE_ROLL_S * RATE, (SECONDS + PRE_ROLL_S) * RATE, hour)
        meta.set_link_group(sound.metadata, "take 1")
        timeline.tracks.append(otio.schema.Track(mic, kind=otio.schema.TrackKind.Audio, children=[sound]))
    engine = Engine(EngineSettings(cache_dir=str(folder / "cache")))
    return folder, timeline, engine


def run_trims(double_system, timeline: otio.schema.Timeline) -> tuple[otio.schema.Timeline, list[str]]:
    """The trimmed timeline and the job's warnings."""
    folder, _, engine = double_system
    events: list = []
    result = suggest_trims(engine, otio_json.dump(timeline), TrimSettings(), folder, JobContext(events.append))
    return otio_json.parse_timeline(result.timeline_otio_json), [e.message for e in events if hasattr(e, "code")]


@pytest.fixture(scope="module")
def trimmed(double_system):
    return run_trims(double_system, double_system[1])[0]


@pytest.mark.slow
def test_every_mic_in_its_own_file_is_trimmed_with_its_picture(trimmed):
    tracks = list(trimmed.tracks)
    pictures = [(c.range_in_parent(), c.source_range) for c in tracks[0].find_clips()]
    assert len(pictures) > 1 or pictures[0][1].duration < rt(SECONDS * RATE), "the picture was trimmed"
    for track in tracks[1:]:
        # The same record ranges and the same timecode ranges of the take: in sync, cut by the same frames.
        assert [(c.range_in_parent(), c.source_range) for c in track.find_clips()] == pictures, track.name
        assert all(meta.link_group(c.metadata) == "take 1" for c in track.find_clips())
        assert all(any(m.name.startswith("Workprint: ") for m in c.markers) for c in track.find_clips()[1:])


@pytest.mark.slow
def test_a_mic_whose_file_is_missing_keeps_its_picture_and_the_other_mics_as_they_are(double_system, trimmed):
    timeline = double_system[1].deepcopy()
    lav = timeline.tracks[2].find_clips()[0]
    lav.media_reference.target_url = str(double_system[0] / "not relinked" / "lav 1.wav")
    after, said = run_trims(double_system, timeline)
    # Trimming the picture and the boom without the lav would slide the lav out of sync with them.
    assert [[c.source_range for c in t.find_clips()] for t in after.tracks] == [
        [c.source_range for c in t.find_clips()] for t in timeline.tracks
    ]
    assert any("A001C001" in m and "lav 1" in m and "sync" in m for m in said), said


FOOTAGE_SILENT = Footage(speech=[], events=[], level_db=lambda span: None, frame_s=1 / 24, has_sound=False)


def member(track: int, media: str, used_start: float, footage: Footage, link: object = "take 1") -> Member:
    made = otio.schema.Clip(name=media)
    holder = otio.schema.Track(name=f"T{track}", kind="Video" if track == 0 else "Audio")
    used = Span(used_start, used_start + SECONDS)
    return Member(
        place=ClipPlace(made, holder, ClipPath(holder.name, track, 0)),
        at=apply.InMedia(made, used_start, 24.0, used),
        part=Part(used=used, media=Span(0.0, 100.0)),
        footage=footage,
        media_key=media,
        record=Span(0.0, SECONDS),
        link_id=link,
    )


def test_a_camera_file_without_sound_leaves_the_dialogue_to_the_mics():
    """The camera recorded no sound: only the mics say where the lines are, and they are kept."""
    lines = [Span(PRE_ROLL_S + 0.4, PRE_ROLL_S + 1.6), Span(PRE_ROLL_S + 4.2, PRE_ROLL_S + 5.6)]
    heard = Footage(speech=lines, events=[], level_db=lambda span: -60.0, frame_s=1 / 24)
    members = [member(0, "camera", 0.0, FOOTAGE_SILENT), member(1, "boom", PRE_ROLL_S, heard)]
    assert [len(g) for g in _groups(members)] == [2]
    assert [len(g) for g in _groups([member(0, "camera", 0.0, FOOTAGE_SILENT, None), members[1]])] == [1, 1]
    picture, boom = _decide(members, TrimSettings(), 24.0)
    assert picture.changed
    assert [s.start for _, s in picture.removals] == [s.start - PRE_ROLL_S for _, s in boom.removals]
    for line in lines:
        assert not any(span.overlaps(line) for _, span in boom.removals), line


def test_premiere_links_make_the_link_group_and_leave_as_they_came():
    """FCP 7 / Premiere XML links picture and sound by <link>: every item of a linked set lists the set."""
    links = [
        {"linkclipref": ref, "mediatype": kind, "trackindex": "1"}
        for ref, kind in (("clipitem-1", "video"), ("clipitem-7", "audio"), ("clipitem-9", "audio"))
    ]
    picture, boom, lav = ({"fcp_xml": {"@id": ref, "link": list(links)}} for ref in ("1", "7", "9"))
    alone = {"fcp_xml": {"@id": "clipitem-3", "link": [links[0]]}}
    before = [json.dumps(m, sort_keys=True) for m in (picture, boom, lav, alone)]
    translator = metadata.TRANSLATORS["fcp_xml"]
    assert [translator.to_neutral(m) for m in (picture, boom, lav, alone)] == [True, True, True, False]
    assert meta.link_group(picture) == meta.link_group(boom) == meta.link_group(lav) is not None
    assert meta.link_group(alone) is None
    for found in (picture, boom, lav, alone):
        translator.from_neutral(found)
    assert [json.dumps(m, sort_keys=True) for m in (picture, boom, lav, alone)] == before
