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

    def to_neutral(self, metadata: MutableMapping) -> bool:
        own = metadata.get(HOST_KEY)
        if not isinstance(own, Mapping):
            return False
        facts: dict[str, Any] = {}
        if own.get(LINK_GROUP) is not None:
            facts[meta.LINK_GROUP] = own[LINK_GROUP]
        logged = own.get(CLIP_PROPERTIES)
        if isinstance(logged, Mapping) and (neutral := _neutral_properties(logged)):
            facts[meta.CLIP_PROPERTIES] = neutral
        space = meta.namespace(metadata)
        missing = {key: value for key, value in facts.items() if _plain(space.get(key)) != value}
        if missing:
            meta.writable_namespace(metadata).update(missing)
        return bool(missing)

    def from_neutral(self, metadata: MutableMapping) -> bool:
        space = metadata.get(meta.META_KEY)
        if not isinstance(space, MutableMapping):
            return False
        changed = False
        own = metadata.get(HOST_KEY)
        group = space.get(meta.LINK_GROUP)
        if group is not None:
            if not isinstance(own, Mapping) or own.get(LINK_GROUP) is None:
                # A clip the engine made (a select, a piece of a new timeline): Resolve links by this.
                if not isinstance(own, MutableMapping):
                    metadata[HOST_KEY] = {}
                    own = metadata[HOST_KEY]
                own[LINK_GROUP] = group
                changed = True
            if own.get(LINK_GROUP) == group:
                del space[meta.LINK_GROUP]
                changed = True
        logged = own.get(CLIP_PROPERTIES) if isinstance(own, Mapping) else None
        heard = space.get(meta.CLIP_PROPERTIES)
        if isinstance(heard, Mapping) and heard:
            # Fields the engine filled in (a take named from its spoken slate) go into Resolve's own
            # names where Resolve has nothing logged; what a person logged is never replaced.
            found = _neutral_properties(logged) if isinstance(logged, Mapping) else {}
            new = {FIELDS[k][0]: str(v) for k, v in heard.items() if k in FIELDS and k not in found and v != ""}
            if new:
                if not isinstance(own, MutableMapping):
                    metadata[HOST_KEY] = {}
                    own = metadata[HOST_KEY]
                if not isinstance(own.get(CLIP_PROPERTIES), MutableMapping):
                    own[CLIP_PROPERTIES] = {}
                own[CLIP_PROPERTIES].update(new)
                logged = own[CLIP_PROPERTIES]
                changed = True
        if (
            meta.CLIP_PROPERTIES in space
            and isinstance(logged, Mapping)
            and _neutral_properties(logged) == _plain(space[meta.CLIP_PROPERTIES])
        ):
            del space[meta.CLIP_PROPERTIES]
            changed = True
        if not space:
            del metadata[meta.META_KEY]
            changed = True
        return changed


def _plain(value: Any) -> Any:
    """OTIO hands nested metadata back as its own mapping type: compare it as a dict."""
    return dict(value) if isinstance(value, Mapping) else value


def _neutral_properties(logged: Mapping) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, names in FIELDS.items():
        value = next((logged[n] for n in names if logged.get(n) not in (None, "")), None)
        if value is None:
            continue
        out[field] = str(value).strip().lower() in _YES if field == "good" else str(value).strip()
    return out


TRANSLATOR = ResolveTranslator()
