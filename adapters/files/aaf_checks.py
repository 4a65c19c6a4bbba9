"""What OpenTimelineIO's AAF writer cannot hold, found on the timeline before the analysis runs.

The writer refuses a sequence whose clips' media run at another rate than
the sequence (Premiere's 29.97 drop-frame AAFs hold 23.976 media), a data
track, or more than one sequence; it makes a nested sequence of several
tracks as long as its tracks together, moving every clip after it (refused
here too); and it rebuilds the sequence without
effects (speed changes play at normal speed). Each is said here, naming the
clips, with the nearest route that keeps it, so nothing is found out after a
long job. Markers it drops are added to the written file (aaf_markers).
"""

from __future__ import annotations

import opentimelineio as otio

#: A route that keeps what the AAF writer cannot: Premiere imports FCP 7 XML, and .otio carries everything.
ROUTES = (
    "write .otio, which carries everything, or .xml (FCP 7 XML, which Premiere imports with each clip at its own rate)"
)


def sequence(obj: otio.core.SerializableObject) -> otio.schema.Timeline | None:
    """The one sequence an AAF of this holds: the timeline itself, or the only thing in a bin or library
    (an FCPXML library with one project reads as a collection of one); None where there is not one."""
    if isinstance(obj, otio.schema.Timeline):
        return obj
    children = list(obj) if isinstance(obj, otio.schema.SerializableCollection) else []
    if len(children) == 1 and isinstance(children[0], otio.schema.Timeline):
        return children[0]
    return None


def refusal(obj: otio.core.SerializableObject) -> str | None:
    """Why the AAF writer cannot write this at all (None: it can), naming the clip or track."""
    timeline = sequence(obj)
    if timeline is None:
        children = list(obj) if isinstance(obj, otio.schema.SerializableCollection) else []
        timelines = [t for t in children if isinstance(t, otio.schema.Timeline)]
        return (
            f"the AAF writer writes one sequence and this holds {len(timelines)} "
            f"({', '.join(t.name for t in timelines[:5])})"
            + (f" and {len(children) - len(timelines)} other item(s)" if len(children) > len(timelines) else "")
            + "; write .otio, which holds them all"
        )
    obj = timeline
    for track in obj.tracks:
        if track.kind not in (otio.schema.TrackKind.Video, otio.schema.TrackKind.Audio) and len(track):
            return (
                f"track {track.name or '(unnamed)'} is a {str(track.kind).removeprefix('AAF_')} track, which the "
                f"AAF writer cannot write; {ROUTES}"
            )
    for nested in obj.find_children(descended_from_type=otio.schema.Stack):
        # The writer gives a nested sequence the length of its tracks added together, not of the longest.
        written = sum((track.duration() for track in nested), otio.opentime.RationalTime(0, nested.duration().rate))
        if len(nested) > 1 and written.to_frames() != nested.duration().to_frames():
            return (
                f"nested sequence {nested.name or '(unnamed)'} has {len(nested)} tracks, and the AAF writer would "
                f"make it {written.to_frames()} frames long, not {nested.duration().to_frames()}, moving every "
                f"clip after it; {ROUTES}"
            )
    if not obj.find_clips():
        return None
    # The writer's own check: the sequence's rate is its duration's; each clip and its media's must be that.
    rate = obj.duration().rate
    for clip in obj.find_clips():
        media = clip.media_reference.available_range if clip.media_reference is not None else None
        own = media.duration.rate if media is not None else clip.duration().rate
        if abs(own - rate) > 1e-9 or abs(clip.duration().rate - rate) > 1e-9:
            return (
                f"clip {clip.name or '(unnamed)'} uses media at {own:.3f} fps in a {rate:.3f} fps sequence, and the "
                f"AAF writer holds one rate only; {ROUTES}"
            )
    return None


def losses(timeline: otio.schema.Timeline) -> list[str]:
    """What the AAF writer will write without: effects, speed changes among them."""
    said = []
    with_effects = [i for i in timeline.find_children(descended_from_type=otio.core.Item) if _dropped(i.effects)]
    timed = [i for i in with_effects if any(isinstance(e, otio.schema.TimeEffect) for e in i.effects)]
    if with_effects:
        speed = f", {len(timed)} of them speed changes that come back at normal speed" if timed else ""
        said.append(
            f"the AAF writer drops effects: {len(with_effects)} item(s) lose theirs ({_names(with_effects)}){speed}; "
            ".otio carries them"
        )
    return said


#: The writer makes its own of these (every sound track's pan): not lost.
WRITTEN_EFFECTS = ("Audio Pan",)


def _dropped(effects: list[otio.schema.Effect]) -> list[otio.schema.Effect]:
    return [e for e in effects if e.name not in WRITTEN_EFFECTS]


def _names(items: list, most: int = 3) -> str:
    names = [i.name or "(unnamed)" for i in items]
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")
