"""Final Cut Pro XML (FCPXML): the job's changes written into the editor's own document.

Where an item sits depends on what holds it. The items of a storyline (a
<spine>) follow one another, each one's `offset` where the one before it
ends; a connected item (one with a `lane`: a clip's own sound, b-roll, a
title, a secondary storyline) sits at an `offset` in the local timeline of
the item it hangs from, so it moves with it, as in Final Cut Pro. A clip's
`start` and `duration` say which part of its local timeline it shows. So:

- a changed clip gets its new `start` and `duration`; a connected clip that
  changed keeps its sync with the clip it hangs from (its `offset` moves by
  what its `start` moved);
- a storyline's later items and its transitions move by what the change took
  out or put in (the ripple), and the sequence's `duration` with them;
- a split clip is written as copies of its own element, each with its
  filters, metadata, keywords and content, the editor's markers on the piece
  the answer holds them on (the nearest piece where it holds them on none),
  and each connected item on the piece it sits over;
- each change adds a <marker> whose note is the reason.

Times are the document's own rational seconds, moved by whole frames of the
rate the item was read at, and written with the document's own denominators
where they hold the value exactly. A change the document gives no place to
(a clip inside a compound clip's media, a retimed clip, a split edit) is left
as it was and named. Every other byte is the document's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import opentimelineio as otio

from workprint.adapters.files import changes as model
from workprint.adapters.files.fcpxml import TIMING_TAGS, exact
from workprint.adapters.files.xml_text import Node, Splices, XmlText, attr_value

#: Markers that belong to one moment of a clip: each goes with one piece of a split.
POINT_MARKERS = ("marker", "chapter-marker", "analysis-marker")
#: The DTD's marker items: the job's markers go after the last of these a clip holds...
MARKER_ITEMS = ("marker", "chapter-marker", "rating", "keyword", "analysis-marker")
#: ... or else before the first of these.
AFTER_MARKERS = (
    "audio-channel-source",
    "audio-role-source",
    "sync-source",
    "filter-video",
    "filter-video-mask",
    "filter-audio",
    "metadata",
)


def key_of(item: otio.core.Item) -> str | None:
    """The item's place in the document, as the reader found it (fcpxml.py)."""
    return model.file_key(item)


def seconds(value: str | None) -> Fraction | None:
    """An FCPXML time ("1001/30000s", "10s") as exact seconds."""
    if value is None:
        return None
    text = value.strip().rstrip("s") or "0"
    top, _, bottom = text.partition("/")
    return Fraction(int(top), int(bottom or 1))


def written(value: Fraction, like: str | None, denominator: int) -> str:
    """Seconds as FCPXML writes them: over the value's own old denominator, else the project's frame
    duration's, where either holds it exactly."""
    dens = []
    if like is not None and "/" in like:
        dens.append(int(like.strip().rstrip("s").partition("/")[2]))
    dens.append(denominator)
    if value.denominator == 1:
        return f"{value.numerator}s"
    for den in dens:
        if den > 0 and (value * den).denominator == 1:
            return f"{value * den}/{den}s"
    return f"{value.numerator}/{value.denominator}s"


def delta(now: otio.opentime.RationalTime, then: otio.opentime.RationalTime, grid: Fraction | None = None) -> Fraction:
    """now - then as exact seconds: whole frames of the project's grid (its frame duration), or without one of
    then's rate. A clip of another rate than its project's is cut on the project's frames, as the job decided."""
    if grid:
        return round(Fraction((now - then).to_seconds()) / grid) * grid
    frames = round((now - then).rescaled_to(then.rate).value)
    return Fraction(frames) / exact(then.rate)


def length_of(time: otio.opentime.RationalTime, grid: Fraction | None = None) -> Fraction:
    """A length in whole frames (of the project's grid, or of its own rate), as exact seconds."""
    if grid:
        return round(Fraction(time.to_seconds()) / grid) * grid
    return Fraction(round(time.value)) / exact(time.rate)


@dataclass
class _Copy:
    """One copy of an element as it is written: its new times (None: as it is) and the piece it shows."""

    offset: Fraction | None = None
    start: Fraction | None = None
    duration: Fraction | None = None
    piece: model.Piece | None = None
    index: int = 0


def edit(
    text: str,
    befores: list[otio.schema.Timeline],
    afters: list[otio.schema.Timeline],
    source: str = "the file",
) -> tuple[str, list[str]]:
    """The document's text with the job's changes (each after vs its before, all read from this text) applied,
    and notes on what could not be written."""
    xml = XmlText(text, source)
    order = list(xml.root.iter())
    found: dict[Node, model.ItemChange] = {}
    notes: list[str] = []
    for before, after in zip(befores, afters, strict=True):
        compared = model.compare(before, after, key_of)
        for change in compared.items.values():
            node = _node(order, change.key)
            if node is not None and (xml.attr(node, "name") or "") != (change.name or ""):
                node = None  # not the element it was read from: never write into another one
            if node is None:
                if not change.untouched:
                    notes.append(f"{change.name}: not found in {source} where it was read; left as it was")
                continue
            found[node] = change
        notes.extend(model.unplaced_changes(after, key_of))
    editor = _Editor(xml, found)
    if not editor.changed:
        return text, notes
    splices = Splices(text)
    for project in xml.root.iter("project"):
        sequence = project.find("sequence")
        spine = sequence.find("spine") if sequence is not None else None
        if sequence is None or spine is None or not any(n in editor.changed for n in spine.iter()):
            continue
        editor.grid = _frame_duration(xml, sequence)
        new, shift = editor.spine(spine)
        splices.replace(spine.start, spine.end, new)
        duration = seconds(xml.attr(sequence, "duration"))
        span = xml.attr_span(sequence, "duration")
        if shift and duration is not None and span is not None:
            splices.replace(*span, written(duration + shift, xml.attr(sequence, "duration"), editor.denominator))
    for node, change in editor.changed.items():
        if node not in editor.applied and node not in editor.refused:
            notes.append(
                f"{change.name}: the document holds this clip where its changes cannot be written "
                f"({node.path()}); it is left as it was"
            )
    return splices.apply(), notes + editor.notes


def _node(order: list[Node], key: str) -> Node | None:
    if not key.startswith("N") or not key[1:].isdigit():
        return None
    index = int(key[1:])
    node = order[index] if index < len(order) else None
    return node if node is not None and node.tag in TIMING_TAGS else None


class _Editor:
    def __init__(self, xml: XmlText, found: dict[Node, model.ItemChange]) -> None:
        self.xml = xml
        self.found = found
        self.changed = {n: c for n, c in found.items() if not c.untouched}
        self.applied: set[Node] = set()
        self.refused: set[Node] = set()
        self.notes: list[str] = []
        self.denominator = _frame_denominator(xml)
        #: The project's frame duration: every time written moves by whole frames of it.
        self.grid: Fraction | None = None

    # -- storylines ---------------------------------------------------------------------------------------

    def spine(self, spine: Node) -> tuple[str, Fraction]:
        """A storyline's text with its items changed and moved; and how far its end moved."""
        xml = self.xml
        sub = Splices(xml.text[spine.start : spine.end], base=spine.start)
        shift = Fraction(0)
        for child in spine.children:
            offset = seconds(xml.attr(child, "offset"))
            if offset is None:
                continue
            if child.tag == "transition":
                # A transition sits on the cut between the items either side: it moves with that cut.
                if shift:
                    self._set(sub, child, "offset", offset + shift)
                continue
            duration = seconds(xml.attr(child, "duration")) or Fraction(0)
            change = self.found.get(child)
            cursor = offset + shift
            parts: list[str] = []
            # A changed clip that cannot be written stays where it was, and so does what follows it.
            placeable = child not in self.changed or self._placeable(child, self.changed[child])
            if change is not None and change.pieces and placeable:
                # Where the answer puts the item's first piece a frame or more later than the storyline brings it
                # (no ripple): a gap holds the place, as Final Cut Pro's position tool leaves one.
                first = change.pieces[0].record.start_time
                wanted = offset + delta(first, change.before_record.start_time, self.grid)
                if wanted - cursor >= Fraction(1) / exact(first.rate):
                    parts.append(self._gap(cursor, wanted - cursor))
                    cursor = wanted
            if child not in self.changed or not placeable:
                if child in self.changed:
                    self._refuse_within(child)
                moved = cursor if cursor != offset else None
                parts.extend(self.item(child, [_Copy(offset=moved)]))
                sub.replace(child.start, child.end, _separator(xml, child).join(parts))
                shift = cursor - offset
                continue
            assert change is not None
            self.applied.add(child)
            if change.removed:
                # What hangs from it is taken out with it (the answer takes it out too: _placeable).
                self.applied.update(n for n in child.iter() if n in self.changed)
                hold = self._place_kept(spine, child, cursor)
                if hold:
                    sub.replace(child.start, child.end, self._gap(cursor, hold))
                else:
                    sub.replace(_lead_start(xml, child), child.end, "")
                shift = cursor + hold - (offset + duration)
                continue
            start = seconds(xml.attr(child, "start")) or Fraction(0)
            laid: list[str | _Copy] = []
            for k, piece in enumerate(change.pieces):
                if k:
                    hole = piece.record.start_time - change.pieces[k - 1].record.end_time_exclusive()
                    if round(hole.value) > 0:
                        # A pause closed without ripple: a gap where it was.
                        laid.append(self._gap(cursor, length_of(hole, self.grid)))
                        cursor += length_of(hole, self.grid)
                begin, length = _times(start, duration, change, k, self.grid)
                laid.append(_Copy(cursor, begin, length, piece, k))
                cursor += length
            texts = iter(self.item(child, [c for c in laid if isinstance(c, _Copy)]))
            parts.extend(c if isinstance(c, str) else next(texts) for c in laid)
            hold = self._place_kept(spine, child, cursor)
            if hold:
                parts.append(self._gap(cursor, hold))
                cursor += hold
            sub.replace(child.start, child.end, _separator(xml, child).join(parts))
            shift = cursor - (offset + duration)
        return sub.apply(), shift

    def _place_kept(self, spine: Node, child: Node, cursor: Fraction) -> Fraction:
        """How much of the storyline's time the answer keeps after a changed item (a tail trimmed or the item
        taken out without ripple): read from the next item it places, when only items it does not place
        (gaps, titles) come between and that item is not changed itself (a changed one's own gap is laid
        before it). Those items in between then stay where they were instead of moving up."""
        xml = self.xml
        at = cursor
        for node in spine.children[spine.children.index(child) + 1 :]:
            offset = seconds(xml.attr(node, "offset"))
            if node.tag == "transition" or offset is None:
                continue
            change = self.found.get(node)
            if change is not None and change.pieces:
                if node in self.changed:
                    return Fraction(0)
                wanted = offset + delta(change.pieces[0].record.start_time, change.before_record.start_time, self.grid)
                return max(Fraction(0), wanted - at)
            at += seconds(xml.attr(node, "duration")) or Fraction(0)
        return Fraction(0)

    # -- one item and what hangs from it ------------------------------------------------------------------

    def item(self, node: Node, copies: list[_Copy]) -> list[str]:
        """The text of each copy of an item, with what it holds changed and its connected items shared out
        among the copies."""
        xml = self.xml
        old_start = seconds(xml.attr(node, "start")) or Fraction(0)
        old_duration = seconds(xml.attr(node, "duration"))
        ranges = []
        for copy in copies:
            start = copy.start if copy.start is not None else old_start
            length = copy.duration if copy.duration is not None else old_duration
            ranges.append((start, start + length if length is not None else None))
        held: list[dict[Node, list[str]]] = [{} for _ in copies]
        for child in node.children:
            if not _connected(xml, child):
                continue
            for anchor, render, follows in self.connected(child):
                k = _nearest(ranges, anchor)
                begin, end = ranges[k]
                clamped = None
                was_inside = _within(anchor, old_start, old_start + old_duration if old_duration else None)
                if not follows and copies[k].piece is not None and was_inside and not _within(anchor, begin, end):
                    # Over a stretch the change took out: connected at the nearest frame the piece still shows.
                    clamped = begin if anchor < begin or end is None else end - self._frame(copies[k])
                    self.notes.append(
                        f"{xml.attr(child, 'name') or child.tag}: was connected inside what was taken out of "
                        f"{xml.attr(node, 'name') or node.tag}; it is connected at the nearest frame kept"
                    )
                held[k].setdefault(child, []).append(render(clamped))
        return [self._one(node, copy, held[k], len(copies)) for k, copy in enumerate(copies)]

    def connected(self, child: Node) -> list[tuple[Fraction, Callable[[Fraction | None], str], bool]]:
        """A connected item's copies: where each is anchored in its parent's timeline, how to write it (at
        another offset if told), and whether it follows a change of its own (then it is never moved)."""
        xml = self.xml
        offset = seconds(xml.attr(child, "offset")) or Fraction(0)
        if child.tag == "spine":
            text, _ = self.spine(child)

            def storyline(at: Fraction | None, text: str = text) -> str:
                if at is None:
                    return text
                return _with_attr(xml, child, text, "offset", written(at, xml.attr(child, "offset"), self.denominator))

            return [(offset, storyline, False)]
        change = self.changed.get(child)
        if change is None or not self._placeable(child, change):
            return [(offset, lambda at: self.item(child, [_Copy(offset=at)])[0], False)]
        self.applied.add(child)
        if change.removed:
            return []
        start = seconds(xml.attr(child, "start")) or Fraction(0)
        duration = seconds(xml.attr(child, "duration")) or Fraction(0)
        made: list[tuple[Fraction, Callable[[Fraction | None], str], bool]] = []
        copies = []
        for k, piece in enumerate(change.pieces):
            begin, length = _times(start, duration, change, k, self.grid)
            # In sync with what it hangs from: it begins later in its parent by what its start moved.
            copies.append(_Copy(offset + begin - start, begin, length, piece, k))
        texts = self.item(child, copies)
        for copy, text in zip(copies, texts, strict=True):
            assert copy.offset is not None
            made.append((copy.offset, _as_it_is(text), True))
        return made

    def _one(self, node: Node, copy: _Copy, held: dict[Node, list[str]], copies: int) -> str:
        """One copy of an element: its times, its markers, its connected items; the rest as it came."""
        xml = self.xml
        sub = Splices(xml.text[node.start : node.end], base=node.start)
        for name, value in (("offset", copy.offset), ("start", copy.start), ("duration", copy.duration)):
            if value is not None:
                self._set(sub, node, name, value)
        for child in node.children:
            if _connected(xml, child):
                texts = held.get(child)
                if not texts:
                    sub.replace(_lead_start(xml, child), child.end, "")
                else:
                    sub.replace(child.start, child.end, _separator(xml, child).join(texts))
            elif (
                child.tag in POINT_MARKERS
                and copy.piece is not None
                and copies > 1
                and not self._keeps(node, child, copy)
            ):
                sub.replace(_lead_start(xml, child), child.end, "")
        if copy.piece is not None and copy.piece.added_markers:
            self._add_markers(sub, node, copy)
        return sub.apply()

    # -- markers --------------------------------------------------------------------------------------------

    def _keeps(self, node: Node, marker: Node, copy: _Copy) -> bool:
        """Whether an editor's marker is written on this piece: where the answer holds it, or (held on no
        piece, or not a marker the answer reads) on the piece nearest its frame."""
        change = self.changed[node]
        at = seconds(self.xml.attr(marker, "start")) or Fraction(0)
        value = self.xml.attr(marker, "value") or ""
        if marker.tag == "marker":
            holders = [
                k for k, piece in enumerate(change.pieces) if any(_same(m, value, at) for m in piece.kept_markers)
            ]
            if holders:
                return copy.index in holders
        old_start = seconds(self.xml.attr(node, "start")) or Fraction(0)
        spans = []
        for piece in change.pieces:
            begin = old_start + delta(piece.source.start_time, change.before_source.start_time, self.grid)
            spans.append((begin, begin + Fraction(piece.source.duration.value) / exact(piece.source.duration.rate)))
        return _nearest(spans, at) == copy.index

    def _add_markers(self, sub: Splices, node: Node, copy: _Copy) -> None:
        xml = self.xml
        piece = copy.piece
        assert piece is not None and copy.start is not None
        lines = []
        for marker in piece.added_markers:
            at = copy.start + delta(marker.marked_range.start_time, piece.source.start_time, self.grid)
            rate = marker.marked_range.duration.rate or piece.source.start_time.rate
            length = max(Fraction(round(marker.marked_range.duration.value)), Fraction(1)) / exact(rate)
            lines.append(
                f'<marker start="{written(at, None, self.denominator)}" '
                f'duration="{written(length, None, self.denominator)}" '
                f'value="{attr_value(marker.name)}" note="{attr_value(model.explanation(marker))}"/>'
            )
        children = node.children
        last_marker = next((c for c in reversed(children) if c.tag in MARKER_ITEMS), None)
        first_after = next((c for c in children if c.tag in AFTER_MARKERS), None)
        if not children:
            # Nothing in it yet: the markers one level in, on lines of their own where the element has its own.
            indent = _separator(xml, node)
            inner = indent + _indent_unit(xml, node) if indent else ""
            content = "".join(inner + line for line in lines) + indent
            if node.open_end == node.end:
                # <asset-clip .../>: opened and closed around the markers.
                tag = xml.text[node.start : node.end]
                at = node.start + len(tag[:-2].rstrip())
                sub.replace(at, node.end, f">{content}</{node.tag}>")
            else:
                sub.replace(node.open_end, node.close_start, content)
            return
        sep = _separator(xml, children[0])
        if last_marker is not None:
            sub.insert(last_marker.end, "".join(sep + line for line in lines))
        elif first_after is not None:
            sub.insert(_lead_start(xml, first_after), "".join(sep + line for line in lines))
        else:
            sub.insert(children[-1].end, "".join(sep + line for line in lines))

    # -- small pieces ---------------------------------------------------------------------------------------

    def _placeable(self, node: Node, change: model.ItemChange) -> bool:
        """Whether the document has a place for this change; if not it is named and left as it was."""
        if node in self.applied:
            return True
        if node in self.refused:
            return False
        xml = self.xml
        name = change.name or xml.attr(node, "name") or node.tag
        why = None
        if node.find("timeMap") is not None:
            why = "it is retimed (timeMap)"
        elif xml.attr(node, "audioStart") is not None or xml.attr(node, "audioDuration") is not None:
            why = "its sound is a split edit (audioStart/audioDuration)"
        elif change.removed and any(_connected(xml, c) and not self._removed(c) for c in node.children):
            why = "it is taken out whole but other items are connected to it"
        elif change.removed and any(n.tag == "transition" for n in _beside(node)):
            why = "it is taken out whole but a transition sits on its cut"
        elif node.parent is None or (node.parent.tag != "spine" and xml.attr(node, "lane") is None):
            why = f"it sits in a <{node.parent.tag if node.parent else 'document'}>"
        if why is None:
            return True
        self.refused.add(node)
        self.notes.append(f"{name}: the change cannot be written into the document ({why}); left as it was")
        return False

    def _removed(self, node: Node) -> bool:
        """Whether the answer takes this item out too (a clip's own sound, taken out with it)."""
        change = self.changed.get(node)
        return change is not None and change.removed

    def _refuse_within(self, node: Node) -> None:
        """A clip left as it was keeps what hangs from it as it was too: its own sound stays in sync with it."""
        for inner in node.iter():
            change = self.changed.get(inner)
            if inner is node or change is None or inner in self.applied or inner in self.refused:
                continue
            self.refused.add(inner)
            self.notes.append(
                f"{change.name or inner.tag}: connected to {self.xml.attr(node, 'name') or node.tag}, which is left "
                "as it was; left as it was with it"
            )

    def _set(self, sub: Splices, node: Node, name: str, value: Fraction) -> None:
        old = self.xml.attr(node, name)
        if (seconds(old) if old is not None else Fraction(0)) == value:
            return
        new = written(value, old, self.denominator)
        span = self.xml.attr_span(node, name)
        if span is not None:
            sub.replace(*span, new)
        else:
            # Not written where it is 0 (a clip's start): written now, at the end of the start tag's attributes.
            tag = self.xml.text[node.start : node.open_end]
            end = node.start + len(tag.rstrip(">").rstrip("/").rstrip())
            sub.insert(end, f' {name}="{new}"')

    def _gap(self, at: Fraction, length: Fraction) -> str:
        return (
            f'<gap name="Gap" offset="{written(at, None, self.denominator)}" '
            f'duration="{written(length, None, self.denominator)}" start="3600s"/>'
        )

    def _frame(self, copy: _Copy) -> Fraction:
        if self.grid:
            return self.grid
        if copy.piece is None:
            return Fraction(1, self.denominator or 1)
        return Fraction(1) / exact(copy.piece.source.duration.rate)


def _beside(node: Node) -> list[Node]:
    """The elements just before and after one among its siblings."""
    if node.parent is None:
        return []
    siblings = node.parent.children
    at = siblings.index(node)
    return [siblings[k] for k in (at - 1, at + 1) if 0 <= k < len(siblings)]


def _as_it_is(text: str) -> Callable[[Fraction | None], str]:
    """A copy already written in sync: never moved again."""
    return lambda _at: text


def _times(
    start: Fraction, duration: Fraction, change: model.ItemChange, k: int, grid: Fraction | None
) -> tuple[Fraction, Fraction]:
    """A piece's start and duration in its element's timeline. Its start moves by whole frames from the
    element's; a cut between pieces is whole frames after the piece's start; the last piece ends whole frames
    from where the element ended (an end that was not on a frame stays off it by as much)."""
    piece = change.pieces[k]
    begin = start + delta(piece.source.start_time, change.before_source.start_time, grid)
    if k < len(change.pieces) - 1:
        rate = change.before_source.start_time.rate
        return begin, length_of(piece.source.duration.rescaled_to(rate), grid)
    end = start + duration + delta(piece.source.end_time_exclusive(), change.before_source.end_time_exclusive(), grid)
    return begin, end - begin


def _connected(xml: XmlText, node: Node) -> bool:
    """An item connected to the one that holds it (its own lane), which goes with one piece of a split. A clip's
    own <video> and <audio> components are its media, on every piece, whatever lane they are on."""
    return xml.attr(node, "lane") is not None and node.tag not in ("video", "audio")


def _same(marker: otio.schema.Marker, value: str, at: Fraction) -> bool:
    start = marker.marked_range.start_time
    return marker.name == value and round(at * exact(start.rate)) == round(start.value)


def _within(at: Fraction, begin: Fraction, end: Fraction | None) -> bool:
    return begin <= at and (end is None or at < end)


def _nearest(ranges: list[tuple[Fraction, Fraction | None]], at: Fraction) -> int:
    def distance(k: int) -> Fraction:
        begin, end = ranges[k]
        if _within(at, begin, end):
            return Fraction(0)
        return begin - at if at < begin else at - (end if end is not None else begin)

    return min(range(len(ranges)), key=distance)


def _separator(xml: XmlText, node: Node) -> str:
    """The whitespace before an element (since the element or tag before it): what a copy of it starts with."""
    return xml.text[_lead_start(xml, node) : node.start]


def _indent_unit(xml: XmlText, node: Node) -> str:
    """One level of the document's indent: what an element's line starts with beyond its parent's."""
    own = _separator(xml, node).lstrip("\r\n")
    parent = _separator(xml, node.parent).lstrip("\r\n") if node.parent is not None else ""
    unit = own[len(parent) :] if own.startswith(parent) else ""
    return unit or ("\t" if own.startswith("\t") else "    ")


def _lead_start(xml: XmlText, node: Node) -> int:
    """Where the whitespace before an element begins (it goes with the element when it is taken out)."""
    start = node.start
    while start > 0 and xml.text[start - 1] in " \t\r\n":
        start -= 1
    return start


def _with_attr(xml: XmlText, node: Node, text: str, name: str, value: str) -> str:
    """An element's (already rendered) text with one attribute of its start tag set."""
    span = xml.attr_span(node, name)
    if span is None:
        return text
    start, end = span[0] - node.start, span[1] - node.start
    return text[:start] + value + text[end:]


def _frame_duration(xml: XmlText, sequence: Node) -> Fraction | None:
    """The frame duration of a sequence's format ("1001/30000s"), exactly."""
    wanted = xml.attr(sequence, "format")
    found = next((f for f in xml.root.iter("format") if xml.attr(f, "id") == wanted), None)
    return seconds(xml.attr(found, "frameDuration")) if found is not None else None


def _frame_denominator(xml: XmlText) -> int:
    """The denominator of the first project's frame duration ("100/3000s" → 3000): how FCPXML writes times."""
    formats = {xml.attr(f, "id"): xml.attr(f, "frameDuration") for f in xml.root.iter("format")}
    for project in xml.root.iter("project"):
        sequence = project.find("sequence")
        duration = formats.get(xml.attr(sequence, "format")) if sequence is not None else None
        if duration and "/" in duration:
            return int(duration.strip().rstrip("s").partition("/")[2])
    return 0
