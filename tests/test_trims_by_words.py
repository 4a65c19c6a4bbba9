"""Trim decisions with the words heard: calls by what they say, dialogue kept whatever it contains."""

from __future__ import annotations

import dataclasses

from workprint.engine.domain.spans import Span
from workprint.engine.domain.words.tokens import Spoken
from workprint.engine.settings import TrimSettings
from workprint.engine.trims.plan import Footage, plan_clip

FRAME = 1 / 24


def words(*runs: tuple[float, str], confidence: float = 0.9) -> tuple[Spoken, ...]:
    """Words of each (start, text) run, one every 0.3 s, each 0.25 s long."""
    out = []
    for start, text in runs:
        for n, word in enumerate(text.split()):
            out.append(Spoken(word, start + 0.3 * n, start + 0.3 * n + 0.25, confidence))
    return tuple(out)


def footage(speech, heard, quiet=(), events=()) -> Footage:
    def level_db(span):
        return -32.0 if any(span.overlaps(Span(*q)) for q in quiet) else -20.0

    return Footage(
        [Span(*s) for s in speech],
        [(k, Span(a, b), c) for k, a, b, c in events],
        level_db,
        FRAME,
        words=heard,
        clock=lambda t: f"{t:.2f}",
    )


def dialogue_words_kept(plan, heard, lines):
    kept = plan.keep
    for word in heard:
        if any(line[0] <= word.start_s < line[1] for line in lines):
            assert any(k.start <= word.start_s and word.end_s <= k.end for k in kept), word


# A director on a lav: "Roll sound", "Speed", the slate and "Action!" as loud as the actors.
LOUD = footage(
    speech=[(0.5, 1.1), (1.8, 2.1), (2.8, 4.6), (5.3, 5.6), (6.5, 9.0), (10.2, 10.5), (11.2, 12.9)],
    heard=words(
        (0.5, "Roll sound."),
        (1.8, "Speed."),
        (2.8, "Scene twelve apple, take three."),
        (5.3, "Action!"),
        (6.5, "I said cut the cake now."),
        (10.2, "Cut!"),
        (11.2, "Twelve apple three, tail slate."),
    ),
)


def test_calls_as_loud_as_the_actors_go_by_their_words_and_are_quoted():
    plan = plan_clip(Span(0, 14), LOUD, TrimSettings(), [])
    assert plan.dialogue == [Span(6.5, 9.0)]
    head, tail = plan.removals
    assert head.span == Span(0, 6.5 - 6 * FRAME) and tail.span == Span(9.0 + 12 * FRAME, 14)
    assert "'Roll sound.' at 0.50" in head.reason and "'Action!' at 5.30" in head.reason
    assert "'Cut!' at 10.20" in tail.reason and "tail slate" in tail.reason
    dialogue_words_kept(plan, LOUD.words, [(6.5, 9.0)])


def test_without_words_the_level_alone_decides_as_before():
    plan = plan_clip(Span(0, 14), dataclasses.replace(LOUD, words=None), TrimSettings(), [])
    # As loud as the lines, nothing is a call: all the speech is kept.
    assert plan.dialogue[0] == Span(0.5, 1.1)


def test_a_line_that_contains_cut_or_action_is_dialogue():
    take = footage(
        speech=[(1.0, 1.5), (3.0, 5.0), (6.5, 7.2)],
        heard=words((1.0, "Action!"), (3.0, "Action, that's what we need."), (6.5, "Cut it out.")),
        quiet=[(6.5, 7.2)],
    )
    plan = plan_clip(Span(0, 9), take, TrimSettings(), [])
    assert plan.dialogue == [Span(3.0, 5.0), Span(6.5, 7.2)]
    dialogue_words_kept(plan, take.words, [(3.0, 5.0), (6.5, 7.2)])


def test_when_words_and_levels_disagree_it_is_kept():
    # Quiet and short, where a call would be: but the words are a sure line of dialogue.
    take = footage(
        speech=[(1.0, 1.5), (3.0, 5.0), (6.5, 6.9)],
        heard=words((1.0, "Action!"), (3.0, "Where were you last night?"), (6.5, "Nowhere.")),
        quiet=[(1.0, 1.5), (6.5, 6.9)],
    )
    plan = plan_clip(Span(0, 9), take, TrimSettings(), [])
    assert plan.dialogue == [Span(3.0, 5.0), Span(6.5, 6.9)]
    # A call the recogniser is unsure of and the level does not back is kept too.
    unsure = footage(speech=[(1.0, 1.5), (3.0, 5.0)], heard=words((1.0, "Action!"), confidence=0.2)[:1])
    unsure = dataclasses.replace(unsure, words=unsure.words + words((3.0, "Where were you last night?")))
    assert plan_clip(Span(0, 9), unsure, TrimSettings(), []).dialogue[0] == Span(1.0, 1.5)


def test_a_call_joined_to_the_line_goes_and_no_edge_falls_inside_a_word():
    # The speech detector heard "Action!" and the line as one stretch: the words split them.
    take = footage(speech=[(1.0, 4.5)], heard=words((1.0, "Action!"), (1.45, "We have to leave now, right now.")))
    plan = plan_clip(Span(0, 6), take, TrimSettings(pad_before_frames=6), [])
    assert plan.dialogue == [Span(1.25, 4.5)]
    head = plan.removals[0]
    # The pad before the line would end inside "Action!": the edge moves to the word's end.
    assert head.span == Span(0, 1.25) and "'Action!'" in head.reason


def test_a_restart_in_one_file_removes_the_calls_between_the_performances():
    take = footage(
        speech=[(1.0, 1.3), (2.0, 4.0), (6.0, 6.3), (7.0, 7.6), (8.5, 8.8), (10.0, 12.0), (13.0, 13.3)],
        heard=words(
            (1.0, "Action!"),
            (2.0, "I never said she stole it."),
            (6.0, "Cut!"),
            (7.0, "Going again."),
            (8.5, "Action!"),
            (10.0, "I never said she stole it."),
            (13.0, "Cut!"),
        ),
    )
    plan = plan_clip(Span(0, 15), take, TrimSettings(), [])
    assert plan.dialogue == [Span(2.0, 4.0), Span(10.0, 12.0)]
    pause = [r for r in plan.removals if r.kind == "pause"]
    assert pause and "'Going again.'" in pause[0].reason


def test_a_pause_is_measured_between_words():
    settings = TrimSettings(min_pause_s=2.0, pad_before_frames=0, pad_after_frames=0)
    # The speech detector's spans are 1.9 s apart, the words 2.45 s: a pause by the words.
    take = footage(speech=[(1.0, 2.0), (3.9, 6.0)], heard=words((1.0, "One two three."), (4.3, "Four five six.")))
    assert [r.kind for r in plan_clip(Span(0, 7), take, settings, []).removals] == ["head", "pause", "tail"]
    # 2.3 s between the detector's spans, but the words run on: 1.65 s between them, no pause.
    take = footage(speech=[(1.0, 1.5), (3.8, 6.0)], heard=words((1.0, "One two three."), (3.5, "Four five six.")))
    assert [r.kind for r in plan_clip(Span(0, 7), take, settings, []).removals] == ["head", "tail"]


def test_the_report_strikes_through_the_removed_words():
    from workprint.engine.report.render import _transcript_html

    html = _transcript_html(
        [("Roll", "call"), ("sound.", "call"), ("Action!", "head"), ("Where", ""), ("were", ""), ("you?", ""),
         ("Cut!", "tail")]
    )  # fmt: skip
    # Each run of removed words struck through once, its label beside it (seen in print, not only on hover).
    assert html.startswith(
        '<p class="transcript"><del class="k-call" title="Director&#x27;s call">Roll sound.</del>'
        '<sup class="k-call">Director&#x27;s call</sup> <del class="k-head" title="Head">Action!</del>'
        '<sup class="k-head">Head</sup> Where were you?'
    )
    assert html.endswith('<del class="k-tail" title="Tail">Cut!</del><sup class="k-tail">Tail</sup></p>')
