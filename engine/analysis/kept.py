"""Values worked from a file's analysis, kept in the analysis cache beside it: worked once per file, not
once per job.

What a job works from a cached analysis (the reading of a take's words, the costliest) it used to work
again at every job, for every file: nothing for a cut of a few takes, most of a cached job over a reel of
thousands. A kept value lives in the file's folder of the cache (`<entry>.v<version>.<hash>.json`), named
by a hash of what went into it and of the code that worked it, so a change to either works it again: a
kept value is always the one the code would give now.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable, Iterable
from importlib import metadata, resources
from typing import Any, TypeVar

import orjson

from workprint.engine.analysis.cache import AnalysisCache

T = TypeVar("T")

log = logging.getLogger(__name__)


class KeptValues:
    """Values kept in `cache`, each under its file's identity."""

    def __init__(self, cache: AnalysisCache) -> None:
        self.cache = cache

    def value(
        self,
        identity: str,
        entry: str,
        version: int,
        inputs: Any,
        work: Callable[[], T],
        to_json: Callable[[T], dict],
        from_json: Callable[[dict], T],
    ) -> T:
        """The value `work` gives for `inputs` (JSON-shaped: with the code's hash, they name it), read back
        when kept; worked and kept when not (or when what is kept cannot be read)."""
        key = hashlib.sha256(orjson.dumps(inputs)).hexdigest()[:16]
        kept = self.cache.get(identity, entry, version, key)
        if kept is not None:
            try:
                return from_json(kept)
            except (IndexError, KeyError, TypeError, ValueError):
                pass  # written by a broken run: worked again, and kept again
        made = work()
        try:
            self.cache.put(identity, entry, version, to_json(made), key)
        except OSError as exc:
            # A cache the engine may read but not write (a shared one, a full disk): the job goes on, and
            # the next works it again.
            log.warning("could not keep %s of %s in the cache (%s)", entry, identity, exc)
        return made


def source_hash(sources: Iterable[tuple[str, str | None]]) -> str:
    """A hash of the code that works a value: each (package, file) given, or every module of the package
    for a file of None; and the installed release (an install without its sources still changes with it)."""
    digest = hashlib.sha256()
    # Run from a checkout, not installed: its sources say it all.
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(metadata.version("workprint").encode())
    for package, name in sources:
        folder = resources.files(package)
        files = [folder / name] if name else sorted(folder.iterdir(), key=lambda f: f.name)
        for source in files:
            if source.name.endswith(".py"):
                digest.update(source.name.encode())
                digest.update(source.read_bytes())
    return digest.hexdigest()
