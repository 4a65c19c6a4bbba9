"""Hosts' own metadata in and out of the engine's neutral namespace, losing nothing of the editor's."""

from __future__ import annotations

import copy
import json

import opentimelineio as otio
import pytest

from conftest import run_workprint
from otio_samples import rich_timeline
from trim_checks import check_sync
from workprint.adapters import metadata
from workprint.adapters.metadata import resolve
from workprint.engine.domain import meta
from workprint.engine.timeline import otio_json

RESOLVE_BIN_CLIP = {
    "OTIO_SCHEMA": "Clip.2",
    "name": "S12A_T03.mov",
    "source_range": None,
    "effects": [],
    "markers": [],
    "metadata": {
        "Resolve_OTIO": {
            "Clip Properties": {
                "Scene": "12",
                "Shot": "A",
                "Take": "3",
                "Good Take": "1",
                "Camera #": "B",
                "Keywords": "",
            }
        }
    },
}


def resolve_export() -> dict:
    """A timeline as Resolve exports it (link groups on linked clips), read as plain JSON."""
    return json.loads(otio_json.dump(rich_timeline()))


def test_resolve_facts_reach_the_neutral_namespace():
    doc = resolve_export()
    assert metadata.neutral_dict(doc)
    picture = doc["tracks"]["children"][0]["children"][0]
    sound = doc["tracks"]["children"][1]["children"][0]
    assert meta.link_group(picture["metadata"]) == meta.link_group(sound["metadata"]) == 1
    collection = {
        "OTIO_SCHEMA": "SerializableCollection.1",
        "metadata": {},
        "children": [copy.deepcopy(RESOLVE_BIN_CLIP)],
    }
    metadata.neutral_dict(collection, host=resolve.NAME)
    assert meta.clip_properties(collection["children"][0]["metadata"]) == {
        "scene": "12",
        "shot": "A",
        "take": "3",
        "good": True,
        "camera": "B",
    }


@pytest.mark.parametrize("as_otio", [False, True], ids=["json", "otio"])
def test_in_and_out_again_is_byte_for_byte(as_otio):
    original = otio_json.dump(rich_timeline())
    if as_otio:
        obj = otio_json.parse(original)
        assert metadata.neutral_otio(obj)
        assert otio_json.dump(obj) != original
        metadata.host_otio(obj)
        assert otio_json.dump(obj) == original
    else:
        doc = json.loads(original)
        metadata.neutral_dict(doc)
        metadata.host_dict(doc)
        assert doc == json.loads(original)
        assert json.dumps(doc) == json.dumps(json.loads(original))


def test_a_clip_the_engine_made_gets_the_hosts_link():
    made = {"OTIO_SCHEMA": "Clip.2", "metadata": {meta.META_KEY: {meta.LINK_GROUP: 1001, "selects": {"rank": 1}}}}
    doc = {
        "OTIO_SCHEMA": "Timeline.1",
        "metadata": {},
        "tracks": {"OTIO_SCHEMA": "Stack.1", "children": [{"OTIO_SCHEMA": "Track.1", "children": [made]}]},
    }
    assert metadata.host_dict(doc, host=resolve.NAME)
    assert made["metadata"] == {meta.META_KEY: {"selects": {"rank": 1}}, "Resolve_OTIO": {"Link Group ID": 1001}}


def test_a_document_of_no_known_host_is_left_alone():
    doc = json.loads(otio_json.dump(rich_timeline()))
    del doc["metadata"]["Resolve_OTIO"]
    before = json.dumps(doc)
    assert not metadata.neutral_dict(doc)
    assert json.dumps(doc) == before


@pytest.fixture(scope="module")
def resolve_shoot(shoot, tmp_path_factory):
    """The little shoot's rough cut as Resolve would export it: its metadata, link groups on picture and sound.
    Written to a folder of its own: the session's shoot folder is shared."""
    timeline = shoot.timeline.clone()
    timeline.metadata["Resolve_OTIO"] = {"Resolve OTIO Meta Version": "1.0"}
    video, dialogue, music = list(timeline.tracks)
    for n, (picture, sound) in enumerate(zip(video.find_clips(), dialogue.find_clips(), strict=True), start=1):
        picture.metadata["Resolve_OTIO"] = {"Link Group ID": n, "Clip Color": "Orange"}
        sound.metadata["Resolve_OTIO"] = {"Link Group ID": n}
    music[0].metadata["Resolve_OTIO"] = {"Clip Color": "Blue"}
    path = tmp_path_factory.mktemp("resolve-rough") / "resolve_rough.otio"
    path.write_text(otio_json.dump(timeline))
    return path, timeline


# The whole job on the demo shoot (generated and analysed once a session: most of a minute).
@pytest.mark.slow
def test_a_resolve_timeline_is_trimmed_linked_and_its_metadata_comes_back(resolve_shoot, analysis_cache, tmp_path):
    source, before = resolve_shoot
    output = tmp_path / "trimmed.otio"
    # Only reads analyses: the session's shared cache, which the trims tests fill with the same takes.
    run_workprint("suggest-trims", str(source), "-o", str(output), "--cache-dir", analysis_cache, in_process=True)
    after = otio.adapters.read_from_file(str(output))
    check_sync(after)
    clips = list(after.find_clips())
    assert any(meta.namespace(c.metadata).get("applied") for c in clips), "nothing was trimmed"
    for clip in clips:
        # The neutral copy went back into Resolve's own keys: nothing of it is left over.
        assert meta.LINK_GROUP not in meta.namespace(clip.metadata)
    video, dialogue, music = list(after.tracks)
    links = [
        (c.metadata["Resolve_OTIO"]["Link Group ID"], round(video.range_of_child(c).start_time.to_seconds(), 4))
        for c in video.find_clips()
    ]
    assert links == [
        (c.metadata["Resolve_OTIO"]["Link Group ID"], round(dialogue.range_of_child(c).start_time.to_seconds(), 4))
        for c in dialogue.find_clips()
    ]
    # The music bed was not touched: it comes back as the very same object.
    assert otio_json.dump(music[0]) == otio_json.dump(list(before.tracks)[2][0])
    assert after.metadata["Resolve_OTIO"] == before.metadata["Resolve_OTIO"]


def test_names_heard_on_the_slate_go_into_resolves_fields_where_nothing_was_logged():
    properties = {"scene": "21", "shot": "A", "take": "2"}
    heard = {"OTIO_SCHEMA": "Clip.2", "metadata": {meta.META_KEY: {meta.CLIP_PROPERTIES: dict(properties)}}}
    logged = {
        "OTIO_SCHEMA": "Clip.2",
        "metadata": {
            meta.META_KEY: {meta.CLIP_PROPERTIES: dict(properties)},
            "Resolve_OTIO": {"Clip Properties": {"Scene": "21", "Shot": "B"}},
        },
    }
    doc = {
        "OTIO_SCHEMA": "Timeline.1",
        "metadata": {},
        "tracks": {"OTIO_SCHEMA": "Stack.1", "children": [{"OTIO_SCHEMA": "Track.1", "children": [heard, logged]}]},
    }
    assert metadata.host_dict(doc, host=resolve.NAME)
    assert heard["metadata"] == {"Resolve_OTIO": {"Clip Properties": {"Scene": "21", "Shot": "A", "Take": "2"}}}
    # A person's Shot stays; only the Take nobody logged is added.
    assert logged["metadata"]["Resolve_OTIO"]["Clip Properties"] == {"Scene": "21", "Shot": "B", "Take": "2"}
