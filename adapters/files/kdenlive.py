"""Kdenlive projects (MLT XML): the job's changes written into the editor's own .kdenlive file.

A Kdenlive track is a tractor of playlists; a clip is an <entry> of one of
them (in/out in source frames, out inclusive) and the space between clips a
<blank>. Entries follow one another, so a shorter entry ripples what comes
after it on its playlist by itself. Only what changes is touched: an entry's
in/out (written in the file's own form, timecode or frames), the fades that
hang on its edges, a closed pause written as copies of the entry (filters
and properties kept, a fade-in kept on the first piece only and a fade-out on
the last, as Kdenlive's razor does), the positions in the project's clip
groups, and one guide on the timeline at each place changed (its reason as the comment).
A change that would move a cut a mix or composition sits on, or that its
grouped clips (picture and sound of one clip on two tracks) do not share, is
left out with a note. Every other byte is the file's own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import opentimelineio as otio

from workprint.adapters.files import changes as model
from workprint.adapters.files.xml_text import Node, Splices, XmlText, text_value
from workprint.engine.errors import InputError

#: Kdenlive's marker and guide types, by the OTIO colour the reader gives each (the adapter's own table).
MARKER_TYPES = {
    otio.schema.MarkerColor.PURPLE: 0,
    otio.schema.MarkerColor.CYAN: 1,
    otio.schema.MarkerColor.BLUE: 2,
    otio.schema.MarkerColor.GREEN: 3,
    otio.schema.MarkerColor.YELLOW: 4,
    otio.schema.MarkerColor.ORANGE: 5,
    otio.schema.MarkerColor.RED: 6,
    otio.schema.MarkerColor.PINK: 7,
    otio.schema.MarkerColor.MAGENTA: 8,
}
FADES_IN = ("fadein", "fade_from_black")
FADES_OUT = ("fadeout", "fade_to_black")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d+):(\d+(?:[.,]\d+)?)$")
_LEAF = re.compile(r'("data"\s*:\s*")(\d+):(\d+)(")')

key_of = model.file_key


@dataclass
class Entry:
    node: Node
    playlist: Node
    key: str
    #: The OTIO track it is read into (Kdenlive's track index in its groups, black track not counted).
    track: int
    start: int
    first: int
    last: int

    @property
    def length(self) -> int:
        return self.last - self.first + 1


@dataclass
class Project:
    xml: XmlText
    rate: float
    entries: dict[str, Entry] = field(default_factory=dict)
    #: Per OTIO track: its tractor and its playlists.
    tracks: list[tuple[Node, list[Node]]] = field(default_factory=list)
    #: Compositions of the main tractor and mixes of each track: (tracks involved, first frame, last frame).
    transitions: list[tuple[set[int], int, int, str]] = field(default_factory=list)
    main: Node | None = None
    main_bin: Node | None = None
    version: float = 0.0

    def property(self, owner: Node | None, name: str) -> Node | None:
        if owner is None:
            return None
        return next((p for p in owner.findall("property") if self.xml.attr(p, "name") == name), None)

    def value(self, owner: Node | None, name: str) -> str:
        return self.xml.leaf_text(self.property(owner, name)) or ""

    def frames(self, clock: str | None) -> int:
        """An MLT time as frames: a frame count, or a clock the way the reader turns it into frames."""
        value = (clock or "0").strip()
        found = _CLOCK.match(value)
        if not found:
            try:
                return round(float(value))
            except ValueError as exc:
                raise InputError(f"{self.xml.source}: '{value}' is not an MLT time") from exc
        hours, mins, secs = (float((g or "0").replace(",", ".")) for g in found.groups())
        return round(secs * self.rate) + int(mins * 60 * self.rate) + int(hours * 3600 * self.rate)

    def clock(self, frames: int, like: str) -> str:
        """Frames in the form `like` is written in (a frame count, or MLT's clock with its decimal mark)."""
        if not _CLOCK.match(like.strip()):
            return str(frames)
        hours = int(frames / (self.rate * 3600))
        frames -= int(hours * 3600 * self.rate)
        mins = int(frames / (self.rate * 60))
        frames -= int(mins * 60 * self.rate)
        written = f"{hours:02d}:{mins:02d}:{frames / self.rate:06.3f}"
        return written.replace(".", ",") if "," in like else written


def read(text: str, source: str = "the project") -> Project:
    """The project's tracks, entries and transitions as the Kdenlive adapter's reader walks them."""
    xml = XmlText(text, source)
    profile = xml.root.find("profile")
    if profile is None:
        raise InputError(f"{source}: no <profile> (not a Kdenlive project)")
    rate = float(xml.attr(profile, "frame_rate_num") or 0) / float(xml.attr(profile, "frame_rate_den") or 1)
    if rate <= 0:
        raise InputError(f"{source}: <profile> gives no frame rate")
    project = Project(xml, rate)
    byid = {xml.attr(n, "id"): n for n in xml.root.children if xml.attr(n, "id")}
    project.main_bin = byid.get("main_bin")
    try:
        project.version = float(project.value(project.main_bin, "kdenlive:docproperties.version") or 0)
    except ValueError:
        project.version = 0.0
    project.main = _main_tractor(project, byid)
    if project.main is None:
        raise InputError(f"{source}: cannot find the project's timeline (its main tractor)")
    index = 0
    for n, track in enumerate(project.main.findall("track")):
        tractor = byid.get(xml.attr(track, "producer"))
        if xml.attr(track, "producer") == "black_track" or tractor is None:
            continue
        if project.value(tractor, "kdenlive:playlistid") == "black_track":
            continue
        playlists = [byid[p] for t in tractor.findall("track") if (p := xml.attr(t, "producer")) in byid]
        project.tracks.append((tractor, playlists))
        for playlist in playlists:
            cursor = 0
            for k, item in enumerate(c for c in playlist.children if c.tag in ("entry", "blank")):
                if item.tag == "blank":
                    cursor += project.frames(xml.attr(item, "length"))
                    continue
                first, last = project.frames(xml.attr(item, "in")), project.frames(xml.attr(item, "out"))
                key = f"{xml.attr(playlist, 'id')}/{k}"
                project.entries[key] = Entry(item, playlist, key, index, cursor, first, last)
                cursor += last - first + 1
        for mix in tractor.findall("transition"):
            project.transitions.append(_transition(project, mix, {index}, "a mix"))
        for composition in project.main.findall("transition"):
            if project.property(composition, "internal_added") is not None:
                continue  # the track's own compositing, all along it: no cut under it
            tracks = {project.frames(project.value(composition, t) or "-1") for t in ("a_track", "b_track")}
            if n in tracks:
                project.transitions.append(_transition(project, composition, {index}, "a composition"))
        index += 1
    return project


def _main_tractor(project: Project, byid: dict) -> Node | None:
    xml = project.xml
    tractors = xml.root.findall("tractor")
    feed = next((t for t in tractors if xml.attr(t, "global_feed") == "1"), None)
    if feed is not None or not tractors:
        return feed
    last = tractors[-1]
    if project.version < 1.1:
        return last
    # Since 1.1 (nested timelines) the last tractor wraps the sequence last opened: that is the timeline.
    if project.value(last, "kdenlive:projectTractor") != "1":
        return None
    inner = last.find("track")
    return byid.get(xml.attr(inner, "producer")) if inner is not None else None


def _transition(project: Project, node: Node, tracks: set[int], kind: str) -> tuple[set[int], int, int, str]:
    first = project.frames(project.xml.attr(node, "in") or "0")
    out = project.xml.attr(node, "out")
    last = project.frames(out) if out is not None else 1 << 40
    return tracks, first, last, f"{kind} ({project.xml.attr(node, 'id') or project.xml.line(node)})"


def place(text: str, timeline: otio.schema.Timeline, source: str) -> list[str]:
    """Give each clip the reader made its entry's place in the file (FILE_KEY); return the clips with none
    (beside a mix, whose edges the reader moves, or in a layout it flattened)."""
    project = read(text, source)
    by_place: dict[tuple[int, int, int, int], list[str]] = {}
    for entry in project.entries.values():
        by_place.setdefault((entry.track, entry.start, entry.first, entry.length), []).append(entry.key)
    unplaced = []
    for n, track in enumerate(timeline.tracks):
        for clip in track.find_clips(shallow_search=True):
            source_range = model.source_of(clip)
            found = by_place.get(
                (
                    n,
                    model.frames(clip.range_in_parent().start_time, project.rate),
                    model.frames(source_range.start_time, project.rate),
                    model.frames(source_range.duration, project.rate),
                ),
                [],
            )
            if len(found) == 1:
                clip.metadata[model.FILE_KEY] = {"item": found[0]}
            else:
                at = project.clock(model.frames(clip.range_in_parent().start_time, project.rate), "0:0:0")
                unplaced.append(f"{clip.name or 'the clip'} at {at} on track {n + 1}")
    return unplaced


def groups(project: Project) -> tuple[Node | None, list[list[tuple[int, int]]]]:
    """The project's clip groups (Kdenlive's AVSplit and user groups): each as the (track, position) of its
    clips, and the property that holds them."""
    prop = project.property(project.main, "kdenlive:sequenceproperties.groups") or project.property(
        project.main_bin, "kdenlive:docproperties.groups"
    )
    text = project.xml.leaf_text(prop)
    if prop is None or not text or not text.strip():
        return prop, []
    try:
        tree = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{project.xml.source}: line {project.xml.line(prop)}: its clip groups are not JSON") from exc

    def leaves(node: dict) -> list[tuple[int, int]]:
        if node.get("type") == "Leaf":
            track, _, pos = str(node.get("data", "")).partition(":")
            return [(int(track), int(pos))] if track.isdigit() and pos.isdigit() else []
        return [leaf for child in node.get("children", []) for leaf in leaves(child)]

    return prop, [leaves(g) for g in tree if isinstance(g, dict)]


def edit(
    text: str, before: otio.schema.Timeline, after: otio.schema.Timeline, source: str = "the project"
) -> tuple[str, list[str]]:
    """The project's text with the job's changes (after vs before, both read from it) applied, and notes on
    the changes left out."""
    project = read(text, source)
    found = model.compare(before, after, key_of)
    notes = model.unplaced_changes(after, key_of)
    changed = {c.key: c for c in found.changed() if c.key in project.entries}
    missing = [c.name for c in found.changed() if c.key not in project.entries]
    if missing:
        raise InputError(f"{source}: cannot find these clips in the project to change them: {', '.join(missing)}")
    if not changed:
        return text, notes
    at = {(e.track, e.start): e.key for e in project.entries.values()}
    groups_prop, grouped = groups(project)
    refused: dict[str, str] = {}
    for change in changed.values():
        reason = _blocked(project, project.entries[change.key], change)
        if reason:
            refused[change.key] = reason
    for group in grouped:
        keys = [at[leaf] for leaf in group if leaf in at]
        shapes = {_shape(changed.get(k), project) for k in keys}
        removed = any(k in changed and changed[k].removed for k in keys)
        if any(k in changed for k in keys) and (len(shapes) > 1 or removed or any(k in refused for k in keys)):
            why = next((refused[k] for k in keys if k in refused), "its grouped clips are not changed alike")
            if removed:
                why = "it is grouped, and a grouped clip taken out whole would leave its group naming nothing"
            for k in keys:
                if k in changed:
                    refused.setdefault(k, why)
    for key, why in refused.items():
        change = changed.pop(key)
        if _only_moved(change):
            continue  # moved by the ripple of a change before it on its track: that change is the one named
        entry = project.entries[key]
        where = f"at {project.clock(entry.start, '0:0:0')} on track {entry.track + 1}"
        notes.append(f"{change.name or 'the clip'} {where}: {why}; the clip is left as it was in the project")
    if not changed:
        return text, notes
    splices = Splices(text)
    placed: dict[str, list[int]] = {}
    for tractor, playlists in project.tracks:
        lengths = [_edit_playlist(project, splices, playlist, changed, found, placed) for playlist in playlists]
        _track_out(project, splices, tractor, lengths)
    _edit_groups(project, splices, groups_prop, grouped, at, placed)
    _add_guides(project, splices, changed, placed)
    return splices.apply(), notes


def _shape(change: model.ItemChange | None, project: Project) -> tuple:
    """What a change does to its clip's media and cuts: grouped clips must share it. A marker alone, or a move
    by a ripple from before it on its track, is nothing to share."""
    if change is None or (len(change.pieces) == 1 and change.pieces[0].source == change.before_source):
        return ()
    rate = project.rate

    def rel(t: otio.opentime.TimeRange, base: otio.opentime.TimeRange) -> tuple[int, int]:
        return model.frames(t.start_time - base.start_time, rate), model.frames(t.duration, rate)

    first = change.pieces[0].record if change.pieces else change.before_record
    return tuple((rel(p.record, first), rel(p.source, change.before_source)) for p in change.pieces)


def _same_times(change: model.ItemChange) -> bool:
    return (
        len(change.pieces) == 1
        and change.pieces[0].record == change.before_record
        and change.pieces[0].source == change.before_source
    )


def _only_moved(change: model.ItemChange) -> bool:
    return (
        len(change.pieces) == 1
        and change.pieces[0].source == change.before_source
        and not change.pieces[0].added_markers
    )


def _blocked(project: Project, entry: Entry, change: model.ItemChange) -> str | None:
    """Why a change cannot be written: a mix or composition on a cut it would move."""
    if _same_times(change):
        return None  # only a guide to add: no cut moves
    rate = project.rate
    end_before = model.frames(change.before_record.end_time_exclusive(), rate)
    end_after = model.frames(change.pieces[-1].record.end_time_exclusive(), rate) if change.pieces else entry.start
    # A ripple moves every cut after the clip; otherwise only the clip's own cuts move.
    reach = 1 << 40 if end_after != end_before else end_before
    for tracks, first, last, what in project.transitions:
        if entry.track in tracks and first <= reach and last >= entry.start:
            return f"{what} sits on a cut this change would move"
    return None


def _edit_playlist(
    project: Project,
    splices: Splices,
    playlist: Node,
    changed: dict[str, model.ItemChange],
    found: model.TimelineChanges,
    placed: dict[str, list[int]],
) -> tuple[int, int]:
    """The playlist's changed entries rewritten, and where each entry's pieces now start on it put in
    `placed`; returns the playlist's length before and after.

    Entries follow one another, so a change ripples what comes after it by itself. Where the answer puts an
    entry elsewhere than that (a gap it left, a trim it did not ripple), the blank before the entry takes
    the difference. What a change left out would have moved (its ripple) is not followed.
    """
    xml, rate = project.xml, project.rate
    items = [c for c in playlist.children if c.tag in ("entry", "blank")]
    # cursor: where the next item starts in the file as written; offset: the answer's positions less the
    # file's, from the changes left out before it.
    cursor = offset = before = 0
    for k, item in enumerate(items):
        key = f"{xml.attr(playlist, 'id')}/{k}"
        if item.tag == "blank":
            cursor += project.frames(xml.attr(item, "length"))
            before += project.frames(xml.attr(item, "length"))
            continue
        entry = project.entries[key]
        before += entry.length
        known = found.items.get(key)
        change = changed.get(key)
        if known is None or (change is None and not known.untouched):
            # A clip the answer gives no place (beside a mix), or a change left out: as it is in the file.
            placed[key] = [cursor]
            if known is not None:
                answer_end = (
                    model.frames(known.pieces[-1].record.end_time_exclusive(), rate)
                    if known.pieces
                    else cursor + offset
                )
                offset = answer_end - (cursor + entry.length)
            cursor += entry.length
            continue
        pieces = known.pieces
        if not pieces:
            splices.replace(_line_start(xml, item), item.end, "")
            placed[key] = []
            continue
        lead = model.frames(pieces[0].record.start_time, rate) - offset - cursor
        cursor += _lead(project, splices, items, k, lead)
        if change is None:
            placed[key] = [cursor]
            cursor += entry.length
            continue
        like = xml.attr(item, "in") or "0"
        written, at = [], []
        for n, piece in enumerate(pieces):
            if n:
                gap = model.frames(piece.record.start_time - pieces[n - 1].record.end_time_exclusive(), rate)
                if gap > 0:
                    written.append(f'<blank length="{project.clock(gap, like)}"/>')
                    cursor += gap
            written.append(_render(project, entry, change, n))
            at.append(cursor)
            cursor += model.frames(piece.source.duration, rate)
        splices.replace(item.start, item.end, ("\n" + xml.indent_of(item)).join(written))
        placed[key] = at
    return before, cursor


def _lead(project: Project, splices: Splices, items: list[Node], k: int, lead: int) -> int:
    """Move the entry at k by `lead` frames through the blank before it (made where there is none); returns
    how far it moved (nothing where the blank is too short: entries cannot overlap)."""
    if not lead:
        return 0
    xml = project.xml
    item = items[k]
    blank = items[k - 1] if k and items[k - 1].tag == "blank" else None
    if blank is not None:
        length = xml.attr(blank, "length") or "0"
        span = xml.attr_span(blank, "length")
        if span is None or project.frames(length) + lead < 0:
            return 0
        splices.replace(*span, project.clock(project.frames(length) + lead, length))
        return lead
    if lead < 0:
        return 0
    like = xml.attr(item, "in") or "0"
    splices.insert(item.start, f'<blank length="{project.clock(lead, like)}"/>\n{xml.indent_of(item)}')
    return lead


def _track_out(project: Project, splices: Splices, tractor: Node, lengths: list[tuple[int, int]]) -> None:
    """A track's tractor ends on its last frame: where its longest playlist now ends."""
    out = project.xml.attr(tractor, "out")
    span = project.xml.attr_span(tractor, "out")
    if out is None or span is None or not lengths:
        return
    old, new = max(b for b, _ in lengths), max(a for _, a in lengths)
    if old != new and project.frames(out) == old - 1 and new > 0:
        splices.replace(*span, project.clock(new - 1, out))


def _render(project: Project, entry: Entry, change: model.ItemChange, n: int) -> str:
    """One piece of an entry: the entry's own text with its in/out and the filters on its edges moved."""
    xml, rate = project.xml, project.rate
    piece = change.pieces[n]
    node = entry.node
    sub = Splices(xml.text[node.start : node.end], base=node.start)
    d_in = model.frames(piece.source.start_time - change.before_source.start_time, rate)
    d_out = model.frames(piece.source.end_time_exclusive() - change.before_source.end_time_exclusive(), rate)
    _move(project, sub, node, "in", d_in)
    _move(project, sub, node, "out", d_out)
    first, last = entry.first + d_in, entry.last + d_out
    for effect in node.findall("filter"):
        kind = project.value(effect, "kdenlive_id")
        if (kind in FADES_IN and n > 0) or (kind in FADES_OUT and n < len(change.pieces) - 1):
            # Kdenlive's razor keeps a fade-in on the first piece and a fade-out on the last.
            sub.replace(_line_start(xml, effect), effect.end, "")
            continue
        if xml.attr(effect, "in") is None or xml.attr(effect, "out") is None:
            continue
        f_in, f_out = project.frames(xml.attr(effect, "in")), project.frames(xml.attr(effect, "out"))
        if kind in FADES_IN:
            shift_in = shift_out = d_in
        elif kind in FADES_OUT:
            shift_in = shift_out = d_out
        else:
            shift_in = d_in if f_in == entry.first else 0
            shift_out = d_out if f_out == entry.last else 0
        new_in = min(max(f_in + shift_in, first), last)
        new_out = min(max(f_out + shift_out, new_in), last)
        _move(project, sub, effect, "in", new_in - f_in)
        _move(project, sub, effect, "out", new_out - f_out)
    return sub.apply()


def _move(project: Project, sub: Splices, node: Node, name: str, delta: int) -> None:
    span = project.xml.attr_span(node, name)
    value = project.xml.attr(node, name)
    if delta and span is not None and value is not None:
        sub.replace(*span, project.clock(project.frames(value) + delta, value))


def _edit_groups(
    project: Project,
    splices: Splices,
    prop: Node | None,
    grouped: list[list[tuple[int, int]]],
    at: dict[tuple[int, int], str],
    placed: dict[str, list[int]],
) -> None:
    """Groups name their clips by track and position: each position follows its clip, and a group whose clips
    were all split alike gets one more group per further piece (as Kdenlive groups the pieces of a cut)."""
    if prop is None or prop.children:
        return
    xml = project.xml
    body = xml.text[prop.open_end : prop.close_start]
    entries = project.entries

    def leaf(found: re.Match) -> str:
        track, pos = int(found.group(2)), int(found.group(3))
        key = at.get((track, pos))
        now = placed.get(key, [pos]) if key is not None else [pos]
        return f"{found.group(1)}{track}:{now[0] if now else pos}{found.group(4)}"

    updated = _LEAF.sub(leaf, body)
    extra = []
    for group in grouped:
        keys = [k for k in (at.get(leaf) for leaf in group) if k is not None]
        counts = {len(placed.get(k, [])) for k in keys}
        if len(keys) != len(group) or len(counts) != 1:
            continue
        for n in range(1, counts.pop()):
            children = [{"data": f"{entries[k].track}:{placed[k][n]}", "leaf": "clip", "type": "Leaf"} for k in keys]
            extra.append({"children": children, "type": "AVSplit" if len(children) == 2 else "Normal"})
    if extra:
        updated = _append_json(updated, extra)
    if updated != body:
        splices.replace(prop.open_end, prop.close_start, updated)


def _append_json(body: str, values: list[dict]) -> str:
    """JSON values added at the end of a JSON array's text (an XML element's, escaped for it), written as the
    text writes its own; the text already there is kept as it is."""
    close = body.rstrip().rfind("]")
    if close < 0:
        return body
    pretty = "\n" in body.strip()
    rendered = [
        text_value(json.dumps(v, indent=4, sort_keys=True) if pretty else json.dumps(v, sort_keys=True)) for v in values
    ]
    if pretty:
        rendered = ["\n".join("    " + line for line in r.splitlines()) for r in rendered]
    head = body[:close].rstrip()
    empty = head.endswith("[")
    sep = ",\n" if pretty else ", "
    joined = sep.join(rendered)
    if empty:
        return head + ("\n" if pretty else "") + joined + ("\n" if pretty else "") + body[close:]
    return head + sep + joined + ("\n" if pretty else "") + body[close:]


def _add_guides(
    project: Project, splices: Splices, changed: dict[str, model.ItemChange], placed: dict[str, list[int]]
) -> None:
    """One guide per change, where the cut now is, its reason as the comment, in the property the project's
    version keeps its guides in (added to the project if it has none yet)."""
    rate = project.rate
    guides = []
    for change in changed.values():
        for piece, start in zip(change.pieces, placed.get(change.key, []), strict=False):
            for marker in piece.added_markers:
                offset = model.frames(marker.marked_range.start_time - piece.source.start_time, rate)
                guides.append(
                    {
                        "comment": model.explanation(marker),
                        "pos": start + offset,
                        "type": MARKER_TYPES.get(marker.color, 1),
                    }
                )
    # Picture and sound of one clip changed alike are one change to the editor: one guide at each place.
    guides = list({(g["pos"], g["comment"]): g for g in guides}.values())
    if not guides:
        return
    xml = project.xml
    owner, name = (
        (project.main_bin, "kdenlive:docproperties.guides")
        if project.version < 1.1
        else (project.main, "kdenlive:sequenceproperties.guides")
    )
    if owner is None:
        return
    prop = project.property(owner, name)
    if prop is not None and not prop.children:
        body = xml.text[prop.open_end : prop.close_start]
        if not body.strip():
            body = "[]"
        splices.replace(prop.open_end, prop.close_start, _append_json(body, guides))
        return
    props = owner.findall("property")
    anchor = props[-1] if props else None
    text = text_value(json.dumps(guides, indent=4, sort_keys=True))
    if anchor is not None:
        splices.insert(anchor.end, f'\n{xml.indent_of(anchor)}<property name="{name}">{text}</property>')
    else:
        splices.insert(owner.open_end, f'<property name="{name}">{text}</property>')


def _line_start(xml: XmlText, node: Node) -> int:
    lead = xml.indent_of(node)
    start = node.start - len(lead)
    return start - 1 if start > 0 and xml.text[start - 1] == "\n" else node.start
