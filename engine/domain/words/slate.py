"""A spoken slate read: "scene 12 apple take 3", "12A take three", "twelve baker, three", and its flags.

The second assistant reads the slate aloud at the head of a take (or at its end, after "cut", for a
tail slate): scene number, setup letter (said as a phonetic word: apple, baker, charlie... or the NATO
alfa, bravo...), take number, and sometimes "pickup", "series", "wild track" (sound only) or "MOS"
(picture only, no sound). Setup letters I and O are usually skipped on set; they are read anyway.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from workprint.engine.domain.words.numbers import number_at

#: Phonetic words for setup letters: the film set's own (apple, baker...), the NATO alphabet, and the
#: spellings a recogniser writes for them.
LETTERS: dict[str, str] = {
    **dict.fromkeys(("a", "apple", "adam", "alpha", "alfa", "able"), "A"),
    **dict.fromkeys(("b", "baker", "bravo", "boy", "bee", "be"), "B"),
    **dict.fromkeys(("c", "charlie", "charley", "cee", "see", "sea"), "C"),
    **dict.fromkeys(("d", "david", "delta", "dog", "dee"), "D"),
    **dict.fromkeys(("e", "echo", "easy", "edward"), "E"),
    **dict.fromkeys(("f", "frank", "foxtrot", "fox", "freddie"), "F"),
    **dict.fromkeys(("g", "george", "golf", "gee"), "G"),
    **dict.fromkeys(("h", "henry", "hotel", "harry"), "H"),
    **dict.fromkeys(("i", "india", "ida", "item"), "I"),
    **dict.fromkeys(("j", "john", "juliet", "jack", "jay"), "J"),
    **dict.fromkeys(("k", "king", "kilo", "kay"), "K"),
    **dict.fromkeys(("l", "lincoln", "lima", "love", "london"), "L"),
    **dict.fromkeys(("m", "mary", "mike", "mother"), "M"),
    **dict.fromkeys(("n", "nora", "november", "nancy", "nan"), "N"),
    **dict.fromkeys(("o", "ocean", "oscar", "oboe"), "O"),
    **dict.fromkeys(("p", "peter", "papa", "pea", "pee"), "P"),
    **dict.fromkeys(("q", "queen", "quebec", "queue"), "Q"),
    **dict.fromkeys(("r", "robert", "romeo", "roger"), "R"),
    **dict.fromkeys(("s", "sam", "sierra", "sugar"), "S"),
    **dict.fromkeys(("t", "tom", "tango", "tommy", "tea"), "T"),
    **dict.fromkeys(("u", "union", "uniform", "uncle"), "U"),
    **dict.fromkeys(("v", "victor", "vee"), "V"),
    **dict.fromkeys(("w", "william", "whiskey", "whisky"), "W"),
    **dict.fromkeys(("x", "xray", "x-ray"), "X"),
    **dict.fromkeys(("y", "young", "yankee", "yoke"), "Y"),
    **dict.fromkeys(("z", "zebra", "zulu"), "Z"),
}
SCENE_WORDS = frozenset({"scene", "seen", "scenes", "sc", "slate", "board"})
TAKE_WORDS = frozenset({"take", "takes", "tk", "tape", "tech", "tick"})
#: Words a slate may hold that say nothing of its numbers.
FILLER_WORDS = frozenset({"and", "uh", "um", "er", "number", "the", "is", "this", "on", "camera", "cam", "sound"})


@dataclass(frozen=True)
class SpokenSlate:
    scene: str | None = None
    shot: str | None = None
    take: int | None = None
    pickup: bool = False
    series: bool = False
    wild_track: bool = False
    mos: bool = False
    #: Read at the end of the take (after "cut"), or said as a tail slate ("tail slate", "end board").
    tail: bool = False
    #: The tokens it was read from: [start, end).
    start: int = 0
    end: int = 0

    @property
    def label(self) -> str:
        """As a log writes it: "12A-3", "12A", "-3"; with its flags ("12A-3 PU")."""
        text = f"{self.scene or ''}{self.shot or ''}" + (f"-{self.take}" if self.take is not None else "")
        flags = [f for f, on in (("PU", self.pickup), ("SER", self.series), ("WT", self.wild_track)) if on]
        flags += ["MOS"] if self.mos else []
        return " ".join([text, *flags]).strip()

    @property
    def numbers(self) -> bool:
        return self.scene is not None or self.take is not None


def parse_slate(tokens: Sequence[str], after_cut: bool = False) -> SpokenSlate | None:
    """The slate in a run of tokens (the first one found), or None.

    A bare number is not a slate ("three" is a line of dialogue); a slate needs a scene or take word, a
    setup letter after a number ("twelve baker, three"), or a flag (MOS, wild track, pickup, series).
    """
    found = _scan(list(tokens))
    if found is None:
        return None
    scene, shot, take, flags, start, end, anchored = found
    if not anchored:
        return None
    return SpokenSlate(
        scene=scene,
        shot=shot,
        take=take,
        pickup="pickup" in flags,
        series="series" in flags,
        wild_track="wild" in flags,
        mos="mos" in flags,
        tail=after_cut or "tail" in flags,
        start=start,
        end=end,
    )


def _flag(tokens: list[str], i: int) -> tuple[str, int] | None:
    """A slate flag at tokens[i]: its name and length."""
    t = tokens[i]
    two = " ".join(tokens[i : i + 2])
    three = " ".join(tokens[i : i + 3])
    if t in ("pickup", "pu", "pickups") or two == "pick up":
        return "pickup", 1 if t != "pick" else 2
    if t in ("series", "serious"):
        return "series", 1
    if two in ("wild track", "wild tracks", "wildtrack") or t in ("wildtrack",):
        return "wild", 2 if " " in two and two.startswith("wild") else 1
    if t in ("mos", "moss", "mose", "m.o.s") or three == "m o s":
        return "mos", 3 if three == "m o s" else 1
    if two in ("tail slate", "end board", "tail sticks", "end sticks", "tail board") or t in ("tail", "endboard"):
        return "tail", 2 if two.split()[0] in ("tail", "end") and len(two.split()) == 2 else 1
    return None


def _scan(tokens: list[str]):
    scene: str | None = None
    shot: str | None = None
    take: int | None = None
    flags: set[str] = set()
    start: int | None = None
    end = 0
    anchored = False
    i = 0
    expecting_take = False
    while i < len(tokens):
        token = tokens[i]
        flag = _flag(tokens, i)
        if flag is not None:
            flags.add(flag[0])
            anchored = True
            start = i if start is None else start
            i += flag[1]
            end = i
            continue
        if token in SCENE_WORDS:
            start = i if start is None else start
            i += 1
            number = number_at(tokens, i)
            if number is not None:
                scene = str(number[0])
                i += number[1]
                anchored = True
                i, shot = _letter_after(tokens, i, shot)
                end = i
                # A bare number after the setup ("twelve baker, three") is its take.
                expecting_take = True
            continue
        if token in TAKE_WORDS:
            start = i if start is None else start
            number = number_at(tokens, i + 1, soundalikes=True)
            if number is not None:
                take = number[0]
                i += 1 + number[1]
                end = i
                anchored = True
                expecting_take = False
                continue
            i += 1
            continue
        attached = _attached(token)
        if attached is not None and scene is None:
            # "12a" or "12b" as one token.
            scene, shot = attached
            start = i if start is None else start
            i += 1
            end = i
            anchored = True
            expecting_take = True
            continue
        number = number_at(tokens, i)
        if number is not None:
            if scene is None and take is None:
                after, letter = _letter_after(tokens, i + number[1], None)
                if letter is not None:
                    scene, shot = str(number[0]), letter
                    start = i if start is None else start
                    i = after
                    end = i
                    anchored = True
                    expecting_take = True
                    continue
                scene = str(number[0])  # a bare number: a scene only if a take or flag follows
                start = i if start is None else start
                i += number[1]
                end = i
                expecting_take = True
                continue
            if expecting_take and take is None:
                take = number[0]
                i += number[1]
                end = i
                anchored = anchored or scene is not None
                expecting_take = False
                continue
        if token in FILLER_WORDS:
            i += 1
            continue
        if start is not None:
            break  # the slate is over: what follows is something else
        i += 1
    if start is None:
        return None
    if take is None and not anchored and scene is not None:
        return None
    return scene, shot, take, flags, start, end, anchored


def _letter_after(tokens: list[str], i: int, shot: str | None) -> tuple[int, str | None]:
    if i < len(tokens) and tokens[i] in LETTERS:
        # Right after a number, "a", "be" or "see" are letters: "scene twelve a take three".
        return i + 1, LETTERS[tokens[i]]
    if i < len(tokens) and len(tokens[i]) >= 5:
        # Right after a number, a word one letter off a phonetic word is that word misheard ("maker").
        near = difflib.get_close_matches(tokens[i], _PHONETIC, n=1, cutoff=0.8)
        if near:
            return i + 1, LETTERS[near[0]]
    return i, shot


#: The phonetic words long enough to be told when misheard.
_PHONETIC = [word for word in LETTERS if len(word) >= 5]


def _attached(token: str) -> tuple[str, str] | None:
    digits = token.rstrip("abcdefghijklmnopqrstuvwxyz")
    letters = token[len(digits) :]
    if digits.isdigit() and len(letters) in (1, 2) and letters not in ("st", "nd", "rd", "th"):
        return str(int(digits)), letters.upper()
    return None
