"""Final Cut Pro 7 / Premiere XML's links: which clip items are one take, as the neutral link group.

The FCP 7 reader keeps each clip item's `<link>` elements under "fcp_xml"
(each `linkclipref` the id of a linked item; every item of a linked set
lists them all, itself included). The set of ids is the link group: the
same on every item of the set, whatever media each plays, so the camera's
picture and the recorder's sound files that Premiere links are trimmed as
one take. On the way out the neutral copy is dropped where the item's own
links still say it (the file's links are written by the file editor).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

from workprint.engine.domain import meta

NAME = "fcp_xml"
HOST_KEY = "fcp_xml"


def own_group(metadata: Mapping) -> str | None:
    """The item's link group from its own `<link>`s: None when it links to nothing else."""
    own = metadata.get(HOST_KEY)
    links = own.get("link") if isinstance(own, Mapping) else None
    if not isinstance(links, list):
        return None
    ids = sorted({str(link.get("linkclipref")) for link in links if isinstance(link, Mapping)} - {"None"})
    return "fcp7:" + "|".join(ids) if len(ids) > 1 else None


class Fcp7Translator:
    name = NAME

    def recognises(self, document_metadata: Mapping) -> bool:
        return HOST_KEY in document_metadata

    def to_neutral(self, metadata: MutableMapping) -> bool:
        group = own_group(metadata)
        if group is None or meta.link_group(metadata) is not None:
            return False
        meta.set_link_group(metadata, group)
        return True

    def from_neutral(self, metadata: MutableMapping) -> bool:
        space = metadata.get(meta.META_KEY)
        if not isinstance(space, MutableMapping) or space.get(meta.LINK_GROUP) is None:
            return False
        if space[meta.LINK_GROUP] != own_group(metadata):
            return False
        del space[meta.LINK_GROUP]
        if not space:
            del metadata[meta.META_KEY]
        return True


TRANSLATOR = Fcp7Translator()
