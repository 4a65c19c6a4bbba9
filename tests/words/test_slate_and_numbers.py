"""Spoken slates and numbers, as a recogniser writes them."""

from __future__ import annotations

import pytest

from workprint.engine.domain.words.numbers import number_at
from workprint.engine.domain.words.slate import parse_slate
from workprint.engine.domain.words.tokens import tokens


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("twelve", 12),
        ("twenty three", 23),
        ("twenty-three", 23),
        ("one hundred and four", 104),
        ("one oh four", 104),
        ("104", 104),
        ("3rd", 3),
        ("second", 2),
        ("ninety", 90),
    ],
)
def test_numbers_in_words_and_digits(said, value):
    assert number_at(tokens(said), 0)[0] == value


def test_a_soundalike_counts_only_where_a_number_must_be():
    assert number_at(["to"], 0) is None
    assert number_at(["to"], 0, soundalikes=True) == (2, 1)
    assert parse_slate(tokens("Scene twelve, take to.")).take == 2


@pytest.mark.parametrize(
    ("said", "scene", "shot", "take"),
    [
        ("Scene 12 apple take 3", "12", "A", 3),
        ("12A, take three.", "12", "A", 3),
        ("Twelve baker, three.", "12", "B", 3),
        ("Scene four apple, take two.", "4", "A", 2),
        ("Scene 7 Charlie, take 11.", "7", "C", 11),
        ("Slate 22 bravo take 1", "22", "B", 1),
        ("Scene one-oh-four, take five", "104", None, 5),
        ("Scene 3, take 2", "3", None, 2),
        ("Scene twenty-one delta take four", "21", "D", 4),
        ("Take three.", None, None, 3),
        ("Twenty-one maker, two.", "21", "B", 2),
        ("See, 21 Apple, take three.", "21", "A", 3),
    ],
)
def test_spoken_slates(said, scene, shot, take):
    slate = parse_slate(tokens(said))
    assert slate is not None, said
    assert (slate.scene, slate.shot, slate.take) == (scene, shot, take)


def test_flags_pickup_series_wild_track_mos_and_tail():
    assert parse_slate(tokens("Scene 12 pickup, take 2")).pickup
    assert parse_slate(tokens("12 apple series, take 1")).series
    wild = parse_slate(tokens("Wild track, scene 5"))
    assert wild.wild_track and wild.scene == "5" and wild.label == "5 WT"
    mos = parse_slate(tokens("Scene 3 bravo take 1, MOS"))
    assert mos.mos and mos.label == "3B-1 MOS"
    assert parse_slate(tokens("Tail slate, 12 charlie take 4")).tail
    assert parse_slate(tokens("12 charlie take 4"), after_cut=True).tail


@pytest.mark.parametrize("line", ["Three.", "I need three of them.", "Take it easy.", "See the apple?", "One, two."])
def test_dialogue_with_numbers_is_no_slate(line):
    assert parse_slate(tokens(line)) is None


def test_the_label_reads_as_a_log():
    assert parse_slate(tokens("Scene 12 apple take 3")).label == "12A-3"
