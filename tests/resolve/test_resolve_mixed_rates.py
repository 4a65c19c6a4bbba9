"""Timelines whose media runs at other frame rates: Resolve floors the conversion, and the plugin still lands
every piece where it must be.

The fake converts a clipInfo's source frames as Resolve was measured to (floored, see fake_resolve's
MIXED_RATES_SOURCE); these tests run the real plugin and engine on a 24 fps timeline with 23.976, 24, 25 and
29.97 fps takes, and on a 23.976 timeline with 24 and 29.97 fps takes, with a WAV bed that takes the project's
rate.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from dataclasses import dataclass
from fractions import Fraction

import pytest
from resolve.conftest import HEAD
from resolve.fake_resolve import FakeResolve, build, exact_rate, timeline_frames
from resolve.fake_ui import FakeBmd, FakeFusionUI

import workprint.plugin.resolve.tasks as tasks_module
from conftest import TOKEN
from workprint.adapters.resolve import otio_dicts as od
from workprint.adapters.resolve.host import context
from workprint.adapters.resolve.placement import (
    Placement,
    append_fitted,
    end_frame_inclusive,
    fit,
    floored_frames,
)
from workprint.engine.demo.shoot import TAKES, take_script
from workprint.engine.demo.synth import write_take
from workprint.plugin.resolve.config import PluginConfig
from workprint.plugin.resolve.dialog import Dialog
from workprint.plugin.resolve.main import main
from workprint.plugin.resolve.tasks import SelectsChoices, SelectsTask, TrimChoices, TrimsTask

NTSC_24, NTSC_30 = Fraction(24000, 1001), Fraction(30000, 1001)
#: The timeline's rate and the rates of its takes, as productions mix them.
SETS = {
    "24-timeline": (Fraction(24), (NTSC_24, Fraction(24), Fraction(25), NTSC_30)),
    "23.976-timeline": (NTSC_24, (Fraction(24), NTSC_30)),
}


@dataclass(frozen=True)
class RatedTake:
    path: str
    fps: float
    frames: int
    start_tc: str | None
    #: Timeline frames the rough cut gives it.
    used: int


def _write_takes(folder, timeline_fps: Fraction, rates: tuple[Fraction, ...]) -> list[RatedTake]:
    found = []
    for n, fps in enumerate(rates):
        name, codec, _fps, timecode, scene, lines = TAKES[n % len(TAKES)]
        stem, suffix = name.rsplit(".", 1)
        script = take_script(codec, fps, timecode, scene, lines, size=(160, 90))
        truth = write_take(folder / f"{stem}_{float(fps):g}fps.{suffix}", script)
        frames = round(script.duration_s * fps)
        fits = timeline_frames(frames - HEAD - 1, float(fps), float(timeline_fps))
        used = min(round((truth.lines[-1][2] + 4.5) * timeline_fps), fits)
        found.append(RatedTake(str(truth.path), float(fps), frames, timecode, used))
    return found


@pytest.fixture(scope="session")
def rated_takes(tmp_path_factory) -> dict[str, list[RatedTake]]:
    return {
        key: _write_takes(tmp_path_factory.mktemp(f"resolve-{key}"), tl, rates) for key, (tl, rates) in SETS.items()
    }


def _media(takes: list[RatedTake], music: str | None, logged: bool) -> list[dict]:
    media = [
        {
            "path": t.path,
            "fps": t.fps,
            "frames": t.frames,
            "start_tc": t.start_tc,
            "folder": "Dailies",
            "properties": (
                {"Scene": "1", "Shot": "A", "Take": str(n + 1), "Good Take": "1" if n == 1 else ""} if logged else {}
            ),
        }
        for n, t in enumerate(takes)
    ]
    if music:
        # No "fps": a WAV takes the project's rate when it is imported.
        media.append({"path": music, "seconds": 90, "video": False, "audio": True, "folder": "Music"})
    return media


def rough_cut(takes: list[RatedTake], music: str, timeline_fps: Fraction) -> dict:
    items, at = [], 0
    for n, take in enumerate(takes):
        for kind in ("video", "audio"):
            items.append(
                {
                    "media": n,
                    "kind": kind,
                    "track": 1,
                    "at": at,
                    "duration": take.used,
                    "source_start": HEAD,
                    "link": n + 1,
                }
            )
        at += take.used
    items.append({"media": len(takes), "kind": "audio", "track": 2, "at": 0, "duration": at, "source_start": 0})
    return {
        "project": "Mixed rates",
        "fps": float(timeline_fps),
        "media": _media(takes, music, logged=False),
        "timelines": [{"name": "Rough cut", "video_tracks": 1, "audio_tracks": 2, "items": items}],
        "current_timeline": "Rough cut",
        "current_folder": "Dailies",
    }


def dailies(takes: list[RatedTake], timeline_fps: Fraction) -> dict:
    return {
        "project": "Mixed rates",
        "fps": float(timeline_fps),
        "media": _media(takes, None, logged=True),
        "timelines": [],
        "current_folder": "Dailies",
    }


@pytest.fixture
def answers(monkeypatch):
    seen: list[dict] = []
    original = tasks_module.apply_trims

    def spy(ctx, read, result_json, review_only, data_dir=None):
        seen.append(json.loads(result_json))
        return original(ctx, read, result_json, review_only, data_dir)

    monkeypatch.setattr(tasks_module, "apply_trims", spy)
    return seen


def answer_places(result: dict) -> dict[str, list[tuple[int, int, int]]]:
    """(record start, frames, first media frame) of every clip the engine answered, per track."""
    rate = od.timeline_rate(result)
    return {
        f"{ref.kind}{ref.index}": [
            (p.record_start, p.duration, od.source_start_in_media(p.item, rate))
            for p in od.walk(ref.track, od.timeline_start(result), rate)
            if od.schema(p.item) == "Clip"
        ]
        for ref in od.tracks(result)
    }


def assert_butted_and_converted(resolve: FakeResolve, name: str) -> None:
    """No overlap on any track; every item's length is what Resolve's floor makes of its source frames."""
    timeline = next(t for t in resolve.project.timelines if t.name == name)
    for tracks in timeline.tracks.values():
        for track in tracks:
            items = sorted(track.items, key=lambda i: i.start)
            for before, after in itertools.pairwise(items):
                assert before.start + before.duration <= after.start, (before.name, after.name)
            for item in items:
                assert item.duration == timeline_frames(item.source_frames, item.mpi.media.fps, timeline.fps)


def assert_linked(tracks: dict) -> None:
    pictures, sounds = tracks["video1"]["items"], tracks["audio1"]["items"]
    assert pictures and len(pictures) == len(sounds)
    for picture, sound in zip(pictures, sounds, strict=True):
        same = ("start", "duration", "source_start", "media")
        assert [picture[k] for k in same] == [sound[k] for k in same]
        assert picture["link"] is not None and picture["link"] == sound["link"]


def run(resolve, job: str) -> tuple[int, str]:
    printed: list[str] = []
    status = main(job, {"resolve": resolve}, out=printed.append)
    return status, "\n".join(printed)


def check_trimmed(resolve: FakeResolve, before: dict, answer: dict, takes: list[RatedTake]) -> None:
    after = resolve.snapshot()
    assert after["current"] == "Rough cut"
    (backup,) = [n for n in after["timelines"] if n.startswith("Rough cut (before Workprint")]
    assert after["timelines"][backup] == before
    tracks = after["timelines"]["Rough cut"]
    # Every piece exactly where the engine put it: no one-frame gap, no overlap, nothing dropped.
    for track, expected in answer_places(answer).items():
        got = [(i["start"], i["duration"], i["source_start"]) for i in tracks[track]["items"]]
        assert got == expected, track
    assert tracks["video1"]["items"] != before["video1"]["items"], "nothing was trimmed"
    assert {i["media"] for i in tracks["video1"]["items"]} == {t.path for t in takes}
    assert_linked(tracks)
    assert_butted_and_converted(resolve, "Rough cut")
    assert tracks["audio2"] == before["audio2"]
    # A marker with its reason on every clip that changed.
    changed = [i for i in tracks["video1"]["items"] if i not in before["video1"]["items"]]
    assert changed and all(
        any(m["customData"].startswith("workprint:") and m["note"] for m in i["markers"].values()) for i in changed
    )


@pytest.mark.slow
@pytest.mark.parametrize("rates", list(SETS))
def test_trims_apply_in_place_on_a_mixed_rate_timeline(rates, rated_takes, music, plugin_config, answers):
    takes = rated_takes[rates]
    resolve = build(rough_cut(takes, music, SETS[rates][0]))
    before = resolve.snapshot()["timelines"]["Rough cut"]
    status, printed = run(resolve, "suggest-trims")
    assert status == 0, printed
    # Planned as Resolve floors, no piece needed placing again.
    assert "placed again" not in printed and "one frame short" not in printed
    (answer,) = answers
    check_trimmed(resolve, before, answer, takes)
    # The bed is a WAV: it took the project's rate, so it needs no conversion.
    wav = next(c for c in resolve.project.pool.items() if c.media.path == music)
    assert exact_rate(wav.media.fps) == exact_rate(resolve.project.fps)


def check_selects(resolve: FakeResolve, takes: list[RatedTake]) -> None:
    after = resolve.snapshot()
    (name,) = after["timelines"]
    assert after["current"] == name
    tracks = after["timelines"][name]
    assert_linked(tracks)
    alternates = [t for key, t in tracks.items() if key.startswith("video") and key != "video1"]
    assert len(alternates) == len(takes) - 1 and all(not t["enabled"] and t["items"] for t in alternates)
    assert {i["media"] for t in (tracks["video1"], *alternates) for i in t["items"]} == {t.path for t in takes}
    assert_butted_and_converted(resolve, name)


@pytest.mark.slow
@pytest.mark.parametrize("rates", list(SETS))
def test_selects_are_assembled_with_alternates_from_mixed_rates(rates, rated_takes, plugin_config):
    takes = rated_takes[rates]
    resolve = build(dailies(takes, SETS[rates][0]))
    status, printed = run(resolve, "assemble-selects")
    assert status == 0, printed
    assert "placed again" not in printed and "one frame short" not in printed
    check_selects(resolve, takes)


def dialog_config(tmp_path, address: str) -> PluginConfig:
    data = tmp_path / "dialog-data"
    data.mkdir(exist_ok=True)
    (data / "token").write_text(TOKEN)
    return PluginConfig(
        engine_command=[sys.executable, "-m", "workprint.engine.cli.main"],
        address=address,
        data_dir=str(data),
        token_file=str(data / "token"),
    )


def run_dialog_job(dialog: Dialog) -> None:
    """Click Run, let the job finish, and let the dialog's timer see it, as Resolve's event loop would."""
    dialog.on_run()
    job = dialog.job
    assert job is not None, dialog.items["Summary"].Text
    while not job.done:
        job.wait(1.0)
    while dialog.job is not None:
        dialog.on_timer()
    dialog.on_timer()


@pytest.mark.slow
def test_both_commands_through_the_dialog_on_a_23976_timeline(rated_takes, music, engine, tmp_path, answers):
    key = "23.976-timeline"
    timeline_fps, takes = SETS[key][0], rated_takes[key]
    config = dialog_config(tmp_path, engine.address)

    resolve = build(rough_cut(takes, music, timeline_fps))
    before = resolve.snapshot()["timelines"]["Rough cut"]
    dialog = Dialog(FakeFusionUI(), FakeBmd(), TrimsTask(context(resolve), config, TrimChoices()), config_link(config))
    run_dialog_job(dialog)
    assert dialog.exit_code == 0 and dialog.items["Status"].Text == "Done.", dialog.items["Summary"].Text
    check_trimmed(resolve, before, answers[-1], takes)

    resolve = build(dailies(takes, timeline_fps))
    task = SelectsTask(context(resolve), config, SelectsChoices(), TrimChoices())
    dialog = Dialog(FakeFusionUI(), FakeBmd(), task, config_link(config))
    dialog._fill_combos()
    run_dialog_job(dialog)
    assert dialog.exit_code == 0 and dialog.items["Status"].Text == "Done.", dialog.items["Summary"].Text
    check_selects(resolve, takes)


def config_link(config: PluginConfig):
    from workprint.plugin.resolve.engine_link import EngineLink

    return EngineLink(config)


# -- the conversion the plan makes, against the fake's, without an engine


@pytest.mark.parametrize(
    ("media", "timeline"),
    [(NTSC_24, Fraction(24)), (Fraction(25), Fraction(24)), (NTSC_30, Fraction(24)), (Fraction(24), NTSC_24)],
)
def test_every_slot_is_filled_the_way_resolve_floors(media, timeline):
    short = 0
    for slot in range(1, 1200):
        hint = round(slot * media / timeline)
        placed = fit(Placement("video", 1, 0, slot, 0, "m", "take", hint, float(media), float(timeline)))
        assert placed.expected_duration == floored_frames(placed.source_frames, float(media), float(timeline))
        assert placed.expected_duration == timeline_frames(placed.source_frames, float(media), float(timeline))
        assert slot - 1 <= placed.expected_duration <= slot
        short += placed.expected_duration < slot
    # Only 23.976 media on a 24 timeline skips a timeline frame, once in 1001.
    assert short == (1 if (media, timeline) == (NTSC_24, Fraction(24)) else 0)


def test_a_piece_that_lands_short_is_placed_again_one_source_frame_longer(rated_takes, music):
    """Where a plan misses the slot, the read-back catches it and endFrame moves by a source frame."""
    key = "24-timeline"
    takes = rated_takes[key]
    resolve = build(rough_cut(takes, music, SETS[key][0]))
    ctx = context(resolve)
    timeline = ctx.project.GetCurrentTimeline()
    resolve.OpenPage("edit")
    timeline.DeleteClips(timeline.GetItemListInTrack("video", 1), False)
    mpi = next(c for c in ctx.media_pool.items() if math.isclose(c.media.fps, 30000 / 1001))
    slot = 100
    good = fit(Placement("video", 1, 86400, slot, HEAD, mpi.GetMediaId(), "take", -1, mpi.media.fps, 24.0))
    # One source frame too few, as a plan from rounded rather than floored frames would give.
    bad = Placement(**{**good.__dict__, "source_frames": good.source_frames - 1})
    assert floored_frames(bad.source_frames, mpi.media.fps, 24.0) == slot - 1
    landed = append_fitted(ctx, timeline, mpi, bad, end_inclusive=True)
    assert landed.refit == 1 and int(landed.item.GetDuration()) == slot
    assert [i.duration for i in timeline.GetItemListInTrack("video", 1)] == [slot]
    # The next piece butts on it and is not dropped.
    after = Placement(**{**good.__dict__, "record_start": 86400 + slot})
    assert append_fitted(ctx, timeline, mpi, after, end_inclusive=True).refit == 0
    assert [i.start for i in timeline.GetItemListInTrack("video", 1)] == [86400, 86400 + slot]


@pytest.mark.parametrize("inclusive", [True, False])
def test_the_end_frame_probe_sees_through_the_floor(rated_takes, music, tmp_path, inclusive):
    """24 fps media on a 23.976 timeline: ten source frames and eleven land alike unless the probe counts."""
    key = "23.976-timeline"
    spec = {**rough_cut(rated_takes[key], music, SETS[key][0]), "end_frame_inclusive": inclusive}
    for media in build(spec).project.pool.items():
        resolve = build(spec)
        ctx = context(resolve)
        mpi = next(c for c in ctx.media_pool.items() if c.media.path == media.media.path)
        assert end_frame_inclusive(ctx, mpi) is inclusive, media.media.fps


def test_an_overlapping_append_is_dropped_without_a_word(rated_takes, music):
    key = "24-timeline"
    resolve = build(rough_cut(rated_takes[key], music, SETS[key][0]))
    ctx = context(resolve)
    mpi = ctx.media_pool.items()[0]
    first = ctx.project.GetCurrentTimeline().GetItemListInTrack("video", 1)[0]
    clip = {"mediaPoolItem": mpi, "startFrame": 0, "endFrame": 9, "trackIndex": 1, "recordFrame": first.GetStart()}
    assert ctx.media_pool.AppendToTimeline([{**clip, "mediaType": 1}]) == []
