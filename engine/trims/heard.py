"""What the words say about a clip's speech: which of it is a call to remove, which dialogue to keep.

The speech detector finds where someone speaks; the words say what. A stretch of speech is a call when
its words are set protocol outside the performance (engine/domain/words/reading.py), whatever its level
(a director on a lav is as loud as the actors). Levels still count where the words are unsure: a quiet
short utterance the recogniser barely heard is a call as it was before words, unless a word in it is
surely dialogue (a word heard alone in it, more surely: a recogniser hears words in short bursts that were
not said). When words and levels disagree, it is kept. Without words (no model, or words turned
off) this module is not used and the level alone decides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workprint.engine.domain.span_index import SpanIndex, of_spans
from workprint.engine.domain.spans import Span, merge
from workprint.engine.domain.words.reading import SURE_CALL, Run, read_run, read_take
from workprint.engine.domain.words.tokens import Spoken

#: A word of dialogue at this confidence or more outweighs a level that says "call"...
SURE_DIALOGUE = 0.5
#: ...but a word heard alone in a short burst off-mic only at this much: there a recogniser often hears a
#: word that was not said (a director's "Cut!" after a take's last line heard as "God." at 0.50).
SURE_LONE_WORD = 0.8


@dataclass(frozen=True)
class HeardCall:
    span: Span
    #: The words as said ("Roll sound. Speed."), and when the first was said (media seconds).
    text: str
    at_s: float
    confidence: float
    #: "head", "tail", "restart" (between two performances in one file), or "level" (told by level).
    where: str


@dataclass(frozen=True)
class Heard:
    """Speech split by what was said."""

    dialogue: list[Span]
    calls: list[HeardCall]
    #: Words never to be cut into: every word not in a removed call.
    kept_words: list[Span]
    #: What the reading of the take's words notes for the log (head and tail slates that disagree, ...).
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """Its JSON form (spans as [start, end]): what is kept of a file's reading between jobs."""
        return {
            "dialogue": [[s.start, s.end] for s in self.dialogue],
            "calls": [
                {
                    "span": [c.span.start, c.span.end],
                    "text": c.text,
                    "at_s": c.at_s,
                    "confidence": c.confidence,
                    "where": c.where,
                }
                for c in self.calls
            ],
            "kept_words": [[s.start, s.end] for s in self.kept_words],
            "notes": list(self.notes),
        }

    @classmethod
    def from_json(cls, data: dict) -> Heard:
        return cls(
            dialogue=[Span(a, b) for a, b in data["dialogue"]],
            calls=[
                HeardCall(Span(*c["span"]), c["text"], c["at_s"], c["confidence"], c["where"]) for c in data["calls"]
            ],
            kept_words=[Span(a, b) for a, b in data["kept_words"]],
            notes=tuple(data["notes"]),
        )


def split_speech(
    speech: Sequence[Span], words: Sequence[Spoken], level_calls: Sequence[Span], marks: Sequence[Span] = ()
) -> Heard:
    """Dialogue and calls from the speech segments, the words in them, the segments levels call calls, and
    where a slate was in frame or a clap was heard (`marks`)."""
    reading = read_take(words)
    runs = reading.runs
    # A run the words read as nothing but calls or a slate is one when the recogniser was sure of it, or when
    # the picture or the sound vouches for it: said while a slate card is in frame or the sticks clap ("Twenty
    # -one apple take to..." heard at 0.04-0.8 over the card). Only protocol words are so read: a line of
    # dialogue over a slate stays dialogue.
    sure = [r.removable and (r.confidence >= SURE_CALL or any(_span(r).overlaps(m) for m in marks)) for r in runs]
    # Calls the words are unsure of go where the level agrees, or beside a sure call on set ("Roll sound.
    # ... Speed." with the mixer's "speed" barely heard): a run of protocol, not a line.
    called = [
        r
        for n, r in enumerate(runs)
        if sure[n]
        or (
            r.removable
            and (
                any(_span(r).overlaps(c) for c in level_calls)
                or (n > 0 and sure[n - 1])
                or (n + 1 < len(runs) and sure[n + 1])
            )
        )
    ]
    called_words = {id(w) for r in called for w in r.words}
    # Words are frozen values: sets answer `in` as the lists did, without a scan per word.
    in_lines = {w for run in reading.runs if not run.removable for w in run.words}
    sure_dialogue = [w for w in words if id(w) not in called_words and w.confidence >= SURE_DIALOGUE and w in in_lines]
    sure_set = set(sure_dialogue)
    # A long file has thousands of words: each segment reads those around it, not all of them.
    by_place = SpanIndex(words, _span_of)
    calls: list[HeardCall] = [
        HeardCall(_span(r), r.text, r.start_s, round(min(0.9, 0.6 + 0.3 * r.confidence), 2), r.where) for r in called
    ]
    dialogue: list[Span] = []
    for segment in speech:
        inside = [w for w in by_place.near(segment) if _span_of(w).overlaps(segment)]
        heard_lines = [w for w in inside if id(w) not in called_words]
        if segment in level_calls and not _outweighs_level(inside, sure_set):
            # The level says call and no sure word of dialogue says otherwise.
            if not any(c.span.overlaps(segment) for c in calls):
                # Quoted only when its words read as a call; a call told by level may be heard as anything.
                text = read_run(inside).text if inside and read_run(inside).role == "call" else ""
                calls.append(HeardCall(segment, text, segment.start, 0.75, "level"))
            continue
        if inside and not heard_lines:
            continue  # all its words are calls outside the performance
        dialogue += _less_calls(segment, heard_lines, [c.span for c in calls])
    # Words only the recogniser heard (sure ones, outside detected speech) are dialogue too; not a lone word
    # the level's call outweighed.
    from_segments = of_spans(dialogue)
    by_level = of_spans([c.span for c in calls if c.where == "level"])
    heard_only: list[Span] = []
    for word in sure_dialogue:
        span = _span_of(word)
        if (
            not any(span.overlaps(d) for d in from_segments.near(span))
            and not any(span.overlaps(c) for c in by_level.near(span))
            and not any(span.overlaps(d) for d in heard_only)
        ):
            heard_only.append(span)
    dialogue += heard_only
    kept = [
        _span_of(w)
        for w in words
        if id(w) not in called_words and not any(_span_of(w).overlaps(c) for c in by_level.near(_span_of(w)))
    ]
    return Heard(merge(dialogue), sorted(calls, key=lambda c: c.span), kept, tuple(reading.notes))


def _outweighs_level(inside: list[Spoken], sure: set[Spoken]) -> bool:
    """Whether the words heard in a segment the level calls a call say it is dialogue: a sure word of a line,
    and where the recogniser heard one word alone, a surer one."""
    if len(inside) == 1:
        return inside[0] in sure and inside[0].confidence >= SURE_LONE_WORD
    return any(w in sure for w in inside)


def _less_calls(segment: Span, lines: list[Spoken], calls: list[Span]) -> list[Span]:
    """The segment less the calls at its ends or between its lines; never less any word of a line."""
    if not lines:
        return [segment]
    pieces = []
    start = segment.start
    first, last = lines[0].start_s, lines[-1].end_s
    for call in sorted(c for c in calls if c.overlaps(segment)):
        if call.end <= first + 1e-9:
            start = max(start, call.end)
        elif call.start >= last - 1e-9:
            pieces.append(Span(start, min(segment.end, call.start)))
            return [p for p in pieces if p.duration > 0]
        else:
            # A restart inside one stretch of speech: the lines either side stay, the calls go.
            before = [w for w in lines if w.end_s <= call.start + 1e-9]
            if before:
                pieces.append(Span(start, max(before[-1].end_s, call.start)))
            start = call.end
    pieces.append(Span(start, segment.end))
    return [p for p in pieces if p.duration > 0]


def _span(run: Run) -> Span:
    return Span(run.start_s, run.end_s)


def _span_of(word: Spoken) -> Span:
    return Span(word.start_s, word.end_s)
