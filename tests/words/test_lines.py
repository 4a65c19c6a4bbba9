"""Takes against the setup's consensus or the script: restarts, words off the lines, skips, early stops."""

from __future__ import annotations

from pathlib import Path

from workprint.engine.domain.words.lines import Line, consensus, cover, lines_of
from workprint.engine.domain.words.script import parse_fdx, parse_fountain, read_script
from workprint.engine.domain.words.tokens import Spoken

LINES = [
    Line(1, "I never said she stole my money."),
    Line(2, "You have to believe me, it was not me."),
    Line(3, "Then who was it?"),
]


def said(text: str, start: float = 1.0) -> list[Spoken]:
    out, t = [], start
    for word in text.split():
        if word == "|":
            t += 1.0
            continue
        out.append(Spoken(word, t, t + 0.3))
        t += 0.4
    return out


CLEAN = "I never said she stole my money. | You have to believe me, it was not me. | Then who was it?"
FLUB = (
    "I never said she stole my money. | You have to, sorry. | You have to believe me, it was not me. | Then who was it?"
)
SHORT = "I never said she stole my money."


def test_the_clean_take_is_complete_and_clean():
    coverage = cover(said(CLEAN), LINES)
    assert coverage.complete and coverage.clean and coverage.summary == "3 of 3 lines"
    assert coverage.words_said == 1.0


def test_a_restart_names_the_line_and_when():
    coverage = cover(said(FLUB), LINES, start_s=0.0)
    assert coverage.complete and not coverage.clean
    assert [p.text for p in coverage.problems if p.kind == "restart"] == ["restarts line 2 at 0:07"]


def test_words_off_the_lines_are_named():
    coverage = cover(said("I never said she stole my money. | Line? | Sorry, can we go again?"), LINES[:1])
    assert any(p.kind == "off-script" and "Sorry" in p.text for p in coverage.problems)


def test_an_early_stop_and_a_skipped_line():
    assert [p.text for p in cover(said(SHORT), LINES).problems] == ["stops after line 1 of 3"]
    skipped = cover(said("I never said she stole my money. | Then who was it?"), LINES)
    assert [p.text for p in skipped.problems] == ["skips line 2"]


def test_the_consensus_is_the_clean_complete_take():
    takes = [said(FLUB), said(CLEAN), said(SHORT)]
    assert consensus(takes) == 1
    # Two takes: the one that says more of the other's words wins over the one that stops.
    assert consensus([said(SHORT), said(CLEAN)]) == 1
    assert consensus([[], []]) is None
    assert [line.text for line in lines_of(said(CLEAN))][2] == "Then who was it?"


FOUNTAIN = """Title: The Money

INT. KITCHEN - NIGHT #12#

Ann stands at the sink.

ANN
I never said she stole my money.

BEN
(quietly)
You have to believe me.

CUT TO:

EXT. GARDEN - DAY #13#

ANN
Then who was it?
"""

FDX = """<?xml version="1.0" encoding="UTF-8"?>
<FinalDraft DocumentType="Script" Version="5"><Content>
<Paragraph Number="12" Type="Scene Heading"><Text>INT. KITCHEN - NIGHT</Text></Paragraph>
<Paragraph Type="Action"><Text>Ann stands at the sink.</Text></Paragraph>
<Paragraph Type="Character"><Text>ANN</Text></Paragraph>
<Paragraph Type="Dialogue"><Text>I never said </Text><Text>she stole my money.</Text></Paragraph>
<Paragraph Type="Parenthetical"><Text>(quietly)</Text></Paragraph>
<Paragraph Type="Dialogue"><Text>You have to believe me.</Text></Paragraph>
</Content></FinalDraft>"""


def test_fountain_gives_each_scene_its_dialogue():
    script = parse_fountain(FOUNTAIN)
    assert [line.text for line in script.lines("12")] == [
        "I never said she stole my money.",
        "You have to believe me.",
    ]
    assert [line.text for line in script.lines("13")] == ["Then who was it?"]
    assert script.lines("99") == []
    assert parse_fountain("INT. KITCHEN - NIGHT #12#\n\nANN\nHello.\n").lines("13") == []
    assert [line.text for line in parse_fountain("INT. KITCHEN - NIGHT\n\nANN\nHello.\n").lines("13")] == ["Hello."]


def test_plain_text_is_one_scene_of_lines(tmp_path: Path):
    path = tmp_path / "scene.txt"
    path.write_text("I never said she stole my money.\n\nYou have to believe me.\n")
    assert [line.number for line in read_script(path).lines(None)] == [1, 2]


def test_final_draft():
    script = parse_fdx(FDX)
    assert [line.text for line in script.lines("12")] == ["I never said she stole my money.", "You have to believe me."]


def test_a_restart_is_found_even_against_the_take_itself():
    flub = said("I never said she stole my money. | I never said she stole my money. | You have to believe me.")
    # Lines from the flubbed take itself (two takes, one restarted: no majority to tell them apart).
    coverage = cover(flub, lines_of(flub), start_s=0.0)
    assert [p.text for p in coverage.problems] == ["restarts line 1 at 0:04"]
    assert consensus([flub, said("I never said she stole my money. | You have to believe me.")]) == 1


def test_a_mishearing_is_not_a_flub():
    coverage = cover(said("I never said she stole my money. | You have to believe me, it was knot me."), LINES[:2])
    assert coverage.clean
    coverage = cover(said("I never said she stole my money."), [Line(1, "I never said somebody stole my money.")])
    assert coverage.clean and coverage.complete
    assert cover(said("Some of it has to keep the lights on."), [Line(1, "Somebody has to keep the lights on.")]).clean


def test_a_line_broken_off_and_said_again_is_a_restart():
    take = said(
        "I never said she stole my money. | You have | Sorry, can I go again? | "
        "You have to believe me, it was not me. | Then who was it?"
    )
    problems = cover(take, LINES, start_s=0.0).problems
    assert [p.kind for p in problems] == ["restart"] and problems[0].text.startswith("restarts line 2 at 0:")


def test_lines_from_the_middle_of_a_scene_keep_their_numbers():
    middle = [Line(3, "Then who was it?"), Line(4, "You know who it was.")]
    coverage = cover(said("Then who was it? | Then who | Then who was it?"), middle, start_s=0.0)
    assert [p.text for p in coverage.problems] == ["restarts line 3 at 0:05", "stops after line 3 of 4"]
