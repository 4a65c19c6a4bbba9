"""Timelines through every file format, by the command line, with an embedded engine."""

from __future__ import annotations

import json

import opentimelineio as otio
import pytest

from conftest import run_workprint
from otio_samples import RT, TR, media_clip, rich_timeline
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
