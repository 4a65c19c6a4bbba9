"""Timed words and the plain tokens text is compared by."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Spoken:
    """One word heard, in media seconds."""

    text: str
    start_s: float
    end_s: float
    #: The recogniser's probability of the word (0..1).
    confidence: float = 1.0

    @property
    def tokens(self) -> list[str]:
        return tokens(self.text)


def as_values(words: Sequence[Spoken]) -> list[list]:
    """Each word as plain values (text, start, end, confidence): what names a reading of them when it is kept."""
    return [[w.text, w.start_s, w.end_s, w.confidence] for w in words]


def tokens(text: str) -> list[str]:
    """Lower-case words without punctuation; "Take-3," and "take 3" read alike, "that's" stays one word."""
    return _TOKEN.findall(text.lower().replace("\u2019", "'").replace("-", " "))


def tokenised(words: Sequence[Spoken]) -> list[tuple[str, int]]:
    """Every token of the words in order, each with the index of the word it came from."""
    return [(token, index) for index, word in enumerate(words) for token in word.tokens]


#: A shorter pause still ends a run after a word the recogniser ended a sentence with ("Action! We go").
SENTENCE_GAP_S = 0.15


def utterances(words: Sequence[Spoken], gap_s: float = 0.35) -> list[list[Spoken]]:
    """Words grouped into runs said without a pause of gap_s or more between them (SENTENCE_GAP_S after
    the end of a sentence)."""
    runs: list[list[Spoken]] = []
    for word in words:
        gap = word.start_s - runs[-1][-1].end_s if runs else 0.0
        ended = runs and runs[-1][-1].text.rstrip().endswith((".", "!", "?"))
        if runs and gap < gap_s and not (ended and gap >= SENTENCE_GAP_S):
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def quote(words: Sequence[Spoken]) -> str:
    """The words as said ("Roll sound."), for a reason or a report. A piece a recogniser wrote as a word of
    its own ("Twenty", "-one") is joined to the word before it, as it was said."""
    text = ""
    for piece in (w.text.strip() for w in words):
        if piece:
            text += piece if text and piece.startswith("-") else (" " if text else "") + piece
    return text
