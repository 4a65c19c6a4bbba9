"""Hosts' own metadata ⇄ the engine's neutral namespace (`engine/domain/meta.py`), one translator per host.

A translator knows one host's keys. On the way in it copies the facts the
engine uses (link groups, logged clip properties) into the neutral namespace;
on the way out it writes neutral facts the host lacks into the host's keys
(clips the engine made) and drops the neutral copies, so an object the job
did not change leaves exactly as it came. Standard library only, and each
translator works on any mapping: plain JSON dictionaries (the Resolve plugin,
which may run without compiled packages) and OpenTimelineIO's metadata alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from typing import Protocol

from workprint.adapters.metadata import fcp7, resolve


class Translator(Protocol):
    name: str

    def recognises(self, document_metadata: Mapping) -> bool:
        """Whether a document (by its top-level metadata) was written by this host."""

    def to_neutral(self, metadata: MutableMapping) -> bool:
        """One clip's metadata: the host's facts copied into the neutral namespace; True when it changed."""

    def from_neutral(self, metadata: MutableMapping) -> bool:
        """One clip's metadata: neutral facts into the host's keys, the neutral copies dropped; True when it
        changed."""


TRANSLATORS: dict[str, Translator] = {resolve.NAME: resolve.TRANSLATOR, fcp7.NAME: fcp7.TRANSLATOR}


#: The top-level metadata keys by which a translator recognises its host's documents.
HOST_KEYS = (resolve.HOST_KEY, fcp7.HOST_KEY)


def may_translate(json_text: str) -> bool:
    """Whether an OTIO JSON text may hold metadata a translator changes: False only where no host's key
    appears anywhere in it (a text search, no parse)."""
    return any(f'"{key}"' in json_text for key in HOST_KEYS)


def translators_for(document_metadata: Mapping, host: str | None = None) -> list[Translator]:
    """The named host's translator, or those that recognise the document."""
    if host is not None:
        return [TRANSLATORS[host]]
    return [t for t in TRANSLATORS.values() if t.recognises(document_metadata)]


def dict_clips(node: object) -> Iterator[MutableMapping]:
    """Every clip of an OTIO JSON document read as plain dictionaries, nested stacks and bins included."""
    if isinstance(node, dict):
        if str(node.get("OTIO_SCHEMA", "")).split(".")[0] == "Clip":
            yield node
        for key in ("tracks", "children"):
            child = node.get(key)
            if isinstance(child, (dict, list)):
                yield from dict_clips(child)
    elif isinstance(node, list):
        for item in node:
            yield from dict_clips(item)


def neutral_dict(document: dict, host: str | None = None) -> bool:
    """Translate an OTIO JSON dictionary in place; True when any clip changed."""
    chosen = translators_for(document.get("metadata") or {}, host)
    return _each((clip.get("metadata") for clip in dict_clips(document)), chosen, "to_neutral")


def host_dict(document: dict, host: str | None = None) -> bool:
    chosen = translators_for(document.get("metadata") or {}, host)
    return _each((clip.get("metadata") for clip in dict_clips(document)), chosen, "from_neutral")


def neutral_otio(obj, host: str | None = None) -> bool:
    """Translate an OpenTimelineIO object's clips in place; True when any clip changed."""
    return _each_otio(obj, host, "to_neutral")


def host_otio(obj, host: str | None = None) -> bool:
    return _each_otio(obj, host, "from_neutral")


def _each_otio(obj, host: str | None, way: str) -> bool:
    # An object of a schema this OTIO does not know has neither metadata nor clips: nothing to translate.
    if not hasattr(obj, "find_clips") or not isinstance(getattr(obj, "metadata", None), Mapping):
        return False
    chosen = translators_for(obj.metadata, host)
    return _each((clip.metadata for clip in obj.find_clips()), chosen, way)


def _each(metadatas, chosen: list[Translator], way: str) -> bool:
    if not chosen:
        return False
    changed = False
    for metadata in metadatas:
        if not isinstance(metadata, MutableMapping):
            continue
        for translator in chosen:
            changed = getattr(translator, way)(metadata) or changed
    return changed
