"""Trim decisions for one clip, on analysis facts given directly."""

from __future__ import annotations

from workprint.engine.domain.spans import Span
from workprint.engine.settings import TrimSettings
from workprint.engine.trims.plan import Footage, plan_clip

FRAME = 1 / 24


def footage(speech, events=(), quiet=()):
    """Speech spans at -20 dB, except those listed in quiet at -32 dB (off mic)."""

    def level_db(span):
        return -32.0 if any(span.overlaps(Span(*q)) for q in quiet) else -20.0

    return Footage([Span(*s) for s in speech], [(k, Span(a, b), c) for k, a, b, c in events], level_db, FRAME)


TAKE = footage(
    speech=[(3.0, 3.5), (5.0, 7.0), (7.6, 9.0), (12.0, 14.0), (16.0, 16.4)],
    events=[("slate", 0.5, 1.6, 0.9), ("clap", 1.5, 1.6, 0.95)],
    quiet=[(3.0, 3.5), (16.0, 16.4)],
)


def removed(plan):
    return [(r.kind, round(r.span.start, 3), round(r.span.end, 3)) for r in plan.removals]


def test_head_tail_and_pause_around_the_dialogue():
    plan = plan_clip(Span(0, 18), TAKE, TrimSettings(pad_before_frames=6, pad_after_frames=12), [])
    # "Action!" at 3.0 and "Cut!" at 16.0 are calls, not dialogue.
    assert plan.dialogue == [Span(5.0, 7.0), Span(7.6, 9.0), Span(12.0, 14.0)]
    assert removed(plan) == [("head", 0, 4.75), ("pause", 9.5, 11.75), ("tail", 14.5, 18)]
    head = plan.removals[0]
    assert head.contains == ("slate", "clap", "call")
    assert "the slate, the clap and a director's call" in head.reason
    assert plan.keep == [Span(4.75, 9.5), Span(11.75, 14.5)]


def test_no_dialogue_frame_is_ever_removed():
    for settings in (TrimSettings(pad_before_frames=0, pad_after_frames=0, min_pause_s=0.1), TrimSettings()):
        plan = plan_clip(Span(0, 18), TAKE, settings, [])
        for line in plan.dialogue:
            assert not any(r.span.overlaps(line) for r in plan.removals)


def test_short_pause_stays_and_pauses_can_be_kept():
    plan = plan_clip(Span(0, 18), TAKE, TrimSettings(min_pause_s=4.0), [])
    assert [r.kind for r in plan.removals] == ["head", "tail"]
    plan = plan_clip(Span(0, 18), TAKE, TrimSettings(remove_pauses=False), [])
    assert [r.kind for r in plan.removals] == ["head", "tail"]


def test_a_kind_turned_off_keeps_its_part():
    plan = plan_clip(Span(0, 18), TAKE, TrimSettings(kinds=frozenset({"head", "tail", "pause", "clap", "call"})), [])
    kept_slate = [s for s in plan.keep if s.overlaps(Span(0.5, 1.5))]
    assert kept_slate, "the slate stays when slate suggestions are off"
    plan = plan_clip(Span(0, 18), TAKE, TrimSettings(kinds=frozenset({"pause"})), [])
    assert [r.kind for r in plan.removals] == ["pause"]


def test_loud_short_line_is_dialogue_not_a_call():
    # Same timing as a call but on mic: an actor's "Yes." is kept.
    loud = footage(speech=[(3.0, 3.5), (5.0, 7.0)], events=[("slate", 0.5, 1.6, 0.9)])
    plan = plan_clip(Span(0, 9), loud, TrimSettings(), [])
    assert Span(3.0, 3.5) in plan.dialogue
    assert plan.removals[0].span.end <= 3.0 - 6 * FRAME + 1e-9


def test_single_utterance_is_the_performance():
    plan = plan_clip(Span(0, 6), footage(speech=[(2.0, 2.4)], quiet=[(2.0, 2.4)]), TrimSettings(), [])
    assert plan.dialogue == [Span(2.0, 2.4)]


def test_editor_marks_are_protected():
    plan = plan_clip(Span(0, 18), TAKE, TrimSettings(), [Span(10.0, 10.1)])
    assert not any(r.span.overlaps(Span(10.0, 10.1)) for r in plan.removals)


def test_without_dialogue_only_unusable_ends_go():
    broll = footage(
        speech=[], events=[("black", 0.0, 0.5, 0.95), ("flash", 3.0, 3.05, 0.9), ("unsteady", 7.2, 8.0, 0.7)]
    )
    plan = plan_clip(Span(0, 8), broll, TrimSettings(), [])
    assert removed(plan) == [("black", 0, 0.5), ("unsteady", 7.2, 8)]


def test_where_speech_is_likely_is_kept_around_lines_whatever_the_pads():
    # The tight spans end where the detector is sure; a soft word end or quiet onset lies just outside
    # them, inside the likely-speech spans (0.2 s wider). With no pads at all, those are still kept.
    likely = (Span(2.8, 3.7), Span(4.8, 9.2), Span(11.8, 14.2), Span(15.8, 16.6))
    take = Footage(TAKE.speech, TAKE.events, TAKE.level_db, FRAME, speech_likely=likely)
    none = TrimSettings(pad_before_frames=0, pad_after_frames=0, min_pause_s=1.0)
    plan = plan_clip(Span(0, 18), take, none, [])
    for line in likely[1:3]:
        assert not any(r.span.overlaps(line) for r in plan.removals), removed(plan)
    # The calls' own likely spans hold no line: "Action!" and "Cut!" still go.
    assert removed(plan)[0][2] <= 4.8 and removed(plan)[-1][1] >= 14.2
    assert any(r.span.overlaps(Span(3.0, 3.5)) for r in plan.removals)
    assert any(r.span.overlaps(Span(16.0, 16.4)) for r in plan.removals)
    # Without likely spans the same settings cut right up to the tight edges, which is what the guard adds.
    bare = plan_clip(Span(0, 18), TAKE, none, [])
    assert removed(bare)[0][2] == 5.0 and removed(bare)[-1][1] == 14.0
