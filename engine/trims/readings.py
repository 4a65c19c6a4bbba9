"""Each file's reading of its words (`heard.split_speech`), kept in the analysis cache beside its analysis.

Reading a take's words is the costliest step of a cached job per file: 15 ms for a take of 180 words,
80 ms for 720, against a few tenths of a millisecond to read it back. A reel of thousands of takes paid
that at every job (the few hundred files kept in memory do not hold a reel), and again after every
engine start. The reading is kept under the file's identity, named by a hash of what goes into it (the
speech, the words, the calls the levels tell) and of the code that reads them: any change to either
reads the words again, so a kept reading is always the one the code would give now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from importlib import resources

import orjson

from workprint.engine.analysis.cache import AnalysisCache
from workprint.engine.domain.spans import Span
from workprint.engine.domain.words.tokens import Spoken
from workprint.engine.trims.heard import Heard, split_speech

#: The cache entry's name (`reading.v<VERSION>.<hash>.json` in the file's folder of the cache).
ENTRY = "reading"
VERSION = 1

#: The code whose every line can change a reading: the words' reading and the split of speech by it.
_READING_CODE = (
    ("workprint.engine.domain.words", None),
    ("workprint.engine.domain", "spans.py"),
    ("workprint.engine.domain", "span_index.py"),
    ("workprint.engine.trims", "heard.py"),
)

ReadWords = Callable[[tuple[Span, ...], tuple[Spoken, ...], tuple[Span, ...]], Heard]


class KeptReadings:
    """Readings kept in `cache`, each under its file's identity."""

    def __init__(self, cache: AnalysisCache) -> None:
        self.cache = cache

    def reader(self, identity: str | None) -> ReadWords | None:
        """What reads the words of the file `identity` names, kept; None for a file with no identity (an
        analysis not read from the cache): its words are read in the job."""
        if identity is None:
            return None

        def read(speech: tuple[Span, ...], words: tuple[Spoken, ...], level_calls: tuple[Span, ...]) -> Heard:
            key = _inputs_hash(speech, words, level_calls)
            kept = self.cache.get(identity, ENTRY, VERSION, key)
            if kept is not None:
                try:
                    return Heard.from_json(kept)
                except (KeyError, TypeError, ValueError):
                    pass  # written by a broken run: read again, and kept again
            heard = split_speech(list(speech), words, list(level_calls))
            self.cache.put(identity, ENTRY, VERSION, heard.to_json(), key)
            return heard

        return read


def _inputs_hash(speech: tuple[Span, ...], words: tuple[Spoken, ...], level_calls: tuple[Span, ...]) -> str:
    inputs = orjson.dumps(
        [
            reading_code(),
            [[s.start, s.end] for s in speech],
            [[w.text, w.start_s, w.end_s, w.confidence] for w in words],
            [[s.start, s.end] for s in level_calls],
        ]
    )
    return hashlib.sha256(inputs).hexdigest()[:16]


@cache
def reading_code() -> str:
    """A hash of the reading's own source files, worked once a process."""
    digest = hashlib.sha256()
    for package, name in _READING_CODE:
        folder = resources.files(package)
        files = [folder / name] if name else sorted(folder.iterdir(), key=lambda f: f.name)
        for source in files:
            if source.name.endswith(".py"):
                digest.update(source.name.encode())
                digest.update(source.read_bytes())
    return digest.hexdigest()
