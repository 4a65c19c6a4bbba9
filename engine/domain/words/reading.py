"""A take's words read as an assistant editor hears them: calls and slates around the performance.

Words are grouped into runs (said without a pause). A run is a call when all its words are calls, slate
words or hesitations, with at least one call that is not weak or a slate; any other run is dialogue, so
"Cut the cake" or "Action, that's what we need" stays a line. Calls are removable only outside the
performance: before its first line, after its last, or between two lines when the take starts again in
the same file ("cut... going again... action").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from workprint.engine.domain.words import protocol
from workprint.engine.domain.words.numbers import number_at
from workprint.engine.domain.words.slate import SCENE_WORDS, TAKE_WORDS, SpokenSlate, parse_slate
from workprint.engine.domain.words.tokens import SENTENCE_GAP_S, Spoken, quote, utterances

#: Mean word confidence under which a run that reads as a call is not trusted to be one on its words
#: alone (0..1): the trims then ask the level too (engine/trims/heard.py).
SURE_CALL = 0.45

#: Mean word confidence under which words heard before "action" or after "cut" are not taken for lines.
UNSURE_LINE = 0.6


@dataclass(frozen=True)
class Run:
    words: tuple[Spoken, ...]
    #: "call" or "dialogue".
    role: str
    #: The calls heard in it, by name, in order.
    calls: tuple[str, ...] = ()
    slate: SpokenSlate | None = None
    #: "head", "tail", "restart" for a call outside the performance; "" for dialogue and for a call
    #: inside it (which is kept).
    where: str = ""

    @property
    def start_s(self) -> float:
        return self.words[0].start_s

    @property
    def end_s(self) -> float:
        return self.words[-1].end_s

    @property
    def text(self) -> str:
        return quote(self.words)

    @property
    def removable(self) -> bool:
        return self.role == "call" and bool(self.where)

    @property
    def confidence(self) -> float:
        return sum(w.confidence for w in self.words) / len(self.words)


@dataclass(frozen=True)
class TakeReading:
    runs: tuple[Run, ...]
    #: The slate read at the head (or, failing that, the tail slate).
    slate: SpokenSlate | None = None
    head_slate: SpokenSlate | None = None
    tail_slate: SpokenSlate | None = None
    #: Notes for the log (e.g. head and tail slates that disagree).
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def dialogue(self) -> list[Run]:
        return [r for r in self.runs if r.role == "dialogue"]

    @property
    def dialogue_words(self) -> list[Spoken]:
        return [w for r in self.dialogue for w in r.words]

    @property
    def removable(self) -> list[Run]:
        return [r for r in self.runs if r.removable]


def read_run(words: Sequence[Spoken], after_cut: bool = False) -> Run:
    """One run of words: a call (with its slate) or dialogue."""
    tokens = [t for w in words for t in w.tokens]
    slate = parse_slate(tokens, after_cut=after_cut)
    covered = set(range(slate.start, slate.end)) if slate else set()
    calls: list[str] = []
    strong = slate is not None
    i = 0
    while i < len(tokens):
        if i in covered or tokens[i] in protocol.FILLERS:
            i += 1
            continue
        match = protocol.match_at(tokens, i)
        if match is None:
            return Run(tuple(words), "dialogue")
        calls.append(match.call.name)
        strong = strong or not match.weak
        i = match.end
    if not tokens or not strong:
        # Weak calls alone ("Thank you.") stay dialogue, but say which calls they would be.
        return Run(tuple(words), "dialogue", tuple(calls))
    return Run(tuple(words), "call", tuple(calls), slate)


def read_take(words: Sequence[Spoken], gap_s: float = 0.35) -> TakeReading:
    """The take's runs, each call placed: head, tail, a restart between lines, or inside the performance."""
    runs: list[Run] = []
    cut_heard = False
    for group in _slates_joined(_calls_split(utterances(words, gap_s))):
        run = read_run(group, after_cut=cut_heard)
        if run.role == "dialogue" and run.calls and cut_heard and runs and runs[-1].role == "call":
            # "Cut! ... Thank you." : after a cut, a weak call next to the cut is the director's too.
            run = Run(run.words, "call", run.calls)
        cut_heard = cut_heard or "cut" in run.calls
        runs.append(run)
    runs = _bracketed(runs)
    lines = [n for n, r in enumerate(runs) if r.role == "dialogue"]
    placed: list[Run] = []
    if not lines:
        # No dialogue: calls and slates alone (a wild track's slate, an MOS take's calls) are all outside.
        placed = [_at(r, "head") if r.role == "call" else r for r in runs]
    else:
        first, last = lines[0], lines[-1]
        for n, run in enumerate(runs):
            if run.role != "call":
                placed.append(run)
            elif n < first:
                placed.append(_at(run, "head"))
            elif n > last:
                placed.append(_at(run, "tail"))
            else:
                placed.append(run)
        placed = _restarts(placed)
    head = next((r.slate for r in placed if r.slate and not r.slate.tail and r.slate.numbers), None)
    tail = next((r.slate for r in reversed(placed) if r.slate and r.slate.tail and r.slate.numbers), None)
    notes = []
    if head and tail and (head.scene, head.shot, head.take) != (tail.scene, tail.shot, tail.take):
        notes.append(f"head slate {head.label} and tail slate {tail.label} disagree")
    return TakeReading(tuple(placed), head or tail, head, tail, tuple(notes))


#: A word the recogniser timed longer than this (seconds) holds a pause before it ("house... and cut").
MAX_WORD_S = 0.8
#: Short words are said quicker: a word of n letters lasts at most WORD_BASE_S + n * LETTER_S (an "and"
#: timed 0.78 s from the end of "on" to the start of "cut" holds most of the pause the sound shows).
WORD_BASE_S, LETTER_S = 0.15, 0.09


def _calls_split(groups: list[list[Spoken]]) -> list[list[Spoken]]:
    """A call said at the very start or end of a line, after a short pause, is a run of its own: "Nobody
    listens to me in this house [pause] and cut." The call must be a strong one and the pause real."""
    out: list[list[Spoken]] = []
    for group in groups:
        if read_run(group).role == "call" or len(group) < 2:
            out.append(group)
            continue
        split = None
        for k in range(1, len(group)):
            tail = group[k:]
            if _strong_call(tail, group[k - 1], group[k]):
                split = k
                break
        if split is None:
            for k in range(len(group) - 1, 0, -1):
                if _strong_call(group[:k], group[k - 1], group[k]):
                    split = k
                    break
        out += [group[:split], group[split:]] if split else [group]
    return out


def _paused(before: Spoken, after: Spoken, at_least: float = SENTENCE_GAP_S) -> bool:
    letters = sum(len(t) for t in after.tokens)
    start = max(after.start_s, after.end_s - min(MAX_WORD_S, WORD_BASE_S + letters * LETTER_S))
    return start - before.end_s >= at_least


def _strong_call(words: list[Spoken], before: Spoken, after: Spoken) -> bool:
    """A call of two words or more after a short pause ("and cut"), or of one after a full one: "I said...
    cut" stays a line unless the pause says otherwise."""
    if read_run(words).role != "call":
        return False
    size = sum(len(w.tokens) for w in words)
    return _paused(before, after) if size >= 2 else _paused(before, after, 0.35)


def _slates_joined(groups: list[list[Spoken]]) -> list[list[Spoken]]:
    """A slate read in breaths is one slate: "Twenty-one apple, [pause] two.", and, as a recogniser writes
    it with a full stop after each breath, "Scene 20. [pause] Apple. [pause] Take one." or "20. Apple.",
    whose parts alone are a bare number and a word (dialogue) but which together are nothing but a slate."""
    out: list[list[Spoken]] = []
    for group in groups:
        if out:
            before = read_run(out[-1])
            tokens = [t for w in group for t in w.tokens]
            joined = [t for w in out[-1] + group for t in w.tokens]
            slate = parse_slate(joined)
            continued = (
                before.slate is not None
                and before.slate.take is None
                and tokens
                and (number_at(tokens, 0) is not None or tokens[0] in TAKE_WORDS)
                and slate is not None
            )
            # Joined, every word is the slate's, the run before was no whole slate of its own, and more than
            # numbers say it is one: a setup letter, a scene or take word, a flag ("One two three. Four
            # five six." is counting, not slate 123-456).
            whole = (
                slate is not None
                and slate.start == 0
                and slate.end == len(joined)
                and (before.slate is None or before.slate.take is None)
                and (before.role == "dialogue" or before.slate is not None)
                and (
                    slate.shot is not None
                    or slate.pickup
                    or slate.series
                    or slate.wild_track
                    or slate.mos
                    or any(t in SCENE_WORDS or t in TAKE_WORDS for t in joined)
                )
            )
            if continued or whole:
                out[-1] = out[-1] + group
                continue
        out.append(group)
    return out


def _bracketed(runs: list[Run]) -> list[Run]:
    """What the recogniser heard unsurely before the first sure "action" or after the last sure "cut" is set
    talk (a slate it garbled: "Fail, save, maker"), not lines; words it is sure of stay dialogue."""
    sure = [n for n, r in enumerate(runs) if r.role == "call" and r.confidence >= SURE_CALL]
    actions = [n for n in sure if "action" in runs[n].calls]
    cuts = [n for n in sure if "cut" in runs[n].calls]
    out = list(runs)
    if actions:
        for n in range(actions[0]):
            if out[n].role == "dialogue" and out[n].confidence < UNSURE_LINE:
                out[n] = Run(out[n].words, "call", out[n].calls, out[n].slate)
    if cuts and (not actions or cuts[-1] > actions[-1]):
        for n in range(cuts[-1] + 1, len(out)):
            if out[n].role == "dialogue" and out[n].confidence < UNSURE_LINE:
                out[n] = Run(out[n].words, "call", out[n].calls, out[n].slate)
    if actions and any(r.role == "dialogue" for r in out):
        return out
    return runs  # calls alone: nothing to bracket


def _at(run: Run, where: str) -> Run:
    return Run(run.words, run.role, run.calls, run.slate, where)


def _restarts(runs: list[Run]) -> list[Run]:
    """Calls between lines go only when they start the take again: an end call, then a start call."""
    out = list(runs)
    n = 0
    while n < len(out):
        if out[n].role != "call" or out[n].where:
            n += 1
            continue
        end = n
        while end < len(out) and out[end].role == "call" and not out[end].where:
            end += 1
        names = [c for r in out[n:end] for c in r.calls]
        stops = [i for i, c in enumerate(names) if protocol.BY_NAME[c].restarts]
        starts = [i for i, c in enumerate(names) if protocol.BY_NAME[c].belongs == protocol.BEFORE]
        if stops and starts and max(starts) > min(stops):
            for i in range(n, end):
                out[i] = _at(out[i], "restart")
        n = end
    return out
