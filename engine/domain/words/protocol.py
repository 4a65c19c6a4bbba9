"""The calls of set protocol, as a recogniser writes them, and where each belongs in a take.

A take on set runs: "roll sound" / "speed" / "rolling" / "camera set", the slate ("scene 12 apple
take 3", "mark it", "marker", "second sticks" when the first clap was missed), "background action",
"and... action", the performance, "cut", then "reset", "back to one", "going again", "check the gate",
"that's a wrap". A recogniser spells them its own way ("role sound", "speeds", "axion"): a phrase
matches a run of tokens within a small edit distance. Only a run made of nothing but calls, slate
words and hesitations is a call; a line of dialogue that merely contains "cut" or "action" is dialogue.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

#: Where a call belongs: before the performance, after it, or either side.
BEFORE = "before"
AFTER = "after"
EITHER = "either"


@dataclass(frozen=True)
class Call:
    name: str
    #: Ways it is said, as tokens (the first is how a reason writes it).
    phrases: tuple[tuple[str, ...], ...]
    belongs: str
    #: Said between two performances in one file, it means the take starts again.
    restarts: bool = False


def _phrases(*texts: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(text.split()) for text in texts)


CALLS: tuple[Call, ...] = (
    Call("roll sound", _phrases("roll sound", "rolling sound", "sound rolling", "roll sound please"), BEFORE),
    Call("speed", _phrases("speed", "sound speed", "at speed", "speeding"), BEFORE),
    Call(
        "roll camera",
        _phrases("roll camera", "camera rolling", "rolling", "roll it", "turn over", "turning over"),
        BEFORE,
    ),
    Call("camera set", _phrases("camera set", "set", "camera speed"), BEFORE),
    Call(
        "mark it",
        _phrases(
            "mark it",
            "mark",
            "marker",
            "marking",
            "mark please",
            "slate it",
            "sticks",
            "end board",
            "tail slate",
            "tail sticks",
            "end sticks",
        ),
        EITHER,
    ),
    Call("second sticks", _phrases("second sticks", "second marker", "second mark", "sticks again"), BEFORE),
    Call("background action", _phrases("background action", "background", "extras action"), BEFORE),
    Call("action", _phrases("action", "and action", "aaand action", "and"), BEFORE),
    Call("cut", _phrases("cut", "and cut", "cut cut", "cut it"), AFTER, restarts=True),
    Call("reset", _phrases("reset", "resetting", "reset please", "reset to one", "resets"), AFTER, restarts=True),
    Call(
        "back to one",
        _phrases("back to one", "back to first positions", "back to first position", "back to ones", "first positions"),
        AFTER,
        restarts=True,
    ),
    Call(
        "going again",
        _phrases(
            "going again",
            "go again",
            "we're going again",
            "let's go again",
            "again",
            "once more",
            "one more",
            "from the top",
            "pick it up",
        ),
        AFTER,
        restarts=True,
    ),
    Call("check the gate", _phrases("check the gate", "check gate", "gate check", "checking the gate"), AFTER),
    Call(
        "that's a wrap",
        _phrases("that's a wrap", "it's a wrap", "that is a wrap", "wrap", "moving on", "we're moving on"),
        AFTER,
    ),
    Call(
        "thank you",
        _phrases(
            "thank you",
            "thanks",
            "thank you everyone",
            "good",
            "very good",
            "great",
            "lovely",
            "okay",
            "ok",
            "alright",
            "all right",
        ),
        AFTER,
    ),
)
BY_NAME = {call.name: call for call in CALLS}

#: Hesitations that may sit inside a run of calls ("uh, action") without making it dialogue.
FILLERS = frozenset({"um", "uh", "uhm", "umm", "er", "erm", "ah", "hmm", "mm", "eh", "oh"})
#: Filled pauses, as the trims' filler kind removes them: only sounds that are never a word of a line
#: ("oh", "ah" and "eh" are, often: "Oh, you came").
FILLED_PAUSES = frozenset({"um", "umm", "uhm", "uh", "uhh", "er", "erm", "hmm", "hm", "mm", "mmm"})
#: Words an actor says off the script when a take breaks down.
BREAKDOWN = frozenset({"sorry", "line", "again", "hold", "wait", "shit", "dammit", "damn", "sec", "moment"})
#: How alike (0..1, difflib's ratio of the letters) a run of tokens and a phrase must be to match.
SAME_PHRASE = 0.8
#: Calls so short or so common in dialogue ("Thank you.", "Good.", "Again?") that they count only exactly,
#: and make a run a call only beside a call that is not weak, or a slate.
WEAK = frozenset(
    {("and",), ("set",), ("again",), ("background",), ("one", "more"), ("pick", "it", "up"), ("once", "more")}
    | set(BY_NAME["thank you"].phrases)
)


@dataclass(frozen=True)
class Match:
    call: Call
    #: The tokens it covers: [start, end).
    start: int
    end: int
    #: How close the tokens are to the phrase (1.0: exactly).
    likeness: float
    weak: bool = False


def match_at(tokens: Sequence[str], at: int) -> Match | None:
    """The call that starts at tokens[at], longest phrase first; None when none does."""
    found: list[tuple[int, float]] = []
    for n in _lengths():
        if at + n <= len(tokens):
            found += _alike(tuple(tokens[at : at + n]))
    # In the phrases' own order, so that of two as long and as alike the first still wins.
    found.sort()
    best: Match | None = None
    phrases = _every_phrase()
    for index, likeness in found:
        call, phrase, _, weak, _ = phrases[index]
        n = len(phrase)
        candidate = Match(call, at, at + n, likeness, weak)
        if best is None or (n, likeness) > (best.end - best.start, best.likeness):
            best = candidate
    return best


@lru_cache(maxsize=65536)
def _alike(said: tuple[str, ...]) -> tuple[tuple[int, float], ...]:
    """The phrases of as many tokens as `said` that it may be (by their place in `_every_phrase`), each with
    how alike they are. Remembered: a take says "I", "you know", "and" again and again, and each run was
    compared with every phrase of its length each time."""
    text = " ".join(said)
    out = []
    for index in _of_length().get(len(said), ()):
        _, phrase, phrase_text, weak, spelled = _every_phrase()[index]
        if said == phrase:
            likeness = 1.0
        else:
            # _likeness's first bound, here: most phrases are too long or too short to be what was said,
            # and those with no other spelling are then no match whatever their length (see _likeness).
            if not spelled and 2.0 * min(len(text), len(phrase_text)) / (len(text) + len(phrase_text)) < SAME_PHRASE:
                continue
            likeness = _likeness(text, phrase_text)
        if weak and likeness < 1.0:
            continue
        if likeness < SAME_PHRASE:
            continue
        out.append((index, likeness))
    return tuple(out)


@cache
def _of_length() -> dict[int, tuple[int, ...]]:
    """The phrases' places in `_every_phrase` by their number of tokens (read only once made)."""
    by: dict[int, list[int]] = {}
    for index, (_, phrase, _, _, _) in enumerate(_every_phrase()):
        by.setdefault(len(phrase), []).append(index)
    return {n: tuple(places) for n, places in by.items()}


@cache
def _lengths() -> tuple[int, ...]:
    return tuple(sorted(_of_length()))


@cache
def _every_phrase() -> tuple[tuple[Call, tuple[str, ...], str, bool, bool], ...]:
    """Every call's phrases in order, each with its text, whether it is weak and whether a recogniser has
    other spellings of it: made once, read by every token of every take."""
    return tuple(
        (call, phrase, text, phrase in WEAK, bool(_SPELLINGS.get(text)))
        for call in CALLS
        for phrase in call.phrases
        for text in (" ".join(phrase),)
    )


def _likeness(said: str, phrase: str) -> float:
    # Short words need to match exactly: "cat" is not "cut", "sped" not "speed" is fine at 0.8.
    if len(phrase) <= 4:
        return 1.0 if said == phrase or said in _SPELLINGS.get(phrase, ()) else 0.0
    if said in _SPELLINGS.get(phrase, ()):
        return 0.95
    # Most runs are nothing like the phrase: upper bounds of difflib's ratio say so without the full
    # comparison (below SAME_PHRASE the value returned is such a bound; only "no match" is read from it).
    # The first is difflib's real_quick_ratio, from the lengths alone, before a matcher is built.
    bound = 2.0 * min(len(said), len(phrase)) / (len(said) + len(phrase))
    if bound < SAME_PHRASE:
        return bound
    # The second is difflib's quick_ratio, the letters both hold whatever their order, with the phrase's
    # letters counted once (a matcher built per comparison indexes the phrase every time).
    letters = _letters(phrase)
    shared = sum(min(count, letters.get(letter, 0)) for letter, count in _said_letters(said).items())
    bound = 2.0 * shared / (len(said) + len(phrase))
    if bound < SAME_PHRASE:
        return bound
    return difflib.SequenceMatcher(None, said, phrase).ratio()


@cache
def _letters(phrase: str) -> Counter[str]:
    # Only the calls' own phrases, a few hundred: read-only once made, safe across threads.
    return Counter(phrase)


@lru_cache(maxsize=4096)
def _said_letters(said: str) -> Counter[str]:
    # A run is compared with every phrase of its length, and the same words recur through a take.
    return Counter(said)


#: Ways a recogniser writes the short calls, heard on real sets and from Whisper.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "cut": ("cuts", "cutt", "cup"),
    "mark": ("marc", "marks", "mac"),
    "set": ("sat",),
    "speed": ("speeds", "sped", "spied", "spead"),
    "action": ("actions", "axion", "akshun", "auction", "ection"),
    "and action": ("an action", "in action", "and actions", "and auction"),
    "roll sound": ("role sound", "rolls sound", "roll sounds", "rolled sound", "rollsound"),
    "rolling": ("roling", "rolling in", "roll in"),
    "marker": ("marcar", "mark her", "market"),
    "reset": ("re set", "resets"),
    "mark it": ("market", "mark that", "marked"),
}
