"""Keeping the analysing process's memory flat over long media.

Every chunk makes and frees tensors of tens of MB. glibc's malloc raises its
mmap threshold each time such a block is freed, after which those blocks come
from the heap instead, and the heap fragments: resident memory then grows with
the length of the media (measured: 3.8 GB after ten minutes of 1080p). A fixed
threshold sends every larger block to mmap and back to the system when freed.

Each mmap'd block costs a page fault per 4 KiB the first time it is touched, and
glibc, its threshold fixed, also gives the top of its heap back to the system
whenever 128 KiB of it are free, only to fault it in again at the next chunk:
TransNetV2's activations (tens of MB a window) and the chunks' tensors made that
a quarter to a third of the analysis's CPU time, spent in the kernel (measured on
cut-dense media: 2.3 million page faults for 16 s of picture). So the threshold is
glibc's largest (32 MB, above every tensor a chunk or a single window makes), the
heap keeps up to 256 MB free at its top and grows 64 MB at a time: blocks are
reused instead of faulted in, and resident memory stays flat (the heap's free
blocks are the same few sizes chunk after chunk, so they do not fragment).

What that keeps for the next chunk is kept for nothing once a process waits with
no file to analyse: `give_back_free_memory` returns the heaps' free pages to the
system then (measured after a minute of 1080p: 1,372 MB resident, 1,111 MB after).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import sys

log = logging.getLogger("workprint.analysis")

#: mallopt's parameter numbers (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
#: glibc's largest mmap threshold on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX).
THRESHOLD_BYTES = 32 * 1024 * 1024
TRIM_BYTES = 256 * 1024 * 1024
TOP_PAD_BYTES = 64 * 1024 * 1024

_done = False


@functools.cache
def _libc() -> ctypes.CDLL | None:
    # Found once: find_library runs `ldconfig -p` in a process of its own each time it is asked.
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def keep_large_blocks_out_of_the_heap() -> None:
    """Once per process; nothing to do where the C library is not glibc."""
    global _done
    if _done or not sys.platform.startswith("linux"):
        return
    _done = True
    libc = _libc()
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:
        return  # musl and others: no mallopt
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    for name, number, value in (
        ("M_MMAP_THRESHOLD", _M_MMAP_THRESHOLD, THRESHOLD_BYTES),
        ("M_TRIM_THRESHOLD", _M_TRIM_THRESHOLD, TRIM_BYTES),
        ("M_TOP_PAD", _M_TOP_PAD, TOP_PAD_BYTES),
    ):
        if not mallopt(number, value):
            log.debug("mallopt(%s) was refused; memory may grow with long media, or fault more", name)


def give_back_free_memory() -> bool:
    """Return the free pages of every heap (each thread's arena too) to the system: malloc_trim(0). True where
    the C library has it (glibc) and gave any back; the next allocations fault their pages in again, so
    this is for a process that has stopped working for a while, not between chunks."""
    if not sys.platform.startswith("linux"):
        return False
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is None:
        return False
    trim.argtypes = [ctypes.c_size_t]
    return bool(trim(0))
