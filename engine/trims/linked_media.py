"""The trim decision for a picture and sound recorded in separate files, linked only by the host.

Double-system sound comes from the recorder as its own files (a boom and
each lav mono, or one file per take), laid under the camera's picture and
linked by the host's link group. Each file's clips are decided on that
file's own analysis (decide.decide_group); the group then removes only what
every file with sound agrees may go, at the same record times, within the part of the
timeline every clip of the group covers: so every clip loses the same time
at the same place, sync holds, and what the sound hears as dialogue is never
cut for what the picture shows (when unsure, keep). A piece shorter than
`apply.MIN_PIECE_FRAMES` between two removals goes with them; one at a
clip's edge makes the removal beside it be given up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workprint.engine.domain.spans import Span, merge, subtract
from workprint.engine.settings import TrimSettings
from workprint.engine.trims.decide import EPSILON, Cut, Part, decide_group
from workprint.engine.trims.plan import Footage, Removal


@dataclass(frozen=True)
class Linked:
    """One clip of the group: its part, its file's analysis and key, and where it sits (record seconds)."""

    part: Part
    footage: Footage
    media_key: str
    record_start: float

    def to_record(self, span: Span) -> Span:
        shift = self.record_start - self.part.used.start
        return Span(span.start + shift, span.end + shift)

    def to_media(self, span: Span) -> Span:
        shift = self.part.used.start - self.record_start
        return Span(span.start + shift, span.end + shift)


def decide_linked(clips: Sequence[Linked], settings: TrimSettings, grid_rate: float, least_s: float) -> list[Cut]:
    """A cut for each clip, in order; `least_s` is the shortest piece that may be left (seconds)."""
    by_file: dict[str, list[int]] = {}
    for n, clip in enumerate(clips):
        by_file.setdefault(clip.media_key, []).append(n)
    # A file without sound cannot tell dialogue from silence: it has no say where a file with sound does.
    heard = [members for members in by_file.values() if clips[members[0]].footage.has_sound]
    removed_by_file: list[list[Span]] = []
    reasons: list[tuple[Span, Removal]] = []
    for members in heard or list(by_file.values()):
        cuts = decide_group([clips[n].part for n in members], clips[members[0]].footage, settings, grid_rate)
        spans = []
        for n, cut in zip(members, cuts, strict=True):
            for removal, span in cut.removals:
                on_record = clips[n].to_record(span)
                spans.append(on_record)
                reasons.append((on_record, removal))
        removed_by_file.append(merge(spans))
    common = Span(
        max(c.record_start for c in clips),
        min(c.record_start + c.part.used.duration for c in clips),
    )
    if common.duration <= EPSILON or not reasons:
        return [Cut([c.part.used], []) for c in clips]
    agreed = [common]
    for spans in removed_by_file:
        agreed = _intersect(agreed, spans)
    agreed = _without_slivers(agreed, common, least_s)
    made = []
    for clip in clips:
        removals = [(_reason_for(span, reasons), clip.to_media(span)) for span in agreed]
        keep = subtract(clip.part.used, [span for _, span in removals])
        made.append(Cut(keep, removals) if keep and removals else Cut([clip.part.used], []))
    return made


def _intersect(a: list[Span], b: list[Span]) -> list[Span]:
    out = []
    for x in a:
        for y in b:
            start, end = max(x.start, y.start), min(x.end, y.end)
            if end - start > EPSILON:
                out.append(Span(start, end))
    return merge(out)


def _without_slivers(removed: list[Span], common: Span, least_s: float) -> list[Span]:
    """A sliver between two removals goes with them; a removal that would leave one at the edge is given up."""
    spans = merge(removed)
    joined: list[Span] = []
    for span in spans:
        if joined and span.start - joined[-1].end < least_s - EPSILON:
            joined[-1] = Span(joined[-1].start, span.end)
        else:
            joined.append(span)
    kept = []
    for span in joined:
        head = span.start - common.start
        tail = common.end - span.end
        if (EPSILON < head < least_s - EPSILON) or (EPSILON < tail < least_s - EPSILON):
            continue
        if span.duration >= common.duration - EPSILON:
            continue  # never empty a clip
        kept.append(span)
    return kept


def _reason_for(span: Span, reasons: list[tuple[Span, Removal]]) -> Removal:
    """The reason of the narrowest removal that covers the most of span: the file that held back most."""

    def overlap(found: Span) -> float:
        return max(0.0, min(found.end, span.end) - max(found.start, span.start))

    return max(reasons, key=lambda pair: (round(overlap(pair[0]), 6), -pair[0].duration))[1]
