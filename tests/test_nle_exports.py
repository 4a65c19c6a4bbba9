"""The applications' own exports (../shared/data/nle-exports) come back whole.

Every timeline file there is read; one that is refused is refused with a
message naming it. Written back unchanged, an FCP 7 / Premiere XML, an
FCPXML, an EDL or an .otio is the very file. With the job's kind of change (a pause closed in a
clip and every clip linked to it, a tail trimmed, rippled; built with the
job's own marking, since the decision itself needs media), the written file
reads back through the same adapter to exactly that timeline, and every
element the input had is still there in the same number, except the copies a
split makes and the markers that explain each change. A last test records
what the plain adapter round trip loses on the same files, so the difference
stays visible.
"""

from __future__ import annotations

import collections
import re
import xml.etree.ElementTree as ElementTree
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio
import pytest

from file_edits import EXPORTS, TIMING_LINE, XML_TAGS, apply_to, close_pause, lost_lines, trim_tail, xml_counts
from workprint.adapters.files import edl, fcp7_xml, fcpxml_edit
from workprint.adapters.files.xml_text import XmlText
from workprint.adapters.formats import FORMATS, format_of, read_document, write_document
from workprint.engine.errors import InputError
from workprint.engine.timeline import otio_json

pytestmark = pytest.mark.skipif(not EXPORTS.is_dir(), reason=f"the applications' exports are not at {EXPORTS}")

RT = otio.opentime.RationalTime

ALL = sorted(p for p in EXPORTS.rglob("*") if p.suffix.lower() in FORMATS) if EXPORTS.is_dir() else []
EDITED = [p for p in ALL if format_of(p).adapter in ("fcp_xml", "fcpx_xml", "cmx_3600", "otio_json")]
FCP7 = [p for p in ALL if format_of(p).adapter == "fcp_xml"]
EDLS = [p for p in ALL if format_of(p).adapter == "cmx_3600"]
FCPX = [p for p in ALL if format_of(p).adapter == "fcpx_xml"]


def name(path: Path) -> str:
    return str(path.relative_to(EXPORTS))


def read_or_refuse(path: Path):
    """A file is read, or refused with a message that names it (never another kind of error)."""
    try:
        return read_document(path)
    except InputError as exc:
        assert path.name in str(exc)
        return None


@pytest.mark.parametrize("path", ALL, ids=name)
def test_every_export_is_read_or_refused_by_name(path):
    document = read_or_refuse(path)
    if document is None:
        return
    with document:
        assert document.json_text


@pytest.mark.parametrize("path", EDITED, ids=name)
def test_written_back_unchanged_it_is_the_very_file(tmp_path, path):
    document = read_or_refuse(path)
    if document is None:
        pytest.skip("refused by its reader (tested above)")
    with document:
        out = tmp_path / f"out{path.suffix}"
        assert write_document(document.json_text, out, source=document) == []
    assert out.read_bytes() == path.read_bytes()


def linked_targets(timeline: otio.schema.Timeline, adapter: str) -> tuple[set[int], set[int]]:
    """Which clips to change: the first long clip with everything linked to it (split), and one more (trimmed)."""
    clips = timeline.find_clips()
    long = [n for n, c in enumerate(clips) if c.source_range is not None and c.source_range.duration.value >= 9]
    if not long:
        return set(), set()
    first = clips[long[0]]
    if adapter == "fcp_xml":
        links = {link.get("linkclipref") for link in first.metadata.get("fcp_xml", {}).get("link", [])}
        group = {n for n, c in enumerate(clips) if fcp7_xml.key_of(c) in links | {fcp7_xml.key_of(first)}}
    else:
        line = (edl.key_of(first) or "").split("/")[0]
        group = {n for n, c in enumerate(clips) if (edl.key_of(c) or "").split("/")[0] == line}
    others = [n for n in long if n not in group and _same_length_group(clips, n, adapter)]
    return group or {long[0]}, set(others[:1])


def _same_length_group(clips, n, adapter) -> bool:
    """A clip changed alone must have no link (its linked clips would otherwise differ from it)."""
    if adapter == "fcp_xml":
        own = fcp7_xml.key_of(clips[n])
        return all(link.get("linkclipref") == own for link in clips[n].metadata.get("fcp_xml", {}).get("link", []))
    key = edl.key_of(clips[n]) or ""
    return "/" not in key and not any((edl.key_of(c) or "").startswith(key + "/") for c in clips)


def job_answer(document) -> otio.core.SerializableObject:
    adapter = format_of(document.path).adapter
    if adapter == "fcpx_xml":
        timelines = fcpx_timelines(document.obj)
        first = fcpx_answer(document.file_text or "", timelines[0])[0]
        if isinstance(document.obj, otio.schema.Timeline):
            return first
        return otio.schema.SerializableCollection(children=[first, *(t.deepcopy() for t in timelines[1:])])
    split, trimmed = linked_targets(document.obj, adapter)
    after = apply_to(document.obj, split, close_pause)
    # Indexes after the split: the trimmed clip comes later in find_clips only if no piece was inserted before it.
    shifted = {n + sum(1 for s in split if s < n) for n in trimmed}
    return apply_to(after, shifted, trim_tail)


def shape(timeline: otio.schema.Timeline, names: bool = True) -> list:
    """Each clip where it sits and what it uses, and how many markers it holds (an EDL's locator is one line of
    text: its name and comment come back as one)."""
    return [
        (
            clip.name if names else None,
            clip.source_range.start_time.to_frames() if clip.source_range else None,
            clip.source_range.duration.to_frames() if clip.source_range else None,
            clip.range_in_parent().start_time.to_frames(),
            len(clip.markers),
        )
        for clip in timeline.find_clips()
    ]


def copied_by_a_split(text: str, item_id: str) -> collections.Counter:
    """What one more copy of an item adds: its own elements, less the file's full definition and its markers
    (which stay with the piece that shows them), plus a reference to the file."""
    xml = XmlText(text)
    node = next(
        n
        for n in xml.root.iter()
        if n.tag in fcp7_xml.ITEM_TAGS and (xml.attr(n, "id") == item_id or f"E{n.start}" == item_id)
    )
    item = ElementTree.fromstring(text[node.start : node.end].encode("utf-8"))
    skipped: set[int] = set()
    for child in item:
        if child.tag in ("file", "marker"):
            skipped.update(id(e) for e in child.iter())
    added = collections.Counter(e.tag for e in item.iter() if id(e) not in skipped and e.tag in XML_TAGS)
    added["file"] += len(item.findall("file"))
    return added


@pytest.mark.parametrize("path", FCP7, ids=name)
def test_fcp7_xml_changes_go_into_the_editors_file(tmp_path, path):
    document = read_or_refuse(path)
    if document is None:
        pytest.skip("refused by its reader (tested above)")
    with document:
        after = job_answer(document)
        out = tmp_path / "trimmed.xml"
        notes = write_document(otio_json.dump(after), out, source=document)
        text = document.file_text or ""
        found = fcp7_xml.model.compare(document.obj, after, fcp7_xml.key_of)
    written = out.read_text(encoding="utf-8")
    changed = found.changed()
    if not changed:
        # Clips the file gives no place: nothing is written, and each change left out is named.
        assert written == text
        assert len(notes) == len([c for c in after.find_clips() if fcp7_xml.model._differs(c)])
        return
    # Read back through the same adapter: the job's answer, clip for clip.
    with read_document(out) as back:
        assert shape(back.obj) == shape(after)
    # Every element is still there in the same number, except a split's copies and the job's markers.
    expected = xml_counts(text)
    for change in changed:
        for _ in range(len(change.pieces) - 1):
            expected.update(copied_by_a_split(text, change.key))
        expected["marker"] += sum(len(p.added_markers) for p in change.pieces)
    assert xml_counts(written) == expected
    # Ids stay unique, and every link points at an item that is there.
    root = ElementTree.fromstring(written.encode("utf-8"))
    ids = [e.get("id") for e in root.iter() if e.tag in fcp7_xml.ITEM_TAGS and e.get("id")]
    assert len(ids) == len(set(ids))
    assert {r.text for r in root.iter("linkclipref")} <= set(ids) | {
        r.text for r in ElementTree.fromstring(text.encode("utf-8")).iter("linkclipref")
    }
    # Each changed item explains itself: a marker whose comment gives the reason.
    for change in changed:
        if any(p.added_markers for p in change.pieces):
            assert re.search(r"<comment>Workprint: pause: a pause of 1\.2 s inside the take", written)
    # What the job did not touch is the file's own text: the only lines of the input that differ are times,
    # links to a new piece and markers that went with another piece; the rest is added (the copies, markers).
    assert not [line for line in lost_lines(text, written) if not TIMING_LINE.search(line)]


def edl_lines(text: str) -> dict[str, int]:
    lines = text.splitlines()
    return {
        "events": sum(1 for line in lines if re.match(r"^\s*\d+\s", line) and len(edl._TC.findall(line)) >= 4),
        "FCM": sum(1 for line in lines if line.startswith("FCM")),
        "LOC": sum(1 for line in lines if "LOC:" in line),
        "TITLE": sum(1 for line in lines if line.startswith("TITLE")),
    }


@pytest.mark.parametrize("path", EDLS, ids=name)
def test_edl_changes_go_into_the_editors_list(tmp_path, path):
    document = read_or_refuse(path)
    if document is None:
        pytest.skip("refused by its reader (tested above)")
    with document:
        after = job_answer(document)
        out = tmp_path / "trimmed.edl"
        notes = write_document(otio_json.dump(after), out, source=document)
        text = document.file_text or ""
        found = edl.model.compare(document.obj, after, edl.key_of)
    written = out.read_text(encoding="utf-8")
    changed = [c for c in found.changed() if "/" not in c.key]
    if not changed:
        assert written == text
        return
    assert not [n for n in notes if "left as it was" in n and "pause" not in n]
    with read_document(out) as back:
        assert back.edl_rate == document.edl_rate
        placed = {n for n, c in enumerate(after.find_clips()) if edl.key_of(c) is not None}
        # Names aside: an event without a clip name is named by its number, and a split numbers events anew.
        assert [s for n, s in enumerate(shape(back.obj, names=False)) if n in placed] == [
            s for n, s in enumerate(shape(after, names=False)) if n in placed
        ]
    before, now = edl_lines(text), edl_lines(written)
    splits = sum(len(c.pieces) - 1 for c in changed)
    added = sum(len(p.added_markers) for c in changed for p in c.pieces)
    assert now == {**before, "events": before["events"] + splits, "LOC": before["LOC"] + added}
    # Every comment line of the list is still there (a split repeats its event's comments).
    for line in set(text.splitlines()):
        if line.startswith("*") and "LOC:" not in line:
            assert written.splitlines().count(line) >= text.splitlines().count(line), line
    assert "* LOC:" in written and "A PAUSE OF 1.2 S INSIDE THE TAKE" in written


def fcpx_timelines(obj) -> list[otio.schema.Timeline]:
    if isinstance(obj, otio.schema.Timeline):
        return [obj]
    return [t for t in obj if isinstance(t, otio.schema.Timeline)]


class FcpxDocument:
    """The document's elements in document order (a clip's key is its index), and what holds each."""

    def __init__(self, text: str) -> None:
        self.elements = list(ElementTree.fromstring(text.encode("utf-8")).iter())
        self.parents = {c: p for p in self.elements for c in p}

    def element(self, clip) -> ElementTree.Element | None:
        key = fcpxml_edit.key_of(clip)
        return self.elements[int(key[1:])] if key else None

    def holder(self, element) -> ElementTree.Element | None:
        """The clip an element hangs from (None: it sits in a storyline of its own)."""
        node = self.parents.get(element)
        while node is not None and node.tag not in ("clip", "asset-clip", "ref-clip", "gap"):
            if node.tag == "spine" and self.parents.get(node) is not None and self.parents[node].tag == "sequence":
                return None
            node = self.parents.get(node)
        return node

    def spine_item(self, element) -> int:
        """The place in the project's storyline of the item an element is (or hangs from, at any depth)."""
        node = element
        while not (self.parents[node].tag == "spine" and self.parents[self.parents[node]].tag == "sequence"):
            node = self.parents[node]
        return list(self.parents[node]).index(node)


def fcpx_answer(text: str, timeline: otio.schema.Timeline) -> tuple[otio.schema.Timeline, list, list[tuple]]:
    """The job's kind of change on a project: a pause closed in the first long storyline clip and the clips
    connected to it (its own sound), and another storyline clip's tail trimmed; rippled. With it the timeline
    as the document holds it: an item connected to a storyline clip moves with that clip (as in Final Cut Pro),
    where the answer's ripple moves only the tracks it changed. Returns the answer, that shape, and the
    elements split."""
    doc = FcpxDocument(text)
    clips = timeline.find_clips()
    top = [n for n, c in enumerate(clips) if c.parent().parent() is timeline.tracks and doc.element(c) is not None]
    on_storyline = [
        n
        for n in top
        if clips[n].parent().name == "0"
        and doc.holder(doc.element(clips[n])) is None
        and clips[n].source_range.duration.value >= 9
    ]

    def held_by(n: int) -> list[int]:
        return [m for m in top if doc.holder(doc.element(clips[m])) is doc.element(clips[n])]

    split = next((n for n in on_storyline if held_by(n)), on_storyline[0] if on_storyline else None)
    if split is None:
        return timeline, shape(timeline), []
    group = {split, *(m for m in held_by(split) if clips[m].name == clips[split].name)}
    trimmed = next((n for n in on_storyline if n not in group and not held_by(n)), None)
    third = round(clips[split].source_range.duration.value) // 3
    ripples = [(doc.spine_item(doc.element(clips[split])), -third, {clips[n].parent().name for n in group})]
    after = apply_to(timeline, group, close_pause)
    if trimmed is not None:
        ripples.append((doc.spine_item(doc.element(clips[trimmed])), -3, {"0"}))
        after = apply_to(after, {trimmed + sum(1 for s in group if s < trimmed)}, trim_tail)
    expected = []
    for clip, row in zip(after.find_clips(), shape(after), strict=True):
        element = doc.element(clip)
        if element is not None and clip.parent().parent() is after.tracks:
            at = doc.spine_item(element)
            moved = sum(d for item, d, tracks in ripples if item < at and clip.parent().name not in tracks)
            row = (*row[:3], row[3] + moved, row[4])
        expected.append(row)
    return after, expected, [(fcpxml_edit.key_of(clips[split]), doc.element(clips[split]))]


def subtree(element) -> collections.Counter:
    return collections.Counter(e.tag for e in element.iter())


@pytest.mark.parametrize("path", FCPX, ids=name)
def test_fcpxml_changes_go_into_the_editors_document(tmp_path, path):
    document = read_or_refuse(path)
    if document is None:
        pytest.skip("refused by its reader (tested above)")
    with document:
        timelines = fcpx_timelines(document.obj)
        if not timelines:
            pytest.skip("clips of an event, no project: nothing a trims job works on")
        text = document.file_text or ""
        first, expected, split = fcpx_answer(text, timelines[0])
        rest = [t.deepcopy() for t in timelines[1:]]
        answer = (
            first
            if isinstance(document.obj, otio.schema.Timeline)
            else otio.schema.SerializableCollection(name=document.obj.name, children=[first, *rest])
        )
        out = tmp_path / "trimmed.fcpxml"
        notes = write_document(otio_json.dump(answer), out, source=document)
        compared = fcpxml_edit.model.compare(timelines[0], first, fcpxml_edit.key_of)
        others = [shape(t) for t in rest]
    assert notes == []
    written = out.read_bytes().decode("utf-8")  # as written: Final Cut Pro's own line ends (CRLF) kept
    # Read back through the same reader: the job's answer, clip for clip, as the document holds it.
    with read_document(out) as back:
        projects = fcpx_timelines(back.obj)
        assert shape(projects[0]) == expected
        assert [shape(t) for t in projects[1:]] == others
    # Every element is still there in the same number, except a split's copies and the job's markers.
    before = ElementTree.fromstring(text.encode("utf-8"))
    after = ElementTree.fromstring(written.encode("utf-8"))
    wanted = subtree(before)
    added = sum(len(p.added_markers) for c in compared.changed() for p in c.pieces)
    for key, element in split:
        for _ in range(len(compared.items[key].pieces) - 1):
            wanted.update(subtree(element))
    wanted["marker"] += added
    assert subtree(after) == wanted
    ids = [e.get("id") for e in after.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    # Each change explains itself: a marker whose note gives the reason.
    made = [m for m in after.iter("marker") if (m.get("value") or "").startswith("Workprint:")]
    assert len(made) == added > 0
    assert all("a pause of 1.2 s inside the take" in (m.get("note") or "") for m in made)
    # What the job did not touch is the document's own text: resources, the other projects, every effect.
    xml_in = XmlText(text)
    for tag in ("resources", "filter-video", "filter-audio", "metadata", "keyword", "note"):
        for node in xml_in.root.iter(tag):
            own = text[node.start : node.end]
            assert written.count(own) >= text.count(own), f"{tag}: {own[:80]}"
    for node in list(xml_in.root.iter("project"))[1:]:
        assert text[node.start : node.end] in written
    # Times are exact: whole frames of the project's rate moved, never a float.
    assert not re.search(r'(offset|start|duration)="[^"]*\.[^"]*"', written)


def first_clip_and_its_sound(document) -> set[int]:
    """The storyline's first placed clip and its own sound connected to it, by their place in find_clips."""
    doc = FcpxDocument(document.file_text or "")
    clips = document.obj.find_clips()
    first = next(c for c in clips if c.parent().name == "0" and doc.element(c) is not None)
    return {n for n, c in enumerate(clips) if c is first or doc.holder(doc.element(c)) is doc.element(first)}


def test_fcpxml_a_pause_closed_without_ripple_leaves_a_gap_where_it_was(tmp_path):
    source = EXPORTS / "otio-fcpx-xml-adapter" / "fcpx_project.fcpxml"
    with read_document(source) as document:
        group = first_clip_and_its_sound(document)
        after = apply_to(document.obj, group, close_pause, ripple=False)
        assert write_document(otio_json.dump(after), tmp_path / "out.fcpxml", source=document) == []
    with read_document(tmp_path / "out.fcpxml") as back:
        assert shape(back.obj) == shape(after)
    spine = ElementTree.parse(tmp_path / "out.fcpxml").getroot().find("./project/sequence/spine")
    assert spine is not None
    kept = [(e.tag, e.get("offset"), e.get("duration")) for e in spine][:4]
    assert kept == [
        ("clip", "0s", "10000/3000s"),
        ("gap", "10000/3000s", "10000/3000s"),
        ("clip", "20000/3000s", "10000/3000s"),
        ("transition", "28500/3000s", "1s"),
    ]


def test_fcpxml_a_tail_trimmed_without_ripple_leaves_what_follows_where_it_was(tmp_path):
    source = EXPORTS / "otio-fcpx-xml-adapter" / "fcpx_project.fcpxml"
    with read_document(source) as document:
        group = first_clip_and_its_sound(document)
        after = document.obj.deepcopy()
        for n in sorted(group, reverse=True):
            clip = after.find_clips()[n]
            track, rate = clip.parent(), clip.source_range.duration.rate
            index = list(track).index(clip)
            trimmed = trim_tail(clip, frames=30)
            del track[index]
            track.insert(index, trimmed)
            track.insert(index + 1, otio.schema.Gap(source_range=otio.opentime.TimeRange(duration=RT(30, rate))))
        assert write_document(otio_json.dump(after), tmp_path / "out.fcpxml", source=document) == []
    with read_document(tmp_path / "out.fcpxml") as back:
        assert shape(back.obj) == shape(after)
    before = ElementTree.parse(source).getroot().find("./project/sequence/spine")
    spine = ElementTree.parse(tmp_path / "out.fcpxml").getroot().find("./project/sequence/spine")
    assert before is not None and spine is not None
    was = [(e.tag, e.get("offset"), e.get("duration")) for e in before]
    now = [(e.tag, e.get("offset"), e.get("duration")) for e in spine]
    # The clip a second shorter, a second of gap where its tail was; the gap, clip and transition after it
    # exactly where they were.
    assert now[0] == ("clip", "0s", "9s") and now[1] == ("gap", "9s", "1s")
    assert now[2:] == was[1:]


def test_a_drop_frame_list_is_read_at_29_97_and_written_in_drop_frame(tmp_path):
    source = tmp_path / "avid_df.edl"
    source.write_text(
        "TITLE: AVID DF\nFCM: DROP FRAME\n"
        "001  A001C003 V     C        01:00:10;00 01:00:20;00 01:00:00;00 01:00:10;00\n"
        "* FROM CLIP NAME:  A001C003\n"
        "002  A001C004 V     C        02:00:00;00 02:00:05;00 01:00:10;00 01:00:15;00\n"
        "* FROM CLIP NAME:  A001C004\n"
    )
    with read_document(source) as document:
        assert abs(document.obj.find_clips()[0].source_range.duration.rate - 30000 / 1001) < 1e-9
        assert document.edl_rate is not None and document.edl_rate.drop_frame
        after = apply_to(document.obj, {0}, close_pause)
        write_document(otio_json.dump(after), tmp_path / "out.edl", source=document)
    written = (tmp_path / "out.edl").read_text()
    assert "FCM: DROP FRAME" in written and written.count("FCM:") == 1
    events = [line for line in written.splitlines() if line[:3].isdigit()]
    assert len(events) == 3 and all(";" in line for line in events)
    # 300 frames in three: the first piece keeps 100, the second the last 100; the next event ripples back by
    # the 100 removed (no minute boundary inside, so no frame numbers dropped).
    assert events[0].split()[-4:] == ["01:00:10;00", "01:00:13;10", "01:00:00;00", "01:00:03;10"]
    assert events[1].split()[-4:] == ["01:00:16;20", "01:00:20;00", "01:00:03;10", "01:00:06;20"]
    assert events[2].split()[-2:] == ["01:00:06;20", "01:00:11;20"]


def test_the_rate_told_overrides_the_list(tmp_path):
    source = EXPORTS / "otio-cmx3600-adapter" / "avid_example.edl"
    with read_document(source, edl_rate=23.976) as document:
        assert document.edl_rate is not None and document.edl_rate.rate == 24000 / 1001
        assert document.obj.find_clips()[0].source_range.duration.rate == 24000 / 1001
    with read_document(EXPORTS / "otio-cmx3600-adapter" / "25fps.edl") as document:
        assert document.edl_rate is not None and document.edl_rate.rate == 25


def test_fcpxml_projects_are_chosen_by_name_and_rates_are_exact(tmp_path):
    library = EXPORTS / "otio-fcpx-xml-adapter" / "fcpx_library.fcpxml"
    with read_document(library) as document:
        assert isinstance(document.obj, otio.schema.SerializableCollection)
        assert [t.name for t in document.obj] == ["OpenTimeline_Project", "OpenTimeline_Project 1"]
    with read_document(library, project="OpenTimeline_Project 1") as document:
        assert document.obj.name == "OpenTimeline_Project 1"
    with pytest.raises(InputError, match="no project by that name"):
        read_document(library, project="Nope")
    # The same project at 29.97 (Final Cut Pro writes 1001/30000s), in a bundle whose media is in media-rep.
    text = (EXPORTS / "otio-fcpx-xml-adapter" / "fcpx_project.fcpxml").read_text()
    ntsc = text.replace('frameDuration="100/3000s"', 'frameDuration="1001/30000s"')
    ntsc = re.sub(r'(<asset [^>]*?) src="([^"]*)"([^>]*>)', r'\1\3<media-rep kind="original-media" src="\2"/>', ntsc)
    bundle = tmp_path / "Cut.fcpxmld"
    bundle.mkdir()
    (bundle / "Info.fcpxml").write_text(ntsc)
    with read_document(bundle) as document:
        clip = document.obj.find_clips()[0]
        assert clip.source_range.duration.rate == pytest.approx(30000 / 1001)
        assert clip.media_reference.target_url.startswith("file:///Volumes/Media/otio/")
        write_document(document.json_text, tmp_path / "again.fcpxml")
        # Written in place, as a bundle (its Info.fcpxml) or as a plain document: the changes at NTSC frames.
        after, expected, _ = fcpx_answer(document.file_text or "", document.obj)
        assert write_document(otio_json.dump(after), tmp_path / "Cut.trimmed.fcpxmld", source=document) == []
        assert write_document(otio_json.dump(after), tmp_path / "Cut.trimmed.fcpxml", source=document) == []
    assert 'frameDuration="1001/30000s"' in (tmp_path / "again.fcpxml").read_text()
    written = (tmp_path / "Cut.trimmed.fcpxmld" / "Info.fcpxml").read_text()
    assert written == (tmp_path / "Cut.trimmed.fcpxml").read_text()
    assert written.count("<media-rep ") == ntsc.count("<media-rep ") > 0 and written.count("<transition ") == 3
    with read_document(tmp_path / "Cut.trimmed.fcpxmld") as back:
        assert shape(back.obj) == expected
    frame, seconds = Fraction(1001, 30000), fcpxml_edit.seconds
    spine = ElementTree.fromstring(written).find("./project/sequence/spine")
    pieces = [e for e in spine if e.get("name") == "IMG_0715"] if spine is not None else []
    assert len(pieces) == 2
    # Each piece starts whole frames into the clip; the cut is whole frames after the first piece's start, and
    # the last piece ends whole frames before where the clip ended (10 s, which is no whole number of frames).
    (first, last) = ((seconds(p.get("start", "0s")), seconds(p.get("duration"))) for p in pieces)
    assert all((t / frame).denominator == 1 for t in (first[0], first[1], last[0], Fraction(10) - sum(last)))


#: What OpenTimelineIO's own writers lose on these files, counted: the record the file editors are measured by.
PLAIN_LOSSES = {
    "otio-fcp-adapter/premiere_example.xml": {"link": (57, 0), "clipitem": (26, 15), "sequence": (4, 3)},
    "otio-fcp-adapter/empty_name_tags.xml": {"link": (315, 0), "timecode": (124, 4), "filter": (134, 127)},
    "otio-fcp-adapter/premiere_enable_property.xml": {"link": (20, 0), "clipitem": (16, 11)},
    "otio-cmx3600-adapter/dissolve_test.edl": {"FCM": (1, 0)},
    "otio-cmx3600-adapter/speed_effects_small.edl": {"M2": (3, 2)},
    "otio-fcpx-xml-adapter/fcpx_project.fcpxml": {
        "transition": (3, 0),
        "filter-video": (3, 0),
        "filter-audio": (3, 0),
        "md": (32, 0),
        "marker": (8, 7),
        "effect": (2, 0),
    },
    "otio-fcpx-xml-adapter/fcpx_library.fcpxml": {
        "library": (1, 0),
        "transition": (6, 0),
        "filter-video": (6, 0),
        "keyword": (2, 0),
        "note": (1, 0),
        "smart-collection": (5, 0),
        "marker": (16, 14),
    },
}


@pytest.mark.parametrize("relative", sorted(PLAIN_LOSSES))
def test_the_plain_adapter_round_trip_loses_what_the_file_editors_keep(tmp_path, relative):
    path = EXPORTS / relative
    adapter = format_of(path).adapter
    kwargs = {"rate": 24} if adapter == "cmx_3600" else {}
    plain = otio.adapters.write_to_string(
        otio.adapters.read_from_file(str(path), adapter_name=adapter, **kwargs), adapter_name=adapter
    )
    text = path.read_text()
    with read_document(path) as document:
        ours = tmp_path / f"ours{path.suffix}"
        write_document(otio_json.dump(job_answer(document)), ours, source=document)
    kept = ours.read_text()
    for what, (before, after) in PLAIN_LOSSES[relative].items():
        assert (_count(text, what), _count(plain, what)) == (before, after)
        assert _count(kept, what) >= before, f"{what}: kept {_count(kept, what)} of {before}"


def _count(text: str, what: str) -> int:
    if what in ("FCM", "M2"):
        return sum(1 for line in text.splitlines() if line.startswith(what))
    return subtree(ElementTree.fromstring(text.encode("utf-8")))[what]


@pytest.mark.parametrize(
    ("export", "line"), [("dissolve_test_fail.edl", 5), ("timecode_mismatch.edl", 13)], ids=["dissolve", "mismatch"]
)
def test_a_list_the_reader_refuses_is_refused_at_its_line(export, line):
    with pytest.raises(InputError, match=rf"{export}: cannot read it as CMX 3600 EDL at line {line} \("):
        read_document(EXPORTS / "otio-cmx3600-adapter" / export)
