"""Python's cycle collector held off while a job builds a long timeline.

A job on a cut of thousands of clips makes hundreds of thousands of small objects that live until it
ends (the timeline's clips, their pieces' JSON, the notes), and none of them in reference cycles:
reference counting frees them. The cycle collector, though, walks every live object each time enough
new ones have been made, so its cost grew with the timeline: a fifth of a 10,000-clip suggest-trims run.
It is held off while a job reads cached analyses, and while it edits and writes (not while it analyses
a file), and runs again after (a job that fails on the way frees its objects the same way).
Process-wide, so while one job holds it, others on the engine's threads (an analysis) run without it
too: they make few Python objects, and none in cycles.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holding = 0
_was_enabled = True


@contextmanager
def held_off() -> Iterator[None]:
    """The cycle collector off until the last job holding it off ends; as it was before, after."""
    global _holding, _was_enabled
    with _lock:
        if _holding == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holding += 1
    try:
        yield
    finally:
        with _lock:
            _holding -= 1
            if _holding == 0 and _was_enabled:
                gc.enable()
