"""Telling a director's call ("Action!", "Cut!") from dialogue.

A call is short, stands alone, sits at the head (after the slate) or the
tail (before run-out) of a take, and is usually quieter than the actors,
who are on mic. When the signs disagree it is dialogue: we keep it.
"""

from __future__ import annotations

from dataclasses import dataclass

from workprint.engine.domain.spans import Span

#: Longest utterance taken for a call ("Background action... and action!" is about 1.5 s).
MAX_CALL_S = 1.6
#: Silence a call needs around it, on the side facing the dialogue.
MIN_ISOLATION_S = 0.8
#: How much quieter than the dialogue a call is, in dB, to count as off-mic.
QUIETER_DB = 4.0


@dataclass(frozen=True)
class Call:
    span: Span
    where: str  # "head" or "tail"
    confidence: float


def find_calls(speech: list[Span], level_db, slate_or_clap: list[Span]) -> list[Call]:
    """Calls among speech segments (in media time, sorted).

    level_db(span) gives the speech level of a span, or None when unknown.
    """
    if len(speech) < 2:
        # One utterance alone is the performance, however short.
        return []
    levels = [level_db(s) for s in speech]
    calls: list[Call] = []
    # Head: the leading short utterances before the first real line.
    for where, order in (("head", range(len(speech))), ("tail", reversed(range(len(speech))))):
        for position, index in enumerate(order):
            if position >= 2:  # "Roll sound... Action!" at most two in a row
                break
            segment = speech[index]
            neighbour_index = index + 1 if where == "head" else index - 1
            if not 0 <= neighbour_index < len(speech):
                break
            neighbour = speech[neighbour_index]
            gap = neighbour.start - segment.end if where == "head" else segment.start - neighbour.end
            if segment.duration > MAX_CALL_S or gap < MIN_ISOLATION_S:
                break
            confidence = _confidence(index, speech, levels, segment, slate_or_clap, where)
            if confidence is None:
                break
            calls.append(Call(segment, where, confidence))
    # A segment cannot be both the head call and the tail call.
    seen: set[Span] = set()
    unique = []
    for call in calls:
        if call.span not in seen:
            seen.add(call.span)
            unique.append(call)
    remaining = [s for s in speech if s not in seen]
    if not remaining:
        return []  # everything looked like a call: it is the performance
    return unique


def _confidence(
    index: int, speech: list[Span], levels: list, segment: Span, marks: list[Span], where: str
) -> float | None:
    others = [lv for i, lv in enumerate(levels) if i != index and lv is not None]
    own = levels[index]
    quieter = own is not None and others and own <= _median(others) - QUIETER_DB
    near_mark = any(
        (0 <= segment.start - mark.end <= 6.0) if where == "head" else (0 <= mark.start - segment.end <= 6.0)
        for mark in marks
    )
    # Off-mic is the strongest sign; a slate or clap nearby backs it up. Short
    # and isolated alone is not enough: an actor's "Yes." is that too.
    if quieter and near_mark:
        return 0.9
    if quieter:
        return 0.75
    return None


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
