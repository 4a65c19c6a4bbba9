"""Ranking the takes of a setup against each other."""

from __future__ import annotations

from workprint.engine.selects.ranking import TakeFacts, rank_setup


def take(n, dialogue=10.0, lines=4, sharp=1.0, clip=0.0, good=False, exposure=0.45):
    return TakeFacts(
        key=f"t{n}",
        label=f"1A-{n}",
        take_number=n,
        good=good,
        dialogue_s=dialogue,
        utterances=lines,
        dialogue_span_s=dialogue + 2,
        sharpness=sharp,
        clipping_s=clip,
        exposure=exposure,
        has_picture=True,
        duration_s=20,
    )


def test_each_defect_is_found_and_the_clean_take_wins():
    ranked = rank_setup(
        [
            take(1, dialogue=13.5, lines=6),
            take(2, sharp=0.4),
            take(3, clip=0.8),
            take(4, dialogue=5.0, lines=2),
            take(5),
        ]
    )
    assert ranked[0].facts.take_number == 5 and ranked[0].usable and ranked[0].why == "clean"
    why = {v.facts.take_number: v.why for v in ranked}
    assert why[1].startswith("flub or restart")
    assert why[2].startswith("soft")
    assert why[3].startswith("clipped sound")
    assert why[4].startswith("incomplete")


def test_circled_take_comes_first_and_a_lone_take_is_judged_on_its_own():
    ranked = rank_setup([take(1), take(2, good=True, sharp=0.9)])
    assert ranked[0].facts.take_number == 2 and ranked[0].why.startswith("circled")
    (only,) = rank_setup([take(1, dialogue=3.0, lines=1)])
    assert only.usable


def test_takes_without_speech_rank_on_picture():
    ranked = rank_setup([take(1, dialogue=0, lines=0, sharp=0.3), take(2, dialogue=0, lines=0, sharp=1.0)])
    assert ranked[0].facts.take_number == 2 and "soft" in ranked[1].why
