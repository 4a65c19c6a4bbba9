"""Slate cards as text read off them, and what they name: fields parsed from the lines a reader gives back
(labels beside or over their values, run together or split), and takes named from voice and card, with a
disagreement said and the voice kept."""

from __future__ import annotations

import pytest

from workprint.engine.analysis.schema.slate_card import CardRead
from workprint.engine.domain.slate_card import Written, read_card, scene_value, take_value
from workprint.engine.domain.words.slate import parse_slate
from workprint.engine.selects.naming import TakeName, from_name
from workprint.engine.selects.ranking import TakeFacts, rank_setup
from workprint.engine.selects.spoken import slates_name


def line(text: str, left: float, top: float, right: float, bottom: float, confidence: float = 0.99) -> Written:
    return Written(text, (left, top, right, bottom), confidence)


def test_ruled_columns_labels_over_their_values():
    lines = [
        line("LIGHTHOUSE", 13, 18, 93, 30),
        line("ROLL", 6, 47, 39, 60),
        line("SCENE", 70, 47, 111, 59),
        line("TAKE", 134, 47, 166, 59),
        line("A001", 6, 76, 60, 98),
        line("21A", 70, 76, 117, 97, 0.95),
        line("3", 134, 75, 150, 97),
    ]
    fields = read_card(lines)
    assert (fields.scene, fields.shot, fields.take, fields.roll) == ("21", "A", 3, "A001")
    assert fields.label == "21A-3" and fields.confidence == 0.95


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["SCENE 12A", "TAKE 3"], ("12", "A", 3)),
        (["SCENE12A", "TAKE3", "ROLLA001"], ("12", "A", 3)),
        (["SC. l2B", "TK: 4"], ("12", "B", 4)),
        (["LIGHTHOUSE ROLL A001 SCENE 7 TAKE 11"], ("7", None, 11)),
        (["SLATE 143", "TAKE 2"], ("143", None, 2)),
        (["SCENE 40", "SHOT C", "TAKE 1"], ("40", "C", 1)),
        # Two-word labels with the space the reader dropped.
        (["SCENENO 12", "TAKENO 3", "CAMROLL A001"], ("12", None, 3)),
    ],
)
def test_labels_and_values_on_one_line(texts, expected):
    lines = [line(t, 0, 20 * n, 100, 20 * n + 12) for n, t in enumerate(texts)]
    fields = read_card(lines)
    assert (fields.scene, fields.shot, fields.take) == expected


def test_a_value_beside_its_label_and_words_that_only_contain_a_label():
    lines = [
        line("SCENE", 10, 10, 50, 22),
        line("9", 60, 8, 75, 24),
        line("MISTAKE", 10, 40, 60, 52),
        line("DISCOVERY", 10, 60, 80, 72),
        line("TAKE", 10, 80, 45, 92),
        line("5", 55, 80, 65, 92),
    ]
    fields = read_card(lines)
    assert (fields.scene, fields.take) == ("9", 5)


def test_a_value_out_of_reach_or_above_is_not_taken():
    # The take's value is far below the label (another part of the card), and a number above it is a date.
    lines = [line("12", 10, 0, 30, 10), line("TAKE", 10, 20, 45, 30), line("2", 10, 200, 20, 210)]
    assert read_card(lines).take is None
    assert not read_card([line("LIGHTHOUSE", 0, 0, 90, 12)]).numbers


def test_values_as_a_reader_writes_them():
    assert scene_value("21A") == ("21", "A") and scene_value("O7") == ("7", None) and scene_value("SOLD") is None
    assert take_value("1O") == 10 and take_value("I") is None and take_value("1234") is None


def spoken(text: str):
    return parse_slate(text.split())


def card(label_scene: str, shot: str | None, take: int | None) -> CardRead:
    return CardRead(0.0, 1.0, 0.5, scene=label_scene, shot=shot, take=take, confidence=0.97)


def test_voice_and_card_agreeing_name_the_take_and_complete_each_other():
    found = from_name("A001C003_261123_0176.mov")
    named = slates_name(found, spoken("scene twenty one take three"), card("21", "A", 3))
    assert named.name.label == "21A-3" and named.name.source == "slate+card" and not named.disagreement
    alone = slates_name(found, None, card("21", "C", 1))
    assert alone.name.label == "21C-1" and alone.name.source == "card" and alone.name.camera == "A"


def test_voice_and_card_disagreeing_keep_the_voice_and_say_both():
    found = from_name("A001C006_261123_0181.mov")
    named = slates_name(found, spoken("twenty one apple take three"), card("21", "A", 2))
    assert named.name.label == "21A-3" and named.name.source == "slate"
    assert "21A-3" in named.disagreement and "21A-2" in named.disagreement and "spoken slate" in named.disagreement
    # A name a person gave stays, and the disagreement is still said.
    logged = slates_name(TakeName("21", "A", 4, source="metadata"), spoken("21 apple take 3"), card("21", "A", 2))
    assert logged.name.label == "21A-4" and "logged name kept" in logged.disagreement


def test_the_disagreement_is_in_the_takes_reason():
    facts = TakeFacts("1", "21A-3", 3, False, 4.0, 2, 5.0, 0.5, 0.0, 0.5, True, 9.0, slate_note="slates disagree")
    (verdict,) = rank_setup([facts])
    assert "slates disagree" in verdict.why
