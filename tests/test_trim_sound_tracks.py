"""Production sound on several tracks (a boom and two lavs) trimmed with its picture, in sync and linked;
no slivers, nothing past a clip's used range, an editor's marker outside it kept, media that does not
cover a clip named."""

from __future__ import annotations

import av
import opentimelineio as otio
import pytest

from workprint.engine.core import Engine
from workprint.engine.domain import meta
from workprint.engine.domain.events import Warning
from workprint.engine.domain.spans import Span
from workprint.engine.jobs.events import JobContext
from workprint.engine.jobs.suggest_trims import suggest_trims
from workprint.engine.settings import EngineSettings, TrimSettings
from workprint.engine.timeline import otio_json
from workprint.engine.timeline.places import ClipPath, ClipPlace
from workprint.engine.trims import apply
from workprint.engine.trims.decide import Cut, Part
from workprint.engine.trims.plan import Footage, Removal
from workprint.engine.trims.timeline import Member, _without_slivers

TRACKS = ("boom", "lav 1", "lav 2")


def rt(value: float, rate: float = 24.0) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(value, rate)


def sound_timeline(shoot) -> otio.schema.Timeline:
    """The rough cut's pictures on V1 and their sound on three tracks: the boom and lav 2 linked to the
    picture by same media and sync, lav 1 by the host's link group. Two more pictures past the sound:
    one whose used range runs past its media's end, one wholly past it."""
    rough = shoot.timeline
    pictures = list(rough.tracks[0].find_clips())
    sounds = list(rough.tracks[1].find_clips())
    timeline = otio.schema.Timeline(name="three mics", global_start_time=rough.global_start_time)
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    audio = [otio.schema.Track(name=name, kind=otio.schema.TrackKind.Audio) for name in TRACKS]
    for n, (picture, sound) in enumerate(zip(pictures, sounds, strict=True)):
        # The rough cut lays its takes in past the end of their media; here each ends where its media does.
        with av.open(picture.media_reference.target_url) as container:
            stream = container.streams.video[0]
            frames = stream.frames or round(float(stream.duration * stream.time_base * stream.average_rate))
        used = picture.source_range
        media_start = picture.available_range().start_time
        fits = otio.opentime.RationalTime(frames, used.duration.rate) - (used.start_time - media_start)
        picture, sound = picture.clone(), sound.clone()
        for clip in (picture, sound):
            clip.source_range = otio.opentime.TimeRange(used.start_time, min(used.duration, fits))
        picture.markers[:] = []
        meta.set_link_group(picture.metadata, f"link {n}")
        if n == 0:
            # An editor's marker on media the clip does not show (before its in point).
            source = picture.source_range
            picture.markers.append(
                otio.schema.Marker(
                    name="before the in", marked_range=otio.opentime.TimeRange(source.start_time - rt(10), rt(1))
                )
            )
        video.append(picture)
        for track in audio:
            clone = sound.clone()
            if track.name == "lav 1":
                meta.set_link_group(clone.metadata, f"link {n}")
            track.append(clone)
    first = video[0]
    media_end = first.source_range.end_time_exclusive()
    rate = media_end.rate
    for name, start in (("past its media", media_end - rt(48, rate)), ("wholly past", media_end + rt(240, rate))):
        clip = first.clone()
        clip.name = name
        clip.metadata.pop(meta.META_KEY, None)
        clip.markers[:] = []
        clip.source_range = otio.opentime.TimeRange(start, rt(96, rate))
        video.append(clip)
    timeline.tracks.extend([video, *audio])
    return timeline


@pytest.fixture(scope="module")
def trimmed(shoot, analysis_cache):
    timeline = sound_timeline(shoot)
    events: list = []
    engine = Engine(EngineSettings(cache_dir=analysis_cache))
    result = suggest_trims(
        engine, otio_json.dump(timeline), TrimSettings(), shoot.timeline_path.parent, JobContext(events.append)
    )
    warnings = [e for e in events if isinstance(e, Warning)]
    return timeline, otio_json.parse_timeline(result.timeline_otio_json), warnings


def placed(track: otio.schema.Track) -> list[tuple[otio.opentime.TimeRange, otio.schema.Clip]]:
    return [
        (track.range_of_child_at_index(i), item) for i, item in enumerate(track) if isinstance(item, otio.schema.Clip)
    ]


def test_every_sound_track_is_trimmed_with_its_picture(trimmed):
    before, after, _ = trimmed
    video = placed(after.tracks[0])[:-2]  # the two pictures past their media have no sound
    assert len(video) > len(list(before.tracks[0].find_clips())) - 2, "the pictures were trimmed"
    for track in after.tracks[1:]:
        sound = placed(track)
        assert len(sound) == len(video), track.name
        for (picture_range, picture), (sound_range, clip) in zip(video, sound, strict=True):
            # The same record range and the same source range: in sync, cut by the same frames.
            assert sound_range == picture_range, (track.name, picture.name)
            assert clip.source_range == picture.source_range, (track.name, picture.name)
            assert meta.namespace(clip.metadata).get("piece") == meta.namespace(picture.metadata).get("piece")
            if track.name == "lav 1":
                # The host's link survives on every piece: each lav 1 piece is linked to its picture's.
                assert meta.link_group(clip.metadata) == meta.link_group(picture.metadata) is not None
            else:
                assert meta.link_group(clip.metadata) is None


def test_no_sliver_and_nothing_past_the_used_range(trimmed):
    _, after, _ = trimmed
    for track in after.tracks:
        for clip in track.find_clips():
            assert clip.source_range.duration.value >= apply.MIN_PIECE_FRAMES, clip.name
            original = meta.namespace(clip.metadata).get("original_source_range")
            if original:
                used = otio.opentime.TimeRange(
                    rt(original["start"], original["rate"]), rt(original["duration"], original["rate"])
                )
                assert used.start_time <= clip.source_range.start_time
                assert clip.source_range.end_time_exclusive() <= used.end_time_exclusive()


def test_a_marker_outside_the_used_range_stays_on_the_nearest_piece(trimmed):
    _, after, _ = trimmed
    first = placed(after.tracks[0])[0][1]
    assert [m.name for m in first.markers if m.name == "before the in"] == ["before the in"]
    assert sum(m.name == "before the in" for c in after.tracks[0].find_clips() for m in c.markers) == 1


def test_a_clip_outside_its_media_is_named(trimmed):
    before, after, warnings = trimmed
    named = {w.clip_name: w.message for w in warnings if w.code == "outside-media"}
    assert set(named) == {"past its media", "wholly past"}
    assert "left as it is" in named["wholly past"]
    # Wholly outside: left exactly as it came.
    original = next(c for c in before.tracks[0].find_clips() if c.name == "wholly past")
    kept = [c for c in after.tracks[0].find_clips() if c.name == "wholly past"]
    assert [c.to_json_string() for c in kept] == [original.to_json_string()]


FOOTAGE = Footage(speech=[], events=[], level_db=lambda span: None, frame_s=1 / 24)


def member(track: int, used: Span) -> Member:
    clip = otio.schema.Clip(name=f"clip {track}")
    holder = otio.schema.Track(name=f"T{track}")
    return Member(
        place=ClipPlace(clip, holder, ClipPath(holder.name, track, 0)),
        at=apply.InMedia(clip, used.start, 24.0, used),
        part=Part(used=used, media=Span(0.0, 100.0)),
        footage=FOOTAGE,
        media_key="m",
        record=Span(0.0, used.duration),
    )


def removal(kind: str, start: float, end: float) -> tuple[Removal, Span]:
    return Removal(Span(start, end), kind, (), "why", 0.9), Span(start, end)


def test_slivers_go_with_the_cut_in_every_clip_of_the_group():
    frame = 1 / 24
    picture, sound = member(0, Span(0.0, 10.0)), member(1, Span(0.0, 10.0))
    # A frame left between two pauses, and one at the tail after the last.
    removals = [removal("pause", 2.0, 3.0), removal("pause", 3.0 + frame, 5.0), removal("tail", 8.0, 10.0 - frame)]
    cut = Cut([Span(0.0, 2.0), Span(3.0, 3.0 + frame), Span(5.0, 8.0), Span(10.0 - frame, 10.0)], removals)
    cuts = _without_slivers([picture, sound], [cut, cut])
    for fixed in cuts:
        assert fixed.keep == [Span(0.0, 2.0), Span(5.0, 8.0)]
        assert sum(s.duration for _, s in fixed.removals) == pytest.approx(5.0)
    # A sliver only one clip of the group has (the sound runs five frames longer): the removal is given
    # up in every clip (the material kept), so they all lose the same time.
    longer = member(1, Span(0.0, 10.0 + 5 * frame))
    pause = removal("pause", 5.0, 10.0 - frame)
    short = Cut([Span(0.0, 5.0), Span(10.0 - frame, 10.0)], [pause])
    long = Cut([Span(0.0, 5.0), Span(10.0 - frame, 10.0 + 5 * frame)], [pause])
    fixed = _without_slivers([picture, longer], [short, long])
    assert [(c.keep, c.removals) for c in fixed] == [([picture.part.used], []), ([longer.part.used], [])]
