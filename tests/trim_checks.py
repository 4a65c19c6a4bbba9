"""What a trimmed timeline must hold, checked against the truth of the shoot it was cut from."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio

from workprint.engine.demo.shoot import TAKES, Shoot

Span = tuple[float, float]


def take_info(clip: otio.schema.Clip) -> tuple[str, float, float]:
    """The take a clip shows: (file name, frame rate, media start in seconds)."""
    name = Path(clip.name).stem
    for file_name, _, fps, timecode, _, _ in TAKES:
        if Path(file_name).stem == name:
            start = otio.opentime.from_timecode(timecode, float(fps)).to_seconds() if timecode else 0.0
            return file_name, float(fps), start
    raise KeyError(clip.name)


def media_span(clip: otio.schema.Clip) -> Span:
    """The clip's used range in seconds from the start of its media."""
    _, _, start = take_info(clip)
    used = clip.source_range
    return used.start_time.to_seconds() - start, used.end_time_exclusive().to_seconds() - start


def picture_clips(timeline: otio.schema.Timeline) -> list[otio.schema.Clip]:
    return [c for t in timeline.video_tracks() for c in t.find_clips()]


def kept_by_take(timeline: otio.schema.Timeline) -> dict[str, list[Span]]:
    kept: dict[str, list[Span]] = defaultdict(list)
    for clip in picture_clips(timeline):
        kept[take_info(clip)[0]].append(media_span(clip))
    return kept


def covered(span: Span, pieces: list[Span]) -> bool:
    """Whether span lies inside the union of pieces."""
    cursor = span[0]
    for a, b in sorted(pieces):
        if a <= cursor + 1e-6:
            cursor = max(cursor, b)
    return cursor >= span[1] - 1e-6


def length_inside(spans: list[Span], within: list[Span]) -> float:
    total = 0.0
    for a, b in spans:
        for c, d in within:
            total += max(0.0, min(b, d) - max(a, c))
    return total


def minus(span: Span, holes: list[Span]) -> list[Span]:
    out, cursor = [], span[0]
    for a, b in sorted(holes):
        if a > cursor:
            out.append((cursor, min(a, span[1])))
        cursor = max(cursor, b)
    if cursor < span[1]:
        out.append((cursor, span[1]))
    return [s for s in out if s[1] > s[0]]


def dialogue(shoot: Shoot, file_name: str) -> list[Span]:
    truth = next(t for t in shoot.takes if t.path.name == file_name)
    return [(a, b) for name, a, b in truth.lines if name.startswith("line")]


def check_dialogue_kept(shoot: Shoot, trimmed: otio.schema.Timeline) -> None:
    for file_name, pieces in kept_by_take(trimmed).items():
        frame = 1 / take_info_by_name(file_name)[1]
        for a, b in dialogue(shoot, file_name):
            # One frame of rounding allowed at each boundary, no more.
            assert covered((a + frame, b - frame), pieces), f"{file_name}: dialogue {a:.2f}-{b:.2f} cut: {pieces}"


def take_info_by_name(file_name: str) -> tuple[str, float, float]:
    fps = next(f for n, _, f, _, _, _ in TAKES if n == file_name)
    return file_name, float(Fraction(fps)), 0.0


def dead_material_removed(
    shoot: Shoot,
    rough: otio.schema.Timeline,
    trimmed: otio.schema.Timeline,
    pad_before: int = 6,
    pad_after: int = 12,
    min_pause: float = 1.5,
) -> float:
    """The share of material outside the performance (lines plus pads) that the trim removed."""
    kept = kept_by_take(trimmed)
    dead_total = dead_removed = 0.0
    for clip in picture_clips(rough):
        file_name, fps, _ = take_info(clip)
        used = media_span(clip)
        lines = dialogue(shoot, file_name)
        # Pauses shorter than the minimum belong to the performance.
        performance: list[Span] = []
        previous_end = None
        for a, b in lines:
            padded = (a - pad_before / fps, b + pad_after / fps)
            if previous_end is not None and a - previous_end < min_pause:
                performance[-1] = (performance[-1][0], padded[1])
            else:
                performance.append(padded)
            previous_end = b
        dead = minus(used, performance)
        removed = minus(used, kept[file_name])
        dead_total += sum(b - a for a, b in dead)
        dead_removed += length_inside(dead, removed)
    return dead_removed / dead_total


def check_sync(timeline: otio.schema.Timeline, picture: str = "V1", sound: str = "A1") -> None:
    """Every picture clip has its sound under it: same media, same source range, same record range."""
    tracks = {t.name: t for t in timeline.tracks}

    def layout(track) -> list:
        return [
            (
                c.name,
                c.source_range.start_time.to_seconds(),
                c.source_range.duration.to_seconds(),
                round(track.range_of_child(c).start_time.to_seconds(), 4),
            )
            for c in track.find_clips()
        ]

    assert layout(tracks[picture]) == layout(tracks[sound])
