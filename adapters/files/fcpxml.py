"""Final Cut Pro XML as Final Cut Pro 10.5+ exports it: libraries, events, projects, bundles, NTSC rates.

OpenTimelineIO's FCPXML adapter reads one event of a library and counts a
1001/30000s frame as 1/29 s; media in FCPXML 1.9+ lives in an asset's
<media-rep>, which it does not look at. This module hands it what it can read
(each project, an asset's media-rep as its src) and reads rates exactly, then
picks the project asked for. Each clip read from a project carries its
element's place in the document (its index in document order), which the
in-place editor (fcpxml_edit.py) finds it by; a marker is read as the clip's
that holds it, not also as the clip's that a connected clip hangs from. The
adapter's writer, with the same exact rates, is used only for timelines from
other formats. What it cannot carry is said in docs/hosts.md.
"""

from __future__ import annotations

import contextlib
import threading
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio
from otio_fcpx_xml_adapter import fcpx_xml as upstream

from workprint.adapters.files.changes import FILE_KEY
from workprint.engine.errors import InputError

BUNDLE_SUFFIX = ".fcpxmld"
#: Frame durations by exact rate, for the writer (it knows only the rounded ones).
_FRAME_DURATIONS = {
    Fraction(24000, 1001): "1001/24000s",
    Fraction(24): "100/2400s",
    Fraction(25): "100/2500s",
    Fraction(30000, 1001): "1001/30000s",
    Fraction(30): "100/3000s",
    Fraction(50): "100/5000s",
    Fraction(60000, 1001): "1001/60000s",
    Fraction(60): "100/6000s",
}


def document_path(path: Path) -> Path:
    """An .fcpxmld bundle holds its document as Info.fcpxml."""
    if path.suffix.lower() == BUNDLE_SUFFIX:
        inner = path / "Info.fcpxml"
        if not inner.is_file():
            raise InputError(f"{path}: an FCPXML bundle without Info.fcpxml")
        return inner
    return path


def exact(rate: float) -> Fraction:
    """A rate as the fraction it stands for (29.97 → 30000/1001)."""
    fraction = Fraction(rate).limit_denominator(1001)
    for known in _FRAME_DURATIONS:
        if abs(float(known) - rate) < 0.006:
            return known
    return fraction


class _Reader(upstream.FcpxXml):
    """The adapter's reader with exact frame rates and every project of every event."""

    def __init__(self, root: ElementTree.Element) -> None:
        self.fcpx_xml = root
        self.child_parent_map = {c: p for p in root.iter() for c in p}
        self.keys = _keys(root, self.child_parent_map)

    def _build_composable(self, element, default_format):
        made = super()._build_composable(element, default_format)
        timing = self._timing_clip(element)
        # The adapter takes every marker under the clip, those of the clips connected to it too.
        own = [m for m in made.markers]
        held = [_holder(m, self.child_parent_map) is timing for m in timing.findall(".//marker")]
        if not all(held):
            del made.markers[:]
            made.markers.extend(m for m, mine in zip(own, held, strict=True) if mine)
        key = self.keys.get(id(timing))
        if key is not None:
            made.metadata[FILE_KEY] = {"item": key}
        return made

    def _number_of_frames(self, time_value, format_id):  # the adapter's own goes through floats
        if time_value in ("0s", None):
            return 0
        fd_total, fd_rate = self._format_frame_duration(format_id)
        return int(_seconds(time_value) * Fraction(int(fd_rate), int(fd_total)))

    def _format_frame_rate(self, format_id):  # the adapter's own returns int(30000/1001) == 29
        fd_total, fd_rate = self._format_frame_duration(format_id)
        return float(Fraction(int(fd_rate), int(fd_total)))

    def _frame_rate_from_element(self, element, default_format_id):
        rounded = super()._frame_rate_from_element(element, default_format_id)
        # Found again from the format the adapter used, exactly.
        for fmt in self.fcpx_xml.iter("format"):
            duration = fmt.get("frameDuration")
            if duration and int(_rate_of_duration(duration)) == rounded:
                return float(_rate_of_duration(duration))
        return rounded


#: The elements whose start and duration are a clip's timing (the adapter's "timing clip").
TIMING_TAGS = ("clip", "asset-clip", "ref-clip")


def _holder(element: ElementTree.Element, parents: dict) -> ElementTree.Element | None:
    """The clip an element belongs to: the nearest timing element above it."""
    node = parents.get(element)
    while node is not None and node.tag not in TIMING_TAGS:
        node = parents.get(node)
    return node


def _keys(root: ElementTree.Element, parents: dict) -> dict[int, str]:
    """Each project clip's place in the document ("N" and its index among the elements in document order),
    for the clips the reader makes exactly one item of (an element read as two items has no one place)."""
    index = {id(e): n for n, e in enumerate(root.iter())}
    counted: Counter = Counter()
    for project in root.iter("project"):
        for element in project.iter():
            if element.tag in upstream.COMPOSABLE_ELEMENTS:
                timing = element if element.tag in TIMING_TAGS else _holder(element, parents)
                if timing is not None:
                    counted[id(timing)] += 1
    return {found: f"N{index[found]}" for found, n in counted.items() if n == 1}


def _exact_rational_time(rational_number: str | None, fps: float) -> otio.opentime.RationalTime:
    """The adapter's own conversion takes int(fps) as the rate and truncates: 10 s at 29.97 became 299 frames
    of 1/29 s. This one keeps the rate and rounds to the frame the time names."""
    rate = float(exact(float(fps)))
    if rational_number in (None, "0s"):
        return otio.opentime.RationalTime(0, rate)
    return otio.opentime.RationalTime(round(_seconds(rational_number or "0s") * exact(float(fps))), rate)


_PATCH = threading.Lock()


@contextlib.contextmanager
def _exact_times() -> Iterator[None]:
    """The adapter's module-level time conversion, replaced for the length of one read."""
    with _PATCH:
        original = upstream.to_rational_time
        upstream.to_rational_time = _exact_rational_time
        try:
            yield
        finally:
            upstream.to_rational_time = original


def _rate_of_duration(value: str) -> Fraction:
    text = value.rstrip("s")
    total, _, per = text.partition("/")
    return Fraction(int(per or 1), int(total))


class _Writer(upstream.FcpxOtio):
    @staticmethod
    def _framerate_to_frame_duration(framerate):
        return _FRAME_DURATIONS.get(exact(float(framerate)), "")


def projects(root: ElementTree.Element) -> list[tuple[str, ElementTree.Element]]:
    """Every project of the document with the event it is in: (\"Event / Project\", element)."""
    found = []
    for project in root.iter("project"):
        event = next((e for e in root.iter("event") if project in list(e)), None)
        label = f"{event.get('name', '')} / {project.get('name', '')}" if event is not None else project.get("name", "")
        found.append((label, project))
    return found


def read(path: Path, project: str | None = None) -> otio.core.SerializableObject:
    """The timeline of the one project (named, or the only one), or the document's clips as a collection."""
    document = document_path(path)
    try:
        root = ElementTree.fromstring(document.read_bytes())
    except ElementTree.ParseError as exc:
        line, column = exc.position
        raise InputError(
            f"{path}: cannot read it as Final Cut Pro X XML (not well-formed at line {line}, column {column + 1})"
        ) from exc
    _media_reps_as_src(root)
    with _exact_times():
        return _read(path, root, project)


def _read(path: Path, root: ElementTree.Element, project: str | None) -> otio.core.SerializableObject:
    found = projects(root)
    if not found:
        if project is not None:
            raise InputError(f"{path}: --project {project}: the file holds no project")
        return _Reader(root).to_otio()
    if project is not None:
        chosen = [p for p in found if project in (p[0], p[1].get("name"))]
        if not chosen:
            chosen = [p for p in found if project.casefold() == (p[1].get("name") or "").casefold()]
        if len(chosen) != 1:
            names = "; ".join(label for label, _ in found)
            what = "no project" if not chosen else "more than one project"
            raise InputError(f"{path}: --project {project}: {what} by that name (projects: {names})")
    elif len(found) > 1:
        # Every project, as the file holds them; the command works on each.
        collection = otio.schema.SerializableCollection(name=path.stem)
        for label, element in found:
            collection.append(_project(root, label, element))
        return collection
    else:
        chosen = found
    label, element = chosen[0]
    return _project(root, label, element)


def _project(root: ElementTree.Element, label: str, element: ElementTree.Element) -> otio.schema.Timeline:
    timeline = _Reader(root)._from_project(element)
    timeline.metadata.setdefault("fcpx_xml", {})["project"] = label
    start = element.find("./sequence")
    if start is not None and start.get("tcStart"):
        rate = _sequence_rate(root, start)
        timeline.global_start_time = otio.opentime.RationalTime(
            round(float(_seconds(start.get("tcStart", "0s"))) * rate), rate
        )
    return timeline


def write(obj: otio.core.SerializableObject, path: Path) -> None:
    text = _Writer(obj).to_xml()
    path.write_text(text, encoding="utf-8")


def _media_reps_as_src(root: ElementTree.Element) -> None:
    """FCPXML 1.9+ keeps an asset's file in <media-rep kind="original-media" src=...>."""
    for asset in root.iter("asset"):
        if asset.get("src"):
            continue
        reps = asset.findall("media-rep")
        original = next((r for r in reps if r.get("kind") == "original-media"), reps[0] if reps else None)
        if original is not None and original.get("src"):
            asset.set("src", original.get("src", ""))


def _seconds(value: str) -> Fraction:
    text = value.rstrip("s") or "0"
    top, _, bottom = text.partition("/")
    return Fraction(int(top), int(bottom or 1))


def _sequence_rate(root: ElementTree.Element, sequence: ElementTree.Element) -> float:
    fmt = next((f for f in root.iter("format") if f.get("id") == sequence.get("format")), None)
    if fmt is None or not fmt.get("frameDuration"):
        return 24.0
    return float(_rate_of_duration(fmt.get("frameDuration", "1/24s")))
