"""Changes shaped like the trims job's, made on timelines read from real files, for the file editors' tests.

The job's own decision needs media and models; what a file editor receives is
only its answer, so these build that answer directly with the job's apply step
(engine/trims/apply.py): a pause closed inside a clip and every clip linked to it, rippled, each change
marked the way the job marks it.
"""

from __future__ import annotations

import collections
import difflib
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import opentimelineio as otio

from workprint.engine.domain import meta

RT = otio.opentime.RationalTime
TR = otio.opentime.TimeRange


def job_marker(at: RT, reason: str = "a pause of 1.2 s inside the take") -> otio.schema.Marker:
    made = otio.schema.Marker(
        name="Workprint: pause",
        marked_range=TR(at, RT(1, at.rate)),
        color=otio.schema.MarkerColor.CYAN,
        metadata={meta.META_KEY: {"kind": "pause", "reason": reason}},
    )
    made.comment = f"{reason} (confidence 90%)"
    return made


def close_pause(clip: otio.schema.Clip, ripple: bool = True) -> list[otio.core.Composable]:
    """The clip's middle third goes: two pieces (a marker on the second where the cut now is)."""
    source = clip.source_range or clip.available_range()
    rate = source.duration.rate
    total = round(source.duration.value)
    third = total // 3
    first = clip.clone()
    first.source_range = TR(source.start_time, RT(third, rate))
    second = clip.clone()
    second.source_range = TR(source.start_time + RT(2 * third, rate), RT(total - 2 * third, rate))
    second.markers.append(job_marker(second.source_range.start_time))
    for piece, n in ((first, 1), (second, 2)):
        meta.note(piece.metadata, piece=n, pieces=2, applied=True)
    made: list[otio.core.Composable] = [first, second]
    if not ripple:
        made.insert(1, otio.schema.Gap(source_range=TR(RT(0, rate), RT(2 * third - third, rate))))
    return made


def trim_tail(clip: otio.schema.Clip, frames: int = 3) -> otio.schema.Clip:
    source = clip.source_range or clip.available_range()
    trimmed = clip.clone()
    trimmed.source_range = TR(source.start_time, source.duration - RT(frames, source.duration.rate))
    trimmed.markers.append(job_marker(trimmed.source_range.end_time_exclusive() - RT(1, source.duration.rate)))
    meta.note(trimmed.metadata, applied=True)
    return trimmed


def apply_to(timeline: otio.schema.Timeline, chosen: set[int], how, ripple: bool = True) -> otio.schema.Timeline:
    """A copy of the timeline with `how` applied to the clips (by their place in find_clips) in `chosen`."""
    after = timeline.deepcopy()
    clips = [c for c in after.find_clips()]
    targets = [clips[n] for n in sorted(chosen) if n < len(clips)]
    for clip in targets:
        track = clip.parent()
        index = list(track).index(clip)
        made = how(clip, ripple) if how is close_pause else [how(clip)]
        del track[index]
        for offset, item in enumerate(made):
            track.insert(index + offset, item)
    return after


EXPORTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "nle-exports"
#: Tags that carry what an editor made in an FCP 7 XML.
XML_TAGS = (
    "clipitem",
    "generatoritem",
    "transitionitem",
    "link",
    "filter",
    "effect",
    "marker",
    "file",
    "timecode",
    "sequence",
    "labels",
    "logginginfo",
    "sourcetrack",
    "rate",
)


def xml_counts(text: str) -> collections.Counter:
    root = ElementTree.fromstring(text.encode("utf-8"))
    return collections.Counter(e.tag for e in root.iter() if e.tag in XML_TAGS)


TIMING_LINE = re.compile(
    r"<(start|end|in|out|pproTicksIn|pproTicksOut|duration|linkclipref)>|</?marker>|<(comment|name)>"
)


def lost_lines(text: str, written: str) -> list[str]:
    """Lines of the input that are not in the output where they were (changed or removed)."""
    before, after = text.splitlines(), written.splitlines()
    lost = []
    for op, i1, i2, _, _ in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            lost.extend(before[i1:i2])
    return lost
