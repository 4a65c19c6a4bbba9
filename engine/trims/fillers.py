"""Filler words as a kind of trim ("um", "uh", "er", "hmm"), off unless asked for.

With the kind on, a filled pause the words detector heard on its own is not dialogue: it no longer holds
a pause between lines open, nor the head or tail, so the pause (or head, or tail) around it can go with
it, and its reason quotes it. It goes only where removing it cuts into no word beside it: every other word
keeps its pads (and its own span), so a filler said against a line ("um, I told you") stays with the line;
and the speech detector's stretch around it stays where it is longer than the filler (a line the
recogniser did not hear may be in it). With the kind off (the default) filler words are dialogue, as
every other word is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workprint.engine.domain.kinds import kind
from workprint.engine.domain.spans import Span, subtract
from workprint.engine.domain.words.protocol import FILLED_PAUSES
from workprint.engine.domain.words.tokens import Spoken

#: What is left of a stretch of speech once its filler words are out is still speech from this long
#: (seconds): shorter is the detector's edge around the filler itself.
LEFT_SPEECH_S = 0.2


@dataclass(frozen=True)
class Fillers:
    #: Dialogue and the words never cut into, less the filler words set apart.
    dialogue: list[Span]
    kept_words: list[Span]
    #: ("filler", span, confidence) for each filler word set apart, and the words themselves (for quotes).
    events: list[tuple[str, Span, float]]
    words: list[Spoken]


def is_filler(word: Spoken) -> bool:
    """One filled pause said as itself: "Mm-hmm", "uh-huh" (a yes) and "Hmm?" (a question) are lines."""
    said = word.tokens
    return len(said) == 1 and said[0] in FILLED_PAUSES and "?" not in word.text and "-" not in word.text


def set_fillers_apart(dialogue: Sequence[Span], kept_words: Sequence[Span], words: Sequence[Spoken]) -> Fillers:
    """Dialogue and kept words without the filler words heard apart from every other word."""
    others = [Span(w.start_s, w.end_s) for w in words if not is_filler(w)]
    kept = set(kept_words)
    fillers = [
        w
        for w in words
        if is_filler(w)
        and Span(w.start_s, w.end_s) in kept
        and not any(o.overlaps(Span(w.start_s, w.end_s)) for o in others)
    ]
    spans = [Span(w.start_s, w.end_s) for w in fillers]
    out: list[Span] = []
    for stretch in dialogue:
        inside = [s for s in spans if s.overlaps(stretch)]
        if not inside:
            out.append(stretch)
            continue
        out += [
            piece
            for piece in subtract(stretch, inside)
            if piece.duration >= LEFT_SPEECH_S or any(piece.overlaps(o) for o in others)
        ]
    confidence = kind("filler").confidence
    return Fillers(
        dialogue=out,
        kept_words=[s for s in kept_words if s not in set(spans)],
        events=[("filler", s, min(confidence, w.confidence)) for s, w in zip(spans, fillers, strict=True)],
        words=fillers,
    )
