"""The engine's own namespace in OTIO metadata, and the host-neutral facts hosts leave there.

Every host keeps what matters to an editor under its own metadata keys
(Resolve its link groups and logged clip properties, Avid its mob IDs, ...).
The engine reads none of them: a host's translator in `adapters/` copies
those facts into `metadata["workprint"]` on the way in and back into the
host's own keys on the way out. The engine reads and writes
only what this module names, so a second host adds a translator, not engine
branches.

Inside `metadata["workprint"]`:
- `link_group`: clips that share it are one picture with its sound (a host's link group);
- `clip_properties`: what a person logged, by the neutral names in PROPERTY_FIELDS;
- the notes a job leaves on what it changed (`suggestions`, `applied`, `original_source_range`,
  `piece`, `pieces`) and on what it laid out (`selects`).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

META_KEY = "workprint"
LINK_GROUP = "link_group"
CLIP_PROPERTIES = "clip_properties"

#: Logged fields, by their neutral names: scene, setup (shot), take number, circled on set, camera.
PROPERTY_FIELDS = ("scene", "shot", "take", "good", "camera")


def namespace(metadata: Mapping) -> Mapping:
    """The engine's namespace in an object's metadata (empty when it has none)."""
    value = metadata.get(META_KEY)
    return value if isinstance(value, Mapping) else {}


def writable_namespace(metadata: MutableMapping) -> MutableMapping:
    """The namespace, made when missing; an object's other metadata is never touched."""
    value = metadata.get(META_KEY)
    if not isinstance(value, MutableMapping):
        metadata[META_KEY] = {}
        value = metadata[META_KEY]
    return value


def link_group(metadata: Mapping) -> Any | None:
    return namespace(metadata).get(LINK_GROUP)


def set_link_group(metadata: MutableMapping, group: Any) -> None:
    writable_namespace(metadata)[LINK_GROUP] = group


def clip_properties(metadata: Mapping) -> dict[str, Any]:
    """Logged fields by their neutral names; an empty value counts as not logged."""
    found = namespace(metadata).get(CLIP_PROPERTIES)
    if not isinstance(found, Mapping):
        return {}
    return {key: found[key] for key in PROPERTY_FIELDS if found.get(key) not in (None, "")}


def note(metadata: MutableMapping, **fields: Any) -> MutableMapping:
    """Add a job's notes to the namespace, keeping the host facts already there."""
    space = writable_namespace(metadata)
    space.update(fields)
    return space


def note_plain(metadata: dict, **fields: Any) -> dict:
    """`note` on metadata held as plain values (an object's JSON form, before OTIO reads it)."""
    space = metadata.get(META_KEY)
    if not isinstance(space, dict):
        space = metadata[META_KEY] = {}
    space.update(fields)
    return space
