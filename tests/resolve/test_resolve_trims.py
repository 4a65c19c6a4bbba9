"""Suggest trims from inside a fake Resolve, with the real engine behind it."""

from __future__ import annotations

import json

import pytest
from resolve.conftest import FPS, HEAD, rough_cut_spec, save_choices
from resolve.fake_resolve import build

import workprint.plugin.resolve.tasks as tasks_module
from workprint.adapters.resolve import otio_dicts as od
from workprint.engine.errors import ApplyError
from workprint.plugin.resolve.main import main


def run(resolve, job="suggest-trims"):
    printed: list[str] = []
    status = main(job, {"resolve": resolve}, out=printed.append)
    return status, "\n".join(printed)


@pytest.fixture
def answers(monkeypatch):
    """The engine's answers, as the plugin received them."""
    seen: list[dict] = []
    original = tasks_module.apply_trims

    def spy(ctx, read, result_json, review_only, data_dir=None):
        seen.append(json.loads(result_json))
        return original(ctx, read, result_json, review_only, data_dir)

    monkeypatch.setattr(tasks_module, "apply_trims", spy)
    return seen


def placements(result: dict) -> dict[str, list[tuple]]:
    """(record start, frames, first media frame) of every clip of the answer, per track."""
    found = {}
    rate = od.timeline_rate(result)
    for ref in od.tracks(result):
        found[f"{ref.kind}{ref.index}"] = [
            (p.record_start, p.duration, od.source_start_in_media(p.item, rate))
            for p in od.walk(ref.track, od.timeline_start(result), rate)
            if od.schema(p.item) == "Clip"
        ]
    return found


def test_trims_are_rebuilt_in_place_with_a_backup(takes, music, plugin_config, answers):
    resolve = build(rough_cut_spec(takes, music))
    before = resolve.snapshot()["timelines"]["Rough cut"]
    status, printed = run(resolve)
    assert status == 0, printed
    after = resolve.snapshot()
    # The editor's timeline is still the current one, and the one as it was sits beside it.
    assert after["current"] == "Rough cut"
    (backup,) = [name for name in after["timelines"] if name.startswith("Rough cut (before Workprint")]
    assert after["timelines"][backup] == before
    assert backup in printed
    # What is on the timeline is what the engine answered, frame for frame.
    (answer,) = answers
    timeline = after["timelines"]["Rough cut"]
    for track, expected in placements(answer).items():
        got = [(i["start"], i["duration"], i["source_start"]) for i in timeline[track]["items"]]
        assert got == expected, track
    assert timeline["video1"]["items"] != before["video1"]["items"], "nothing was trimmed"
    # Picture and its sound: same place, same media frames, linked.
    pictures, sounds = timeline["video1"]["items"], timeline["audio1"]["items"]
    assert len(pictures) == len(sounds)
    for picture, sound in zip(pictures, sounds, strict=True):
        assert (picture["start"], picture["duration"], picture["source_start"], picture["media"]) == (
            sound["start"],
            sound["duration"],
            sound["source_start"],
            sound["media"],
        )
        assert picture["link"] is not None and picture["link"] == sound["link"]
    # The music bed is not touched.
    assert timeline["audio2"] == before["audio2"]
    # A marker for every suggestion, with the reason; the editor's own marker kept; colour and grade back.
    notes = [m for item in pictures for m in item["markers"].values() if m["customData"].startswith("workprint:")]
    assert len(notes) >= len([s for s in answer_suggestions(answer)]) > 0
    assert all(m["note"] for m in notes)
    assert any(m["name"] == "love this read" for item in pictures for m in item["markers"].values())
    s01b = [i for i in pictures if i["media"].endswith("S01B_T02.mov")]
    assert s01b and all(i["color"] == "Orange" and i["grade"] == "look 2" for i in s01b)
    assert after["page"] == "color"


def answer_suggestions(answer: dict) -> list[dict]:
    found = []
    for ref in od.tracks(answer):
        if ref.kind == "video":
            for placed in od.walk(ref.track, 0, 24.0):
                found += (placed.item.get("metadata", {}).get("workprint") or {}).get("suggestions", [])
    return found


def test_a_failure_half_way_leaves_the_project_as_it_was(takes, music, plugin_config):
    resolve = build(rough_cut_spec(takes, music))
    before = resolve.snapshot()
    # One clip for the endFrame probe, two pieces rebuilt, then Resolve stops placing clips.
    resolve.fail_append_after = 3
    status, printed = run(resolve)
    assert status == ApplyError.exit_code  # applying in the host failed: its own code, not an engine fault
    assert "Nothing was lost" in printed and "Traceback" not in printed
    after = resolve.snapshot()
    assert after["timelines"] == before["timelines"]
    assert after["current"] == before["current"]


def test_review_only_adds_markers_and_changes_nothing_else(takes, music, plugin_config):
    save_choices(plugin_config, "suggest-trims", {"review_only": True})
    resolve = build(rough_cut_spec(takes, music))
    before = resolve.snapshot()["timelines"]
    status, printed = run(resolve)
    assert status == 0, printed
    after = resolve.snapshot()["timelines"]
    assert list(after) == list(before)
    added = 0
    for track, state in after["Rough cut"].items():
        for old, new in zip(before["Rough cut"][track]["items"], state["items"], strict=True):
            assert {k: v for k, v in old.items() if k != "markers"} == {k: v for k, v in new.items() if k != "markers"}
            assert set(old["markers"]) <= set(new["markers"])
            added += len(new["markers"]) - len(old["markers"])
    assert added > 0 and "Review only" in printed


def test_a_transition_beside_a_trim_gives_a_new_timeline(takes, music, plugin_config):
    resolve = build(rough_cut_spec(takes, music, transition=True))
    before = resolve.snapshot()["timelines"]["Rough cut"]
    status, printed = run(resolve)
    assert status == 0, printed
    after = resolve.snapshot()
    assert after["current"] == "Rough cut (Workprint)"
    assert after["timelines"]["Rough cut"] == before
    new = after["timelines"]["Rough cut (Workprint)"]["video1"]["items"]
    assert 0 < sum(i["duration"] for i in new) < sum(i["duration"] for i in before["video1"]["items"])
    assert "beside a transition" in printed


def test_clear_messages_for_what_cannot_work(takes, music, plugin_config):
    status, printed = run(build(rough_cut_spec(takes, music, current_timeline=None)))
    assert status == 2 and "no current timeline" in printed
    status, printed = run(build(rough_cut_spec(takes, music, version=(18, 1, 4, 0, ""))))
    assert status == 2 and "18.5 or later" in printed
    status, printed = run(build(rough_cut_spec(takes, music, product="DaVinci Resolve", version=(21, 1, 0, 0, ""))))
    assert status == 2 and "no Python scripting" in printed


def test_offline_media_is_named_and_the_rest_is_trimmed(takes, music, plugin_config, tmp_path):
    spec = rough_cut_spec(takes, music)
    spec["media"][2]["path"] = str(tmp_path / "offline" / "S02A_T01.mov")
    resolve = build(spec)
    status, printed = run(resolve)
    assert status == 0, printed
    assert "S02A_T01" in printed and "not found" in printed
    timeline = resolve.snapshot()["timelines"]["Rough cut"]
    offline = [i for i in timeline["video1"]["items"] if i["media"].endswith("offline/S02A_T01.mov")]
    assert len(offline) == 1 and offline[0]["source_start"] == HEAD


def test_no_engine_is_a_clear_message(takes, music, plugin_config, tmp_path):
    config = json.loads(plugin_config.read_text())
    from conftest import free_port

    config.update(
        address=f"127.0.0.1:{free_port()}", start_timeout_s=1, engine_command=["/nonexistent/workprint-python"]
    )
    plugin_config.write_text(json.dumps(config))
    status, printed = run(build(rough_cut_spec(takes, music)))
    assert status == 4 and "engine" in printed and "Traceback" not in printed
    assert FPS == 24


def test_the_review_report_is_written_and_named(takes, music, plugin_config, tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    save_choices(plugin_config, "suggest-trims", {"review_only": True, "report": True})
    resolve = build(rough_cut_spec(takes, music))
    status, printed = run(resolve)
    assert status == 0, printed
    (path,) = (tmp_path / "Workprint").glob("*.html")
    assert f"Review report: {path}" in printed
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")
    # Every clip of the rough cut is in it, by its name in the bin.
    for name in {item["name"] for item in resolve.snapshot()["timelines"]["Rough cut"]["video1"]["items"]}:
        assert name in html
