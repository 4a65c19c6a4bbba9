"""Timelines through every file format, by the command line, with an embedded engine."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from fractions import Fraction

import opentimelineio as otio
import pytest

from conftest import run_workprint
from otio_samples import RT, TR, media_clip, rich_timeline
from workprint.adapters.files import fcpxml_edit
from workprint.adapters.formats import read_document, write_document
from workprint.engine.timeline import otio_json


def simple_timeline(with_audio: bool = True) -> otio.schema.Timeline:
    """What every format can carry: cuts on V1 (and A1), a gap, media by URL."""
    timeline = otio.schema.Timeline(name="Rough", global_start_time=RT(86400, 24))
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    timeline.tracks.append(video)
    audio = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    if with_audio:
        timeline.tracks.append(audio)
    for n, (start, duration) in enumerate([(10, 48), (30, 72)], start=1):
        clip = media_clip(f"A001_C00{n}", f"file:///nonexistent/A001_C00{n}.mov", start, duration)
        video.append(clip.clone())
        audio.append(clip.clone())
    video.append(otio.schema.Gap(source_range=TR(RT(0, 24), RT(12, 24))))
    return timeline


def shape(timeline: otio.schema.Timeline) -> list:
    """What must survive any format: per track kind, clip names and source ranges in order."""
    tracks = []
    for track in timeline.tracks:
        clips = [
            (c.name, c.source_range.start_time.to_frames(), c.source_range.duration.to_frames())
            for c in track.find_clips()
        ]
        tracks.append((track.kind, clips))
    return sorted(tracks)


def run(*args: str, check: int | None = 0):
    # In this process: what is checked is the document written, and the engine is embedded either way.
    return run_workprint(*args, check=check, in_process=True)


@pytest.mark.parametrize("extension", [".otio", ".otioz", ".fcpxml", ".xml", ".edl", ".aaf", ".kdenlive"])
def test_round_trip_through_each_format(tmp_path, extension):
    original = simple_timeline(with_audio=extension != ".edl")  # an EDL holds one picture track
    source = tmp_path / f"rough{extension}"
    write_document(otio_json.dump(original), source)
    result = run("suggest-trims", str(source), "-o", str(tmp_path / f"trimmed{extension}"))
    assert "Wrote" in result.output
    with read_document(source) as before, read_document(tmp_path / f"trimmed{extension}") as after:
        assert shape(after.obj) == shape(before.obj) == shape(original)


def test_one_format_to_another(tmp_path):
    source = tmp_path / "rough.xml"
    write_document(otio_json.dump(simple_timeline()), source)
    run("suggest-trims", str(source), "-o", str(tmp_path / "out.fcpxml"))
    with read_document(tmp_path / "out.fcpxml") as after:
        assert shape(after.obj) == shape(simple_timeline())


def test_otio_untouched_is_byte_for_byte(tmp_path):
    text = otio_json.dump(rich_timeline())
    source = tmp_path / "rough.otio"
    source.write_text(text)
    run("suggest-trims", str(source), "-o", str(tmp_path / "out.otio"))
    assert (tmp_path / "out.otio").read_text() == text
    out = otio.adapters.read_from_file(str(tmp_path / "out.otio"))
    assert out.is_equivalent_to(rich_timeline())
    # What the editor made is all there: transition, markers, nested stack, gap, metadata.
    assert [type(i).__name__ for i in out.tracks[0]] == ["Clip", "Transition", "Clip", "Gap", "Stack", "Clip"]
    assert out.tracks[0][0].markers[0].metadata["who"] == "editor"
    assert out.tracks[0][0].metadata["Resolve_OTIO"]["Link Group ID"] == 1
    assert out.metadata["Resolve_OTIO"] and out.global_start_time == RT(86400, 24)


def test_older_schema_versions_keep_their_shape():
    timeline = rich_timeline()
    old = otio.adapters.otio_json.write_to_string(timeline, target_schema_versions={"Clip": 1})
    assert '"Clip.1"' in old and '"Clip.2"' not in old
    again = otio_json.dump(otio_json.parse(old), like=old)
    assert json.loads(again) == json.loads(old)


def test_warnings_name_each_clip_with_missing_media(tmp_path):
    source = tmp_path / "rough.otio"
    source.write_text(otio_json.dump(rich_timeline()))
    result = run("suggest-trims", str(source), "-o", str(tmp_path / "out.otio"))
    for name in ("A001_C001 (V1 #1)", "A001_C002 (V1 #3)", "B002_C004 (V1 #5 › V1 #1)", "score (A2 #1)"):
        assert name in result.output
    assert "Title (V1 #6): a generated clip" in result.output


def test_bin_as_an_otio_collection_is_read(tmp_path):
    collection = otio.schema.SerializableCollection(
        name="Day 1", children=[media_clip("A001_C001", "/nonexistent/A001_C001.mov", 0, 48)]
    )
    source = tmp_path / "bin.otio"
    source.write_text(otio_json.dump(collection))
    # The bin is read; its one take's media is missing: named, then a clear refusal (exit 3).
    result = run("assemble-selects", str(source), "-o", str(tmp_path / "selects.otio"), check=3)
    assert "A001_C001 (bin #1): media not found" in result.output
    assert "no take in the bin could be read" in result.output
    assert not (tmp_path / "selects.otio").exists()


#: A project as Final Cut Pro writes one (23.976, media in media-rep): a clip with a connected b-roll clip and
#: a title, a filter and metadata; then a retimed clip.
FCPXML_PROJECT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>

<fcpxml version="1.10">
    <resources>
        <format id="r1" name="FFVideoFormat1080p2398" frameDuration="1001/24000s" width="1920" height="1080"/>
        <asset id="r2" name="A001" start="0s" duration="240240/24000s" hasVideo="1" hasAudio="1" format="r1">
            <media-rep kind="original-media" src="file:///Volumes/Media/A001.mov"/>
        </asset>
        <asset id="r3" name="B001" start="0s" duration="240240/24000s" hasVideo="1" format="r1">
            <media-rep kind="original-media" src="file:///Volumes/Media/B001.mov"/>
        </asset>
        <asset id="r4" name="A002" start="0s" duration="240240/24000s" hasVideo="1" hasAudio="1" format="r1">
            <media-rep kind="original-media" src="file:///Volumes/Media/A002.mov"/>
        </asset>
        <effect id="r5" name="Basic Title" uid=".../Titles.localized/Basic Title.moti"/>
        <effect id="r6" name="Color Board" uid="FFCorrectorColorBoard"/>
    </resources>
    <library>
        <event name="Day 1">
            <project name="Cut">
                <sequence format="r1" duration="480480/24000s" tcStart="0s" tcFormat="NDF">
                    <spine>
                        <asset-clip name="A001" ref="r2" offset="0s" duration="240240/24000s" format="r1">
                            <asset-clip name="B001" lane="1" ref="r3" offset="200200/24000s" duration="24024/24000s"/>
                            <title name="Lower third" lane="2" ref="r5" offset="130130/24000s" duration="24024/24000s"/>
                            <filter-video ref="r6" name="Color Board"/>
                            <metadata>
                                <md key="com.apple.proapps.studio.reel" value="A001"/>
                            </metadata>
                        </asset-clip>
                        <asset-clip name="A002" ref="r4" offset="240240/24000s" duration="240240/24000s" format="r1">
                            <timeMap>
                                <timept time="0s" value="0s" interp="smooth2"/>
                                <timept time="240240/24000s" value="480480/24000s" interp="smooth2"/>
                            </timeMap>
                        </asset-clip>
                    </spine>
                </sequence>
            </project>
        </event>
    </library>
</fcpxml>
"""


#: The same kind of project with its media made where it points (MEDIA): a clip whose sound is connected to it,
#: a transition, an A/V asset-clip.
FCPXML_TRIMMED = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>

<fcpxml version="1.10">
    <resources>
        <format id="r1" name="FFVideoFormat1080p2398" frameDuration="1001/24000s" width="1920" height="1080"/>
        <asset id="r2" name="A001" start="0s" duration="240240/24000s" hasVideo="1" hasAudio="1" format="r1">
            <media-rep kind="original-media" src="file://MEDIA/A001.mov"/>
        </asset>
        <asset id="r3" name="A002" start="0s" duration="240240/24000s" hasVideo="1" hasAudio="1" format="r1">
            <media-rep kind="original-media" src="file://MEDIA/A002.mov"/>
        </asset>
        <effect id="r4" name="Cross Dissolve" uid="FxPlug:4731E73A-8DAC-4113-9A30-AE85B1761265"/>
        <effect id="r5" name="Color Board" uid="FFCorrectorColorBoard"/>
    </resources>
    <library>
        <event name="Day 1">
            <project name="Cut">
                <sequence format="r1" duration="480480/24000s" tcStart="0s" tcFormat="NDF">
                    <spine>
                        <clip name="A001" offset="0s" duration="240240/24000s" tcFormat="NDF">
                            <video offset="0s" ref="r2" duration="240240/24000s"/>
                            <clip name="A001" lane="-1" offset="0s" duration="240240/24000s" tcFormat="NDF">
                                <audio offset="0s" ref="r2" duration="240240/24000s" role="dialogue"/>
                            </clip>
                            <filter-video ref="r5" name="Color Board"/>
                        </clip>
                        <transition name="Cross Dissolve" offset="228228/24000s" duration="24024/24000s">
                            <filter-video ref="r4" name="Cross Dissolve"/>
                        </transition>
                        <asset-clip name="A002" ref="r3" offset="240240/24000s" duration="240240/24000s" format="r1"/>
                    </spine>
                </sequence>
            </project>
        </event>
    </library>
</fcpxml>
"""


def test_fcpxml_connected_items_go_with_the_piece_they_sit_over(tmp_path):
    from file_edits import apply_to, close_pause, trim_tail

    source = tmp_path / "cut.fcpxml"
    source.write_text(FCPXML_PROJECT)
    with read_document(source) as document:
        assert document.notices == []  # every clip has its place in the document
        names = [c.name for c in document.obj.find_clips()]
        after = apply_to(document.obj, {names.index("A001")}, close_pause)
        after = apply_to(after, {names.index("A002") + 1}, trim_tail)  # after A001's two pieces
        notes = write_document(otio_json.dump(after), tmp_path / "out.fcpxml", source=document)
    written = (tmp_path / "out.fcpxml").read_text()
    # The retimed clip is named and left as it was (it moves up with the ripple, nothing more).
    assert [n for n in notes if "A002" in n and "retimed" in n and "left as it was" in n]
    assert written.count("<timept ") == 2
    assert 'name="A002" ref="r4" offset="160160/24000s" duration="240240/24000s"' in written
    # Two pieces of A001 (80 frames each, the middle 80 taken out), each with the filter and the metadata.
    root = ElementTree.fromstring(written)
    pieces = root.findall("./library/event/project/sequence/spine/asset-clip[@name='A001']")
    assert [(p.get("offset"), p.get("start"), p.get("duration")) for p in pieces] == [
        ("0s", None, "80080/24000s"),
        ("80080/24000s", "160160/24000s", "80080/24000s"),
    ]
    assert [len(p.findall("filter-video")) + len(p.findall("metadata/md")) for p in pieces] == [2, 2]
    # B001 sat over the last third: it goes with the second piece, at the very frame of A001 it was over.
    assert pieces[0].find("asset-clip") is None and pieces[1].find("asset-clip").get("offset") == "200200/24000s"
    # The title sat over the stretch taken out: it is kept, connected at the first frame the piece shows, said.
    assert pieces[1].find("title").get("offset") == "160160/24000s"
    assert [n for n in notes if "Lower third" in n and "taken out" in n]
    # The change is explained on the piece, where Final Cut Pro lists markers (before filters and metadata).
    marker = pieces[1].find("marker")
    assert marker is not None and marker.get("start") == "160160/24000s" and "pause" in marker.get("note")
    assert [c.tag for c in pieces[1]] == ["asset-clip", "title", "marker", "filter-video", "metadata"]
    assert root.find("./library/event/project/sequence").get("duration") == "400400/24000s"
    # Read back: B001 moved with the clip it is connected to.
    with read_document(tmp_path / "out.fcpxml") as back:
        clips = {c.name: c for c in back.obj.find_clips()}
        assert clips["B001"].range_in_parent().start_time.to_frames() == 200 - 80


@pytest.mark.slow
def test_fcpxml_trimmed_by_the_engine_is_the_editors_document_with_the_cuts_in_it(tmp_path):
    """The whole job on a Final Cut Pro project relinked to media made for it: a clip with its sound connected
    on lane -1 and a filter, a transition, an A/V asset-clip."""
    from export_media import lines_for
    from workprint.engine.demo.synth import Picture, TakeScript, write_take

    media = tmp_path / "media"
    media.mkdir()
    for name in ("A001", "A002"):
        # A line, a pause of more than a second, another line: something to trim.
        pictures, sounds = [Picture("scene", 0.0, 10.01, 3)], lines_for(10.0)
        script = TakeScript(10.01, pictures, sounds, fps=Fraction(24000, 1001), size=(64, 36))
        write_take(media / f"{name}.mov", script)
    text = FCPXML_TRIMMED.replace("MEDIA", str(media))
    source = tmp_path / "cut.fcpxml"
    source.write_text(text)
    out = tmp_path / "out.fcpxml"
    done = run("suggest-trims", str(source), "-o", str(out), "--cache-dir", str(tmp_path / "cache"))
    assert "clips changed" in done.output
    written = out.read_text()
    root = ElementTree.fromstring(written)
    spine = root.find("./library/event/project/sequence/spine")
    assert spine is not None
    pictures = spine.findall("clip")
    assert len(pictures) > 1 and spine.findall("transition") and len(root.findall(".//transition")) == 1
    # Each piece of the picture holds its own sound, cut at the very same frames: sync holds.
    for picture in pictures:
        sound = picture.find("clip[@lane='-1']")
        assert sound is not None and picture.find("filter-video") is not None
        assert (sound.get("start"), sound.get("duration")) == (picture.get("start"), picture.get("duration"))
        assert sound.get("offset") == (picture.get("start") or "0s")
    # The storyline holds together: each item where the one before it ends, the sequence as long as it.
    end = Fraction(0)
    for item in spine:
        if item.tag != "transition":
            assert fcpxml_edit.seconds(item.get("offset")) == end
            end += fcpxml_edit.seconds(item.get("duration")) or 0
    assert fcpxml_edit.seconds(root.find("./library/event/project/sequence").get("duration")) == end
    # Every piece says why in the document; what the job did not touch is the document's own text.
    assert all(p.find("marker[@note]") is not None for p in [*pictures, *spine.findall("asset-clip")])
    assert text[text.index("<resources>") : text.index("</resources>")] in written
    with read_document(out) as back:
        assert len(back.obj.find_clips()) == len(pictures) * 2 + len(spine.findall("asset-clip"))


@pytest.mark.parametrize("transition", [True, False], ids=["beside-a-transition", "alone"])
def test_fcpxml_a_clip_taken_out_whole(tmp_path, transition):
    """Taken out with ripple: the storyline closes up; beside a transition there is no cut to put it on, so the
    clip is left as it was and named."""
    text = FCPXML_TRIMMED.replace("MEDIA", "/Volumes/Media")
    if not transition:
        text = text[: text.index("<transition")] + text[text.index("</transition>") + len("</transition>") :]
    source = tmp_path / "cut.fcpxml"
    source.write_text(text)
    with read_document(source) as document:
        after = document.obj.deepcopy()
        for track in after.tracks:
            for item in [c for c in track if isinstance(c, otio.schema.Clip) and c.name == "A001"]:
                del track[list(track).index(item)]
        notes = write_document(otio_json.dump(after), tmp_path / "out.fcpxml", source=document)
    written = (tmp_path / "out.fcpxml").read_text()
    if transition:
        assert written == text and [n for n in notes if "A001" in n and "transition" in n and "left as it was" in n]
        return
    assert notes == []
    spine = ElementTree.fromstring(written).find("./library/event/project/sequence/spine")
    assert spine is not None and [(e.tag, e.get("offset")) for e in spine] == [("asset-clip", "0s")]
    assert 'sequence format="r1" duration="240240/24000s"' in written
    assert text[text.index("<resources>") : text.index("</resources>")] in written
