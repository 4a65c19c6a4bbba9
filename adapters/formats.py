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
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import opentimelineio as otio

from workprint.adapters import metadata
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
    obj: otio.core.SerializableObject
    #: OTIO JSON as the engine receives it (host metadata made neutral); for an .otio file with nothing to
    #: translate, its own text, untouched.
    json_text: str
    #: Where relative media paths are resolved from.
    base_dir: Path
    _temporary: list[Path] = field(default_factory=list)
    #: The .otio file's own text when translation changed what is sent: what goes back when nothing changed.
    original_text: str | None = None

    def close(self) -> None:
        for folder in self._temporary:
            shutil.rmtree(folder, ignore_errors=True)

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def read_document(path: Path, *, edl_rate: float = DEFAULT_EDL_RATE) -> Document:
    fmt = format_of(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    base_dir = path.resolve().parent
    if fmt.adapter == "otio_json":
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read it ({exc})") from exc
        obj = otio_json.parse(text, source=str(path))
        if metadata.neutral_otio(obj):
            return Document(path, obj, otio_json.dump(obj, like=text), base_dir, original_text=text)
        return Document(path, obj, text, base_dir)
    temporary: list[Path] = []
    kwargs: dict = {}
    if fmt.adapter == "otioz":
        # Media inside the bundle is referenced relative to it: unpack beside a temp folder.
        unpacked = Path(tempfile.mkdtemp(prefix="workprint-otioz-"))
        temporary.append(unpacked)
        kwargs["extract_to_directory"] = str(unpacked)
        base_dir = unpacked
    elif fmt.adapter == "cmx_3600":
        kwargs["rate"] = edl_rate
    try:
        with _quiet_adapter():
            obj = otio.adapters.read_from_file(str(path), adapter_name=fmt.adapter, **kwargs)
    except Exception as exc:  # each adapter raises its own kinds
        for folder in temporary:
            shutil.rmtree(folder, ignore_errors=True)
        raise InputError(f"{path}: cannot read it as {fmt.label} ({_reason(exc)})") from exc
    metadata.neutral_otio(obj)
    return Document(path, obj, otio_json.dump(obj), base_dir, temporary)


def write_document(json_text: str, path: Path, *, base_dir: Path | None = None, source: Document | None = None) -> None:
    """Write the engine's OTIO JSON to path in the format its extension names.

    For .otio the engine's text is written as it came, so objects the job did
    not touch are byte-for-byte what the host sent; when the engine changed
    nothing, the source file's own text is written. Neutral metadata goes back
    into the host's own keys first.
    """
    fmt = format_of(path)
    if not path.parent.is_dir():
        raise InputError(f"{path}: the folder {path.parent} does not exist")
    translated = source is not None and source.original_text is not None
    unchanged = translated and source is not None and json_text == source.json_text
    obj = None
    if not unchanged and (translated or fmt.adapter != "otio_json"):
        obj = otio_json.parse(json_text, source="the engine's result")
        if metadata.host_otio(obj):
            json_text = otio_json.dump(obj, like=json_text)
    if fmt.adapter == "otio_json":
        text = source.original_text if unchanged and source is not None else json_text
        try:
            path.write_text(text or "", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{path}: cannot write it ({exc})") from exc
        return
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
    try:
        with _quiet_adapter():
            otio.adapters.write_to_file(obj, str(path), adapter_name=fmt.adapter, **kwargs)
    except Exception as exc:
        raise InputError(f"{path}: cannot write this timeline as {fmt.label} ({_reason(exc)})") from exc


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
        if not any(rate == known or int(rate) == known for known in FCPX_WRITER_RATES):
            raise InputError(
                f"{path}: the Final Cut Pro X XML writer has no frame rate {rate:g} (clip {clip.name}); "
                "write .otio or FCP 7 .xml instead"
            )


def _reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
