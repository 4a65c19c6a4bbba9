"""Decisions by words on a card recorded as sets vary: spoken and tail slates, loud and quiet calls, a flub,
an early stop, a picture-only take, camera-original names and nothing logged.

What an editor sees is asserted: no word of dialogue lost, the calls and slates outside the performance
removed, the clean complete take of each setup chosen with reasons that name the lines, and the setups
named and put in scene order from what the slate assistant said and what the slate cards say (the
picture-only insert by its card alone; a card left at the take before said to disagree with the voice).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import opentimelineio as otio
import pytest

from conftest import run_workprint
from workprint.engine.core import Engine
from workprint.engine.demo.set_day import FPS, make_set_day, set_day_bin
from workprint.engine.domain import meta
from workprint.engine.domain.spans import Span, merge
from workprint.engine.settings import EngineSettings, TrimSettings
from workprint.engine.trims.footage import footage_from
from workprint.engine.trims.plan import plan_clip

# Writing the card and hearing its words take a minute or two on two cores.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def card(tmp_path_factory):
    return make_set_day(tmp_path_factory.mktemp("set-day"))


@pytest.fixture(scope="module")
def analyses(card, analysis_cache):
    engine = Engine(EngineSettings(cache_dir=Path(analysis_cache)))
    return {take.path.name: engine.analyzer.analyze(take.path) for take in card}


def test_no_dialogue_lost_and_the_set_talk_outside_the_performance_removed(card, analyses):
    settings = TrimSettings()
    before, after = settings.pad_before_frames / float(FPS), settings.pad_after_frames / float(FPS)
    outside_s = removed_s = 0.0
    for take in card:
        analysis = analyses[take.path.name]
        if take.performance is None:
            continue  # picture only: nothing said
        assert analysis.words_model, "the words were heard"
        plan = plan_clip(Span(0.0, analysis.duration_s), footage_from(analysis), settings, [])
        for name, start, end in take.lines:
            # Every word of every line stays (the recordings' own edges are a few milliseconds of room tone).
            line = Span(start + 0.03, end - 0.03)
            assert not any(r.span.overlaps(line) for r in plan.removals), (take.label, name, plan.removals)
        first, last = take.performance
        outside = [Span(0.0, first - before), Span(last + after, analysis.duration_s)]
        outside_s += sum(s.duration for s in outside)
        removed = merge(r.span for r in plan.removals)
        removed_s += sum(c.duration for o in outside for r in removed if (c := r.clamp(o)))
        calls = [r for r in plan.removals if "call" in r.contains]
        assert any("'" in r.reason for r in calls), (take.label, [r.reason for r in plan.removals])
    assert removed_s >= 0.95 * outside_s, f"{removed_s:.1f} s of {outside_s:.1f} s outside the performance removed"


def test_selects_named_ordered_and_chosen_by_the_words(card, analyses, tmp_path, analysis_cache):
    source = tmp_path / "card.otio"
    otio.adapters.write_to_file(set_day_bin(card), str(source))
    output, log = tmp_path / "selects.otio", tmp_path / "selects.csv"
    done = run_workprint(
        "assemble-selects", str(source), "-o", str(output), "--log", str(log), "--cache-dir", analysis_cache,
        in_process=True,
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(log.read_text())))
    setups = list(dict.fromkeys(row["setup"] for row in rows))
    # Named from the spoken slates (head or tail) and the cards, in scene order; the picture-only insert by its card.
    assert setups == ["20A", "21A", "21B", "21C"], setups
    assert {row["found_by"] for row in rows if row["setup"] in ("20A", "21A", "21B")} <= {"slate", "slate+card"}
    assert {row["found_by"] for row in rows if row["setup"] == "21C"} == {"card"}
    by_file = {take.path.name: take for take in card}
    # The card left at take 1 on 21B-2: said, with the clip and both readings, and the voice kept.
    late = next(take for take in card if take.label == "21B-2")
    said = [line for line in done.output.splitlines() if late.path.name in line and "slate card" in line]
    assert said and "21B-2" in said[0] and "21B-1" in said[0], done.output
    late_row = next(row for row in rows if row["clip"] == late.path.name)
    assert late_row["take"] == "21B-2" and late_row["slate_card"] == "21B-1" and "disagree" in late_row["why"]
    # Every take named right, the card completing a slate whose take number the recogniser missed.
    assert {row["take"] for row in rows} == {take.label for take in card}, rows
    chosen = {row["setup"]: by_file[row["clip"]] for row in rows if row["chosen"] == "True"}
    assert {s: t.label for s, t in chosen.items() if s in setups[:3]} == {
        "20A": "20A-1",
        "21A": "21A-2",
        "21B": "21B-1",
    }
    why = {by_file[row["clip"]].label: row["why"] for row in rows}
    assert "restarts line 2" in why["21A-1"] or "off the lines" in why["21A-1"], why["21A-1"]
    assert "stops after line 1 of 2" in why["21A-3"] and "stops after line 1 of 2" in why["21B-2"], why
    assert "2 of 2 lines" in why["21A-2"]
    # The names heard are logged on the clips laid out, for a host to write into its own fields.
    timeline = otio.adapters.read_from_file(str(output))
    first = next(iter(timeline.tracks[0].find_clips()))
    assert meta.clip_properties(first.metadata) == {"scene": "20", "shot": "A", "take": "1"}


SCRIPT = """INT. LIGHTHOUSE - NIGHT #20#

MARA
And why are you still here?

TOM
Because somebody has to keep the lights on.

INT. LIGHTHOUSE STAIRS - NIGHT #21#

MARA
I told you we shouldn't have left before the storm.

(beat)

MARA
Nobody listens to me in this house.

TOM
And why are you still here?

MARA
Because somebody has to keep the lights on.
"""


def test_with_a_script_coverage_per_take_names_the_scripts_lines(card, analyses, tmp_path, analysis_cache):
    source, script = tmp_path / "card.otio", tmp_path / "lighthouse.fountain"
    otio.adapters.write_to_file(set_day_bin(card), str(source))
    script.write_text(SCRIPT)
    log = tmp_path / "selects.csv"
    run_workprint(
        "assemble-selects", str(source), "-o", str(tmp_path / "selects.otio"), "--log", str(log),
        "--script", str(script), "--cache-dir", analysis_cache, in_process=True,
    )  # fmt: skip
    rows = {row["clip"]: row for row in csv.DictReader(io.StringIO(log.read_text()))}
    by_label = {take.label: rows[take.path.name] for take in card}
    # Scene 21's setups cover its lines 1-2 (21A) and 3-4 (21B); scene 20 is lines 1-2 of its own.
    assert by_label["21A-2"]["lines_said"] == "2 of 2 lines" and by_label["21A-2"]["chosen"] == "True"
    assert "stops after line 1 of 2" in by_label["21A-3"]["why"]
    assert "stops after line 3 of 4" in by_label["21B-2"]["why"]
    assert "line 2" in by_label["21A-1"]["why"] and by_label["21A-1"]["usable"] == "False"
    assert by_label["20A-1"]["lines_said"] == "2 of 2 lines"


# The same card through the hosts an editor works in: Resolve (console and dialog) and exported files.
# Every job here reads the analyses the module's fixture made (the shared cache): nothing is decoded again.


def _take_of(name: str, card) -> object:
    """The take a clip shows, by its media's file name (a clip name or a path)."""
    stem = Path(str(name).replace("\\", "/")).stem
    return next(t for t in card if t.path.stem == stem or stem.startswith(t.path.stem))


def _check_trimmed(card, analyses, kept: dict[str, list[Span]], settings: TrimSettings | None = None) -> None:
    """What an editor checks on a trimmed card: every word of every line kept, and of what lies outside
    each take's performance (plus its pads) at most 5 % left in."""
    settings = settings or TrimSettings()
    before, after = settings.pad_before_frames / float(FPS), settings.pad_after_frames / float(FPS)
    frame = 1 / float(FPS)
    for take in card:
        if take.performance is None:
            continue
        pieces = merge(kept.get(take.path.name, []))
        assert pieces, f"{take.label} is gone from the timeline"
        for name, start, end in take.lines:
            line = Span(start + frame, end - frame)
            assert any(p.start <= line.start and line.end <= p.end for p in pieces), (take.label, name, pieces)
        first, last = take.performance
        outside = [Span(0.0, first - before - frame), Span(last + after + frame, analyses[take.path.name].duration_s)]
        left_s = sum(c.duration for part in outside for p in pieces if (c := p.clamp(part)))
        outside_s = sum(part.duration for part in outside)
        assert left_s <= 0.05 * outside_s, f"{take.label}: {left_s:.1f} s of {outside_s:.1f} s outside the lines left"


def _quotes_a_call(text: str) -> bool:
    """A removed call's reason quotes what was said and where ("'And action!' at 00:00:03:05")."""
    return re.search(r"'[^']*\b(action|cut|roll|speed|back to one)\b[^']*' at \d\d:\d\d:\d\d", text, re.I) is not None


def set_day_timeline(card, analyses, sound: bool = True) -> otio.schema.Timeline:
    """The card strung out whole as an assistant lays it in, picture on V1, its sound on A1."""
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    rate = float(FPS)
    for take in card:
        frames = int(analyses[take.path.name].duration_s * rate)
        whole = otio.opentime.TimeRange(otio.opentime.RationalTime(0, rate), otio.opentime.RationalTime(frames, rate))
        for track in (video, audio):
            if track is audio and take.performance is None:
                audio.append(otio.schema.Gap(source_range=whole))
                continue
            ref = otio.schema.ExternalReference(
                target_url=otio.url_utils.url_from_filepath(str(take.path)), available_range=whole
            )
            # A sound clip says which of the file's tracks it plays, as Premiere's exports do (and so the
            # writer gives it a clip item of its own rather than a reference to the picture's).
            kind = "audio" if track is audio else "video"
            source = {"fcp_xml": {"sourcetrack": {"mediatype": kind, "trackindex": "1"}}}
            track.append(
                otio.schema.Clip(name=take.path.name, media_reference=ref, source_range=whole, metadata=source)
            )
    timeline = otio.schema.Timeline(name="Day 5 card A001")
    timeline.tracks.extend([video, audio] if sound else [video])
    return timeline


@pytest.mark.parametrize("extension", [".xml", ".edl", ".fcpxml"])
def test_suggest_trims_on_the_card_as_an_exported_file(card, analyses, tmp_path, analysis_cache, extension):
    from workprint.adapters.formats import read_document, write_document
    from workprint.engine.timeline import otio_json

    # An EDL holds one picture track; FCP X clips carry their own sound.
    source = tmp_path / f"card{extension}"
    write_document(otio_json.dump(set_day_timeline(card, analyses, sound=extension == ".xml")), source)
    output = tmp_path / f"trimmed{extension}"
    # An EDL whose frame numbers never pass 23 cannot say it is 25 fps: the editor says so.
    rate = ("--edl-rate", "25") if extension == ".edl" else ()
    run_workprint(
        "suggest-trims", str(source), "-o", str(output), *rate, "--cache-dir", analysis_cache, in_process=True
    )  # fmt: skip
    kept: dict[str, list[Span]] = {}
    with read_document(output, edl_rate=25 if extension == ".edl" else None) as document:
        for track in document.obj.video_tracks():
            for clip in track.find_clips():
                used = clip.source_range
                target = getattr(clip.media_reference, "target_url", None) or clip.name
                take = _take_of(otio.url_utils.filepath_from_url(target) if "://" in target else target, card)
                kept.setdefault(take.path.name, []).append(
                    Span(used.start_time.to_seconds(), used.end_time_exclusive().to_seconds())
                )
    _check_trimmed(card, analyses, kept)
    written = html.unescape(output.read_text())
    heard = sum(1 for t in card if t.performance)
    # Every take with sound has a marker whose reason quotes what the director said (FCPXML: its note).
    quoting = [line for line in written.splitlines() if _quotes_a_call(line)]
    assert len(quoting) >= heard, quoting


@pytest.fixture(scope="module")
def set_day_engine(analyses, analysis_cache):
    """An engine on loopback reading the module's analyses (the cache the fixtures filled)."""
    from workprint.engine.server.app import embedded

    with embedded(EngineSettings(cache_dir=Path(analysis_cache))) as (address, token):
        yield address, token


@pytest.fixture
def resolve_config(set_day_engine, tmp_path, monkeypatch):
    from workprint.plugin.resolve.config import PluginConfig

    address, token = set_day_engine
    data = tmp_path / "workprint-data"
    data.mkdir()
    (data / "token").write_text(token)
    config = PluginConfig(address=address, data_dir=str(data), token_file=str(data / "token"))
    path = tmp_path / "workprint.json"
    path.write_text(json.dumps(vars(config)))
    monkeypatch.setenv("WORKPRINT_RESOLVE_CONFIG", str(path))
    return config


def _resolve_card(card, analyses, timeline: bool):
    from resolve.fake_resolve import build

    rate = int(FPS)
    media = [
        {
            "path": str(take.path),
            "fps": rate,
            "frames": int(analyses[take.path.name].duration_s * rate),
            "start_tc": None,
            "folder": "Card A001",
            "audio": take.performance is not None,
        }
        for take in card
    ]
    items, at = [], 0
    for n, take in enumerate(card):
        frames = media[n]["frames"]
        for kind in ("video", "audio") if take.performance is not None else ("video",):
            items.append(
                {"media": n, "kind": kind, "track": 1, "at": at, "duration": frames, "source_start": 0, "link": n + 1}
            )
        at += frames
    timelines = [{"name": "Card A001", "video_tracks": 1, "audio_tracks": 1, "items": items}] if timeline else []
    spec = {"project": "Lighthouse", "fps": rate, "media": media, "timelines": timelines,
            "current_folder": "Card A001"}  # fmt: skip
    if timeline:
        spec["current_timeline"] = "Card A001"
    return build(spec)


@pytest.mark.parametrize("way", ["console", "dialog"])
def test_suggest_trims_through_resolve(card, analyses, resolve_config, monkeypatch, way):
    resolve = _resolve_card(card, analyses, timeline=True)
    if way == "console":
        from workprint.plugin.resolve.main import main

        monkeypatch.setenv("WORKPRINT_RESOLVE_NO_UI", "1")
        printed: list[str] = []
        assert main("suggest-trims", {"resolve": resolve}, out=printed.append) == 0, printed
    else:
        from resolve.fake_ui import FakeBmd, FakeFusionUI

        from workprint.adapters.resolve.host import context
        from workprint.plugin.resolve.dialog import Dialog
        from workprint.plugin.resolve.engine_link import EngineLink
        from workprint.plugin.resolve.main import _task

        task = _task("suggest-trims", context(resolve), resolve_config)
        dialog = Dialog(FakeFusionUI(), FakeBmd(), task, EngineLink(resolve_config))
        dialog._fill_combos()  # as run() does before the window shows
        dialog.on_run()
        while dialog.job is not None:
            dialog.job.wait(0.2)
            dialog.on_timer()
        assert dialog.items["Status"].Text == "Done.", dialog.items["Summary"].Text
    tracks = resolve.snapshot()["timelines"]["Card A001"]
    kept: dict[str, list[Span]] = {}
    for item in tracks["video1"]["items"]:
        start = item["source_start"] / float(FPS)
        kept.setdefault(Path(item["media"]).name, []).append(Span(start, start + item["duration"] / float(FPS)))
    _check_trimmed(card, analyses, kept)
    # Sound stays under its picture, piece for piece.
    sound = [(i["start"], i["duration"], i["source_start"], i["media"]) for i in tracks["audio1"]["items"]]
    with_sound = {str(t.path) for t in card if t.performance is not None}
    pictures = [(i["start"], i["duration"], i["source_start"], i["media"]) for i in tracks["video1"]["items"]]
    assert sound == [p for p in pictures if p[3] in with_sound]
    # The calls go with the head and tail they sit in; each take's marker there quotes them.
    for take in card:
        if take.performance is None:
            continue
        notes = [
            m["note"] for i in tracks["video1"]["items"] if i["media"] == str(take.path) for m in i["markers"].values()
        ]
        assert any(_quotes_a_call(note) for note in notes), (take.label, notes)


def test_selects_through_the_resolve_dialog_with_a_script(card, analyses, resolve_config, tmp_path):
    from resolve.fake_ui import FakeBmd, FakeFusionUI

    from workprint.adapters.resolve.host import context
    from workprint.plugin.resolve.dialog import Dialog
    from workprint.plugin.resolve.engine_link import EngineLink
    from workprint.plugin.resolve.main import _task

    script = tmp_path / "lighthouse.fountain"
    script.write_text(SCRIPT)
    resolve = _resolve_card(card, analyses, timeline=False)
    ctx = context(resolve)
    dialog = Dialog(
        FakeFusionUI(chosen_file=str(script)),
        FakeBmd(),
        _task("assemble-selects", ctx, resolve_config),
        EngineLink(resolve_config),
    )
    dialog._fill_combos()  # as run() does before the window shows
    dialog.on_pick_script()
    dialog.items["Report"].Checked = True
    dialog.on_run()
    while dialog.job is not None:
        dialog.job.wait(0.2)
        dialog.on_timer()
    summary = dialog.items["Summary"].Text
    assert dialog.items["Status"].Text == "Done.", summary
    assert "checked against the script lighthouse.fountain" in summary
    # The clean complete take of each setup on V1, in scene order; the picture-only insert after them.
    after = resolve.snapshot()
    (name,) = after["timelines"]
    by_path = {str(t.path): t for t in card}
    chosen = [by_path[i["media"]].label for i in after["timelines"][name]["video1"]["items"]]
    assert chosen[:3] == ["20A-1", "21A-2", "21B-1"], chosen
    # The names heard go into Resolve's own Scene, Shot and Take fields, so the bin sorts by them.
    pool = {str(mpi.GetClipProperty("File Path")): mpi for mpi in ctx.media_pool.GetCurrentFolder().GetClipList()}
    for take in card:
        got = [pool[str(take.path)].GetMetadata(f) for f in ("Scene", "Shot", "Take")]
        # Every take named by its slate, spoken or on the card (the picture-only insert by its card alone);
        # nothing is invented where neither says (a take number the recogniser did not catch stays empty
        # unless the card has it).
        assert got[:2] == [take.scene, take.setup] and got[2] in ("", str(take.take)), (take.label, got)
    assert f"Scene, Shot and Take filled in from the slates on {len(card)} clips" in summary, summary
    # The report sets each setup's lines against its takes, and the selects log beside it says why.
    report = Path(dialog.report_path)
    rows = {row["clip"]: row for row in csv.DictReader(io.StringIO(report.with_suffix(".selects.csv").read_text()))}
    why = {take.label: rows[take.path.name]["why"] for take in card}
    assert "stops after line 3 of 4" in why["21B-2"] and "line 2" in why["21A-1"], why
    page = report.read_text()
    assert page.count('<table class="grid lines">') == 3 and "Lines (from the script)" in page
    assert 'class="ln-restarted' in page and 'class="ln-missing' in page
    for written in (report, report.with_suffix(".selects.csv")):
        written.unlink()  # the plugin writes beside Resolve's cache, here the temp folder every test shares


def test_selects_through_the_resolve_console_by_what_the_takes_agree_on(card, analyses, resolve_config, monkeypatch):
    from workprint.plugin.resolve.main import main

    monkeypatch.setenv("WORKPRINT_RESOLVE_NO_UI", "1")
    resolve = _resolve_card(card, analyses, timeline=False)
    printed: list[str] = []
    assert main("assemble-selects", {"resolve": resolve}, out=printed.append) == 0, printed
    (tracks,) = resolve.snapshot()["timelines"].values()
    by_path = {str(t.path): t for t in card}
    # Without a script the lines are what most takes of each setup say: the same takes win.
    assert [by_path[i["media"]].label for i in tracks["video1"]["items"]][:3] == ["20A-1", "21A-2", "21B-1"]
    assert not any("against the script" in line for line in printed)
