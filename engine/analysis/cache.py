"""Analysis kept on disk, keyed by what the media is, not where it is.

A file's identity is a hash of its size and a few blocks sampled across it,
so a moved or renamed file still hits, and a file changed in place misses.
Each detector's result is a file of its own, named with its version: a
detector that changes redoes only its own entries.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path

BLOCK = 64 * 1024
SAMPLES = 8
LAYOUT = "v1"


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
    def __init__(self, root: Path) -> None:
        self.root = root / LAYOUT
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def lock(self, identity: str) -> threading.Lock:
        """One analysis of a file at a time: a second job waits, then reads the cache."""
        with self._guard:
            return self._locks.setdefault(identity, threading.Lock())

    def _file(self, identity: str, detector: str, version: int) -> Path:
        return self.root / identity[:2] / identity / f"{detector}.v{version}.json"

    def get(self, identity: str, detector: str, version: int) -> dict | None:
        try:
            return json.loads(self._file(identity, detector, version).read_text())
        except (OSError, ValueError):
            return None

    def put(self, identity: str, detector: str, version: int, result: dict) -> None:
        target = self._file(identity, detector, version)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written whole then renamed: a reader never sees half an entry.
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "w") as out:
            json.dump(result, out, separators=(",", ":"))
        os.replace(temporary, target)

    def get_info(self, identity: str) -> dict | None:
        return self.get(identity, "media", 1)

    def put_info(self, identity: str, info: dict) -> None:
        self.put(identity, "media", 1, info)
