"""Calls of set protocol told from dialogue by their words, and where they sit in a take."""

from __future__ import annotations

import pytest

from workprint.engine.domain.words.reading import SURE_CALL, read_run, read_take
from workprint.engine.domain.words.tokens import Spoken


def said(text: str, start: float = 0.0, step: float = 0.3, confidence: float = 0.9) -> list[Spoken]:
    """Words of text, one every step seconds; "|" is a one-second pause."""
    out = []
    for word in text.split():
        if word == "|":
            start += 1.0
            continue
        out.append(Spoken(word, start, start + 0.25, confidence))
        start += step
    return out


@pytest.mark.parametrize(
    ("text", "call"),
    [
        ("Roll sound.", "roll sound"),
        ("Role sound!", "roll sound"),
        ("Speed.", "speed"),
        ("Speeds.", "speed"),
        ("Rolling.", "roll camera"),
        ("Camera set.", "camera set"),
        ("Mark it.", "mark it"),
        ("Marker.", "mark it"),
        ("Second sticks.", "second sticks"),
        ("Background action.", "background action"),
        ("And... action!", "action"),
        ("Action!", "action"),
        ("Cut!", "cut"),
        ("Reset.", "reset"),
        ("Back to one.", "back to one"),
        ("Going again.", "going again"),
        ("Check the gate.", "check the gate"),
        ("That's a wrap!", "that's a wrap"),
        ("Uh, action.", "action"),
    ],
)
def test_each_call_is_heard(text, call):
    run = read_run(said(text))
    assert run.role == "call", text
    assert call in run.calls


@pytest.mark.parametrize(
    "text",
    [
        "Cut the cake.",
        "Action, that's what we need.",
        "I said cut it out.",
        "Thank you.",
        "Good.",
        "Again?",
        "And?",
        "Set the table.",
        "The cat sat.",
    ],
)
def test_a_line_that_contains_a_call_word_is_dialogue(text):
    assert read_run(said(text)).role == "dialogue"


def test_a_run_heard_unsurely_says_so():
    assert read_run(said("Action!", confidence=0.2)).confidence < SURE_CALL


def test_calls_outside_the_performance_and_a_restart_between_lines():
    reading = read_take(
        said(
            "Roll sound. | Speed. | Scene 12 apple take 3. | Mark. | Action! | I said cut the cake now. | "
            "Then we go. | Cut! | Going again. | Action! | Then we go. | Cut! | Thank you. | Tail slate 12 apple 3"
        )
    )
    where = [(run.role, run.where) for run in reading.runs]
    assert where == [
        ("call", "head"),
        ("call", "head"),
        ("call", "head"),
        ("call", "head"),
        ("call", "head"),
        ("dialogue", ""),
        ("dialogue", ""),
        ("call", "restart"),
        ("call", "restart"),
        ("call", "restart"),
        ("dialogue", ""),
        ("call", "tail"),
        ("call", "tail"),
        ("call", "tail"),
    ]
    assert reading.slate.label == "12A-3"
    assert reading.tail_slate.tail and reading.tail_slate.label == "12A-3"
    assert [w.text for w in reading.dialogue_words][:3] == ["I", "said", "cut"]


def test_a_call_between_lines_that_does_not_restart_is_kept():
    reading = read_take(said("Action! | Where were you? | Cut! | Nowhere."))
    assert [(r.role, r.where) for r in reading.runs] == [
        ("call", "head"),
        ("dialogue", ""),
        ("call", ""),
        ("dialogue", ""),
    ]


def test_head_and_tail_slates_that_disagree_are_noted():
    reading = read_take(said("Scene 12 apple take 3. | Action! | Hello there. | Cut! | Scene 12 apple take 4"))
    assert reading.notes == ("head slate 12A-3 and tail slate 12A-4 disagree",)


def test_a_take_with_only_calls_is_all_outside():
    reading = read_take(said("Wild track, scene 5. | Rolling."))
    assert all(run.removable for run in reading.runs)
    assert reading.slate.wild_track


def test_unsure_words_before_action_or_after_cut_are_set_talk():
    garbled = said("Roles hounds, speed scenes wind.", confidence=0.3)
    tail = said("Fail save, maker.", start=9.0, confidence=0.3)
    reading = read_take(garbled + said("Action! | I never said she stole it. | Cut!", start=3.0) + tail)
    assert [(r.role, r.where) for r in reading.runs] == [
        ("call", "head"),
        ("call", "head"),
        ("dialogue", ""),
        ("call", "tail"),
        ("call", "tail"),
    ]


def test_a_call_run_into_the_last_line_is_split_off_but_a_line_ending_in_cut_is_not():
    line = said("Nobody listens to me in this house", start=1.0)
    joined = [*line, Spoken("and", line[-1].end_s, line[-1].end_s + 1.0), Spoken("cut.", line[-1].end_s + 1.0, 9.0)]
    assert [(r.role, r.text) for r in read_take(joined).runs][-1] == ("call", "and cut.")
    ends_in_cut = said("I told you to cut", start=1.0)
    assert [r.role for r in read_take(ends_in_cut).runs] == ["dialogue"]
    # The recogniser stretches a short word over the pause before it: "on" to 14.69, "and" 14.69-15.47
    # (0.78 s for three letters), where the sound has silence from 14.3 to 15.2. The call is still its own.
    line = said("Because somebody has to keep the lights", start=11.7)
    stretched = [*line, Spoken("on", 13.85, 14.69), Spoken("and", 14.69, 15.47, 0.34), Spoken("cut.", 15.47, 15.83)]
    assert [(r.role, r.text) for r in read_take(stretched).runs][-1] == ("call", "and cut.")
    # Said in one breath, the same words stay the line's.
    breath = [*line, Spoken("on", 13.85, 14.1), Spoken("and", 14.1, 14.3), Spoken("cut.", 14.3, 14.6)]
    assert [r.role for r in read_take(breath).runs] == ["dialogue"]


def test_a_slate_read_in_two_breaths_is_one_slate():
    reading = read_take(said("Twenty-one apple, | two. | Action! | I never said she stole it."))
    assert reading.slate.label == "21A-2"
    assert [r.role for r in reading.runs] == ["call", "call", "dialogue"]


@pytest.mark.parametrize(
    "slate",
    ["Scene 20. | Apple. | Take one.", "20. | Apple. | Take one.", "Scene twenty. | Apple, take one.", "20. | Apple."],
)
def test_a_slate_written_as_sentences_is_one_slate(slate):
    # A recogniser ends each breath of a slate with a full stop: its parts alone read as dialogue.
    reading = read_take(said(f"Roll sound. | Speed. | {slate} | And action! | Why are you still here?"))
    assert reading.slate.label == ("20A" if slate == "20. | Apple." else "20A-1")
    assert [r.role for r in reading.runs] == ["call", "call", "call", "call", "dialogue"]
    assert [r.where for r in reading.runs[:4]] == ["head"] * 4


@pytest.mark.parametrize(
    "lines", ["How many? | Twenty. | Apple pie.", "One two three. | Four five six.", "Twenty. | Two."]
)
def test_numbers_said_as_lines_are_not_joined_into_a_slate(lines):
    reading = read_take(said(f"Action! | {lines} | Cut!"))
    assert reading.slate is None
    assert [r.role for r in reading.runs[1:-1]] == ["dialogue"] * lines.count("|") + ["dialogue"]
