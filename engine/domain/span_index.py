"""Things that lie on a file's time line, found by where they lie.

A long cut uses a long file many times (a documentary's string-out from one interview): each clip's
decision must read what lies around the clip, not everything the file holds, or the time per clip
grows with the file. The index is a grid of fixed buckets: each item is filed in every bucket its
span touches, and a query reads only the buckets it touches. It answers a superset (every item that
overlaps or touches the range, and some near it); callers keep their own test on what it gives, so
what they decide is what a scan of the whole file would decide.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from workprint.engine.domain.spans import Span

T = TypeVar("T")

#: Seconds per bucket: a few lines of dialogue. Smaller buckets file a long span more often; larger ones
#: answer more that the caller then drops.
BUCKET_S = 8.0
#: So few items are all given: reading them costs less than finding those near.
FEW = 16


class SpanIndex(Generic[T]):
    """Items by the span each covers; `around` gives those near a range, in their original order."""

    def __init__(self, items: Sequence[T], span_of: Callable[[T], Span], bucket_s: float = BUCKET_S) -> None:
        self.items = list(items)
        self._width = bucket_s
        self._buckets: dict[int, list[int]] = defaultdict(list)
        if len(self.items) <= FEW:
            return  # `around` gives them all
        for n, item in enumerate(self.items):
            span = span_of(item)
            for bucket in range(self._bucket(min(span.start, span.end)), self._bucket(max(span.start, span.end)) + 1):
                self._buckets[bucket].append(n)

    def _bucket(self, t: float) -> int:
        return math.floor(t / self._width)

    def around(self, start: float, end: float) -> list[T]:
        """Every item whose span overlaps or touches [start, end] (and perhaps others near it), in order."""
        if len(self.items) <= FEW:
            return list(self.items)
        first, last = self._bucket(start), self._bucket(end)
        if last - first + 1 >= len(self._buckets):
            return list(self.items)
        found: set[int] = set()
        for bucket in range(first, last + 1):
            found.update(self._buckets.get(bucket, ()))
        return [self.items[n] for n in sorted(found)]

    def near(self, span: Span) -> list[T]:
        return self.around(span.start, span.end)

    def __len__(self) -> int:
        return len(self.items)


def of_spans(spans: Sequence[Span]) -> SpanIndex[Span]:
    """Spans themselves, found by where they lie."""
    return SpanIndex(spans, _itself)


def _itself(span: Span) -> Span:
    return span
