"""Numbers as a recogniser writes them: digits ("12"), words ("twelve", "twenty-three"), ordinals."""

from __future__ import annotations

from collections.abc import Sequence

UNITS = {
    "zero": 0, "oh": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
#: What a recogniser writes for a number said alone ("take to", "take for", "take won").
SOUNDALIKES = {"to": 2, "too": 2, "for": 4, "won": 1, "ate": 8, "tree": 3, "free": 3}


def number_at(tokens: Sequence[str], at: int, soundalikes: bool = False) -> tuple[int, int] | None:
    """The number that starts at tokens[at] and how many tokens it takes, or None.

    "twelve" → 12, "twenty three" → 23, "one hundred and four" → 104, "104" → 104, "3rd" → 3; a string
    of digits said one by one ("one oh four") reads as 104. Soundalikes ("to" for two) only when the
    caller knows a number must come here (after "take").
    """
    if at >= len(tokens):
        return None
    token = tokens[at]
    digits = token.rstrip("stndrh") if token[:1].isdigit() else token
    if digits.isdigit():
        return int(digits), 1
    if token in ORDINALS:
        return ORDINALS[token], 1
    value, used = _spelled(tokens, at)
    if used:
        return value, used
    if soundalikes and token in SOUNDALIKES:
        return SOUNDALIKES[token], 1
    return None


def _spelled(tokens: Sequence[str], at: int) -> tuple[int, int]:
    value = 0
    used = 0
    i = at
    if i < len(tokens) and tokens[i] in TENS:
        value = TENS[tokens[i]]
        i += 1
        if i < len(tokens) and tokens[i] in UNITS and 0 < UNITS[tokens[i]] < 10:
            value += UNITS[tokens[i]]
            i += 1
    elif i < len(tokens) and tokens[i] in UNITS:
        value = UNITS[tokens[i]]
        i += 1
    else:
        return 0, 0
    used = i - at
    if i < len(tokens) and tokens[i] == "hundred" and 0 < value < 10:
        value *= 100
        i += 1
        if i < len(tokens) and tokens[i] == "and":
            i += 1
        rest, more = _spelled(tokens, i)
        if more and rest < 100:
            value += rest
            i += more
        used = i - at
        return value, used
    # Digits said one by one: "one oh four", "two three" (a scene number read off the card).
    single = tokens[at] in UNITS and UNITS[tokens[at]] < 10
    while single and value < 100 and i < len(tokens) and tokens[i] in UNITS and UNITS[tokens[i]] < 10:
        value = value * 10 + UNITS[tokens[i]]
        i += 1
        used = i - at
    return value, used
