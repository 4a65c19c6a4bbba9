"""Decoding ahead: the decoder starts when the prefetch is made (before the first chunk is asked for, so
models load while it decodes), holds at most its depth, hands its errors on, and stops when closed."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from workprint.engine.analysis.decode import Chunk, Prefetched


def _chunk(n: int) -> Chunk:
    return Chunk(np.zeros((1, 270, 320), np.uint8), np.array([n / 24]), n, np.zeros(0, np.float32), 0)


class Source:
    """A decoder stand-in that counts what was taken from it and whether it was closed."""

    def __init__(self, count: int, fail_at: int | None = None) -> None:
        self.taken = 0
        self.closed = False
        self.count, self.fail_at = count, fail_at
        self.first_taken = threading.Event()

    def __iter__(self):
        return self

    def __next__(self) -> Chunk:
        if self.taken == self.fail_at:
            raise ValueError(f"damaged at chunk {self.taken}")
        if self.taken >= self.count:
            raise StopIteration
        self.taken += 1
        self.first_taken.set()
        return _chunk(self.taken - 1)

    def close(self) -> None:
        self.closed = True


def test_decoding_starts_before_the_first_chunk_is_asked_for_and_holds_its_depth():
    source = Source(50)
    with Prefetched(source, depth=3) as ahead:
        assert source.first_taken.wait(5.0)
        time.sleep(0.3)
        # Three waiting and the one the thread holds, waiting for room: no more.
        assert source.taken <= 4
        assert [c.first_frame for c in ahead] == list(range(50))
    assert source.closed


def test_closing_stops_the_decoder_part_way_and_closes_the_file():
    source = Source(1000)
    ahead = Prefetched(source, depth=2)
    next(ahead)
    ahead.close()
    assert source.closed and source.taken < 10
    assert list(ahead) == []


def test_an_error_while_decoding_comes_out_in_the_consumer():
    ahead = Prefetched(Source(10, fail_at=4), depth=2)
    with pytest.raises(ValueError, match="damaged at chunk 4"):
        list(ahead)
