"""Keeping the analysing process's memory flat over long media.

Every chunk makes and frees tensors of tens of MB. glibc's malloc raises its
mmap threshold each time such a block is freed, after which those blocks come
from the heap instead, and the heap fragments: resident memory then grows with
the length of the media (measured: 3.8 GB after ten minutes of 1080p). A fixed
threshold sends every block of 8 MB or more to mmap and back to the system when
freed, at no measurable cost in speed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger("workprint.analysis")

#: mallopt's parameter number for the mmap threshold (malloc.h).
_M_MMAP_THRESHOLD = -3
THRESHOLD_BYTES = 8 * 1024 * 1024

_done = False


def keep_large_blocks_out_of_the_heap() -> None:
    """Once per process; nothing to do where the C library is not glibc."""
    global _done
    if _done or not sys.platform.startswith("linux"):
        return
    _done = True
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return  # musl and others: no mallopt
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    if not mallopt(_M_MMAP_THRESHOLD, THRESHOLD_BYTES):
        log.debug("mallopt(M_MMAP_THRESHOLD) was refused; memory may grow with long media")
