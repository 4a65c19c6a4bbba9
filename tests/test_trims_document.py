"""The trimmed document: what the job did not change keeps its values, in the shape the editor's file had.

The job edits the timeline's document as plain values (engine/timeline/otio_tree.py), so these check what
OpenTimelineIO would otherwise have guaranteed by writing every object itself: schema versions, values JSON
proper cannot hold, and the untouched objects' fields.
"""

from __future__ import annotations

import json
import math

import opentimelineio as otio
import pytest

from conftest import run_workprint
from trim_checks import check_dialogue_kept, check_sync, picture_clips
from workprint.engine.timeline import otio_json
from workprint.engine.timeline.otio_tree import TimelineTree
from workprint.engine.timeline.places import iter_clip_places

# Each runs the whole job on the demo shoot (analysed once per session).
pytestmark = pytest.mark.slow


def trim(source, output, cache, *options):
    return run_workprint(
        "suggest-trims", str(source), "-o", str(output), "--cache-dir", cache, *options, in_process=True
    ).output


def test_a_file_in_older_schema_versions_comes_back_in_them(shoot, analysis_cache, tmp_path):
    source = tmp_path / "rough.otio"
    source.write_text(otio.adapters.otio_json.write_to_string(shoot.timeline, target_schema_versions={"Clip": 1}))
    output = tmp_path / "trimmed.otio"
    printed = trim(source, output, analysis_cache)
    text = output.read_text()
    assert '"Clip.1"' in text and '"Clip.2"' not in text
    timeline = otio.adapters.read_from_string(text)
    assert "clips changed" in printed
    assert len(picture_clips(timeline)) > len(picture_clips(shoot.timeline))
    check_dialogue_kept(shoot, timeline)
    check_sync(timeline)


def test_values_json_proper_cannot_hold_pass_through(shoot, analysis_cache, tmp_path):
    # A host may keep NaN or infinities in its metadata (OTIO reads and writes them).
    timeline = shoot.timeline.clone()
    clips = list(timeline.find_clips())
    for clip in clips:
        clip.metadata["host"] = {"gain": math.nan, "peak": math.inf}
    timeline.metadata["host"] = {"offset": -math.inf}
    source = tmp_path / "rough.otio"
    source.write_text(otio_json.dump(timeline))
    output = tmp_path / "trimmed.otio"
    trim(source, output, analysis_cache)
    trimmed = otio.adapters.read_from_file(str(output))
    assert trimmed.metadata["host"]["offset"] == -math.inf
    pieces = list(trimmed.find_clips())
    assert len(pieces) > len(clips)
    for piece in pieces:
        assert math.isnan(piece.metadata["host"]["gain"]) and piece.metadata["host"]["peak"] == math.inf
    check_sync(trimmed)


def test_what_the_job_does_not_change_keeps_its_values(shoot, analysis_cache, tmp_path):
    # Fields this OTIO does not know, and ones it would write otherwise, on objects the job leaves alone.
    document = json.loads(otio_json.dump(shoot.timeline))
    music = document["tracks"]["children"][2]
    music["host_field"] = {"kept": [1, 2.5, "three"]}
    document["metadata"]["note"] = "é, 日本, emoji 🎬"
    source = tmp_path / "rough.otio"
    source.write_text(json.dumps(document, indent=4))
    output = tmp_path / "trimmed.otio"
    trim(source, output, analysis_cache)
    written = json.loads(output.read_text())
    assert written["tracks"]["children"][2] == music
    assert written["metadata"] == document["metadata"]
    assert written["tracks"]["children"][0] != document["tracks"]["children"][0]


def test_the_tree_finds_each_top_level_clip_where_otio_does(shoot):
    text = otio_json.dump(shoot.timeline)
    timeline = otio_json.parse_timeline(text)
    tree = TimelineTree.read(text)
    places = [place for place in iter_clip_places(timeline.tracks) if not place.nested]
    assert places
    for place in places:
        assert tree.item(place.path) == json.loads(place.clip.to_json_string(-1))
