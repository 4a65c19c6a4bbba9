"""Filler words as a kind of trim: off by default; asked for, an "um" heard alone in a pause between lines
no longer holds the pause open, and one said against a word of a line stays with it."""

from __future__ import annotations

from workprint.engine.domain import kinds
from workprint.engine.domain.spans import Span
from workprint.engine.domain.words.tokens import Spoken
from workprint.engine.settings import TrimSettings
from workprint.engine.trims.plan import Footage, plan_clip

FRAME = 1 / 24


def said(start: float, text: str) -> list[Spoken]:
    return [Spoken(w, start + 0.3 * n, start + 0.3 * n + 0.25, 0.9) for n, w in enumerate(text.split())]


LINE_1 = said(1.0, "I told you so.")
UM = said(3.4, "Um...")
LINE_2 = said(4.9, "Nobody listens.")
# "Uh, we" said in one breath: the filler touches the line's first word.
LINE_3 = [Spoken("Uh,", 8.0, 8.24, 0.9), *said(8.25, "we should go.")]


def footage() -> Footage:
    words = (*LINE_1, *UM, *LINE_2, *LINE_3)
    speech = [(1.0, 2.15), (3.4, 3.65), (4.9, 5.45), (8.0, 9.1)]
    return Footage([Span(*s) for s in speech], [], lambda span: -20.0, FRAME, words=words, clock=lambda t: f"{t:.2f}")


def test_filler_words_are_a_kind_off_by_default():
    filler = kinds.kind("filler")
    assert filler.off_by_default and filler.job == kinds.TRIMS and "filler" in kinds.CONTENT_KINDS
    assert "filler" in kinds.TRIM_KINDS and "filler" not in kinds.DEFAULT_TRIM_KINDS
    assert "filler" not in TrimSettings().kinds
    # Off, the "um" is dialogue: it holds the pauses either side of it under the 1.5 s to close.
    plan = plan_clip(Span(0.0, 10.0), footage(), TrimSettings(), [])
    assert not any(r.span.overlaps(Span(3.4, 3.65)) for r in plan.removals), plan.removals
    assert not any(r.span.overlaps(Span(2.2, 4.9)) for r in plan.removals), plan.removals


def test_asked_for_a_filler_alone_in_a_pause_goes_with_the_pause_and_is_quoted():
    settings = TrimSettings(kinds=frozenset({*kinds.DEFAULT_TRIM_KINDS, "filler"}))
    plan = plan_clip(Span(0.0, 10.0), footage(), settings, [])
    (pause,) = [r for r in plan.removals if r.kind == "pause" and r.span.overlaps(Span(3.4, 3.65))]
    assert pause.span.start <= 3.4 and pause.span.end >= 3.65 and "filler" in pause.contains
    assert "'Um' at 3.40" in pause.reason and "filler word" in pause.reason, pause.reason
    keep = plan.keep
    # Every word of the lines stays whole, the "uh" said against one too.
    for word in (*LINE_1, *LINE_2, *LINE_3):
        assert any(k.start <= word.start_s and word.end_s <= k.end for k in keep), word


def test_only_filler_words_takes_the_filler_and_nothing_around_it():
    plan = plan_clip(Span(0.0, 10.0), footage(), TrimSettings(kinds=frozenset({"filler"})), [])
    assert [r.kind for r in plan.removals] == ["filler"], plan.removals
    (removal,) = plan.removals
    assert Span(3.4, 3.65).clamp(removal.span) == Span(3.4, 3.65) and removal.span.duration < 2.0
    assert "filler word" in removal.reason.lower()


def test_the_command_line_adds_a_kind_to_the_defaults():
    from workprint.engine.cli.main import trim_settings

    assert list(trim_settings(None, None, None, None, None, None, "+filler").kinds) == [
        *kinds.DEFAULT_TRIM_KINDS,
        "filler",
    ]
    assert list(trim_settings(None, None, None, None, None, None, "filler,pause").kinds) == ["filler", "pause"]


def test_an_answer_or_a_question_made_of_a_filled_pause_is_a_line():
    from workprint.engine.trims.fillers import is_filler

    assert [is_filler(Spoken(t, 0.0, 0.3)) for t in ("Um...", "uh,", "Hmm.", "Erm")] == [True] * 4
    # "Mm-hmm" and "uh-huh" are a yes, "Hmm?" a question: said alone between lines, they are lines.
    assert [is_filler(Spoken(t, 0.0, 0.3)) for t in ("Mm-hmm.", "Uh-huh", "Hmm?", "Um, yes")] == [False] * 4
