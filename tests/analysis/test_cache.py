"""The analysis cache's keys and entries: a file's identity follows its bytes, and an entry reads back what
was written."""

from __future__ import annotations

import math
import os
import shutil

from workprint.engine.analysis.cache import AnalysisCache, media_identity


def _file(path, size: int = 1 << 20) -> None:
    path.write_bytes(bytes(n % 251 for n in range(size)))


def test_a_file_changed_in_place_has_a_new_identity_whatever_its_times_say(tmp_path):
    media = tmp_path / "take.mov"
    _file(media)
    before = media_identity(media)
    assert media_identity(media) == before
    status = os.stat(media)
    # Same size, one byte changed where the identity reads, and the modification time put back as it was
    # (as a copy that keeps times does): only the change time, which no program sets, says it changed.
    with media.open("r+b") as handle:
        handle.seek(status.st_size // 2)
        handle.write(b"\xff")
    os.utime(media, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert os.stat(media).st_mtime_ns == status.st_mtime_ns and os.stat(media).st_size == status.st_size
    assert media_identity(media) != before


def test_the_same_bytes_elsewhere_have_the_same_identity(tmp_path):
    media = tmp_path / "take.mov"
    _file(media)
    moved = tmp_path / "elsewhere" / "renamed.mov"
    moved.parent.mkdir()
    shutil.copy(media, moved)
    assert media_identity(moved) == media_identity(media)
    with moved.open("ab") as handle:
        handle.write(b"\0")
    assert media_identity(moved) != media_identity(media)


def test_an_entry_reads_back_what_was_written_nan_and_infinities_included(tmp_path):
    cache = AnalysisCache(tmp_path)
    written = {"level_db": [-math.inf, -20.5, 0.1 + 0.2], "peak": math.nan, "big": 2**70, "text": "café"}
    cache.put("ab" * 16, "sound", 3, written, params_hash="12345678")
    assert cache.has("ab" * 16, "sound", 3, "12345678")
    read = cache.get("ab" * 16, "sound", 3, "12345678")
    assert read is not None and math.isnan(read.pop("peak"))
    assert read == {k: v for k, v in written.items() if k != "peak"}
    plain = {"speech": [[0.1, 2.25]], "n": 3, "ok": True, "none": None}
    cache.put("cd" * 16, "speech", 2, plain, params_hash="")
    assert cache.get("cd" * 16, "speech", 2, params_hash="") == plain


def test_a_broken_or_missing_entry_reads_as_none(tmp_path):
    cache = AnalysisCache(tmp_path)
    assert cache.get("ab" * 16, "sound", 3, "12345678") is None
    assert not cache.has("ab" * 16, "sound", 3, "12345678")
    cache.put("ab" * 16, "sound", 3, {"a": 1}, params_hash="12345678")
    cache.entry_path("ab" * 16, "sound", 3, "12345678").write_text('{"a": ')
    assert cache.get("ab" * 16, "sound", 3, "12345678") is None
