"""OTIO JSON in and out, with clear errors and the input's own schema versions kept."""

from __future__ import annotations

import re

import opentimelineio as otio

from workprint.engine.errors import InputError

_SCHEMA = re.compile(r'"OTIO_SCHEMA"\s*:\s*"([A-Za-z0-9_]+)\.(\d+)"')


def parse(text: str, *, source: str = "the request") -> otio.core.SerializableObject:
    """Read OTIO JSON, naming the source in any error."""
    if not text.strip():
        raise InputError(f"{source} holds no OTIO data (it is empty)")
    try:
        return otio.adapters.read_from_string(text, adapter_name="otio_json")
    except Exception as exc:  # OTIO raises plain exceptions for bad JSON, unknown schemas and bad values
        detail = str(exc).strip()
        if "JSON parse error" in detail:
            detail = detail.rsplit("JSON parse error on input string:", 1)[-1].strip()
            raise InputError(f"{source} is not valid JSON ({detail})") from exc
        raise InputError(f"{source} is not a readable OTIO document ({detail})") from exc


def parse_timeline(text: str, *, source: str = "the request") -> otio.schema.Timeline:
    obj = parse(text, source=source)
    if not isinstance(obj, otio.schema.Timeline):
        raise InputError(f"{source} holds a {obj.schema_name()}, not a timeline")
    return obj


def parse_bin(text: str, *, source: str = "the request") -> otio.schema.SerializableCollection:
    """A bin: a SerializableCollection of clips (a timeline's clips are accepted too)."""
    obj = parse(text, source=source)
    if isinstance(obj, otio.schema.SerializableCollection):
        return obj
    if isinstance(obj, otio.schema.Timeline):
        return otio.schema.SerializableCollection(name=obj.name, children=[clip.clone() for clip in obj.find_clips()])
    raise InputError(f"{source} holds a {obj.schema_name()}, not a bin of clips")


def schema_versions(text: str) -> dict[str, int]:
    """The oldest version of each schema the text uses."""
    found: dict[str, int] = {}
    for name, version in _SCHEMA.findall(text):
        found[name] = min(int(version), found.get(name, int(version)))
    return found


def dump(obj: otio.core.SerializableObject, *, like: str | None = None, indent: int = 4) -> str:
    """Serialise obj; when `like` (the original JSON) is given, write its schema versions.

    A host that wrote Clip.1 gets Clip.1 back, so what the job did not change
    keeps the shape it arrived in.
    """
    targets = None
    if like is not None:
        current = otio.core.type_version_map()
        older = {name: v for name, v in schema_versions(like).items() if v < current.get(name, v)}
        targets = older or None
    return otio.adapters.otio_json.write_to_string(obj, target_schema_versions=targets, indent=indent)
