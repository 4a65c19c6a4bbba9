"""The analysing process's heap: kept for the next chunk while it works, given back while it waits."""

from __future__ import annotations

import sys

import numpy as np
import psutil
import pytest

from workprint.engine.analysis.memory import give_back_free_memory, keep_large_blocks_out_of_the_heap


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_a_waiting_process_gives_the_heap_s_free_pages_back():
    keep_large_blocks_out_of_the_heap()  # as an analysis does: freed blocks stay in the heap for reuse
    rss = psutil.Process().memory_info
    # Blocks the size of a chunk's small tensors, every other one let go: free pages amid ones in use, which
    # the heap keeps however long the process waits unless they are given back.
    blocks = [np.ones(64 * 1024 // 8) for _ in range(4000)]
    del blocks[::2]
    before = rss().rss
    assert give_back_free_memory()
    after = rss().rss
    assert before - after > 64 * 1024 * 1024, f"{(before - after) / 2**20:.0f} MB given back of the 125 MB let go"
    assert all(float(b[-1]) == 1.0 for b in blocks)  # what is still in use is untouched
