"""DaVinci Resolve's metadata: link groups and logged clip properties under "Resolve_OTIO".

Resolve's OTIO export puts `"Link Group ID"` on every linked clip, and the
Resolve adapter's bin reader puts the media pool item's logged fields under
`"Clip Properties"` with Resolve's own names (Scene, Shot, Take, Good Take,
Camera #). Resolve's importer links clips that carry the same Link Group ID.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from workprint.engine.domain import meta

NAME = "resolve"
HOST_KEY = "Resolve_OTIO"
LINK_GROUP = "Link Group ID"
CLIP_PROPERTIES = "Clip Properties"

#: Resolve's names for each neutral field, the first found wins (Shot is "Angle" on some projects).
FIELDS: dict[str, tuple[str, ...]] = {
    "scene": ("Scene",),
    "shot": ("Shot", "Angle"),
    "take": ("Take",),
    "good": ("Good Take", "Circled"),
    "camera": ("Camera #", "Camera", "Camera ID"),
}
_YES = ("1", "true", "yes", "y", "circled", "good")


class ResolveTranslator:
    name = NAME

    def recognises(self, document_metadata: Mapping) -> bool:
        return HOST_KEY in document_metadata

    def to_neutral(self, metadata: MutableMapping) -> None:
        own = metadata.get(HOST_KEY)
        if not isinstance(own, Mapping):
            return
        group = own.get(LINK_GROUP)
        if group is not None:
            meta.set_link_group(metadata, group)
        logged = own.get(CLIP_PROPERTIES)
        if isinstance(logged, Mapping):
            neutral = _neutral_properties(logged)
            if neutral:
                meta.writable_namespace(metadata)[meta.CLIP_PROPERTIES] = neutral

    def from_neutral(self, metadata: MutableMapping) -> None:
        space = metadata.get(meta.META_KEY)
        if not isinstance(space, MutableMapping):
            return
        own = metadata.get(HOST_KEY)
        group = space.get(meta.LINK_GROUP)
        if group is not None:
            if not isinstance(own, Mapping) or own.get(LINK_GROUP) is None:
                # A clip the engine made (a select, a piece of a new timeline): Resolve links by this.
                if not isinstance(own, MutableMapping):
                    metadata[HOST_KEY] = {}
                    own = metadata[HOST_KEY]
                own[LINK_GROUP] = group
            if own.get(LINK_GROUP) == group:
                del space[meta.LINK_GROUP]
        logged = own.get(CLIP_PROPERTIES) if isinstance(own, Mapping) else None
        if (
            meta.CLIP_PROPERTIES in space
            and isinstance(logged, Mapping)
            and _neutral_properties(logged) == dict(space[meta.CLIP_PROPERTIES])
        ):
            del space[meta.CLIP_PROPERTIES]
        if not space:
            del metadata[meta.META_KEY]


def _neutral_properties(logged: Mapping) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, names in FIELDS.items():
        value = next((logged[n] for n in names if logged.get(n) not in (None, "")), None)
        if value is None:
            continue
        out[field] = str(value).strip().lower() in _YES if field == "good" else str(value).strip()
    return out


TRANSLATOR = ResolveTranslator()
