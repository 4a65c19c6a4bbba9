"""Decisions by words on a card recorded as sets vary: spoken and tail slates, loud and quiet calls, a flub,
an early stop, a picture-only take, camera-original names and nothing logged.

What an editor sees is asserted: no word of dialogue lost, the calls and slates outside the performance
removed, the clean complete take of each setup chosen with reasons that name the lines, and the setups
named and put in scene order from what the slate assistant said and what the slate cards say (the
picture-only insert by its card alone; a card left at the take before said to disagree with the voice).
"""

from __future__ import annotations

import csv
import io
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
