"""Timeline files in every format OpenTimelineIO's adapter plugins handle, chosen by extension.

Reading and writing go through OTIO's own adapters (the otio-*-adapter
packages); this module only picks the adapter, keeps an .otio file's text
exactly as it is, and turns the adapters' many exceptions into one clear
message that names the file. On the way in a host's own metadata (Resolve's
link groups, ...) is translated into the engine's neutral namespace, and back
on the way out (adapters/metadata).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import opentimelineio as otio

from workprint.adapters import metadata
from workprint.adapters.files import aaf_checks, aaf_markers, edl, fcp7_xml, fcpxml, fcpxml_edit, kdenlive
from workprint.adapters.files.changes import SharedItemChanged
from workprint.engine.errors import InputError
from workprint.engine.timeline import otio_json

log = logging.getLogger("workprint.adapters")


@dataclass(frozen=True)
class FileFormat:
    extension: str
    adapter: str
    label: str


FORMATS: dict[str, FileFormat] = {
    f.extension: f
    for f in (
        FileFormat(".otio", "otio_json", "OpenTimelineIO"),
        FileFormat(".otioz", "otioz", "OpenTimelineIO bundle"),
        FileFormat(".fcpxml", "fcpx_xml", "Final Cut Pro X XML"),
        FileFormat(".fcpxmld", "fcpx_xml", "Final Cut Pro XML bundle"),
        FileFormat(".xml", "fcp_xml", "Final Cut Pro 7 / Premiere XML"),
        FileFormat(".edl", "cmx_3600", "CMX 3600 EDL"),
        FileFormat(".aaf", "AAF", "Avid AAF"),
        FileFormat(".kdenlive", "kdenlive", "Kdenlive project"),
    )
}

#: An EDL does not say its frame rate; this is the one assumed unless told.
DEFAULT_EDL_RATE = 24.0


def known_extensions() -> list[str]:
    return list(FORMATS)


def format_of(path: Path) -> FileFormat:
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise InputError(
            f"{path}: unknown timeline format '{path.suffix or '(no extension)'}' (known: {', '.join(FORMATS)})"
        )
    return found


@dataclass
class Document:
    """A timeline or bin read from a file, as OTIO and as the JSON the engine receives."""

    path: Path
    #: The OTIO objects; None for an .otio file read as text only, until `obj` is first asked for.
    _obj: otio.core.SerializableObject | None
    #: OTIO JSON as the engine receives it (host metadata made neutral); for an .otio file with nothing to
    #: translate, its own text, untouched.
    json_text: str
    #: Where relative media paths are resolved from.
    base_dir: Path
    _temporary: list[Path] = field(default_factory=list)
    #: The .otio file's own text when translation changed what is sent: what goes back when nothing changed.
    original_text: str | None = None
    #: A text format's own text (FCP 7 XML, FCPXML, EDL): the job's changes are written into it (adapters/files).
    file_text: str | None = None
    file_encoding: str = "utf-8"
    #: The EDL's rate, as read from the list or told.
    edl_rate: edl.EdlRate | None = None
    #: What the reader has to say before the job runs (the rate it found, clips it cannot place in the file).
    notices: list[str] = field(default_factory=list)

    @property
    def obj(self) -> otio.core.SerializableObject:
        """The document as OTIO objects (an .otio file read as text only is parsed now, naming the file in
        any error)."""
        if self._obj is None:
            self._obj = otio_json.parse(self.json_text, source=str(self.path))
        return self._obj

    @property
    def one_timeline(self) -> bool:
        """Whether the document is a single timeline, without parsing an .otio file read as text only: OTIO's
        writer puts the top object's schema first, which is all this reads (any other layout is parsed)."""
        if self._obj is None and _TIMELINE_FIRST.match(self.json_text):
            return True
        return isinstance(self.obj, otio.schema.Timeline)

    def close(self) -> None:
        for folder in self._temporary:
            shutil.rmtree(folder, ignore_errors=True)

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


#: An OTIO JSON document whose top object is a timeline, as OTIO's writer begins one.
_TIMELINE_FIRST = re.compile(r'\s*\{\s*"OTIO_SCHEMA"\s*:\s*"Timeline\.\d+"')


def read_document(
    path: Path, *, edl_rate: float | None = None, project: str | None = None, parse: bool = True
) -> Document:
    """Read a timeline file. `parse=False` lets an .otio file with no host metadata to translate go as its
    text alone, unparsed: the engine reads it anyway, and a command that only sends it and writes the answer
    back needs no objects of its own (`Document.obj` parses it when asked, naming the file in any error)."""
    fmt = format_of(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file() and path.suffix.lower() != fcpxml.BUNDLE_SUFFIX:
        raise InputError(f"{path}: not a file")
    base_dir = path.resolve().parent
    if fmt.adapter == "otio_json":
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read it ({exc})") from exc
        if not parse and not metadata.may_translate(text):
            return Document(path, None, text, base_dir)
        obj = otio_json.parse(text, source=str(path))
        if metadata.neutral_otio(obj):
            return Document(path, obj, otio_json.dump(obj, like=text), base_dir, original_text=text)
        return Document(path, obj, text, base_dir)
    temporary: list[Path] = []
    kwargs: dict = {}
    document = fcpxml.document_path(path) if fmt.adapter == "fcpx_xml" else path
    file_text, encoding = _text_of(document) if fmt.adapter in EDITED_IN_PLACE else (None, "utf-8")
    rate: edl.EdlRate | None = None
    if fmt.adapter == "otioz":
        # Media inside the bundle is referenced relative to it: unpack beside a temp folder.
        unpacked = Path(tempfile.mkdtemp(prefix="workprint-otioz-"))
        temporary.append(unpacked)
        kwargs["extract_to_directory"] = str(unpacked)
        base_dir = unpacked
    elif fmt.adapter == "cmx_3600":
        rate = edl.rate_of(file_text or "", edl_rate, DEFAULT_EDL_RATE)
        kwargs["rate"] = rate.rate
    try:
        with _quiet_adapter():
            if fmt.adapter == "fcpx_xml":
                obj = fcpxml.read(path, project)
            else:
                obj = otio.adapters.read_from_file(str(path), adapter_name=fmt.adapter, **kwargs)
    except InputError:
        raise
    except Exception as exc:  # each adapter raises its own kinds
        for folder in temporary:
            shutil.rmtree(folder, ignore_errors=True)
        where = ""
        if fmt.adapter == "cmx_3600" and file_text is not None:
            line = edl.failing_line(
                file_text, lambda text: otio.adapters.read_from_string(text, adapter_name="cmx_3600", **kwargs)
            )
            where = f" at line {line}" if line is not None else ""
        raise InputError(f"{path}: cannot read it as {fmt.label}{where} ({_reason(exc)})") from exc
    notices = []
    if rate is not None:
        notices.append(f"{path.name}: frame rate {rate.how}")
    unplaced: list[str] = []
    if fmt.adapter == "fcpx_xml" and file_text is not None:
        timelines = (
            [obj] if isinstance(obj, otio.schema.Timeline) else [t for t in obj if isinstance(t, otio.schema.Timeline)]
        )
        unplaced = [c.name or "(unnamed)" for t in timelines for c in t.find_clips() if fcpxml_edit.key_of(c) is None]
    elif isinstance(obj, otio.schema.Timeline) and file_text is not None:
        if fmt.adapter == "cmx_3600" and rate is not None:
            try:
                unplaced = edl.mark(file_text, obj, rate)
            except InputError as exc:
                raise InputError(f"{path}: {exc}") from exc
        elif fmt.adapter == "fcp_xml":
            unplaced = fcp7_xml.place(file_text, obj, str(path))
        elif fmt.adapter == "kdenlive":
            unplaced = kdenlive.place(file_text, obj, str(path))
    if unplaced:
        notices.append(
            f"{path.name}: {len(unplaced)} clip(s) the file gives no place to change ({_names(unplaced)}): "
            "a change to one of them is left out of the file and named when it is written"
        )
    metadata.neutral_otio(obj)
    return Document(
        path,
        obj,
        otio_json.dump(obj),
        base_dir,
        temporary,
        file_text=file_text,
        file_encoding=encoding,
        edl_rate=rate,
        notices=notices,
    )


def write_document(
    json_text: str, path: Path, *, base_dir: Path | None = None, source: Document | None = None
) -> list[str]:
    """Write the engine's OTIO JSON to path in the format its extension names.

    For .otio the engine's text is written as it came, so objects the job did
    not touch are byte-for-byte what the host sent; when the engine changed
    nothing, the source file's own text is written. Neutral metadata goes back
    into the host's own keys first. FCP 7 XML, EDL and Kdenlive projects written from a file of
    the same format are that file with the job's changes in it (adapters/files), and so is FCPXML (a bundle's
    Info.fcpxml, written as a bundle or as a plain .fcpxml).
    Returns notes on what could not be written as asked.
    """
    fmt = format_of(path)
    if not path.parent.is_dir():
        raise InputError(f"{path}: the folder {path.parent} does not exist")
    if source is not None and edited_in_place(source, path):
        try:
            return _write_edited(json_text, path, source)
        except SharedItemChanged as exc:
            # Files written by OpenTimelineIO's own FCP 7 writer show a clip on its sound tracks by reference
            # to its picture's element: the nearest route is that writer again, said, rather than no file.
            rewritten = write_document(
                _without_file_keys(json_text), path, base_dir=base_dir, source=replace(source, file_text=None)
            )
            return [
                f"{source.path.name}: {exc}; the file was written anew by {fmt.label}'s writer instead, which "
                "keeps clips, times and markers but not links or effects it does not model (work from .otio "
                "to keep everything)",
                *rewritten,
            ]
    if source is not None and source.file_text is not None:
        json_text = _without_file_keys(json_text)
    translated = source is not None and source.original_text is not None
    unchanged = translated and source is not None and json_text == source.json_text
    obj = None
    if not unchanged and (translated or fmt.adapter != "otio_json"):
        obj = otio_json.parse(json_text, source="the engine's result")
        if metadata.host_otio(obj):
            json_text = otio_json.dump(obj, like=json_text)
    if fmt.adapter == "otio_json":
        text = source.original_text if unchanged and source is not None else json_text
        _write_text(path, text or "")
        return []
    if obj is None:
        obj = otio_json.parse(json_text, source="the engine's result")
    kwargs: dict = {}
    if fmt.adapter == "otioz":
        _absolute_media(obj, base_dir)
        kwargs["media_policy"] = "MissingIfNotFile"
    elif fmt.adapter == "fcpx_xml":
        check_writable(obj, path)
    elif fmt.adapter == "AAF":
        # Avid's own mob IDs ride in the metadata and are kept; clips from other
        # hosts have none and get new ones.
        kwargs["use_empty_mob_ids"] = True
        # A bin or library of one sequence is written as that sequence (preflight refused any other).
        one = aaf_checks.sequence(obj)
        obj = one if one is not None else obj
    if fmt.adapter == "fcpx_xml" and path.suffix.lower() == fcpxml.BUNDLE_SUFFIX:
        raise InputError(f"{path}: write a .fcpxml file (Final Cut Pro imports it as it does a bundle)")
    try:
        with _quiet_adapter():
            if fmt.adapter == "fcpx_xml":
                fcpxml.write(obj, path)
            else:
                otio.adapters.write_to_file(obj, str(path), adapter_name=fmt.adapter, **kwargs)
    except Exception as exc:
        raise InputError(f"{path}: cannot write this timeline as {fmt.label} ({_reason(exc)})") from exc
    if fmt.adapter == "AAF" and isinstance(obj, otio.schema.Timeline):
        return _aaf_markers(path, obj)
    return []


def _aaf_markers(path: Path, timeline: otio.schema.Timeline) -> list[str]:
    """The writer keeps no markers: each goes into the written file as Media Composer keeps its own."""
    try:
        aaf_markers.add_markers(path, timeline)
    except Exception as exc:  # the file stands as the writer made it; what is missing is said
        items = timeline.find_children(descended_from_type=otio.core.Item)
        markers = len(timeline.tracks.markers) + sum(len(i.markers) for i in items)
        lost = f"{path.name}: its {markers} marker(s) could not be added to the file ({_reason(exc)}); .otio keeps them"
        return [lost] if markers else []
    return []


#: The formats whose own text is edited when they are written back (adapters/files).
EDITED_IN_PLACE = ("fcp_xml", "cmx_3600", "fcpx_xml", "kdenlive")


def edited_in_place(source: Document, output: Path) -> bool:
    """Whether the output is the source file with the changes in it: one timeline (or, for FCPXML, every
    project of a library or event), written to its own format."""
    adapter = format_of(source.path).adapter
    return (
        source.file_text is not None
        and (isinstance(source.obj, otio.schema.Timeline) or adapter == "fcpx_xml")
        and adapter == format_of(output).adapter
    )


def _write_edited(json_text: str, path: Path, source: Document) -> list[str]:
    """The source file's own text with the job's changes applied; its text as it came when nothing changed."""
    text = source.file_text or ""
    notes: list[str] = []
    if json_text != source.json_text:
        after = otio_json.parse(json_text, source="the engine's result")
        before = source.obj
        if format_of(path).adapter != "fcpx_xml" and (
            not isinstance(after, otio.schema.Timeline) or not isinstance(before, otio.schema.Timeline)
        ):
            raise InputError(f"{path}: the result is not a timeline")
        try:
            if format_of(path).adapter == "fcpx_xml":
                text, notes = fcpxml_edit.edit(text, *_projects(before, after, path), str(source.path))
            elif format_of(path).adapter == "fcp_xml":
                text, notes = fcp7_xml.edit(text, before, after, str(source.path))
            elif format_of(path).adapter == "kdenlive":
                text, notes = kdenlive.edit(text, before, after, str(source.path))
            elif source.edl_rate is not None:
                text, notes = edl.edit(text, before, after, source.edl_rate, str(source.path))
        except ValueError as exc:
            raise InputError(f"{path}: the changes cannot be written into {source.path.name} ({exc})") from exc
    if path.suffix.lower() == fcpxml.BUNDLE_SUFFIX:
        _write_bundle(path, text, source)
    else:
        _write_text(path, text, source.file_encoding)
    return notes


def _projects(before, after, path: Path) -> tuple[list, list]:
    """The timelines of a document and of the answer, pair by pair (a library's projects, in order)."""
    if isinstance(before, otio.schema.Timeline) and isinstance(after, otio.schema.Timeline):
        return [before], [after]
    befores = [t for t in before if isinstance(t, otio.schema.Timeline)] if hasattr(before, "__iter__") else []
    afters = [t for t in after if isinstance(t, otio.schema.Timeline)] if hasattr(after, "__iter__") else []
    if not befores or len(befores) != len(afters):
        raise InputError(f"{path}: the result holds {len(afters)} timeline(s) where the file holds {len(befores)}")
    return befores, afters


def _write_bundle(path: Path, text: str, source: Document) -> None:
    """An .fcpxmld bundle: the source bundle's other files as they came, and its Info.fcpxml with the changes."""
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: a file is there, not a bundle")
    try:
        if source.path.is_dir() and source.path.resolve() != path.resolve():
            shutil.copytree(source.path, path, dirs_exist_ok=True)
        path.mkdir(exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path}: cannot write it ({exc})") from exc
    _write_text(path / "Info.fcpxml", text, source.file_encoding)


#: Characters encoded at a time when a text is written: a timeline of thousands of clips is a text of a
#: hundred MB, and encoding it whole would hold a second copy of it.
WRITE_CHUNK = 1 << 20


def passes_through(source: Document | None, path: Path) -> bool:
    """Whether write_document writes the engine's text to path exactly as it came: an .otio output from an
    .otio input with nothing translated (or from no file at all)."""
    if format_of(path).adapter != "otio_json":
        return False
    return source is None or (source.file_text is None and source.original_text is None)


def write_pieces(path: Path, pieces: Iterable[bytes]) -> None:
    """The engine's answer as it came in pieces (UTF-8), written as it is, atomically (where passes_through)."""
    if not path.parent.is_dir():
        raise InputError(f"{path}: the folder {path.parent} does not exist")
    _write_atomically(path, pieces)


def _write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    chunks = (text[start : start + WRITE_CHUNK].encode(encoding) for start in range(0, len(text), WRITE_CHUNK))
    _write_atomically(path, chunks)


def _write_atomically(path: Path, chunks: Iterable[bytes]) -> None:
    """Into a file beside the target, then renamed over it, so a failed or interrupted write leaves whatever
    was there before (a link is written through, the target's mode kept)."""
    target = Path(os.path.realpath(path))
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with open(partial, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
        if target.exists():
            shutil.copymode(target, partial)
        os.replace(partial, target)
    except OSError as exc:
        raise InputError(f"{path}: cannot write it ({exc})") from exc
    finally:
        # Gone once renamed; what a failure or Ctrl-C left is removed.
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _text_of(path: Path) -> tuple[str, str]:
    """A file's text and its encoding: UTF-8, else Latin-1 (older lists), so every byte goes back as it came."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc})") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _without_file_keys(json_text: str) -> str:
    """The read step's own keys (a clip's place in the file) are not written into another format."""
    if edl.FILE_KEY not in json_text:
        return json_text
    obj = otio_json.parse(json_text, source="the engine's result")
    for item in obj.find_children() if hasattr(obj, "find_children") else []:
        if edl.FILE_KEY in item.metadata:
            del item.metadata[edl.FILE_KEY]
    return otio_json.dump(obj, like=json_text)


def _names(names: list[str], most: int = 5) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


@contextlib.contextmanager
def _quiet_adapter() -> Iterator[None]:
    """Some adapters print notices to stdout, where our own output goes: log them instead."""
    chatter = io.StringIO()
    with contextlib.redirect_stdout(chatter):
        yield
    if chatter.getvalue().strip():
        log.debug("adapter said: %s", chatter.getvalue().strip())


def _absolute_media(obj: otio.core.SerializableObject, base_dir: Path | None) -> None:
    """The bundler needs real paths; relative ones are taken from base_dir."""
    for clip in obj.find_clips():
        for ref in clip.media_references().values():
            url = getattr(ref, "target_url", None)
            if url and "://" not in url and not Path(url).is_absolute() and base_dir is not None:
                ref.target_url = otio.url_utils.url_from_filepath(str((base_dir / url).resolve()))


#: The frame rates the FCP X XML writer has a frame duration for (it looks rates up exactly).
FCPX_WRITER_RATES = (23.98, 24, 25, 29.97, 30, 50, 59.94, 60)


def check_writable(obj: otio.core.SerializableObject, path: Path) -> None:
    """Refuse up front what the format's writer cannot hold, naming the clip (before a long job runs)."""
    if format_of(path).adapter != "fcpx_xml":
        return
    for clip in obj.find_clips():
        if clip.source_range is None:
            continue
        rate = clip.source_range.duration.rate
        if not any(abs(rate - known) < 0.006 or rate == int(known) for known in FCPX_WRITER_RATES):
            raise InputError(
                f"{path}: the Final Cut Pro X XML writer has no frame rate {rate:g} (clip {clip.name}); "
                "write .otio or FCP 7 .xml instead"
            )


#: What a format's writer cannot carry back, said before the analysis runs (docs/hosts.md has the routes).
CANNOT_CARRY = {
    "AAF": "written anew by the AAF writer (an AAF is not edited in place): clips, transitions and timecode come "
    "back, and every marker, the editor's and one per change, as a Media Composer locator with its reason",
    "kdenlive": "written from another format, the .kdenlive writer (deprecated upstream) builds a new project: it "
    "drops most filters (23 of a project's become 9), transitions and mixes, and all clip markers, so the "
    "changes' reasons are not in the file (they are in the review report, --report); written from a .kdenlive, the "
    "project itself keeps them all; Kdenlive 25.04+ opens .otio itself, the recommended route",
    "fcpx_xml": "the FCPXML writer builds a new project and has no transitions, video and audio filters, "
    "effects, clip metadata or tcStart to give it: written from an .fcpxml, the editor's own document keeps "
    "them all",
}


#: What a format edited in place says before the analysis runs (nothing is lost; the route still recommended).
IN_PLACE_SAID = {
    "kdenlive": "the project itself with the changes written in (every filter, transition, mix, group and marker "
    "kept, a guide with its reason per change; a change that would move a cut under a mix or composition is left "
    "out and named); Kdenlive 25.04+ opens .otio itself, the recommended route",
}


def preflight(document: Document, output: Path) -> list[str]:
    """Before the analysis: refuse what the output's writer cannot hold, and say what it will not carry.

    A format edited in place from a file of its own kind needs no writer; any
    other is tried on the timeline as it was read, so a writer that fails on
    the input (a rate it has no name for, a drop-frame timecode) fails now,
    not after the analysis.
    """
    fmt = format_of(output)
    if edited_in_place(document, output):
        said = IN_PLACE_SAID.get(fmt.adapter, "")
        return [f"{output.name}: {said}"] if said else []
    if fmt.adapter in ("otio_json", "otioz"):
        return []  # these writers hold whatever OTIO holds
    check_writable(document.obj, output)
    refused = aaf_checks.refusal(document.obj) if fmt.adapter == "AAF" else None
    if refused:
        raise InputError(f"{output}: {refused}; nothing was analysed")
    folder = Path(tempfile.mkdtemp(prefix="workprint-preflight-"))
    try:
        obj = otio_json.parse(_without_file_keys(otio_json.dump(document.obj)), source=str(document.path))
        metadata.host_otio(obj)
        write_document(otio_json.dump(obj), folder / f"preflight{output.suffix}", base_dir=document.base_dir)
    except InputError as exc:
        reason = str(exc).split(": ", 1)[-1]
        raise InputError(
            f"{output}: {reason}; nothing was analysed (write .otio, which carries everything, or another format)"
        ) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    said = CANNOT_CARRY.get(fmt.adapter, "")
    notes = [f"{output.name}: {said}"] if said else []
    if fmt.adapter == "AAF" and (timeline := aaf_checks.sequence(document.obj)) is not None:
        notes.extend(f"{output.name}: {lost}" for lost in aaf_checks.losses(timeline))
    if document.file_text is not None:
        keep = (
            f"write {document.path.suffix} to keep the editor's file as it came"
            if fmt.adapter != format_of(document.path).adapter
            else "the file holds several sequences, which are written anew"
        )
        notes.append(f"{output.name}: written anew from {document.path.name} by the {fmt.label} writer; {keep}")
    return notes


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
