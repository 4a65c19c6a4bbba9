"""Kdenlive's own projects (../shared/data/nle-exports): edited in place, and what the plain writer loses.

A .kdenlive written from a .kdenlive is the project itself with the job's
changes in it (adapters/files/kdenlive.py): written back unchanged, the very
file; with the job's kind of change (a pause closed in a clip and in the clip
grouped with it, a tail trimmed, rippled), it reads back through the same
reader to that answer, and every filter, transition, producer, entry, group
and marker is still there in the same number, but for the pieces a split adds
and one guide per change. OpenTimelineIO's Kdenlive adapter is deprecated
upstream (Kdenlive 25.04+ reads and writes .otio itself, the documented
route); what its own writer loses is counted beside ours, as docs/hosts.md
and the notice before the analysis state. When they move, the docs move with them.
"""

from __future__ import annotations

import collections
import contextlib
import io
import json
import re
import xml.etree.ElementTree as ElementTree

import opentimelineio as otio
import pytest

from file_edits import EXPORTS, apply_to, close_pause, job_marker, lost_lines, trim_tail
from workprint.adapters.files import kdenlive
from workprint.adapters.files.changes import is_added
from workprint.adapters.formats import CANNOT_CARRY, preflight, read_document, write_document
from workprint.engine.timeline import otio_json

KDENLIVE = EXPORTS / "kdenlive-opentimelineio"
pytestmark = pytest.mark.skipif(not KDENLIVE.is_dir(), reason=f"the applications' exports are not at {KDENLIVE}")

#: Per project: (in the project, after the adapter's round trip).
LOSSES = {
    "kdenlive_example_v191180.kdenlive": {"filter": (21, 9), "transition": (5, 0), "clip markers": (0, 0)},
    "kdenlive_example_v221170.kdenlive": {"filter": (22, 9), "transition": (5, 0), "guides": (2, 2)},
    "kdenlive_example_v240770.kdenlive": {
        "filter": (23, 9),
        "transition": (5, 0),
        "guides": (2, 2),
        "clip markers": (2, 0),
        "producer": (14, 9),
    },
    "kdenlive_mixes_markers.kdenlive": {"filter": (9, 0), "transition": (14, 0), "clip markers": (8, 0)},
}


PROJECTS = sorted(KDENLIVE.glob("*.kdenlive")) if KDENLIVE.is_dir() else []
TAGS = ("filter", "transition", "producer", "chain", "entry", "blank", "playlist", "tractor", "track")


def counted(text: str) -> collections.Counter:
    root = ElementTree.fromstring(text.encode("utf-8"))
    found = collections.Counter(e.tag for e in root.iter() if e.tag in TAGS)
    for prop in root.iter("property"):
        name = prop.get("name") or ""
        if prop.text and (name.endswith("properties.guides") or name == "kdenlive:markers"):
            found["guides" if name.endswith("guides") else "clip markers"] += len(json.loads(prop.text))
        if prop.text and name.endswith("properties.groups"):
            found["groups"] += len(json.loads(prop.text))
    return found


def job_answer(document) -> otio.schema.Timeline:
    """A pause closed in the first long clip the project can place and in the clips grouped with it, and the
    tail of another (ungrouped) clip trimmed: the job's kind of change, rippled."""
    project = kdenlive.read(document.file_text or "")
    at = {(e.track, e.start): e.key for e in project.entries.values()}
    grouped = [{at.get(leaf) for leaf in group} for group in kdenlive.groups(project)[1]]
    clips = document.obj.find_clips()
    keys = [kdenlive.key_of(c) for c in clips]
    long = [n for n, c in enumerate(clips) if keys[n] and c.source_range.duration.value >= 9]
    group = next((g for g in grouped if keys[long[0]] in g), {keys[long[0]]})
    split = {n for n, key in enumerate(keys) if key in group}
    alone = [n for n in long if not any(keys[n] in g for g in grouped) and keys[n] not in group]
    after = apply_to(document.obj, split, close_pause)
    return apply_to(after, {n + sum(1 for s in split if s < n) for n in alone[:1]}, trim_tail)


def without_added_markers(timeline: otio.schema.Timeline) -> otio.schema.Timeline:
    """The answer as the project holds it: the job's reasons are guides, the clips' markers the bin's own."""
    copy = timeline.deepcopy()
    for clip in copy.find_clips():
        for marker in [m for m in clip.markers if is_added(m)]:
            clip.markers.remove(marker)
    return copy


def shape(timeline: otio.schema.Timeline) -> list:
    return [
        (
            clip.source_range.start_time.to_frames(),
            clip.source_range.duration.to_frames(),
            clip.range_in_parent().start_time.to_frames(),
            len(clip.markers),
        )
        for clip in timeline.find_clips()
    ]


def expected_counts(text: str, found, guides: int, groups_added: int) -> collections.Counter:
    """The input's counts, with the copies a split makes (an entry and its filters, less a fade-in on a later
    piece and a fade-out on an earlier one), one guide per place changed and one group per further piece."""
    project = kdenlive.read(text)
    expected = counted(text)
    for change in found.changed():
        entry = project.entries[change.key]
        element = ElementTree.fromstring(text[entry.node.start : entry.node.end].encode("utf-8"))
        filters = [f.findtext("property[@name='kdenlive_id']") or "" for f in element.iter("filter")]
        pieces = len(change.pieces)
        expected["entry"] += pieces - 1
        expected["filter"] += sum(
            1
            for n in range(pieces)
            for kind in filters
            if not ((kind in kdenlive.FADES_IN and n > 0) or (kind in kdenlive.FADES_OUT and n < pieces - 1))
        ) - len(filters)
    expected["guides"] += guides
    expected["groups"] += groups_added
    return expected


def groups_of_pieces(text: str, found) -> int:
    """The groups a split adds: one per further piece of a group whose clips were all split alike."""
    project = kdenlive.read(text)
    at = {(e.track, e.start): e.key for e in project.entries.values()}
    changes = {c.key: c for c in found.changed()}
    added = 0
    for group in kdenlive.groups(project)[1]:
        pieces = {len(changes[at[leaf]].pieces) if at.get(leaf) in changes else 1 for leaf in group}
        if len(pieces) == 1:
            added += pieces.pop() - 1
    return added


def quiet():
    return contextlib.redirect_stdout(io.StringIO())  # the adapter prints its deprecation notice


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.name)
def test_written_back_unchanged_it_is_the_very_project(tmp_path, path):
    with quiet(), read_document(path) as document:
        out = tmp_path / "out.kdenlive"
        assert write_document(document.json_text, out, source=document) == []
    assert out.read_bytes() == path.read_bytes()


#: Lines of a project that the job's kind of change may rewrite: an entry's, a filter's or a track's times,
#: a group's clip positions, and the closing lines of the JSON lists new values are appended to.
REWRITTEN = re.compile(r'<(entry|filter|blank|tractor) |"data": "\d+:\d+"|^\s*[}\]]')


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.name)
def test_the_jobs_changes_go_into_the_project_itself(tmp_path, path):
    with quiet(), read_document(path) as document:
        after = job_answer(document)
        out = tmp_path / "trimmed.kdenlive"
        notes = write_document(otio_json.dump(after), out, source=document)
        text = document.file_text or ""
        found = kdenlive.model.compare(document.obj, after, kdenlive.key_of)
        guides_before = len(document.obj.tracks.markers)
    assert notes == []
    written = out.read_text(encoding="utf-8")
    # Read back through the same reader: the job's answer clip for clip (the reasons are guides).
    with quiet(), read_document(out) as back:
        assert shape(back.obj) == shape(without_added_markers(after))
        reasons = [m for m in back.obj.tracks.markers if m.name.startswith("Workprint: pause:")]
    places = {
        (p.record.start_time.to_frames() + (m.marked_range.start_time - p.source.start_time).to_frames())
        for c in found.changed()
        for p in c.pieces
        for m in p.added_markers
    }
    assert len(reasons) == len(places) and len(back.obj.tracks.markers) == guides_before + len(places)
    # Every element still there in the same number, but a split's copies, the guides and the pieces' groups.
    assert counted(written) == expected_counts(text, found, len(places), groups_of_pieces(text, found))
    # Every group still names clips that are there (Kdenlive finds them by track and position).
    project = kdenlive.read(written)
    starts = {(e.track, e.start) for e in project.entries.values()}
    assert all(leaf in starts for group in kdenlive.groups(project)[1] for leaf in group)
    # What the job did not touch is the file's own text.
    assert not [line for line in lost_lines(text, written) if not REWRITTEN.search(line)]


def test_a_change_under_a_mix_is_left_out_and_named(tmp_path):
    """A clip whose change would move a cut a mix sits on stays as it was (and so does its grouped clip)."""
    path = KDENLIVE / "kdenlive_mixes_markers.kdenlive"
    with quiet(), read_document(path) as document:
        clips = document.obj.find_clips()
        under = next(n for n, c in enumerate(clips) if kdenlive.key_of(c) == "playlist6/2")
        after = apply_to(document.obj, {under}, close_pause)
        out = tmp_path / "out.kdenlive"
        notes = write_document(otio_json.dump(after), out, source=document)
    assert len(notes) == 1 and "on track 4" in notes[0] and "left as it was" in notes[0]
    assert out.read_bytes() == path.read_bytes()


def test_a_change_under_a_composition_is_left_out_and_named(tmp_path):
    """A composition (a wipe between two tracks) over the clip: the cut it sits on would move, so the clip stays."""
    text = (KDENLIVE / "kdenlive_example_v221170.kdenlive").read_text(encoding="utf-8")
    end = text.rindex("</tractor>")
    wipe = (
        '<transition id="wipe0" in="00:00:20.000" out="00:00:21.000">'
        '<property name="a_track">0</property><property name="b_track">1</property>'
        '<property name="mlt_service">composite</property><property name="kdenlive_id">wipe</property></transition>\n '
    )
    source = tmp_path / "wiped.kdenlive"
    source.write_text(text[:end] + wipe + text[end:], encoding="utf-8")
    with quiet(), read_document(source) as document:
        first = next(n for n, c in enumerate(document.obj.find_clips()) if kdenlive.key_of(c) == "playlist0/0")
        after = apply_to(document.obj, {first}, close_pause)
        out = tmp_path / "out.kdenlive"
        notes = write_document(otio_json.dump(after), out, source=document)
    assert len(notes) == 1 and "a composition (wipe0)" in notes[0] and "on track 1" in notes[0]
    assert out.read_bytes() == source.read_bytes()


def test_the_notice_before_the_analysis_says_in_place_or_the_losses(tmp_path):
    with quiet(), read_document(KDENLIVE / "kdenlive_example_v240770.kdenlive") as document:
        said = " ".join(preflight(document, tmp_path / "out.kdenlive"))
    assert "the project itself" in said and "Kdenlive 25.04+ opens .otio" in said and "drops" not in said


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_the_kdenlive_adapter_round_trip_loses_what_the_docs_say(tmp_path, name):
    path = KDENLIVE / name
    with quiet():
        timeline = otio.adapters.read_from_file(str(path), adapter_name="kdenlive")
        written = otio.adapters.write_to_string(timeline, adapter_name="kdenlive")
    before, after = counted(path.read_text(encoding="utf-8")), counted(written)
    assert {what: (before[what], after[what]) for what in LOSSES[name]} == LOSSES[name]
    # Beside it, the project edited in place with the job's kind of change loses none of them.
    with quiet(), read_document(path) as document:
        out = tmp_path / "ours.kdenlive"
        write_document(otio_json.dump(job_answer(document)), out, source=document)
        found = kdenlive.model.compare(document.obj, job_answer(document), kdenlive.key_of)
    ours = counted(out.read_text(encoding="utf-8"))
    expected = expected_counts(path.read_text(encoding="utf-8"), found, 0, 0)
    assert {what: ours[what] for what in LOSSES[name] if what != "guides"} == {
        what: expected[what] for what in LOSSES[name] if what != "guides"
    }
    assert ours["guides"] > before["guides"]


def test_the_notice_names_each_loss_and_the_route():
    said = CANNOT_CARRY["kdenlive"]
    for words in ("filters", "transitions", "markers", "Kdenlive 25.04+", ".otio"):
        assert words in said


def test_a_marker_alone_on_a_grouped_clip_beside_a_mix_is_a_guide(tmp_path):
    """Review only: a reason on a clip whose times stay is a guide, even where a mix or a group is near it."""
    path = KDENLIVE / "kdenlive_mixes_markers.kdenlive"
    with quiet(), read_document(path) as document:
        after = document.obj.deepcopy()
        clip = next(c for c in after.find_clips() if kdenlive.key_of(c) == "playlist6/2")
        clip.markers.append(job_marker(clip.source_range.start_time + otio.opentime.RationalTime(10, 25)))
        out = tmp_path / "out.kdenlive"
        notes = write_document(otio_json.dump(after), out, source=document)
        start = clip.range_in_parent().start_time.to_frames()
    assert notes == []
    text, written = path.read_text(encoding="utf-8"), out.read_text(encoding="utf-8")
    assert counted(written) == counted(text) + collections.Counter(guides=1)
    with quiet(), read_document(out) as back:
        assert [m.marked_range.start_time.to_frames() for m in back.obj.tracks.markers][-1] == start + 10


def test_a_trim_the_answer_does_not_ripple_leaves_a_blank(tmp_path):
    """The answer keeps what follows in place: the blank after the clip grows, or one is made where none was."""
    path = KDENLIVE / "kdenlive_example_v240770.kdenlive"
    with quiet(), read_document(path) as document:
        after = document.obj.deepcopy()
        for key in ("playlist2/1", "playlist6/0"):
            clip = next(c for c in after.find_clips() if kdenlive.key_of(c) == key)
            track, rate = clip.parent(), clip.source_range.duration.rate
            at = track.index(clip)
            track[at] = trim_tail(clip)
            track.insert(at + 1, otio.schema.Gap(duration=otio.opentime.RationalTime(3, rate)))
        out = tmp_path / "out.kdenlive"
        assert write_document(otio_json.dump(after), out, source=document) == []
    with quiet(), read_document(out) as back:
        assert shape(back.obj) == shape(without_added_markers(after))
    text, written = path.read_text(encoding="utf-8"), out.read_text(encoding="utf-8")
    assert counted(written) == counted(text) + collections.Counter(blank=1, guides=2)
    assert '<blank length="00:00:02.400"/>' in written  # 57 frames after the clip on its track, now 60
