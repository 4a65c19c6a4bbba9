"""Avid and Premiere AAFs (../shared/data/nle-exports/otio-aaf-adapter) come back with every change explained.

An AAF is written anew by OpenTimelineIO's writer, which keeps no markers;
Workprint adds every marker to the written file the way Media Composer keeps
its own. With the job's kind of change (a pause closed in a clip and in every
clip linked to it, a tail trimmed, rippled), the file reads back through the
same adapter with the clips and transitions a plain round trip gives, and a
marker on each change with its reason and colour, and the editor's own
markers as well, where the plain round trip has none. What the writer cannot
hold is refused, by name, before the analysis.
"""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio
import pytest

from file_edits import EXPORTS, apply_to, close_pause, trim_tail
from workprint.adapters.files import aaf_checks, aaf_markers
from workprint.adapters.files.changes import explanation, is_added
from workprint.adapters.formats import preflight, read_document, write_document
from workprint.engine.domain import kinds
from workprint.engine.errors import InputError
from workprint.engine.timeline import otio_json

AAFS = EXPORTS / "otio-aaf-adapter"
pytestmark = pytest.mark.skipif(not AAFS.is_dir(), reason=f"the applications' exports are not at {AAFS}")

RT = otio.opentime.RationalTime
TR = otio.opentime.TimeRange
#: Markers over transitions, the editor's and the job's: quick enough for every run.
QUICK = ("marker-over-transition.aaf",)
#: One file for each thing an AAF holds that the markers must survive beside, in the slow tier: every AAF of
#: the folder is read (or refused by name) in test_nle_exports.py, and a sweep of all 35 round trips (some
#: 80 s on two cores, the same code on each) costs more than it tells past these.
SWEEP = (
    "transitions.aaf",
    "multiple-markers-over-transitions.aaf",
    "marker-over-audio.aaf",
    "bad_marker_track_from_avid.aaf",
    "2997fps.aaf",
    "timecode_test.aaf",
    "nesting_test.aaf",
    "utf8.aaf",
)


def targets(timeline: otio.schema.Timeline) -> tuple[set[int], set[int]]:
    """The first long clip with every clip linked to it (the same media at the same place on other tracks: an
    AAF links picture and sound by place), to split; and one long clip linked to nothing, to trim."""
    clips = timeline.find_clips()
    top = {id(track) for track in timeline.tracks}
    long = [
        n
        for n, c in enumerate(clips)
        if id(c.parent()) in top and c.source_range is not None and c.source_range.duration.value >= 9
    ]
    if not long:
        return set(), set()
    first = clips[long[0]]
    group = {n for n in long if clips[n].range_in_parent() == first.range_in_parent() and clips[n].name == first.name}
    alone = [
        n
        for n in long
        if n not in group and [clips[m].range_in_parent() for m in long].count(clips[n].range_in_parent()) == 1
    ]
    return group, set(alone[:1])


def job_answer(timeline: otio.schema.Timeline) -> otio.schema.Timeline:
    split, trimmed = targets(timeline)
    after = apply_to(timeline, split, close_pause)
    shifted = {n + sum(1 for s in split if s < n) for n in trimmed}
    return apply_to(after, shifted, trim_tail)


def placed(timeline: otio.schema.Timeline) -> list[tuple]:
    """Each clip: what it uses and where it sits."""
    return [
        (c.name, c.source_range.start_time.to_frames(), c.source_range.duration.to_frames(), c.range_in_parent())
        for c in timeline.find_clips()
        if c.source_range is not None
    ]


def transitions(timeline: otio.schema.Timeline) -> int:
    return len(timeline.find_children(descended_from_type=otio.schema.Transition))


def all_markers(timeline: otio.schema.Timeline) -> int:
    items = timeline.find_children(descended_from_type=otio.core.Item)
    return len(timeline.tracks.markers) + sum(len(i.markers) for i in items)


def check_round_trip(tmp_path: Path, name: str) -> None:
    try:
        document = read_document(AAFS / name)
    except InputError as exc:
        assert name in str(exc)
        pytest.skip("refused by its reader, by name")
    with document:
        if not isinstance(document.obj, otio.schema.Timeline):
            pytest.skip("several sequences: refused by the AAF writer up front (tested below)")
        refused = aaf_checks.refusal(document.obj)
        if refused:
            pytest.skip(f"refused up front, by name: {refused}")
        after = job_answer(document.obj)
        ours = tmp_path / "ours.aaf"
        assert write_document(otio_json.dump(after), ours, source=document) == []
    plain_path = tmp_path / "plain.aaf"
    otio.adapters.write_to_file(after, str(plain_path), adapter_name="AAF", use_empty_mob_ids=True)
    plain = otio.adapters.read_from_file(str(plain_path), adapter_name="AAF")
    with read_document(ours) as back:
        got = back.obj
    assert isinstance(got, otio.schema.Timeline)
    # The same clips, times and transitions as the plain round trip: the markers are all that is added.
    assert placed(got) == placed(plain)
    assert transitions(got) == transitions(plain)
    assert all_markers(plain) == 0
    # Every marker is back (the editor's and the job's), each on a clip of the same name, within what it uses
    # (the writer may place nested clips anew: clips are matched by name, not by order).
    assert all_markers(got) == all_markers(after)
    assert sorted((c.name, len(c.markers)) for c in got.find_clips()) == sorted(
        (c.name, len(c.markers)) for c in after.find_clips()
    )
    for clip in got.find_clips():
        used = clip.source_range or clip.available_range()
        for marker in clip.markers:
            assert used.contains(marker.marked_range.start_time), (clip.name, marker.name)
    # Each change says why, where it is, in the colour Media Composer has nearest to its kind's.
    expected = sorted(
        (c.name, explanation(m), aaf_markers.avid_colour(m.color).upper(), m.marked_range.start_time.to_frames())
        for c in after.find_clips()
        for m in c.markers
        if is_added(m)
    )
    found = sorted(
        (c.name, m.name, m.color, m.marked_range.start_time.to_frames())
        for c in got.find_clips()
        for m in c.markers
        if m.name.startswith("Workprint: ")
    )
    assert found == expected
    # Each change is explained in the file (a closed pause on the piece after it, where the cut now is).
    changes = sum(1 for c in after.find_clips() for m in c.markers if is_added(m))
    assert changes == len(targets(document.obj)[0]) + len(targets(document.obj)[1])


@pytest.mark.parametrize("name", QUICK)
def test_an_aaf_comes_back_with_a_marker_on_every_change(tmp_path, name):
    check_round_trip(tmp_path, name)


@pytest.mark.slow
@pytest.mark.parametrize("name", SWEEP)
def test_each_kind_of_aaf_comes_back_with_a_marker_on_every_change(tmp_path, name):
    check_round_trip(tmp_path, name)


def test_every_kind_of_change_reads_back_in_media_composers_nearest_colour(tmp_path):
    rate = 24
    clip = otio.schema.Clip(
        name="A001C003",
        media_reference=otio.schema.ExternalReference(
            target_url="file:///media/A001C003.mov", available_range=TR(RT(86400, rate), RT(2400, rate))
        ),
        source_range=TR(RT(86400, rate), RT(len(kinds.KINDS) * 10, rate)),
    )
    for n, kind in enumerate(kinds.KINDS):
        made = otio.schema.Marker(
            f"Workprint: {kind.name}", TR(RT(86400 + 10 * n, rate), RT(1, rate)), kind.otio_colour
        )
        made.comment = f"{kind.description} (confidence 90%)"
        clip.markers.append(made)
    timeline = otio.schema.Timeline("cut", global_start_time=RT(86400, rate))
    timeline.tracks.append(otio.schema.Track("V1", children=[clip]))
    write_document(otio_json.dump(timeline), tmp_path / "cut.aaf")
    back = otio.adapters.read_from_file(str(tmp_path / "cut.aaf"), adapter_name="AAF")
    got = [(m.name, m.color, m.marked_range.start_time.to_frames()) for m in back.find_clips()[0].markers]
    assert sorted(got) == sorted(
        (explanation(m), aaf_markers.avid_colour(m.color).upper(), m.marked_range.start_time.to_frames())
        for m in clip.markers
    )
    assert {aaf_markers.avid_colour(k.otio_colour) for k in kinds.KINDS} <= set(aaf_markers.AVID_COLOURS)


def test_a_premiere_drop_frame_aaf_is_refused_by_clip_before_the_analysis_with_a_route_that_holds_it(tmp_path):
    """Premiere's 29.97 drop-frame sequence holds 23.976 media: the AAF writer has one rate for both."""
    with read_document(AAFS / "2997fps-DFTC.aaf") as document:
        with pytest.raises(InputError) as refused:
            preflight(document, tmp_path / "out.aaf")
        assert "58982c7f-78b3-4cf9-8432-729fc4eafd55.mov uses media at 23.976 fps in a 29.970 fps sequence" in str(
            refused.value
        )
        assert "nothing was analysed" in str(refused.value) and ".xml" in str(refused.value)
        # The route it names holds the file: FCP 7 XML keeps each clip at its own rate.
        assert preflight(document, tmp_path / "out.xml") == []


def test_several_sequences_are_refused_by_name():
    timelines = [otio.schema.Timeline(name) for name in ("Reel 1", "Reel 2")]
    several = otio.schema.SerializableCollection("Reels", children=timelines)
    assert "writes one sequence and this holds 2 (Reel 1, Reel 2)" in (aaf_checks.refusal(several) or "")


def test_a_bin_of_one_sequence_is_written_as_that_sequence(tmp_path):
    # An FCPXML library with one project reads as a collection of one: its AAF is that sequence, markers and all.
    with read_document(AAFS / "marker-over-transition.aaf") as document:
        timeline = job_answer(document.obj)
    library = otio.schema.SerializableCollection("Library", children=[timeline.deepcopy()])
    assert aaf_checks.refusal(library) is None
    ours, plain = tmp_path / "ours.aaf", tmp_path / "plain.aaf"
    assert write_document(otio_json.dump(library), ours) == []
    otio.adapters.write_to_file(timeline, str(plain), adapter_name="AAF", use_empty_mob_ids=True)
    with read_document(ours) as back:
        got = back.obj
    assert isinstance(got, otio.schema.Timeline)
    assert placed(got) == placed(otio.adapters.read_from_file(str(plain), adapter_name="AAF"))
    assert all_markers(got) == all_markers(timeline) > 0


def test_effects_the_aaf_writer_drops_are_said_up_front():
    with read_document(AAFS / "linear_speed_effects.aaf") as document:
        said = aaf_checks.losses(document.obj)
    assert said == [
        "the AAF writer drops effects: 19 item(s) lose theirs (Frame Debugger 0h.mov, Frame Debugger 0h.mov, "
        "Frame Debugger 0h.mov and 16 more), 19 of them speed changes that come back at normal speed; "
        ".otio carries them"
    ]
