"""Ranking the takes of one setup, each verdict with its reason.

Takes are judged against each other, as an assistant editor does: a take
with much less dialogue than its siblings stopped early, one with more
speech than them has a flub or a restart, one softer than the sharpest take
of the setup is soft. A person's circle (the good-take flag) comes first.
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass, field
from functools import partial

from workprint.engine.domain.words.lines import Coverage

#: A take with less dialogue than this share of the setup's typical take is incomplete.
COMPLETE_SHARE = 0.8
#: More speech than this share (or extra utterances) is a flub or a restart.
FLUB_SHARE = 1.2
#: Takes whose dialogue lengths differ by less than this share say the same lines.
AGREE_SHARE = 0.15
#: Sharpness under this share of the setup's sharpest take is soft.
SOFT_SHARE = 0.6
#: Mean picture level this far (0..1) from the setup's typical take is an exposure problem.
EXPOSURE_DIFF = 0.12


@dataclass(frozen=True)
class TakeFacts:
    """What ranking needs to know of one take (from its analysis)."""

    key: str
    label: str
    take_number: int | None
    good: bool
    dialogue_s: float
    utterances: int
    #: Last word's end minus first word's start.
    dialogue_span_s: float
    sharpness: float | None
    clipping_s: float
    exposure: float | None
    has_picture: bool
    duration_s: float
    #: The take's lines against its setup's (by words); None when the words were not heard.
    coverage: Coverage | None = None
    #: The slate as spoken ("12A-3"), when one was heard.
    spoken_slate: str = ""
    #: The slate card as read in picture ("12A-3"), when one was read.
    slate_card: str = ""
    #: When the spoken slate and the card disagree, what they say and which named the take.
    slate_note: str = ""


@dataclass
class Verdict:
    facts: TakeFacts
    defects: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    score: float = 0.0
    rank: int = 0

    @property
    def usable(self) -> bool:
        return not self.defects

    @property
    def why(self) -> str:
        parts = (["circled"] if self.facts.good else []) + (self.defects or ["clean"]) + self.notes
        return "; ".join(parts)


def rank_setup(takes: list[TakeFacts]) -> list[Verdict]:
    """The setup's takes, best first, each with what was found."""
    verdicts = [Verdict(t) for t in takes]
    spoken = [t for t in takes if t.dialogue_s > 0]
    agreeing = _agreeing(spoken)
    typical_dialogue = statistics.median(t.dialogue_s for t in agreeing) if agreeing else 0.0
    typical_utterances = statistics.median(t.utterances for t in agreeing) if agreeing else 0
    sharpest = max((t.sharpness for t in takes if t.sharpness is not None), default=None)
    exposures = [t.exposure for t in takes if t.exposure is not None]
    typical_exposure = statistics.median(exposures) if exposures else None
    compare = len(takes) > 1
    for verdict in verdicts:
        facts = verdict.facts
        if facts.coverage is not None and facts.coverage.lines:
            _judge_by_words(verdict, facts.coverage)
        elif compare and typical_dialogue > 0:
            if facts.dialogue_s < COMPLETE_SHARE * typical_dialogue:
                verdict.defects.append(
                    f"incomplete ({facts.dialogue_s:.1f} s of dialogue, the others have {typical_dialogue:.1f} s)"
                )
            elif facts.dialogue_s > FLUB_SHARE * typical_dialogue or facts.utterances > typical_utterances + 1:
                verdict.defects.append(
                    f"flub or restart ({facts.dialogue_s:.1f} s of speech in {facts.utterances} lines, "
                    f"the others {typical_dialogue:.1f} s in {typical_utterances:g})"
                )
        if compare and sharpest and facts.sharpness is not None and facts.sharpness < SOFT_SHARE * sharpest:
            verdict.defects.append(f"soft ({facts.sharpness / sharpest:.0%} of the sharpest take)")
        if facts.clipping_s > 0.05:
            verdict.defects.append(f"clipped sound ({facts.clipping_s:.1f} s)")
        if (
            compare
            and typical_exposure is not None
            and facts.exposure is not None
            and abs(facts.exposure - typical_exposure) > EXPOSURE_DIFF
        ):
            verdict.defects.append("exposure unlike the other takes")
        if facts.slate_note:
            verdict.notes.append(facts.slate_note)
        verdict.score = _score(verdict, typical_dialogue, sharpest)
    ordered = sorted(verdicts, key=lambda v: (not v.facts.good, len(v.defects), -v.score, -(v.facts.take_number or 0)))
    for rank, verdict in enumerate(ordered, start=1):
        verdict.rank = rank
    return ordered


def _judge_by_words(verdict: Verdict, coverage: Coverage) -> None:
    """Flubs and completeness from the words: each problem names the line and when."""
    restarts = [p.text for p in coverage.problems if p.kind in ("restart", "off-script")]
    missing = [p.text for p in coverage.problems if p.kind in ("skip", "stops-early")]
    if restarts:
        verdict.defects.append("flub: " + ", ".join(restarts))
    if missing:
        verdict.defects.append("incomplete: " + ", ".join(missing))
    verdict.notes.append(coverage.summary)


def _agreeing(takes: list[TakeFacts]) -> list[TakeFacts]:
    """The takes whose amount of dialogue most others share: the setup's complete performance.

    Among takes that agree within AGREE_SHARE the largest group wins; when groups tie (two takes that
    disagree) the one with more dialogue wins, because a take missing lines is worse than one with a
    restart the editor can cut around. Without the words this cannot be told apart for two takes.
    """
    # Each anchor's group is a run of the amounts in order (the test is monotonic either side of it), found
    # by bisection: comparing every take with every other grew with the square of a setup's takes.
    amounts = sorted(t.dialogue_s for t in takes)
    best: tuple[int, float] = (0, 0.0)
    chosen: float | None = None
    for anchor in dict.fromkeys(t.dialogue_s for t in takes):  # a repeated amount makes the same group
        reach = AGREE_SHARE * anchor
        lo = bisect.bisect_left(amounts, True, key=partial(_reached, anchor=anchor, reach=reach))
        hi = bisect.bisect_left(amounts, True, key=partial(_passed, anchor=anchor, reach=reach))
        size = hi - lo
        if size == 0:
            continue
        middle = lo + size // 2
        median = amounts[middle] if size % 2 else (amounts[middle - 1] + amounts[middle]) / 2
        if (size, median) > best:
            best, chosen = (size, median), anchor
    if chosen is None:
        return []
    return [t for t in takes if abs(t.dialogue_s - chosen) <= AGREE_SHARE * chosen]


def _reached(amount: float, anchor: float, reach: float) -> bool:
    """At or past the first amount within reach of the anchor (False before it, True from it on)."""
    return amount > anchor or abs(amount - anchor) <= reach


def _passed(amount: float, anchor: float, reach: float) -> bool:
    """Past the last amount within reach of the anchor."""
    return amount > anchor and abs(amount - anchor) > reach


def _score(verdict: Verdict, typical_dialogue: float, sharpest: float | None) -> float:
    """Among equally clean takes: closest to the typical dialogue, sharpest."""
    facts = verdict.facts
    score = 1.0
    if facts.coverage is not None and facts.coverage.lines:
        score += facts.coverage.words_said
    elif typical_dialogue > 0:
        score -= min(1.0, abs(facts.dialogue_s - typical_dialogue) / typical_dialogue)
    if sharpest and facts.sharpness is not None:
        score += 0.5 * facts.sharpness / sharpest
    return score
