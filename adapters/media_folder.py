"""A folder of media files as a bin: an OTIO collection of clips, one per file."""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio

from workprint.engine.errors import InputError

#: Camera and sound formats a dailies folder holds.
MEDIA_EXTENSIONS = frozenset(
    {
        ".mov",
        ".mp4",
        ".m4v",
        ".mxf",
        ".avi",
        ".mkv",
        ".mts",
        ".m2ts",
        ".webm",
        ".mpg",
        ".mpeg",
        ".wav",
        ".aif",
        ".aiff",
        ".bwf",
        ".mp3",
        ".m4a",
        ".flac",
    }
)


def read_folder(folder: Path) -> otio.schema.SerializableCollection:
    """Every media file under folder (sorted by path); hidden files are skipped.

    Ranges are left for the engine to fill in from the media itself.
    """
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder")
    files = sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and path.suffix.lower() in MEDIA_EXTENSIONS
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )
    if not files:
        raise InputError(f"{folder}: no media files in it (looked for {', '.join(sorted(MEDIA_EXTENSIONS))})")
    clips = []
    for path in files:
        ref = otio.schema.ExternalReference(target_url=otio.url_utils.url_from_filepath(str(path.resolve())))
        clips.append(
            otio.schema.Clip(
                name=path.stem,
                media_reference=ref,
                metadata={"workprint": {"file_name": path.name, "folder": str(path.parent.relative_to(folder))}},
            )
        )
    return otio.schema.SerializableCollection(name=folder.name, children=clips)
