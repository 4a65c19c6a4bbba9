"""What the .kdenlive route loses, counted on Kdenlive's own projects (../shared/data/nle-exports).

OpenTimelineIO's Kdenlive adapter is deprecated upstream: Kdenlive 25.04+
reads and writes .otio itself, the documented route. The adapter stays for
older projects; these counts are what docs/hosts.md and the notice said
before the analysis state. When they move, the docs move with them.
"""

from __future__ import annotations

import collections
import contextlib
import io
import json
import xml.etree.ElementTree as ElementTree

import opentimelineio as otio
import pytest

from file_edits import EXPORTS
from workprint.adapters.formats import CANNOT_CARRY

KDENLIVE = EXPORTS / "kdenlive-opentimelineio"
pytestmark = pytest.mark.skipif(not KDENLIVE.is_dir(), reason=f"the applications' exports are not at {KDENLIVE}")

#: Per project: (in the project, after the adapter's round trip).
LOSSES = {
    "kdenlive_example_v191180.kdenlive": {"filter": (21, 9), "transition": (5, 0), "clip markers": (0, 0)},
    "kdenlive_example_v221170.kdenlive": {"filter": (22, 9), "transition": (5, 0), "guides": (2, 2)},
    "kdenlive_example_v240770.kdenlive": {
        "filter": (23, 9),
        "transition": (5, 0),
        "guides": (2, 2),
        "clip markers": (2, 0),
        "producer": (14, 9),
    },
    "kdenlive_mixes_markers.kdenlive": {"filter": (9, 0), "transition": (14, 0), "clip markers": (8, 0)},
}


def counted(text: str) -> collections.Counter:
    root = ElementTree.fromstring(text.encode("utf-8"))
    found = collections.Counter(e.tag for e in root.iter() if e.tag in ("filter", "transition", "producer"))
    for prop in root.iter("property"):
        name = prop.get("name") or ""
        if prop.text and (name.endswith("properties.guides") or name == "kdenlive:markers"):
            found["guides" if name.endswith("guides") else "clip markers"] += len(json.loads(prop.text))
    return found


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_the_kdenlive_adapter_round_trip_loses_what_the_docs_say(name):
    path = KDENLIVE / name
    with contextlib.redirect_stdout(io.StringIO()):  # the adapter prints its deprecation notice
        timeline = otio.adapters.read_from_file(str(path), adapter_name="kdenlive")
        written = otio.adapters.write_to_string(timeline, adapter_name="kdenlive")
    before, after = counted(path.read_text(encoding="utf-8")), counted(written)
    assert {what: (before[what], after[what]) for what in LOSSES[name]} == LOSSES[name]


def test_the_notice_names_each_loss_and_the_route():
    said = CANNOT_CARRY["kdenlive"]
    for words in ("filters", "transitions", "markers", "Kdenlive 25.04+", ".otio"):
        assert words in said
