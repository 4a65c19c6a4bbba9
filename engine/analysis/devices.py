"""Whether a CUDA device is there, asked of the NVIDIA driver itself (no torch): what `engine info` says an
engine that has not analysed yet will use."""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def cuda_present() -> bool:
    """True when the driver's library loads, starts, and counts at least one device (CUDA_VISIBLE_DEVICES
    honoured: the driver reads it). torch asks the same driver when the analyser starts; only a torch built
    without CUDA would answer otherwise, and the analyser's own choice is what `engine info` reports then."""
    name = ctypes.util.find_library("cuda") or "libcuda.so.1"
    try:
        driver = ctypes.CDLL(name)
    except OSError:
        return False
    count = ctypes.c_int(0)
    try:
        if driver.cuInit(0) != 0 or driver.cuDeviceGetCount(ctypes.byref(count)) != 0:
            return False
    except AttributeError:
        return False
    return count.value > 0
