"""CMX 3600 EDLs: the rate the file is in, and the job's changes written into the editor's own list.

An EDL never states its rate; its timecodes do say drop frame (';' or an
`FCM: DROP FRAME` line), and their highest frame number bounds the rest. The
editor's list is changed line by line: a changed event's four timecodes, the
record timecodes of the events a ripple moves, a split event written twice
(its comment lines, clip names, colour and speed lines with each piece), the
events numbered again in order, and a `* LOC:` line for each of the job's
markers. Headers, FCM lines, comments and every event the job did not move
stay as they came.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import opentimelineio as otio

from workprint.adapters.files import changes as model
from workprint.engine.errors import InputError

FILE_KEY = model.FILE_KEY
_TC = re.compile(r"\d{1,2}[:;.]\d\d[:;.]\d\d[:;.,]\d\d")
_EVENT = re.compile(r"^\s*(\d+)\s")
#: Marks an event line written for a second piece (numbered anew).
_COPY = "\x00"
#: The rates people give for NTSC video, as the exact fractions timecode needs.
_NTSC = {
    23.976: Fraction(24000, 1001),
    23.98: Fraction(24000, 1001),
    29.97: Fraction(30000, 1001),
    47.952: Fraction(48000, 1001),
    59.94: Fraction(60000, 1001),
}


@dataclass(frozen=True)
class EdlRate:
    rate: float
    drop_frame: bool
    #: How the rate was found, for the line the command prints.
    how: str


def exact_rate(rate: float) -> float:
    """29.97 means 30000/1001: timecode arithmetic needs the exact rate (29.97 itself is refused)."""
    for near, exact in _NTSC.items():
        if abs(rate - near) < 0.006:
            return float(exact)
    return rate


def rate_of(text: str, override: float | None = None, default: float = 24.0) -> EdlRate:
    """The list's rate: as told (--edl-rate), or read from its drop-frame marks and frame numbers."""
    drop = "DROP FRAME" in text.upper().replace("NON-DROP FRAME", "") or any(
        ";" in tc for tc in _TC.findall(_event_text(text))
    )
    if override is not None:
        rate = exact_rate(override)
        return EdlRate(rate, drop and _df_rate(rate), f"{rate:g}, as told")
    if drop:
        return EdlRate(30000 / 1001, True, "29.97 drop frame, from its timecodes")
    highest = max((int(tc[-2:]) for tc in _TC.findall(_event_text(text))), default=0)
    if highest >= 25:
        return EdlRate(30.0, False, "30, from frame numbers up to 29 (give --edl-rate 29.97 for NTSC)")
    if highest == 24:
        return EdlRate(25.0, False, "25, from frame numbers up to 24")
    return EdlRate(default, False, f"{default:g}, assumed (give --edl-rate for another)")


def _df_rate(rate: float) -> bool:
    return abs(rate - 30000 / 1001) < 1e-6 or abs(rate - 60000 / 1001) < 1e-6


def _event_text(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if _EVENT.match(line) and len(_TC.findall(line)) >= 4)


@dataclass
class Event:
    line: int
    number: str
    #: Spans (in the line) of source in, source out, record in, record out.
    spans: list[tuple[int, int]]
    frames: list[int]


def events(text: str, rate: EdlRate) -> list[Event]:
    found = []
    for n, line in enumerate(text.splitlines(keepends=True)):
        match = _EVENT.match(line)
        times = list(_TC.finditer(line))
        if not match or len(times) < 4:
            continue
        times = times[-4:]
        try:
            frames = [otio.opentime.from_timecode(_colons(t.group(0), rate), rate.rate).to_frames() for t in times]
        except ValueError as exc:
            raise InputError(f"line {n + 1}: {exc}: {line.strip()}") from exc
        found.append(Event(n, match.group(1), [t.span() for t in times], frames))
    return found


def _colons(tc: str, rate: EdlRate) -> str:
    tc = tc.replace(".", ":").replace(",", ":")
    return tc[:-3] + ";" + tc[-2:] if rate.drop_frame else tc.replace(";", ":")


def timecode(frame: int, rate: EdlRate) -> str:
    return otio.opentime.to_timecode(otio.opentime.RationalTime(frame, rate.rate), rate.rate, rate.drop_frame)


def mark(text: str, timeline: otio.schema.Timeline, rate: EdlRate) -> list[str]:
    """Give each clip the key of its event line; the clips no line matches are returned by name."""
    listed = events(text, rate)
    # The reader starts the track at the first record in unless the timeline says its own start.
    if timeline.global_start_time is not None:
        start = timeline.global_start_time.to_frames()
    else:
        start = min((e.frames[2] for e in listed), default=0)
    taken: set[tuple[int, int]] = set()
    shared: dict[int, int] = {}
    unplaced = []
    for place, track in enumerate(timeline.tracks):
        for clip in track.find_clips(shallow_search=True):
            src = clip.source_range.start_time.to_frames() if clip.source_range else None
            rec = clip.range_in_parent().start_time.to_frames() + start
            match = next(
                (e for e in listed if e.frames[0] == src and e.frames[2] == rec and (e.line, place) not in taken),
                None,
            )
            if match is None:
                unplaced.append(clip.name or "(unnamed)")
                continue
            taken.add((match.line, place))
            # One line may hold picture and sound (AA/V): the first clip read from it is the one written.
            count = shared.get(match.line, 0)
            shared[match.line] = count + 1
            clip.metadata[FILE_KEY] = {"item": f"L{match.line}" + (f"/{count}" if count else "")}
    return unplaced


def key_of(item: otio.core.Item) -> str | None:
    return model.file_key(item)


def edit(
    text: str, before: otio.schema.Timeline, after: otio.schema.Timeline, rate: EdlRate, source: str = "the list"
) -> tuple[str, list[str]]:
    """The list's text with the job's changes applied, and notes on what could not be written."""
    lines = text.splitlines(keepends=True)
    by_line = {e.line: e for e in events(text, rate)}
    found = model.compare(before, after, key_of)
    event_numbers = {f"L{e.line}": e.number for e in by_line.values()}
    notes: list[str] = model.unplaced_changes(after, key_of)
    blocks: dict[int, list[str]] = {}
    for change in found.changed():
        key = change.key
        if "/" in key:
            primary = found.items.get(key.split("/")[0])
            if primary is None or _shape(primary) != _shape(change):
                notes.append(
                    f"{change.name}: changed on one track of an event shared by several; the list keeps "
                    "the picture's change for the whole event"
                )
            continue
        event = by_line[int(key[1:])]
        end = event.line + 1
        while end < len(lines) and _belongs(lines[end]):
            end += 1
        block = lines[event.line : end]
        rendered: list[str] = []
        for k, piece in enumerate(change.pieces):
            rendered.extend(_piece(block, event, change, piece, k, rate))
        blocks[event.line] = rendered
        for n in range(event.line + 1, end):
            blocks[n] = []
    out: list[str] = []
    renumber = any(c.split or c.removed for c in found.changed() if "/" not in c.key)
    numbers: dict[str, str] = {}
    counter = 0
    for n, line in enumerate(lines):
        chunk = blocks.get(n, [_shifted(line, by_line.get(n), found, event_numbers, rate)])
        for written in chunk:
            is_copy = written.startswith(_COPY)
            written = written.removeprefix(_COPY)
            number = _EVENT.match(written)
            if renumber and number and len(_TC.findall(written)) >= 4:
                # Events numbered again in order; lines of one event (a dissolve's two) keep one number.
                original = number.group(1)
                if is_copy or original not in numbers:
                    counter += 1
                    if not is_copy:
                        numbers[original] = str(counter).zfill(len(original))
                value = str(counter).zfill(len(original)) if is_copy else numbers[original]
                written = written[: number.start(1)] + value + written[number.end(1) :]
            out.append(written)
    return "".join(out), notes


def _shape(change: model.ItemChange) -> list[tuple]:
    return [(p.record, p.source) for p in change.pieces]


def _belongs(line: str) -> bool:
    """Lines that go with the event above them: comments, speed (M2), Resolve's marker notes, colour."""
    stripped = line.strip()
    return bool(stripped) and (stripped.startswith(("*", "M2", "|", "ASC_", ">>>")))


def _set_times(line: str, event: Event, values: list[int], rate: EdlRate) -> str:
    out, cursor = [], 0
    for (start, end), old, new in zip(event.spans, event.frames, values, strict=True):
        out.append(line[cursor:start])
        out.append(line[start:end] if old == new else timecode(new, rate))
        cursor = end
    out.append(line[cursor:])
    return "".join(out)


def _deltas(change: model.ItemChange, piece: model.Piece) -> list[int]:
    src_rate = change.before_source.start_time.rate
    rec_rate = change.before_record.start_time.rate
    return [
        model.frames(piece.source.start_time - change.before_source.start_time, src_rate),
        model.frames(piece.source.end_time_exclusive() - change.before_source.end_time_exclusive(), src_rate),
        model.frames(piece.record.start_time - change.before_record.start_time, rec_rate),
        model.frames(piece.record.end_time_exclusive() - change.before_record.end_time_exclusive(), rec_rate),
    ]


def _piece(
    block: list[str], event: Event, change: model.ItemChange, piece: model.Piece, k: int, rate: EdlRate
) -> list[str]:
    values = [old + d for old, d in zip(event.frames, _deltas(change, piece), strict=True)]
    first = _set_times(block[0], event, values, rate)
    rest = [line for line in block[1:] if not (k > 0 and "|M:" in line)]
    if change.split:
        rest = [line for line in rest if _loc_on_piece(line, change, k, rate)]
    eol = "\r\n" if block[0].endswith("\r\n") else "\n"
    for marker in piece.added_markers:
        at = marker.marked_range.start_time.to_frames()
        colour = str(marker.color or "RED").upper()
        rest.append(f"* LOC: {timecode(at, rate)} {colour:7} {model.explanation(marker).upper()}{eol}")
    return [(_COPY if k > 0 else "") + first, *rest]


def _loc_on_piece(line: str, change: model.ItemChange, k: int, rate: EdlRate) -> bool:
    """An editor's locator goes with the piece that shows its frame, or the nearest one."""
    match = re.match(r"\s*\*\s*LOC:\s*(\S+)", line)
    if not match:
        return True
    try:
        at = otio.opentime.from_timecode(_colons(match.group(1), rate), rate.rate).to_frames()
    except ValueError:
        return k == 0
    spans = [(p.source.start_time.to_frames(), p.source.end_time_exclusive().to_frames()) for p in change.pieces]

    def distance(span: tuple[int, int]) -> int:
        return 0 if span[0] <= at < span[1] else min(abs(at - span[0]), abs(at - span[1] + 1))

    return min(range(len(spans)), key=lambda n: distance(spans[n])) == k


def _shifted(
    line: str, event: Event | None, found: model.TimelineChanges, numbers: dict[str, str], rate: EdlRate
) -> str:
    """An event the job did not change may still move along the record (a ripple before it)."""
    if event is None:
        return line
    change = found.items.get(f"L{event.line}")
    if change is None:
        # A line no clip was read from (a dissolve's outgoing half): it moves with its event's other line.
        partner = next(
            (c for key, c in found.items.items() if "/" not in key and numbers.get(key) == event.number), None
        )
        if partner is None or partner.untouched or partner.removed:
            return line
        shift = _deltas(partner, partner.pieces[0])[2]
        return _set_times(line, event, [*event.frames[:2], event.frames[2] + shift, event.frames[3] + shift], rate)
    if change.untouched or change.removed:
        return line
    values = [old + d for old, d in zip(event.frames, _deltas(change, change.pieces[0]), strict=True)]
    return _set_times(line, event, values, rate)


def failing_line(text: str, reads: Callable[[str], object]) -> int | None:
    """The line (1-based) of the first event the reader stops at: the shortest run of whole events it
    refuses, found by halving (a list the reader refuses whole, but not before that event)."""
    lines = text.splitlines(keepends=True)
    starts = [n for n, line in enumerate(lines) if _EVENT.match(line) and len(_TC.findall(line)) >= 4]

    def fails(count: int) -> bool:
        end = starts[count] if count < len(starts) else len(lines)
        try:
            reads("".join(lines[:end]))
        except Exception:
            return True
        return False

    if not starts or not fails(len(starts)):
        return None
    low, high = 1, len(starts)  # fails(high) holds; find the least count that fails
    while low < high:
        middle = (low + high) // 2
        if fails(middle):
            high = middle
        else:
            low = middle + 1
    return starts[low - 1] + 1
