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
from functools import lru_cache
from pathlib import Path

import orjson

BLOCK = 64 * 1024
SAMPLES = 8
LAYOUT = "v1"


def default_cache_dir() -> Path:
    """The user's cache folder for Workprint (platform conventions)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("workprint", appauthor=False))


def media_identity(path: Path) -> str:
    """The file's identity: the same bytes, wherever they are, have the same one.

    Worked once per file while it stays as it is: a job over a reel of thousands of takes would otherwise
    read 576 KiB of each at every run. A file stays as it is while its device, inode, size, modification
    time and change time do: writing to a file changes its change time, which no program can set back."""
    status = os.stat(path)
    return _identity_of(
        os.fspath(path), status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns
    )


#: Files whose identity is remembered: a few tens of thousands of short strings.
IDENTITIES = 65536


@lru_cache(maxsize=IDENTITIES)
def _identity_of(path: str, device: int, inode: int, size: int, modified_ns: int, changed_ns: int) -> str:
    digest = hashlib.sha256(str(size).encode())
    with open(path, "rb") as handle:
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
        return Path(self._entry_file(identity, detector, version, params_hash))

    def _entry_file(self, identity: str, detector: str, version: int, params_hash: str | None) -> str:
        # A plain string: a job reads a dozen entries of each of thousands of files, and each path made by
        # pathlib costs as much as reading a small entry.
        params_hash = params_hash if params_hash is not None else self.params_hashes.get(detector)
        suffix = f".{params_hash}" if params_hash else ""
        return os.path.join(self._root, identity[:2], identity, f"{detector}.v{version}{suffix}.json")

    @property
    def _root(self) -> str:
        return os.fspath(self.root)

    def get(self, identity: str, detector: str, version: int, params_hash: str | None = None) -> dict | None:
        try:
            with open(self._entry_file(identity, detector, version, params_hash), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
        try:
            # What orjson refuses and Python's reader takes: NaN and infinities (Python's writer, which writes
            # the entries, lets them through), integers past 64 bits.
            return json.loads(data)
        except ValueError:
            return None

    def has(self, identity: str, detector: str, version: int, params_hash: str | None = None) -> bool:
        """Whether the entry is there (not read: a large entry only a report reads need not be, to know)."""
        return os.path.isfile(self._entry_file(identity, detector, version, params_hash))

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
