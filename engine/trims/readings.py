"""Each file's reading of its words for trims (`heard.split_speech`), kept beside its analysis
(`analysis.kept`).

Reading a take's words is the costliest step of a cached job per file: 15 ms for a take of 180 words,
80 ms for 720, against a few tenths of a millisecond to read it back. A reel of thousands of takes paid
that at every job (the few hundred files kept in memory do not hold a reel), and again after every
engine start.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from workprint.engine.analysis.kept import KeptValues, source_hash
from workprint.engine.domain.spans import Span
from workprint.engine.domain.words.tokens import Spoken, as_values
from workprint.engine.trims.heard import Heard, split_speech

#: The cache entry's name (`reading.v<VERSION>.<hash>.json` in the file's folder of the cache).
ENTRY = "reading"
VERSION = 1

ReadWords = Callable[[tuple[Span, ...], tuple[Spoken, ...], tuple[Span, ...], tuple[Span, ...]], Heard]


class KeptReadings:
    """Readings kept with `kept` (the job's cache), each under its file's identity."""

    def __init__(self, kept: KeptValues) -> None:
        self.kept = kept

    def reader(self, identity: str | None) -> ReadWords | None:
        """What reads the words of the file `identity` names, kept; None for a file with no identity (an
        analysis not read from the cache): its words are read in the job."""
        if identity is None:
            return None

        def read(
            speech: tuple[Span, ...], words: tuple[Spoken, ...], level_calls: tuple[Span, ...], marks: tuple[Span, ...]
        ) -> Heard:
            inputs = [
                reading_code(),
                [[s.start, s.end] for s in speech],
                as_values(words),
                [[s.start, s.end] for s in level_calls],
                [[s.start, s.end] for s in marks],
            ]
            return self.kept.value(
                identity,
                ENTRY,
                VERSION,
                inputs,
                lambda: split_speech(list(speech), words, list(level_calls), list(marks)),
                Heard.to_json,
                Heard.from_json,
            )

        return read


@cache
def reading_code() -> str:
    """A hash of the code whose every line can change a reading (worked once a process): the words' reading
    and the split of speech by it."""
    return source_hash(
        [
            ("workprint.engine.domain.words", None),
            ("workprint.engine.domain", "spans.py"),
            ("workprint.engine.domain", "span_index.py"),
            ("workprint.engine.trims", "heard.py"),
        ]
    )
