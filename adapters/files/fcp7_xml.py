"""FCP 7 / Premiere XML (xmeml): the job's changes written into the editor's own file.

Only the items that change are touched: a clip item's <in>/<out>, its
<start>/<end> on the sequence and Premiere's tick counts beside them; a split
item is written as copies of its own element (links, filters, labels, logging
kept), the first keeping its id and the others given fresh ones, each copy's
links pointing at the matching pieces of the clips it is linked to, and the
full <file> definition kept on the first copy only, as Premiere writes a file
once and refers to it after. The job's markers go into the item they explain.
Every other byte is the file's own.
"""

from __future__ import annotations

from fractions import Fraction

import opentimelineio as otio

from workprint.adapters.files import changes as model
from workprint.adapters.files.xml_text import Node, Splices, XmlText, text_value
from workprint.engine.errors import InputError

NAMESPACE = "fcp_xml"
#: Premiere's time unit: ticks per second.
TICKS_PER_SECOND = 254016000000
ITEM_TAGS = ("clipitem", "generatoritem", "transitionitem")


def key_of(item: otio.core.Item) -> str | None:
    """The item's id in the file, or (an item without one) its place there as the read step found it."""
    found = item.metadata.get(NAMESPACE)
    value = found.get("@id") if hasattr(found, "get") else None
    return str(value) if value else model.file_key(item)


def place(text: str, timeline: otio.schema.Timeline, source: str) -> list[str]:
    """Give clips without an id (Hiero's, hand-made files) their element's place, track by track in order;
    return the clips still without a place, named before the analysis."""
    xml = XmlText(text, source)
    sequence = next((s for s in xml.root.iter("sequence") if not _inside_item(s)), None)
    if sequence is not None:
        media = sequence.find("media")
        tracks = [
            t for kind in ("video", "audio") for k in (media.findall(kind) if media else []) for t in k.findall("track")
        ]
        if len(tracks) == len(timeline.tracks):
            for element, track in zip(tracks, timeline.tracks, strict=True):
                items = [c for c in element.children if c.tag in ("clipitem", "generatoritem")]
                clips = [c for c in track if isinstance(c, (otio.schema.Clip, otio.schema.Stack))]
                if len(items) != len(clips):
                    continue
                for node, clip in zip(items, clips, strict=True):
                    name = xml.child_text(node, "name")
                    if key_of(clip) is None and not xml.attr(node, "id") and (name or "") == (clip.name or ""):
                        clip.metadata[model.FILE_KEY] = {"item": f"E{node.start}"}
    ids = {xml.attr(n, "id") for tag in ITEM_TAGS for n in xml.root.iter(tag)}
    return [
        clip.name or "(unnamed)"
        for clip in timeline.find_clips()
        if key_of(clip) is None or (key_of(clip) not in ids and model.file_key(clip) is None)
    ]


def _inside_item(node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in ITEM_TAGS:
            return True
        parent = parent.parent
    return False


def edit(
    text: str, before: otio.schema.Timeline, after: otio.schema.Timeline, source: str = "the file"
) -> tuple[str, list[str]]:
    """The file's text with the job's changes (after vs before, both read from this text) applied, and notes
    on what could not be written."""
    xml = XmlText(text, source)
    nodes: dict[str, Node] = {}
    used_ids: set[str] = set()
    for node in xml.root.iter():
        node_id = xml.attr(node, "id")
        if node_id:
            used_ids.add(node_id)
            if node.tag in ITEM_TAGS:
                nodes.setdefault(node_id, node)
        elif node.tag in ITEM_TAGS:
            nodes[f"E{node.start}"] = node
    found = model.compare(before, after, key_of)
    missing = [c.name for c in found.changed() if c.key not in nodes]
    if missing:
        raise InputError(f"{source}: cannot find these clips in the file to change them: {', '.join(missing)}")
    piece_ids: dict[str, list[str]] = {}
    for change in found.changed():
        ids = [change.key]
        for k in range(1, len(change.pieces)):
            fresh, n = f"{change.key}-{k + 1}", k + 1
            while fresh in used_ids:
                n += 1
                fresh = f"{change.key}-{n}"
            used_ids.add(fresh)
            ids.append(fresh)
        piece_ids[change.key] = ids
    splices = Splices(text)
    if not found.changed():
        return text, model.unplaced_changes(after, key_of)
    for change in found.changed():
        node = nodes[change.key]
        if change.removed:
            splices.replace(_line_start(xml, node), node.end, "")
            continue
        copies = [_render(xml, node, change, k, piece_ids) for k in range(len(change.pieces))]
        splices.replace(node.start, node.end, ("\n" + xml.indent_of(node)).join(copies))
    _shift_transitions(xml, splices, nodes, found)
    _sequence_duration(xml, splices, found)
    return splices.apply(), model.unplaced_changes(after, key_of)


def _rate(time: otio.opentime.RationalTime) -> float:
    return time.rate


def _render(xml: XmlText, node: Node, change: model.ItemChange, k: int, piece_ids: dict[str, list[str]]) -> str:
    piece = change.pieces[k]
    text = xml.text
    sub = Splices(text[node.start : node.end], base=node.start)
    record_rate = _rate(change.before_record.start_time)
    clip_rate = _rate(change.before_source.start_time)
    d_start = model.frames(piece.record.start_time - change.before_record.start_time, record_rate)
    d_end = model.frames(piece.record.end_time_exclusive() - change.before_record.end_time_exclusive(), record_rate)
    d_in = model.frames(piece.source.start_time - change.before_source.start_time, clip_rate)
    d_out = model.frames(piece.source.end_time_exclusive() - change.before_source.end_time_exclusive(), clip_rate)
    last = len(change.pieces) - 1
    # -1 means "at the transition beside it": true of the first piece's start and the last piece's end only;
    # the cuts between pieces are written as the frames they are.
    _record(xml, sub, node.find("start"), d_start, model.frames(piece.record.start_time, record_rate), k == 0)
    _record(xml, sub, node.find("end"), d_end, model.frames(piece.record.end_time_exclusive(), record_rate), k == last)
    new_in = _add(xml, sub, node.find("in"), d_in)
    _add(xml, sub, node.find("out"), d_out)
    ticks = Fraction(TICKS_PER_SECOND) / Fraction(clip_rate).limit_denominator(10000)
    _add(xml, sub, node.find("pproTicksIn"), round(d_in * ticks))
    _add(xml, sub, node.find("pproTicksOut"), round(d_out * ticks))
    own = piece_ids[change.key]
    if k > 0:
        span = xml.attr_span(node, "id")
        if span is not None:
            sub.replace(*span, own[k])
        for file_node in node.findall("file"):
            if file_node.children:
                # Premiere writes a file in full once and refers to it by id after.
                sub.replace(file_node.start, file_node.end, f'<file id="{xml.attr(file_node, "id")}"/>')
    for link in node.findall("link"):
        ref = link.find("linkclipref")
        target = xml.leaf_text(ref)
        if ref is not None and target in piece_ids and 0 < k < len(piece_ids[target]):
            sub.replace(ref.open_end, ref.close_start, text_value(piece_ids[target][k]))
    if change.split:
        _markers_on_nearest_piece(xml, sub, node, change, k, clip_rate)
    if piece.added_markers:
        _add_markers(xml, sub, node, piece, new_in, clip_rate)
    return sub.apply()


def _record(xml: XmlText, sub: Splices, leaf: Node | None, delta: int, frame: int, at_transition: bool) -> None:
    """A record start or end: moved by delta, or where -1 stood at a cut that is no longer at a transition,
    the frame itself."""
    value = (xml.leaf_text(leaf) or "").strip()
    if leaf is not None and value == "-1" and not at_transition:
        sub.replace(leaf.open_end, leaf.close_start, str(frame))
    else:
        _add(xml, sub, leaf, delta, keep_minus_one=True)


def _add(xml: XmlText, sub: Splices, leaf: Node | None, delta: int, keep_minus_one: bool = False) -> int | None:
    """Move a whole-number leaf by delta; -1 (Premiere's "at a transition") stays as it is."""
    value = xml.leaf_text(leaf)
    if leaf is None or value is None:
        return None
    number = _frame_number(value)
    if number is None:
        return None
    if keep_minus_one and number == -1:
        return number
    if delta:
        # Written as the file writes its numbers: Hiero's "12.0" stays a decimal.
        moved = number + delta
        sub.replace(leaf.open_end, leaf.close_start, f"{moved}.0" if "." in value else str(moved))
    return number + delta


def _frame_number(value: str) -> int | None:
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _markers_on_nearest_piece(
    xml: XmlText, sub: Splices, node: Node, change: model.ItemChange, k: int, clip_rate: float
) -> None:
    """An editor's marker goes with the piece that shows its frame (or the nearest one), never twice."""
    in_value = xml.child_text(node, "in")
    if in_value is None:
        return
    base_in = _frame_number(in_value)
    if base_in is None:
        return
    spans = []
    for piece in change.pieces:
        offset = model.frames(piece.source.start_time - change.before_source.start_time, clip_rate)
        length = model.frames(piece.source.duration, clip_rate)
        spans.append((base_in + offset, base_in + offset + length))
    for marker in node.findall("marker"):
        at_text = xml.child_text(marker, "in")
        try:
            at = int(float(at_text or ""))
        except ValueError:
            continue

        def distance(span: tuple[int, int], at: int = at) -> int:
            return 0 if span[0] <= at < span[1] else min(abs(at - span[0]), abs(at - (span[1] - 1)))

        nearest = min(range(len(spans)), key=lambda n: distance(spans[n]))
        if nearest != k:
            sub.replace(_line_start(xml, marker), marker.end, "")


def _add_markers(
    xml: XmlText, sub: Splices, node: Node, piece: model.Piece, new_in: int | None, clip_rate: float
) -> None:
    if not node.children:
        return
    indent = xml.indent_of(node.children[0])
    unit = "\t" if indent.startswith("\t") else "  "
    base = new_in if new_in is not None else 0
    written = []
    for marker in piece.added_markers:
        at = base + model.frames(marker.marked_range.start_time - piece.source.start_time, clip_rate)
        length = model.frames(marker.marked_range.duration, clip_rate)
        written.append(
            "\n".join(
                [
                    f"\n{indent}<marker>",
                    f"{indent}{unit}<comment>{text_value(model.explanation(marker))}</comment>",
                    f"{indent}{unit}<name>{text_value(marker.name)}</name>",
                    f"{indent}{unit}<in>{at}</in>",
                    f"{indent}{unit}<out>{at + length if length > 0 else -1}</out>",
                    f"{indent}</marker>",
                ]
            )
        )
    # After the item's last marker, or its last child: where Premiere lists an item's markers.
    markers = node.findall("marker")
    after = markers[-1] if markers else node.children[-1]
    sub.insert(after.end, "".join(written))


def _shift_transitions(xml: XmlText, splices: Splices, nodes: dict[str, Node], found: model.TimelineChanges) -> None:
    """A transition moves with the cut it sits on: the record delta of the clip after it on its track."""
    for track in xml.root.iter("track"):
        items = [c for c in track.children if c.tag in ITEM_TAGS]
        for n, item in enumerate(items):
            if item.tag != "transitionitem":
                continue
            follower = next((i for i in items[n + 1 :] if i.tag != "transitionitem"), None)
            change = found.items.get(xml.attr(follower, "id") or "") if follower is not None else None
            if change is None or change.removed or change.untouched:
                continue
            first = change.pieces[0]
            delta = model.frames(
                first.record.start_time - change.before_record.start_time, _rate(change.before_record.start_time)
            )
            if delta:
                sub = Splices(xml.text[item.start : item.end], base=item.start)
                _add(xml, sub, item.find("start"), delta, keep_minus_one=True)
                _add(xml, sub, item.find("end"), delta, keep_minus_one=True)
                splices.replace(item.start, item.end, sub.apply())


def _sequence_duration(xml: XmlText, splices: Splices, found: model.TimelineChanges) -> None:
    sequences = xml.root.findall("sequence")
    if len(sequences) != 1:
        return
    delta = model.frames(found.duration_after - found.duration_before, found.duration_before.rate)
    leaf = sequences[0].find("duration")
    value = xml.leaf_text(leaf)
    number = _frame_number(value) if value is not None else None
    if delta and leaf is not None and value is not None and number is not None:
        moved = number + delta
        splices.replace(leaf.open_end, leaf.close_start, f"{moved}.0" if "." in value else str(moved))


def _line_start(xml: XmlText, node: Node) -> int:
    """Where an element's own line begins (its newline and indent go with it when it is removed)."""
    lead = xml.indent_of(node)
    start = node.start - len(lead)
    return start - 1 if start > 0 and xml.text[start - 1] == "\n" else node.start
