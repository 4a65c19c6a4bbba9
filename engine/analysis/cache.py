"""Analysis kept on disk, keyed by what the media is, not where it is.

A file's identity is a hash of its size and a few blocks sampled across it,
so a moved or renamed file still hits, and a file changed in place misses.
Each detector's result is a file of its own, named with its version and a
short hash of its parameters: a detector whose code or tuning changes redoes
only its own entries.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

BLOCK = 64 * 1024
SAMPLES = 8
LAYOUT = "v1"


def default_cache_dir() -> Path:
    """The user's cache folder for Workprint (platform conventions)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("workprint", appauthor=False))


def media_identity(path: Path) -> str:
    size = path.stat().st_size
    digest = hashlib.sha256(str(size).encode())
    with path.open("rb") as handle:
        offsets = {0, max(0, size - BLOCK)} | {size * k // SAMPLES for k in range(1, SAMPLES)}
        for offset in sorted(offsets):
            handle.seek(offset)
            digest.update(handle.read(BLOCK))
    return digest.hexdigest()[:32]


class AnalysisCache:
    def __init__(self, root: Path, params_hashes: Mapping[str, str] | None = None) -> None:
        self.root = root / LAYOUT
        #: Detector name -> the hash of the parameters it runs with here: the entry read when a caller
        #: names a detector and version only (the analyser that owns this cache sets it).
        self.params_hashes: dict[str, str] = dict(params_hashes or {})
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, identity: str) -> threading.Lock:
        """One analysis of a file at a time: a second job waits, then reads the cache."""
        with self._guard:
            return self._locks.setdefault(identity, threading.Lock())

    def entry_path(self, identity: str, detector: str, version: int, params_hash: str | None = None) -> Path:
        """Where an entry lives: `<detector>.v<version>.<params hash>.json` (no hash: the media's own facts)."""
        params_hash = params_hash if params_hash is not None else self.params_hashes.get(detector)
        suffix = f".{params_hash}" if params_hash else ""
        return self.root / identity[:2] / identity / f"{detector}.v{version}{suffix}.json"

    def get(self, identity: str, detector: str, version: int, params_hash: str | None = None) -> dict | None:
        try:
            return json.loads(self.entry_path(identity, detector, version, params_hash).read_text())
        except (OSError, ValueError):
            return None

    def put(self, identity: str, detector: str, version: int, result: dict, params_hash: str | None = None) -> None:
        target = self.entry_path(identity, detector, version, params_hash)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written whole then renamed: a reader never sees half an entry.
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "w") as out:
            json.dump(result, out, separators=(",", ":"))
        os.replace(temporary, target)

    def get_info(self, identity: str) -> dict | None:
        return self.get(identity, "media", 1, params_hash="")

    def put_info(self, identity: str, info: dict) -> None:
        self.put(identity, "media", 1, info, params_hash="")
