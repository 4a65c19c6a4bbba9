"""Calls the recogniser was unsure of, vouched for by the picture or the sound: a spoken slate said while
the slate card is in frame or the sticks clap is protocol, however low the recogniser's confidence."""

from __future__ import annotations

from workprint.engine.domain.spans import Span
from workprint.engine.domain.words.tokens import Spoken
from workprint.engine.trims.heard import split_speech

# As a recogniser heard them on a card (low confidence on the slate and on "and action").
SLATE = [("Twenty", 0.51, 0.95, 0.04), ("-one", 0.95, 1.33, 0.8), ("apple", 1.33, 1.81, 0.42)]
SLATE += [("take", 1.81, 2.35, 0.35), ("to...", 2.35, 2.85, 0.54)]
ACTION = [("an", 4.32, 4.82, 0.08), ("action.", 4.82, 5.48, 0.65)]
LINE = [("I", 6.44, 6.64, 0.95), ("told", 6.64, 6.96, 0.99), ("you", 6.96, 7.16, 0.99), ("so.", 7.16, 7.6, 0.99)]
SPEECH = [Span(0.51, 2.85), Span(4.2, 5.57), Span(6.44, 7.6)]


def _words(*runs):
    return [Spoken(text, start, end, confidence) for run in runs for text, start, end, confidence in run]


def test_an_unsure_slate_over_the_card_and_its_action_are_calls():
    heard = split_speech(SPEECH, _words(SLATE, ACTION, LINE), [], [Span(0.0, 3.48), Span(3.34, 3.39)])
    called = [call.text for call in heard.calls]
    assert called == ["Twenty-one apple take to...", "an action."]
    assert heard.dialogue == [Span(6.44, 7.6)]


def test_without_the_card_or_the_clap_an_unsure_slate_is_kept():
    # When unsure, keep: words the recogniser barely heard, with nothing else to say they are protocol.
    heard = split_speech(SPEECH, _words(SLATE, ACTION, LINE), [])
    assert heard.calls == []
    assert Span(0.51, 2.85) in heard.dialogue and Span(6.44, 7.6) in heard.dialogue


def test_a_line_said_over_the_card_is_dialogue():
    line = [("Go", 0.6, 0.9, 0.3), ("home", 0.9, 1.3, 0.3), ("now,", 1.3, 1.7, 0.3), ("Anna.", 1.7, 2.4, 0.3)]
    heard = split_speech([Span(0.6, 2.4), Span(6.44, 7.6)], _words(line, LINE), [], [Span(0.0, 3.48)])
    assert heard.calls == []
    assert heard.dialogue == [Span(0.6, 2.4), Span(6.44, 7.6)]


# The end of a take as one recogniser heard it: the last line, then the director's "Cut!" off-mic, which
# the level calls a call, heard as one word.
LAST_LINE = [("before", 7.1, 7.44, 0.99), ("the", 7.44, 7.68, 0.57), ("storm.", 7.68, 8.1, 0.99)]
TAIL = Span(9.38, 9.73)


def test_a_lone_word_heard_unsurely_in_a_quiet_burst_does_not_keep_it():
    # "Cut!" heard as "God." at 0.50: the level's call stands.
    heard = split_speech([Span(6.4, 8.19), TAIL], _words(LAST_LINE, [("God.", 9.38, 9.55, 0.5)]), [TAIL])
    assert [(call.span, call.where) for call in heard.calls] == [(TAIL, "level")]
    assert heard.dialogue == [Span(6.4, 8.19)]


def test_a_lone_word_heard_surely_or_a_line_heard_keeps_the_burst():
    for words in ([("Yes.", 9.38, 9.6, 0.92)], [("Not", 9.38, 9.5, 0.6), ("now.", 9.5, 9.73, 0.55)]):
        heard = split_speech([Span(6.4, 8.19), TAIL], _words(LAST_LINE, words), [TAIL])
        assert heard.calls == [], words
        assert TAIL in heard.dialogue, words
