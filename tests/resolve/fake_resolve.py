"""A fake DaVinci Resolve that behaves as its scripting README.txt documents (18.5 to 20.x), for tests.

Only Resolve is faked; the engine behind the plugin is real. What the fake
reproduces, because the plugin must cope with it:
- every object answers any attribute name; unknown ones are None, so
  `hasattr` is always true and calling a missing method raises TypeError;
- timeline items have no setter for start, end, duration or offsets;
- Timeline.DeleteClips refuses (returns False) unless the Edit page is open;
- AppendToTimeline's "recordFrame" is absolute (86400 is 01:00:00:00 at 24 fps)
  and "endFrame" is inclusive or exclusive as the chosen version does;
  an append over another item on the same track is dropped without a word
  (no item comes back; the item already there wins);
- media at another rate than the timeline's: the clipInfo's startFrame and
  endFrame are source frames, and the item gets floor(source frames x
  timeline fps / media fps) timeline frames, for picture and sound alike;
  GetSourceStartFrame counts the media's own frames, GetLeftOffset on a sound
  item the timeline's; a WAV has no rate of its own and takes the project's
  rate when it is imported (see MIXED_RATES_SOURCE);
- Timeline.Export(path, EXPORT_OTIO, EXPORT_NONE) writes OTIO shaped as
  Resolve writes it (Clip.2, DEFAULT_MEDIA, bare paths, timecode-absolute
  ranges, Resolve_OTIO metadata with "Link Group ID");
- MediaPool.ImportTimelineFromFile returns None for OTIO not shaped that
  way, and for a timeline name already taken; so do CreateEmptyTimeline and
  DuplicateTimeline.
Standard library only: the fallback tests load it in a Python where grpc is blocked.
"""

from __future__ import annotations

import copy
import itertools
import json
import math
from fractions import Fraction

MARKER_COLOURS = (
    "Blue",
    "Cyan",
    "Green",
    "Yellow",
    "Red",
    "Pink",
    "Purple",
    "Fuchsia",
    "Rose",
    "Lavender",
    "Sky",
    "Mint",
    "Lemon",
    "Sand",
    "Cocoa",
    "Cream",
)
TO_OTIO_COLOUR = {
    "Blue": "BLUE",
    "Cyan": "CYAN",
    "Green": "GREEN",
    "Yellow": "YELLOW",
    "Red": "RED",
    "Pink": "PINK",
    "Purple": "PURPLE",
    "Fuchsia": "MAGENTA",
    "Sand": "ORANGE",
    "Cream": "WHITE",
    "Cocoa": "BLACK",
}
FROM_OTIO_COLOUR = {v: k for k, v in TO_OTIO_COLOUR.items()}
PAGES = ("media", "cut", "edit", "fusion", "color", "fairlight", "deliver")

#: Where the mixed-rate behaviour modelled here is documented, by people who measured it on Resolve
#: (Studio 19.1 to 21.0): samuelgursky/davinci-resolve-mcp, docs/reference/api-limitations.md, the entries
#: "MediaPool.AppendToTimeline with mixed-fps sources (duration floor)", "MediaPool.AppendToTimeline
#: (overlapping records — earlier item wins)" and "TimelineItem.GetSourceStartFrame on an AUDIO item
#: (media-rate frames; a WAV freezes the PROJECT rate at import)". The last one measured a 48 kHz WAV
#: imported at 24 fps whose source frames 4800-5235 (435 frames) became 543 frames on a 29.97 timeline.
MIXED_RATES_SOURCE = "samuelgursky/davinci-resolve-mcp docs/reference/api-limitations.md"
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}-{next(_ids):06d}"


class ResolveObject:
    def __getattr__(self, name: str):
        # Resolve's objects answer every name: unknown ones are None, so hasattr is always true.
        if name.startswith("_"):
            raise AttributeError(name)
        return None


def tc_frames(text: str | None, fps: float) -> int:
    if not text:
        return 0
    h, m, s, f = (int(p) for p in text.replace(";", ":").split(":"))
    return ((h * 60 + m) * 60 + s) * round(fps) + f


def tc_text(frames: int, fps: float) -> str:
    rate = round(fps)
    hours, minutes, seconds = frames // (3600 * rate), frames // (60 * rate) % 60, frames // rate % 60
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}:{frames % rate:02d}"


def rt(value: float, rate: float) -> dict:
    return {"OTIO_SCHEMA": "RationalTime.1", "rate": float(rate), "value": float(value)}


def tr(start: float, duration: float, rate: float) -> dict:
    return {"OTIO_SCHEMA": "TimeRange.1", "duration": rt(duration, rate), "start_time": rt(start, rate)}


def frames_of(value: dict, rate: float) -> int:
    return round(float(value["value"]) * rate / float(value["rate"]))


def exact_rate(fps: float) -> Fraction:
    """23.976 is 24000/1001 to Resolve, 29.97 is 30000/1001: the conversion is exact, not in floats."""
    whole = round(fps)
    if abs(fps - whole) < 1e-6:
        return Fraction(whole)
    ntsc = round(fps * 1001 / 1000)
    if abs(fps - ntsc * 1000 / 1001) < 0.005:
        return Fraction(ntsc * 1000, 1001)
    return Fraction(fps).limit_denominator(1001)


def timeline_frames(source_frames: int, media_fps: float, timeline_fps: float) -> int:
    """What AppendToTimeline makes of source frames at another rate: floored timeline frames."""
    return math.floor(source_frames * exact_rate(timeline_fps) / exact_rate(media_fps))


def source_frames_for(duration: int, media_fps: float, timeline_fps: float) -> int:
    """The fewest source frames that fill a duration in timeline frames (for items laid in by a spec)."""
    return math.ceil(duration * exact_rate(media_fps) / exact_rate(timeline_fps))


def is_wav(path: str) -> bool:
    return path.lower().endswith((".wav", ".wave"))


class Media:
    def __init__(
        self,
        path: str,
        fps: float,
        frames: int,
        start_tc: str | None = None,
        video: bool = True,
        audio: bool = True,
        properties: dict | None = None,
        metadata: dict | None = None,
    ) -> None:
        self.path, self.fps, self.frames = path, float(fps), int(frames)
        self.start = tc_frames(start_tc, fps)
        self.video, self.audio = video, audio
        self.name = path.rsplit("/", 1)[-1]
        self.properties = dict(properties or {})
        self.metadata = dict(metadata or {})


#: Fields of Resolve's Metadata panel (the "Shot & Scene" group and a few more) SetMetadata accepts.
METADATA_FIELDS = frozenset(
    {"Scene", "Shot", "Take", "Angle", "Good Take", "Camera #", "Roll Card #", "Description", "Comments", "Keywords"}
)


class FakeMediaPoolItem(ResolveObject):
    def __init__(self, media: Media) -> None:
        self.media = media
        self.media_id = new_id("media")

    def GetName(self):
        return self.media.name

    def GetMediaId(self):
        return self.media_id

    def GetUniqueId(self):
        return self.media_id

    def GetClipProperty(self, key=None):
        media = self.media
        kind = "Video + Audio" if media.video and media.audio else "Video" if media.video else "Audio"
        properties = {
            "Clip Name": media.name,
            "File Path": media.path,
            "FPS": f"{media.fps:g}",
            "Frames": str(media.frames),
            "Start TC": tc_text(media.start, media.fps),
            "Type": kind,
            "Duration": tc_text(media.frames, media.fps),
            "Scene": "",
            "Shot": "",
            "Take": "",
            "Good Take": "",
            "Camera #": "",
            "Keywords": "",
            "Comments": "",
        }
        properties.update(media.properties)
        return properties if key is None else properties.get(key, "")

    def GetMetadata(self, key=None):
        return dict(self.media.metadata) if key is None else self.media.metadata.get(key, "")

    def SetMetadata(self, key, value=None):
        """Resolve's SetMetadata(name, value) or SetMetadata({name: value}): only the Metadata panel's own
        fields are taken (False for a name it does not have), and values are strings."""
        given = key if isinstance(key, dict) else {key: value}
        if not all(name in METADATA_FIELDS and isinstance(text, str) for name, text in given.items()):
            return False
        self.media.metadata.update(given)
        return True

    def GetMarkers(self):
        return {}

    def GetClipColor(self):
        return ""


class FakeFolder(ResolveObject):
    def __init__(self, name: str) -> None:
        self.name, self.clips, self.subfolders, self.uid = name, [], [], new_id("folder")

    def GetName(self):
        return self.name

    def GetClipList(self):
        return list(self.clips)

    def GetSubFolderList(self):
        return list(self.subfolders)

    def GetUniqueId(self):
        return self.uid

    def walk(self):
        yield self
        for folder in self.subfolders:
            yield from folder.walk()


class FakeTimelineItem(ResolveObject):
    """No setter for start, end, duration or offsets: that is the API's point the plugin works around."""

    def __init__(
        self,
        kind: str,
        track_index: int,
        start: int,
        duration: int,
        mpi: FakeMediaPoolItem | None,
        source_start: int,
        name: str | None = None,
        source_frames: int | None = None,
    ) -> None:
        self.kind, self.track_index, self.start, self.duration = kind, track_index, start, duration
        self.mpi, self.source_start = mpi, source_start
        #: Media frames the item uses: its duration unless the media runs at another rate.
        self.source_frames = duration if source_frames is None else source_frames
        self.name = name or (mpi.GetName() if mpi else "Title")
        self.uid = new_id("item")
        self.link: int | None = None
        self.markers: dict[float, dict] = {}
        self.color, self.enabled, self.grade, self.speed = "", True, "", 100.0
        self.takes: list[tuple] = []
        #: The rate of the timeline the item sits on (set when it is placed).
        self.timeline_fps: float | None = None

    def GetName(self):
        return self.name

    def GetStart(self, subframe_precision=False):
        return self.start

    def GetEnd(self, subframe_precision=False):
        return self.start + self.duration

    def GetDuration(self, subframe_precision=False):
        return self.duration

    def _timeline_rate_over_media(self) -> Fraction:
        if self.mpi is None or self.timeline_fps is None:
            return Fraction(1)
        return exact_rate(self.timeline_fps) / exact_rate(self.mpi.media.fps)

    def GetLeftOffset(self, subframe_precision=False):
        # Measured: on a sound item it advances at the timeline's rate; on picture, in the media's frames.
        if self.kind == "audio":
            return math.floor(self.source_start * self._timeline_rate_over_media())
        return self.source_start

    def GetRightOffset(self, subframe_precision=False):
        return (self.mpi.media.frames - self.source_start - self.source_frames) if self.mpi else 0

    def GetSourceStartFrame(self):
        return self.source_start

    def GetSourceEndFrame(self):
        return self.source_start + self.source_frames - 1

    def GetMediaPoolItem(self):
        return self.mpi

    def GetUniqueId(self):
        return self.uid

    def AddMarker(self, frameId, color, name, note, duration, customData=""):
        frame = float(frameId)
        if color not in MARKER_COLOURS or frame in self.markers or not 0 <= frame < self.duration or duration < 1:
            return False
        self.markers[frame] = {
            "color": color,
            "duration": float(duration),
            "note": note,
            "name": name,
            "customData": customData,
        }
        return True

    def GetMarkers(self):
        return copy.deepcopy(self.markers)

    def GetClipColor(self):
        return self.color

    def SetClipColor(self, colorName):
        self.color = colorName
        return True

    def GetClipEnabled(self):
        return self.enabled

    def SetClipEnabled(self, enabled):
        self.enabled = bool(enabled)
        return True

    def CopyGrades(self, targets):
        for target in targets:
            target.grade = self.grade
        return True

    def GetProperty(self, key=None):
        properties = {"Speed": self.speed, "Pan": 0.0, "Tilt": 0.0, "ZoomX": 1.0, "ZoomY": 1.0, "Opacity": 100.0}
        return properties if key is None else properties.get(key)

    def SetProperty(self, key, value):
        # Transform properties only: there is no property for an item's in, out or position.
        return key in ("Pan", "Tilt", "ZoomX", "ZoomY", "Opacity")

    def AddTake(self, mediaPoolItem, startFrame=None, endFrame=None):
        if not self.takes:
            self.takes.append((self.mpi, self.source_start, self.source_start + self.source_frames))
        self.takes.append((mediaPoolItem, startFrame, endFrame))
        return True

    def GetTakesCount(self):
        return len(self.takes)

    def GetSelectedTakeIndex(self):
        return 1 if self.takes else 0


class Track:
    def __init__(self, kind: str, name: str) -> None:
        self.kind, self.name, self.enabled, self.items = kind, name, True, []
        #: Dissolves at an edit point: {"at": record frame, "in": frames, "out": frames}.
        self.transitions: list[dict] = []


class FakeTimeline(ResolveObject):
    def __init__(self, project: FakeProject, name: str, start_frame: int = 86400) -> None:
        self.project, self.name, self.start_frame = project, name, start_frame
        self.fps = project.fps
        self.uid = new_id("timeline")
        self.tracks = {"video": [Track("video", "Video 1")], "audio": [Track("audio", "Audio 1")]}
        self.markers: dict[float, dict] = {}
        self._links = itertools.count(1)

    # -- the README's Timeline methods

    def GetName(self):
        return self.name

    def SetName(self, name):
        if any(t is not self and t.name == name for t in self.project.timelines):
            return False
        self.name = name
        return True

    def GetUniqueId(self):
        return self.uid

    def GetStartFrame(self):
        return self.start_frame

    def GetEndFrame(self):
        ends = [i.start + i.duration for ts in self.tracks.values() for t in ts for i in t.items]
        return max(ends, default=self.start_frame)

    def GetStartTimecode(self):
        return tc_text(self.start_frame, self.fps)

    def GetSetting(self, name=None):
        settings = {"timelineFrameRate": f"{self.fps:g}"}
        return settings if name is None else settings.get(name, "")

    def GetTrackCount(self, trackType):
        return len(self.tracks.get(trackType, []))

    def AddTrack(self, trackType, subTrackType=None):
        if trackType not in self.tracks:
            return False
        tracks = self.tracks[trackType]
        tracks.append(Track(trackType, f"{trackType.capitalize()} {len(tracks) + 1}"))
        return True

    def _track(self, kind: str, index: int) -> Track | None:
        tracks = self.tracks.get(kind, [])
        return tracks[index - 1] if 1 <= index <= len(tracks) else None

    def GetItemListInTrack(self, trackType, index):
        track = self._track(trackType, index)
        return sorted(track.items, key=lambda i: i.start) if track else None

    def GetTrackName(self, trackType, trackIndex):
        track = self._track(trackType, trackIndex)
        return track.name if track else ""

    def SetTrackName(self, trackType, trackIndex, name):
        track = self._track(trackType, trackIndex)
        if track is None:
            return False
        track.name = name
        return True

    def SetTrackEnable(self, trackType, trackIndex, enabled):
        track = self._track(trackType, trackIndex)
        if track is None:
            return False
        track.enabled = bool(enabled)
        return True

    def GetIsTrackEnabled(self, trackType, trackIndex):
        track = self._track(trackType, trackIndex)
        return bool(track and track.enabled)

    def DeleteClips(self, items, ripple=False):
        # Documented behaviour users hit: deleting only works with the Edit page open.
        if self.project.resolve.page != "edit" or ripple:
            return False
        mine = {id(i) for ts in self.tracks.values() for t in ts for i in t.items}
        if not items or any(id(i) not in mine for i in items):
            return False
        doomed = {id(i) for i in items}
        for tracks in self.tracks.values():
            for track in tracks:
                track.items = [i for i in track.items if id(i) not in doomed]
        return True

    def SetClipsLinked(self, items, linked):
        if not items:
            return False
        group = next(self._links) + 1000 if linked else None
        for item in items:
            item.link = group
        return True

    def DuplicateTimeline(self, timelineName=None):
        name = timelineName or f"{self.name} copy"
        if any(t.name == name for t in self.project.timelines):
            return None
        twin = FakeTimeline(self.project, name, self.start_frame)
        twin.tracks = {kind: [] for kind in self.tracks}
        for kind, tracks in self.tracks.items():
            for track in tracks:
                copy_track = Track(kind, track.name)
                copy_track.enabled, copy_track.transitions = track.enabled, copy.deepcopy(track.transitions)
                for item in track.items:
                    twin_item = copy.copy(item)
                    twin_item.uid, twin_item.markers = new_id("item"), copy.deepcopy(item.markers)
                    copy_track.items.append(twin_item)
                twin.tracks[kind].append(copy_track)
        twin.markers = copy.deepcopy(self.markers)
        self.project.timelines.append(twin)
        return twin

    def AddMarker(self, frameId, color, name, note, duration, customData=""):
        if color not in MARKER_COLOURS or float(frameId) in self.markers:
            return False
        self.markers[float(frameId)] = {
            "color": color,
            "duration": float(duration),
            "note": note,
            "name": name,
            "customData": customData,
        }
        return True

    def GetMarkers(self):
        return copy.deepcopy(self.markers)

    def Export(self, fileName, exportType, exportSubtype=None):
        if exportType != FakeResolve.EXPORT_OTIO:
            return False
        with open(fileName, "w", encoding="utf-8") as handle:
            json.dump(self.to_otio(), handle, indent=4)
        return True

    # -- placing, for AppendToTimeline and ImportTimelineFromFile

    def place(self, item: FakeTimelineItem) -> bool:
        track = self._track(item.kind, item.track_index)
        if track is None or item.duration < 1:
            return False
        if any(i.start < item.start + item.duration and item.start < i.start + i.duration for i in track.items):
            return False  # Resolve drops an overlapping append: the item already there wins
        item.timeline_fps = self.fps
        track.items.append(item)
        return True

    # -- Resolve's OTIO export

    def to_otio(self) -> dict:
        fps = self.fps
        children = []
        for kind in ("video", "audio"):
            for track in self.tracks[kind]:
                children.append(self._track_otio(track, kind, fps))
        return {
            "OTIO_SCHEMA": "Timeline.1",
            "metadata": {"Resolve_OTIO": {"Resolve OTIO Meta Version": "1.0"}},
            "name": self.name,
            "global_start_time": rt(self.start_frame, fps),
            "tracks": {
                "OTIO_SCHEMA": "Stack.1",
                "metadata": {},
                "name": "",
                "source_range": None,
                "effects": [],
                "markers": [],
                "enabled": True,
                "children": children,
            },
        }

    def _track_otio(self, track: Track, kind: str, fps: float) -> dict:
        items, cursor = [], self.start_frame
        by_edit = {t["at"]: t for t in track.transitions}
        for item in sorted(track.items, key=lambda i: i.start):
            if item.start > cursor:
                items.append(
                    {
                        "OTIO_SCHEMA": "Gap.1",
                        "metadata": {},
                        "name": "",
                        "enabled": True,
                        "effects": [],
                        "markers": [],
                        "source_range": tr(0, item.start - cursor, fps),
                    }
                )
            elif item.start in by_edit and items:
                t = by_edit[item.start]
                items.append(
                    {
                        "OTIO_SCHEMA": "Transition.1",
                        "metadata": {"Resolve_OTIO": {}},
                        "name": "Cross Dissolve",
                        "transition_type": "SMPTE_Dissolve",
                        "in_offset": rt(t["in"], fps),
                        "out_offset": rt(t["out"], fps),
                    }
                )
            items.append(self._clip_otio(item, fps))
            cursor = item.start + item.duration
        return {
            "OTIO_SCHEMA": "Track.1",
            "metadata": {"Resolve_OTIO": {"Locked": False}},
            "name": track.name,
            "source_range": None,
            "effects": [],
            "markers": [],
            "enabled": track.enabled,
            "children": items,
            "kind": "Video" if kind == "video" else "Audio",
        }

    def _clip_otio(self, item: FakeTimelineItem, fps: float) -> dict:
        media = item.mpi.media if item.mpi else None
        # The clip's range is written at the timeline's rate, its media frames rescaled to it; the
        # reference keeps the media's own rate.
        scale = exact_rate(fps) / exact_rate(media.fps) if media else Fraction(1)
        start = float(((media.start if media else 0) + item.source_start) * scale)
        markers = [
            {
                "OTIO_SCHEMA": "Marker.2",
                "metadata": {"Resolve_OTIO": {"Keywords": [], "Note": m["note"]}},
                "name": m["name"],
                "color": TO_OTIO_COLOUR.get(m["color"], "RED"),
                "comment": m["note"],
                "marked_range": tr(start + int(frame), m["duration"], fps),
            }
            for frame, m in sorted(item.markers.items())
        ]
        clip = {
            "OTIO_SCHEMA": "Clip.2",
            "metadata": {"Resolve_OTIO": {}},
            "name": item.name,
            "source_range": tr(start, item.duration, fps),
            "effects": [],
            "markers": markers,
            "enabled": item.enabled,
            "active_media_reference_key": "DEFAULT_MEDIA",
        }
        if item.link is not None:
            clip["metadata"]["Resolve_OTIO"]["Link Group ID"] = item.link
        if item.speed != 100.0:
            clip["effects"].append(
                {
                    "OTIO_SCHEMA": "LinearTimeWarp.1",
                    "metadata": {},
                    "name": "",
                    "effect_name": "",
                    "time_scalar": item.speed / 100.0,
                }
            )
        if media:
            reference = {
                "OTIO_SCHEMA": "ExternalReference.1",
                "metadata": {},
                "name": media.name,
                "available_range": tr(media.start, media.frames, media.fps),
                "available_image_bounds": None,
                "target_url": media.path,
            }
        else:
            reference = {
                "OTIO_SCHEMA": "GeneratorReference.1",
                "metadata": {},
                "name": item.name,
                "available_range": None,
                "available_image_bounds": None,
                "generator_kind": "Title",
                "parameters": {},
            }
        clip["media_references"] = {"DEFAULT_MEDIA": reference}
        return clip


class FakeMediaPool(ResolveObject):
    def __init__(self, project: FakeProject) -> None:
        self.project = project
        self.root = FakeFolder("Master")
        self.current = self.root
        self.selected: list[FakeMediaPoolItem] = []
        self.uid = new_id("pool")

    def GetRootFolder(self):
        return self.root

    def GetCurrentFolder(self):
        return self.current

    def SetCurrentFolder(self, folder):
        self.current = folder
        return True

    def AddSubFolder(self, folder, name):
        sub = FakeFolder(name)
        folder.subfolders.append(sub)
        return sub

    def GetSelectedClips(self):
        return list(self.selected)

    def GetUniqueId(self):
        return self.uid

    def items(self) -> list[FakeMediaPoolItem]:
        return [clip for folder in self.root.walk() for clip in folder.clips]

    def CreateEmptyTimeline(self, name):
        if any(t.name == name for t in self.project.timelines):
            return None
        timeline = FakeTimeline(self.project, name)
        self.project.timelines.append(timeline)
        self.project.current = timeline
        return timeline

    def DeleteTimelines(self, timelines):
        doomed = {id(t) for t in timelines or []}
        if not doomed or not all(any(id(t) == d for t in self.project.timelines) for d in doomed):
            return False
        self.project.timelines = [t for t in self.project.timelines if id(t) not in doomed]
        if self.project.current is not None and id(self.project.current) in doomed:
            self.project.current = self.project.timelines[0] if self.project.timelines else None
        return True

    def AppendToTimeline(self, *clips):
        if len(clips) == 1 and isinstance(clips[0], list):
            clips = clips[0]
        timeline = self.project.current
        resolve = self.project.resolve
        if timeline is None:
            return []
        placed = []
        for info in clips:
            if resolve.fail_append_after is not None:
                if resolve.fail_append_after <= 0:
                    continue
                resolve.fail_append_after -= 1
            placed += self._append_one(timeline, info, resolve.end_frame_inclusive)
        return placed

    def _append_one(self, timeline: FakeTimeline, info, inclusive: bool) -> list:
        if isinstance(info, FakeMediaPoolItem):
            info = {"mediaPoolItem": info}
        mpi = info.get("mediaPoolItem")
        if not isinstance(mpi, FakeMediaPoolItem):
            return []
        media = mpi.media
        first = int(info.get("startFrame", 0))
        end = int(info.get("endFrame", media.frames - 1 if inclusive else media.frames))
        count = end - first + (1 if inclusive else 0)
        if first < 0 or count < 1 or first + count > media.frames:
            return []
        both = [k for k, has in (("video", media.video), ("audio", media.audio)) if has]
        kinds = {1: ["video"], 2: ["audio"]}.get(info.get("mediaType"), both)
        if ("video" in kinds and not media.video) or ("audio" in kinds and not media.audio):
            return []
        index = int(info.get("trackIndex", 1))
        # Source frames become timeline frames by flooring, picture and sound alike (MIXED_RATES_SOURCE).
        duration = timeline_frames(count, media.fps, timeline.fps)
        if "recordFrame" in info:
            start = int(info["recordFrame"])
        else:
            track = timeline._track(kinds[0], index)
            start = max((i.start + i.duration for i in track.items), default=timeline.start_frame) if track else 0
        made = []
        for kind in kinds:
            item = FakeTimelineItem(kind, index, start, duration, mpi, first, source_frames=count)
            if not timeline.place(item):
                for done in made:
                    timeline._track(done.kind, index).items.remove(done)
                return []
            made.append(item)
        if len(made) > 1:
            timeline.SetClipsLinked(made, True)
        return made

    def ImportTimelineFromFile(self, filePath, importOptions=None):
        options = importOptions or {}
        try:
            with open(filePath, encoding="utf-8") as handle:
                doc = json.load(handle)
        except (OSError, ValueError):
            return None
        if not resolve_shaped(doc):
            return None
        name = options.get("timelineName") or doc.get("name") or "Timeline"
        if any(t.name == name for t in self.project.timelines):
            return None
        fps = float(doc["global_start_time"]["rate"])
        timeline = FakeTimeline(self.project, name, frames_of(doc["global_start_time"], fps))
        by_path = {clip.media.path: clip for clip in self.items()}
        timeline.tracks = {"video": [], "audio": []}
        for track in doc["tracks"]["children"]:
            kind = "audio" if track.get("kind") == "Audio" else "video"
            target = Track(kind, track.get("name") or f"{kind.capitalize()} {len(timeline.tracks[kind]) + 1}")
            target.enabled = track.get("enabled", True)
            timeline.tracks[kind].append(target)
            index, cursor = len(timeline.tracks[kind]), timeline.start_frame
            for child in track.get("children", []):
                schema = child["OTIO_SCHEMA"].split(".")[0]
                if schema == "Transition":
                    target.transitions.append(
                        {
                            "at": cursor,
                            "in": frames_of(child["in_offset"], fps),
                            "out": frames_of(child["out_offset"], fps),
                        }
                    )
                    continue
                length = frames_of(child["source_range"]["duration"], fps)
                if schema == "Clip":
                    ref = child["media_references"][child.get("active_media_reference_key", "DEFAULT_MEDIA")]
                    mpi = by_path.get(ref.get("target_url"))
                    media_fps = float(ref["available_range"]["start_time"]["rate"])
                    source = frames_of(child["source_range"]["start_time"], media_fps) - frames_of(
                        ref["available_range"]["start_time"], media_fps
                    )
                    used = source_frames_for(length, media_fps, fps)
                    item = FakeTimelineItem(kind, index, cursor, length, mpi, source, child.get("name"), used)
                    item.enabled = child.get("enabled", True)
                    link = (child.get("metadata") or {}).get("Resolve_OTIO", {}).get("Link Group ID")
                    item.link = link
                    for marker in child.get("markers", []):
                        at = frames_of(marker["marked_range"]["start_time"], fps) - frames_of(
                            child["source_range"]["start_time"], fps
                        )
                        item.AddMarker(
                            at,
                            FROM_OTIO_COLOUR.get(marker.get("color"), "Blue"),
                            marker.get("name", ""),
                            marker.get("comment", ""),
                            max(1, frames_of(marker["marked_range"]["duration"], fps)),
                        )
                    target.items.append(item)
                cursor += length
        self.project.timelines.append(timeline)
        return timeline


def resolve_shaped(doc: dict) -> bool:
    """What users report Resolve's OTIO import needs: the shape of its own export."""
    if not str(doc.get("OTIO_SCHEMA", "")).startswith("Timeline.") or doc.get("global_start_time") is None:
        return False
    if "Resolve_OTIO" not in (doc.get("metadata") or {}):
        return False
    for track in (doc.get("tracks") or {}).get("children", []):
        if not str(track.get("OTIO_SCHEMA", "")).startswith("Track.") or "Resolve_OTIO" not in (
            track.get("metadata") or {}
        ):
            return False
        for child in track.get("children", []):
            schema = str(child.get("OTIO_SCHEMA", ""))
            if schema.startswith(("Gap.", "Transition.")):
                continue
            if not schema.startswith("Clip.2"):
                return False  # nested stacks and Clip.1 are not what Resolve writes
            ref = (child.get("media_references") or {}).get("DEFAULT_MEDIA")
            if not ref or not ref.get("name") or ref.get("available_range") is None:
                return False
            if ref.get("OTIO_SCHEMA", "").startswith("ExternalReference."):
                url = str(ref.get("target_url") or "")
                if not url or url.startswith("file:") or "\\" in url:
                    return False
                start = frames_of(child["source_range"]["start_time"], 1000.0)
                if start < frames_of(ref["available_range"]["start_time"], 1000.0):
                    return False  # ranges must be timecode-absolute
    return True


class FakeProject(ResolveObject):
    def __init__(self, resolve: FakeResolve, name: str, fps: float) -> None:
        self.resolve, self.name, self.fps = resolve, name, float(fps)
        self.timelines: list[FakeTimeline] = []
        self.current: FakeTimeline | None = None
        self.pool = FakeMediaPool(self)
        self.uid = new_id("project")

    def GetName(self):
        return self.name

    def GetUniqueId(self):
        return self.uid

    def GetMediaPool(self):
        return self.pool

    def GetTimelineCount(self):
        return len(self.timelines)

    def GetTimelineByIndex(self, idx):
        return self.timelines[idx - 1] if 1 <= idx <= len(self.timelines) else None

    def GetCurrentTimeline(self):
        return self.current

    def SetCurrentTimeline(self, timeline):
        if timeline not in self.timelines:
            return False
        self.current = timeline
        return True

    def GetSetting(self, name=None):
        settings = {"timelineFrameRate": f"{self.fps:g}", "perfCacheClipsLocation": ""}
        return settings if name is None else settings.get(name, "")


class FakeProjectManager(ResolveObject):
    def __init__(self, project: FakeProject | None) -> None:
        self.project = project

    def GetCurrentProject(self):
        return self.project


class FakeFusion(ResolveObject):
    def __init__(self, ui_manager=None) -> None:
        self.UIManager = ui_manager


class FakeResolve(ResolveObject):
    EXPORT_AAF, EXPORT_DRT, EXPORT_EDL, EXPORT_FCP_7_XML, EXPORT_OTIO = 0, 1, 2, 3, 14
    EXPORT_NONE = 0

    def __init__(
        self,
        product: str = "DaVinci Resolve Studio",
        version=(18, 5, 0, 0, ""),
        page: str = "color",
        end_frame_inclusive: bool = True,
    ) -> None:
        self.product, self.version, self.page = product, list(version), page
        self.end_frame_inclusive = end_frame_inclusive
        #: Fail every AppendToTimeline after this many clips have been placed (None: never).
        self.fail_append_after: int | None = None
        self.project: FakeProject | None = None
        self.fusion = FakeFusion()

    def GetProductName(self):
        return self.product

    def GetVersion(self):
        return list(self.version)

    def GetVersionString(self):
        return ".".join(str(v) for v in self.version[:3])

    def GetProjectManager(self):
        return FakeProjectManager(self.project)

    def OpenPage(self, pageName):
        if pageName not in PAGES:
            return False
        self.page = pageName
        return True

    def GetCurrentPage(self):
        return self.page

    def Fusion(self):
        return self.fusion

    # -- for tests: what the editor would see

    def snapshot(self) -> dict:
        project = self.project
        return {
            "page": self.page,
            "current": project.current.name if project and project.current else None,
            "timelines": {t.name: timeline_state(t) for t in (project.timelines if project else [])},
        }


def timeline_state(timeline: FakeTimeline) -> dict:
    tracks = {}
    for kind, ts in timeline.tracks.items():
        for n, track in enumerate(ts, start=1):
            tracks[f"{kind}{n}"] = {
                "enabled": track.enabled,
                "items": [
                    {
                        "name": i.name,
                        "start": i.start,
                        "duration": i.duration,
                        "source_start": i.source_start,
                        "media": i.mpi.media.path if i.mpi else None,
                        "link": i.link,
                        "color": i.color,
                        "enabled": i.enabled,
                        "grade": i.grade,
                        "takes": len(i.takes),
                        "markers": {str(int(f)): dict(m) for f, m in sorted(i.markers.items())},
                    }
                    for i in sorted(track.items, key=lambda i: i.start)
                ],
            }
    return tracks


def build(spec: dict) -> FakeResolve:
    """A Resolve with one project, its media pool and timelines, from a plain-data spec (JSON-able)."""
    resolve = FakeResolve(
        spec.get("product", "DaVinci Resolve Studio"),
        spec.get("version", (18, 5, 0, 0, "")),
        spec.get("page", "color"),
        spec.get("end_frame_inclusive", True),
    )
    project = FakeProject(resolve, spec.get("project", "Project"), spec.get("fps", 24))
    resolve.project = project
    folders = {"Master": project.pool.root}
    media_items = []
    for entry in spec.get("media", []):
        folder_name = entry.get("folder", "Master")
        if folder_name not in folders:
            folders[folder_name] = project.pool.AddSubFolder(project.pool.root, folder_name)
        # A WAV carries no frame rate: Resolve gives it the project's at import, and it keeps that one.
        fps = project.fps if is_wav(entry["path"]) else entry["fps"]
        frames = round(entry["seconds"] * fps) if "seconds" in entry else entry["frames"]
        mpi = FakeMediaPoolItem(
            Media(
                entry["path"],
                fps,
                frames,
                entry.get("start_tc"),
                entry.get("video", True),
                entry.get("audio", True),
                entry.get("properties"),
                entry.get("metadata"),
            )
        )
        folders[folder_name].clips.append(mpi)
        media_items.append(mpi)
    project.pool.current = folders.get(spec.get("current_folder", "Master"), project.pool.root)
    project.pool.selected = [media_items[i] for i in spec.get("selected", [])]
    for entry in spec.get("timelines", []):
        timeline = FakeTimeline(project, entry["name"], entry.get("start_frame", 86400))
        timeline.tracks = {
            "video": [Track("video", f"Video {n + 1}") for n in range(entry.get("video_tracks", 1))],
            "audio": [Track("audio", f"Audio {n + 1}") for n in range(entry.get("audio_tracks", 1))],
        }
        for raw in entry.get("items", []):
            mpi = media_items[raw["media"]]
            item = FakeTimelineItem(
                raw["kind"],
                raw["track"],
                timeline.start_frame + raw["at"],
                raw["duration"],
                mpi,
                raw["source_start"],
                source_frames=source_frames_for(raw["duration"], mpi.media.fps, timeline.fps),
            )
            assert item.source_start >= 0 and item.source_start + item.source_frames <= mpi.media.frames, raw
            item.link, item.color, item.grade = raw.get("link"), raw.get("color", ""), raw.get("grade", "")
            item.enabled, item.speed = raw.get("enabled", True), raw.get("speed", 100.0)
            for frame, marker in raw.get("markers", {}).items():
                item.markers[float(frame)] = dict(marker)
            assert timeline.place(item), raw
        for raw in entry.get("transitions", []):
            timeline._track(raw["kind"], raw["track"]).transitions.append(
                {"at": timeline.start_frame + raw["at"], "in": raw["in"], "out": raw["out"]}
            )
        project.timelines.append(timeline)
    project.current = next((t for t in project.timelines if t.name == spec.get("current_timeline")), None)
    return resolve
