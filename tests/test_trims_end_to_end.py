"""Suggest trims on a real little shoot, through the command line and the engine, in several formats."""

from __future__ import annotations

import opentimelineio as otio
import pytest

from conftest import run_workprint
from trim_checks import (
    check_dialogue_kept,
    check_sync,
    dead_material_removed,
    media_span,
    picture_clips,
)
from workprint.adapters.formats import read_document, write_document
from workprint.engine.timeline import otio_json

# Every test here runs the whole job on the demo shoot (generated and analysed: most of a minute).
pytestmark = pytest.mark.slow


@pytest.fixture
def cache(analysis_cache):
    # Only reads analyses: the session's shared cache (the shoot is analysed once, whatever runs first).
    return analysis_cache


def trim(source, output, cache, *options):
    done = run_workprint(
        "suggest-trims", str(source), "-o", str(output), "--cache-dir", cache, *options, in_process=True
    )
    return done.output


@pytest.fixture(scope="module")
def trimmed(shoot, analysis_cache, tmp_path_factory):
    output = tmp_path_factory.mktemp("out") / "trimmed.otio"
    printed = trim(shoot.timeline_path, output, analysis_cache)
    return otio.adapters.read_from_file(str(output)), printed


def test_no_dialogue_cut_and_the_dead_material_gone(shoot, trimmed):
    timeline, printed = trimmed
    check_dialogue_kept(shoot, timeline)
    assert dead_material_removed(shoot, shoot.timeline, timeline) >= 0.9
    assert "clips changed" in printed and "time removed" in printed


def test_picture_and_sound_in_sync(trimmed):
    timeline, _ = trimmed
    check_sync(timeline)


def test_transition_marker_and_music_intact(shoot, trimmed):
    timeline, _ = trimmed
    rough_tracks = list(shoot.timeline.tracks)
    tracks = list(timeline.tracks)
    # The music bed is the very same.
    assert tracks[2].to_json_string() == rough_tracks[2].to_json_string()
    # The dissolve is still there, between the second and third takes, with the handles it needs.
    video = tracks[0]
    (index,) = [i for i, item in enumerate(video) if isinstance(item, otio.schema.Transition)]
    dissolve = video[index]
    assert (dissolve.in_offset, dissolve.out_offset) == (otio.opentime.RationalTime(6, 24),) * 2
    before, after = video[index - 1], video[index + 1]
    assert before.name == "S01B_T02" and after.name == "S02A_T01"
    assert (
        before.source_range.end_time_exclusive() + dissolve.in_offset.rescaled_to(before.source_range.duration)
        <= before.available_range().end_time_exclusive()
    )
    assert (
        after.source_range.start_time - dissolve.out_offset.rescaled_to(after.source_range.start_time)
        >= after.available_range().start_time
    )
    # The editor's marker survives on the piece that still shows what it marks.
    (holder,) = [c for c in video.find_clips() if any(m.name == "love this read" for m in c.markers)]
    (mark,) = [m for m in holder.markers if m.name == "love this read"]
    assert holder.source_range.contains(mark.marked_range.start_time)


def test_every_change_is_marked_and_explained(trimmed):
    timeline, _ = trimmed
    kinds = set()
    for clip in picture_clips(timeline):
        note = clip.metadata.get("workprint")
        assert note and note["applied"] is True
        for suggestion in note["suggestions"]:
            assert {"kind", "reason", "confidence", "removed_source_range"} <= set(suggestion)
            assert 0 < suggestion["confidence"] <= 1 and suggestion["reason"]
            kinds.add(suggestion["kind"])
        ours = [m for m in clip.markers if "workprint" in m.metadata]
        assert len(ours) == len(note["suggestions"])
    # The shoot has slates, claps, calls and long pauses: each shows up.
    assert {"head", "tail", "pause"} <= kinds


def test_leaving_gaps_keeps_every_piece_where_it_was(shoot, cache, tmp_path):
    output = tmp_path / "gaps.otio"
    trim(shoot.timeline_path, output, cache, "--no-ripple")
    timeline = otio.adapters.read_from_file(str(output))
    video, rough_video = timeline.tracks[0], shoot.timeline.tracks[0]
    assert video.duration() == rough_video.duration()
    originals = {
        c.name: (rough_video.range_of_child(c).start_time.to_seconds(), media_span(c)) for c in rough_video.find_clips()
    }
    for clip in video.find_clips():
        record_start, used = originals[clip.name]
        placed = video.range_of_child(clip).start_time.to_seconds()
        assert placed == pytest.approx(record_start + media_span(clip)[0] - used[0], abs=0.05)
    check_sync(timeline)


def strip_suggestions(timeline: otio.schema.Timeline) -> str:
    for clip in timeline.find_clips():
        clip.markers[:] = [m for m in clip.markers if "workprint" not in m.metadata]
        clip.metadata.pop("workprint", None)
    return timeline.to_json_string()


def test_review_only_adds_markers_and_changes_nothing_else(shoot, cache, tmp_path):
    output = tmp_path / "review.otio"
    printed = trim(shoot.timeline_path, output, cache, "--review-only")
    timeline = otio.adapters.read_from_file(str(output))
    added = [m for c in timeline.find_clips() for m in c.markers if "workprint" in m.metadata]
    assert added and all(m.metadata["workprint"]["kind"] for m in added)
    assert strip_suggestions(timeline) == strip_suggestions(shoot.timeline.clone())
    assert "review only" in printed


@pytest.mark.parametrize("extension", [".fcpxml", ".xml", ".edl"])
def test_the_same_through_other_formats(shoot, cache, tmp_path, extension):
    rough = shoot.timeline.clone()
    # What each format's OTIO adapter carries through a round trip: an EDL holds one picture track; the
    # FCP 7 reader cannot read back its own dissolves between clips of different rates; FCP X clips carry
    # their own sound (the adapter reorders separate audio lanes) and its writer knows no 23.976.
    video = rough.tracks[0]
    for item in [i for i in video if isinstance(i, otio.schema.Transition)]:
        video.remove(item)
    if extension in (".edl", ".fcpxml"):
        del rough.tracks[1:]
    if extension == ".fcpxml":
        del video[0]
    source = tmp_path / f"rough{extension}"
    write_document(otio_json.dump(rough), source)
    output = tmp_path / f"trimmed{extension}"
    trim(source, output, cache)
    with read_document(output) as document:
        timeline = document.obj
    check_dialogue_kept(shoot, timeline)
    assert dead_material_removed(shoot, rough, timeline) >= 0.9
    if extension == ".xml":
        check_sync(timeline, *[t.name for t in timeline.tracks][:2])


def test_ntsc_clips_go_into_fcpxml_at_their_own_rate(shoot, cache, tmp_path):
    # The take at 23.976 (24000/1001) is written with Final Cut Pro's own 1001/24000s frame duration and
    # reads back at that rate, not as 23 or 24; what the writer cannot carry is said before the analysis.
    out = tmp_path / "out.fcpxml"
    printed = trim(shoot.timeline_path, out, cache)
    assert "has no transitions" in printed and "Traceback" not in printed
    assert "1001/24000s" in out.read_text()
    with read_document(out) as document:
        rates = {clip.name: clip.source_range.duration.rate for clip in document.obj.find_clips()}
    assert any(abs(rate - 24000 / 1001) < 1e-3 for name, rate in rates.items() if name.startswith("S01A_T01")), rates


def test_what_cannot_be_trimmed_is_left_alone_with_a_warning(shoot, cache, tmp_path):
    rough = shoot.timeline.clone()
    video, sound = rough.tracks[0], rough.tracks[1]
    fast = video[0]
    fast.effects.append(otio.schema.LinearTimeWarp(name="speed", time_scalar=2.0))
    fast.name = "S01A_T01 fast"
    missing = otio.schema.Clip(
        name="A009_C001",
        source_range=otio.opentime.TimeRange(otio.opentime.RationalTime(0, 24), otio.opentime.RationalTime(48, 24)),
        media_reference=otio.schema.ExternalReference(target_url=str(tmp_path / "A009_C001.mov")),
    )
    title = otio.schema.Clip(
        name="Main title",
        source_range=missing.source_range,
        media_reference=otio.schema.GeneratorReference(generator_kind="SolidColor"),
    )
    compound = otio.schema.Stack(
        name="compound 1", children=[otio.schema.Track(kind=otio.schema.TrackKind.Video, children=[video[1].clone()])]
    )
    video.extend([missing, title, compound])
    for item in (missing, title):
        sound.append(otio.schema.Gap(source_range=item.source_range))
    source = tmp_path / "rough.otio"
    otio.adapters.write_to_file(rough, str(source))
    printed = trim(source, tmp_path / "out.otio", cache)
    for name in ("S01A_T01 fast", "A009_C001", "Main title", "compound 1"):
        assert name in printed, printed
    assert "speed change" in printed
    out = otio.adapters.read_from_file(str(tmp_path / "out.otio"))
    by_name = {item.name: item for item in out.tracks[0]}
    for item in (fast, missing, title, compound):
        assert by_name[item.name].to_json_string() == item.to_json_string()
    # The rest was still trimmed.
    assert any("workprint" in c.metadata for c in out.tracks[0].find_clips())
