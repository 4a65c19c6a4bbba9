"""Auto-assemble selects from a media-pool bin, and the fake's documented behaviours the plugin relies on."""

from __future__ import annotations

import json

import pytest
from resolve.conftest import media_spec, rough_cut_spec, save_choices
from resolve.fake_resolve import build

from workprint.adapters.resolve.host import context, has_api
from workprint.adapters.resolve.placement import end_frame_inclusive
from workprint.adapters.resolve.timeline_read import read_timeline
from workprint.plugin.resolve.main import main

#: One setup shot three times; take 2 circled on set.
LOGGED = [{"Scene": "1", "Shot": "A", "Take": str(n), "Good Take": "1" if n == 2 else ""} for n in (1, 2, 3)]


def dailies(takes, **extra) -> dict:
    spec = {
        "project": "Shoot day",
        "fps": 24,
        "media": media_spec(takes, properties=LOGGED),
        "timelines": [],
        "current_folder": "Dailies",
    }
    spec.update(extra)
    return spec


def run(resolve):
    printed: list[str] = []
    status = main("assemble-selects", {"resolve": resolve}, out=printed.append)
    return status, "\n".join(printed)


def test_selects_become_a_new_timeline_with_alternates_on_disabled_tracks(takes, plugin_config):
    resolve = build(dailies(takes))
    status, printed = run(resolve)
    assert status == 0, printed
    after = resolve.snapshot()
    (name,) = after["timelines"]
    assert after["current"] == name and "selects" in name
    tracks = after["timelines"][name]
    chosen, sound = tracks["video1"]["items"], tracks["audio1"]["items"]
    assert chosen and len(chosen) == len(sound)
    for picture, audio in zip(chosen, sound, strict=True):
        assert (picture["start"], picture["media"]) == (audio["start"], audio["media"])
        assert picture["link"] is not None and picture["link"] == audio["link"]
    assert any(m["name"] == "Workprint: select" for item in chosen for m in item["markers"].values())
    alternates = [t for key, t in tracks.items() if key.startswith("video") and key != "video1"]
    assert len(alternates) == 2 and all(not t["enabled"] and t["items"] for t in alternates)
    used = {i["media"] for t in (tracks["video1"], *alternates) for i in t["items"]}
    assert used == {t.path for t in takes}


def test_alternates_as_takes_of_a_take_selector(takes, plugin_config):
    save_choices(plugin_config, "assemble-selects", {"alternates": "takes"})
    resolve = build(dailies(takes, selected=[0, 1, 2]))
    status, printed = run(resolve)
    assert status == 0, printed
    (tracks,) = resolve.snapshot()["timelines"].values()
    assert [k for k in tracks if k.startswith("video")] == ["video1"]
    assert max(i["takes"] for i in tracks["video1"]["items"]) == 3


def test_an_empty_bin_is_a_clear_message(takes, plugin_config):
    spec = dailies(takes)
    spec["current_folder"] = "Master"
    status, printed = run(build(spec))
    assert status == 2 and "holds no clips" in printed


def test_resolve_objects_answer_every_name(takes, music):
    resolve = build(rough_cut_spec(takes, music))
    timeline = resolve.GetProjectManager().GetCurrentProject().GetCurrentTimeline()
    item = timeline.GetItemListInTrack("video", 1)[0]
    assert hasattr(item, "SetStart") and item.SetStart is None and not has_api(item, "SetStart")
    with pytest.raises(TypeError):
        item.SetEnd(12)
    assert has_api(item, "GetUniqueId")


def test_delete_needs_the_edit_page(takes, music):
    resolve = build(rough_cut_spec(takes, music, page="color"))
    timeline = resolve.GetProjectManager().GetCurrentProject().GetCurrentTimeline()
    first = timeline.GetItemListInTrack("video", 1)[0]
    assert timeline.DeleteClips([first], False) is False
    resolve.OpenPage("edit")
    assert timeline.DeleteClips([first], False) is True


@pytest.mark.parametrize("inclusive", [True, False])
def test_end_frame_convention_is_probed_and_the_scratch_timeline_removed(takes, music, tmp_path, inclusive):
    resolve = build(rough_cut_spec(takes, music, end_frame_inclusive=inclusive))
    ctx = context(resolve)
    mpi = ctx.media_pool.GetRootFolder().GetSubFolderList()[0].GetClipList()[0]
    assert end_frame_inclusive(ctx, mpi, str(tmp_path)) is inclusive
    assert [t for t in resolve.snapshot()["timelines"]] == ["Rough cut"]
    assert resolve.snapshot()["current"] == "Rough cut"
    cache = json.loads((tmp_path / "resolve-probes.json").read_text())
    assert cache == {"18.5.0": inclusive}


def test_export_is_resolve_shaped_and_import_refuses_other_shapes(takes, music, tmp_path):
    resolve = build(rough_cut_spec(takes, music))
    ctx = context(resolve)
    read = read_timeline(ctx, ctx.project.GetCurrentTimeline())
    clip = read.otio["tracks"]["children"][0]["children"][0]
    assert clip["OTIO_SCHEMA"] == "Clip.2" and not clip["media_references"]["DEFAULT_MEDIA"]["target_url"].startswith(
        "file:"
    )
    assert clip["metadata"]["Resolve_OTIO"]["Link Group ID"] == 1
    assert clip["metadata"]["workprint_resolve"]["record_start"] == 86400
    shaped = tmp_path / "shaped.otio"
    shaped.write_text(json.dumps(read.otio))
    assert ctx.media_pool.ImportTimelineFromFile(str(shaped), {"timelineName": "Again"}) is not None
    assert ctx.media_pool.ImportTimelineFromFile(str(shaped), {"timelineName": "Again"}) is None  # name taken
    url = read.otio["tracks"]["children"][0]["children"][0]["media_references"]["DEFAULT_MEDIA"]
    url["target_url"] = "file://" + url["target_url"]
    shaped.write_text(json.dumps(read.otio))
    assert ctx.media_pool.ImportTimelineFromFile(str(shaped), {"timelineName": "File URL"}) is None
