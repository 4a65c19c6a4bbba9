"""A timeline's OTIO JSON held as plain values, for a job that changes some of its clips and writes it back.

A job reads the timeline into OpenTimelineIO for its time math and to know where each clip sits, but
edits this tree: OTIO making every new piece an object, then writing the whole timeline again, was most
of a long cut's edit (on 10,000 clips, seconds, against a fraction of one for the tree). What the job
does not change keeps the very values it arrived with, its schema versions included.

The tree is read and written by orjson, several times faster than the standard library and able to
indent. JSON proper has no NaN or infinities, which OTIO reads and writes in a host's metadata; a
document holding them is read and written by the standard library instead, as slowly as that is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import orjson

from workprint.engine.errors import InputError
from workprint.engine.timeline.places import ClipPath

#: Spaces per level of the written document.
INDENT = 2


@dataclass
class TimelineTree:
    values: dict[str, Any]
    #: Read by orjson (the document is JSON proper), so written by it.
    proper: bool = True

    @classmethod
    def read(cls, text: str) -> TimelineTree:
        """The tree of a document OpenTimelineIO has read as a timeline (so its shape is one)."""
        try:
            return cls(orjson.loads(text))
        except orjson.JSONDecodeError:
            pass  # NaN or an infinity in a host's metadata, or an integer past 64 bits
        try:
            return cls(json.loads(text), proper=False)
        except ValueError as exc:  # what OTIO's reader allows and Python's does not
            raise InputError(f"the timeline cannot be edited as JSON ({exc})") from exc

    def track_items(self, track_index: int) -> list[dict[str, Any]]:
        """The items of one of the timeline's own tracks, as the list the document holds."""
        children: list[dict[str, Any]] = self.values["tracks"]["children"][track_index]["children"]
        return children

    def item(self, path: ClipPath) -> dict[str, Any]:
        """The values of the item at a top-level path (a clip of one of the timeline's own tracks)."""
        if path.nested:
            raise ValueError(f"{path.label} is inside a nested stack")
        return self.track_items(path.track_index)[path.item_index]

    def text(self) -> str:
        if self.proper:
            return orjson.dumps(self.values, option=orjson.OPT_INDENT_2).decode()
        return json.dumps(self.values, indent=INDENT, ensure_ascii=False)
