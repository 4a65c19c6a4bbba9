"""From a clip to the media file behind it, and to the clip's place in that media.

Hosts write media references in several ways: `file://` URLs, bare paths
(Resolve), paths relative to the timeline file, image sequences, and more
than one reference per clip (`Clip.2`). Ranges in OTIO are measured from the
reference's available range start: that start is the media's first frame,
whatever timecode it carries, so media time = source time - that start.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import opentimelineio as otio


@dataclass(frozen=True)
class MediaSource:
    """A clip's media on this machine."""

    path: Path
    #: The reference's key on the clip ("DEFAULT_MEDIA", ...).
    reference_key: str
    #: For image sequences: a printf-style pattern (frame_%04d.exr) in path's folder.
    sequence_pattern: str | None = None
    sequence_start_frame: int = 0
    sequence_rate: float | None = None


@dataclass(frozen=True)
class Unresolved:
    """Why a clip has no usable media: a code and words for the editor."""

    code: str
    message: str
    path: str = ""


def url_to_path(url: str, base_dir: Path | None) -> Path:
    """A file URL, a bare path or a relative path, as a local path."""
    if url.startswith("file:"):
        return Path(otio.url_utils.filepath_from_url(url))
    parsed = urlparse(url)
    # A Windows drive ("C:/...") parses as a one-letter scheme: it is a path.
    if parsed.scheme and len(parsed.scheme) > 1:
        raise ValueError(f"media at {url} is not a local file ({parsed.scheme}:)")
    path = Path(url)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return path


def _file_candidate(key: str, ref: otio.schema.ExternalReference, base_dir: Path | None) -> MediaSource | Unresolved:
    if not ref.target_url:
        return Unresolved("media-missing", "its media reference has no path")
    try:
        path = url_to_path(ref.target_url, base_dir)
    except ValueError as exc:
        return Unresolved("media-unsupported", str(exc), ref.target_url)
    if not path.is_file():
        return Unresolved("media-missing", f"media not found: {path}", str(path))
    return MediaSource(path, key)


#: What a file reference resolved to, by its key, its URL and the folder relative paths start from.
Resolved = dict[tuple[str, str, Path | None], "MediaSource | Unresolved"]


def _candidate(
    key: str, ref: otio.core.MediaReference, base_dir: Path | None, seen: Resolved | None = None
) -> MediaSource | Unresolved:
    if isinstance(ref, otio.schema.ExternalReference):
        if seen is None:
            return _file_candidate(key, ref, base_dir)
        # A long cut names each file hundreds of times: it is looked for once per job (on shared storage
        # each look is a round trip to the server).
        known = (key, ref.target_url, base_dir)
        if known not in seen:
            seen[known] = _file_candidate(key, ref, base_dir)
        return seen[known]
    if isinstance(ref, otio.schema.ImageSequenceReference):
        try:
            folder = url_to_path(ref.target_url_base or ".", base_dir)
        except ValueError as exc:
            return Unresolved("media-unsupported", str(exc), ref.target_url_base)
        digits = max(ref.frame_zero_padding, 1)
        pattern = f"{ref.name_prefix}%0{digits}d{ref.name_suffix}"
        first = folder / (pattern % ref.start_frame)
        if not first.is_file():
            return Unresolved("media-missing", f"image sequence not found: {first}", str(first))
        return MediaSource(first, key, str(folder / pattern), ref.start_frame, ref.rate)
    if isinstance(ref, otio.schema.GeneratorReference):
        return Unresolved("not-media", f"a generated clip ({ref.generator_kind or 'generator'}), not footage")
    if isinstance(ref, otio.schema.MissingReference):
        return Unresolved("media-missing", "the host marked its media as offline")
    return Unresolved("media-unsupported", f"unsupported media reference {ref.schema_name()}")


def resolve_media(
    clip: otio.schema.Clip, base_dir: Path | None, seen: Resolved | None = None
) -> tuple[MediaSource | Unresolved, str]:
    """The clip's media, trying the active reference first and then the others.

    Returns the outcome and a note (empty unless another reference than the
    active one had to be used). `seen`, kept across the clips of one job, remembers each file looked for.
    """
    refs = clip.media_references()
    active = clip.active_media_reference_key
    order = [active] + [key for key in refs if key != active]
    first: MediaSource | Unresolved | None = None
    for key in order:
        if key not in refs:
            continue
        outcome = _candidate(key, refs[key], base_dir, seen)
        if isinstance(outcome, MediaSource):
            note = "" if key == active else f"active media missing; used the '{key}' reference"
            return outcome, note
        first = first or outcome
    return first or Unresolved("media-missing", "the clip has no media reference"), ""


def media_time_offset(clip: otio.schema.Clip) -> otio.opentime.RationalTime | None:
    """Where the clip's source range starts, measured from the media's first frame.

    None when the reference has no available range: then source times are
    taken as the media's own timecode and must be checked against it.
    """
    ref = clip.media_reference
    available = getattr(ref, "available_range", None)
    if available is None:
        return None
    source = clip.source_range or available
    return source.start_time - available.start_time
