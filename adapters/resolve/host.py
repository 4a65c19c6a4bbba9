"""Finding Resolve, telling its edition and version, and asking what its API offers.

On Resolve's scripting objects `hasattr` is always true: an unknown name
answers None instead of raising. So a feature is there when
`getattr(obj, name) is not None`, never when `hasattr` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workprint.engine.errors import HostError

#: The oldest Resolve this plugin drives: Timeline.Export to OTIO and AppendToTimeline with
#: trackIndex/recordFrame both need 18.5.
MINIMUM_VERSION = (18, 5)


def has_api(obj: object, name: str) -> bool:
    return obj is not None and getattr(obj, name, None) is not None


def find_resolve(script_globals: dict | None = None):
    """The Resolve object: the global Resolve injects, else bmd.scriptapp, else DaVinciResolveScript."""
    script_globals = script_globals or {}
    found = script_globals.get("resolve")
    if found is not None:
        return found
    bmd = script_globals.get("bmd")
    if bmd is None:
        import builtins

        bmd = getattr(builtins, "bmd", None)
    if bmd is not None and has_api(bmd, "scriptapp"):
        found = bmd.scriptapp("Resolve")
        if found is not None:
            return found
    try:
        import DaVinciResolveScript  # the module Resolve ships in Developer/Scripting/Modules
    except ImportError:
        DaVinciResolveScript = None
    if DaVinciResolveScript is not None:
        found = DaVinciResolveScript.scriptapp("Resolve")
        if found is not None:
            return found
    raise HostError(
        "DaVinci Resolve is not reachable from this script: run it from Workspace ▸ Scripts inside "
        "Resolve (Studio, or the free edition before 21.1)"
    )


@dataclass(frozen=True)
class Edition:
    product: str
    version: tuple[int, ...]

    @property
    def studio(self) -> bool:
        return "studio" in self.product.lower()

    @property
    def version_text(self) -> str:
        return ".".join(str(v) for v in self.version)

    @property
    def has_script_ui(self) -> bool:
        """The free edition lost the scripting UI (UIManager) in 19.1."""
        return self.studio or self.version < (19, 1)

    @property
    def has_python(self) -> bool:
        """The free edition lost Python scripting in 21.1."""
        return self.studio or self.version < (21, 1)


def edition(resolve) -> Edition:
    product = resolve.GetProductName() if has_api(resolve, "GetProductName") else "DaVinci Resolve"
    fields = resolve.GetVersion() if has_api(resolve, "GetVersion") else []
    numbers = tuple(int(v) for v in list(fields or [])[:3] if isinstance(v, (int, float)) or str(v).isdigit())
    return Edition(str(product or "DaVinci Resolve"), numbers or (0,))


def check_edition(found: Edition) -> None:
    if found.version < MINIMUM_VERSION:
        raise HostError(
            f"Workprint needs DaVinci Resolve {'.'.join(map(str, MINIMUM_VERSION))} or later "
            f"(this is {found.product} {found.version_text})"
        )
    if not found.has_python:
        raise HostError(
            f"{found.product} {found.version_text} has no Python scripting (the free edition dropped "
            "it in 21.1): use DaVinci Resolve Studio, or export the timeline (File ▸ Export ▸ Timeline, "
            ".otio) and run `workprint suggest-trims` on the file"
        )


@dataclass
class Context:
    """Where the job works: the Resolve objects it needs, found once."""

    # Resolve's scripting objects: their methods are looked up at run time (see has_api).
    resolve: Any
    project: Any
    media_pool: Any
    edition: Edition


def context(resolve) -> Context:
    found = edition(resolve)
    check_edition(found)
    manager = resolve.GetProjectManager()
    project = manager.GetCurrentProject() if manager is not None else None
    if project is None:
        raise HostError("no project is open in DaVinci Resolve: open one and run the script again")
    media_pool = project.GetMediaPool()
    if media_pool is None:
        raise HostError("the project's media pool cannot be reached")
    return Context(resolve, project, media_pool, found)


def current_timeline(ctx: Context):
    timeline = ctx.project.GetCurrentTimeline()
    if timeline is None:
        raise HostError(
            "there is no current timeline: open the timeline to trim in the Edit page and run the script again"
        )
    return timeline


def timeline_names(project) -> set[str]:
    count = project.GetTimelineCount() or 0
    names = set()
    for index in range(1, int(count) + 1):
        timeline = project.GetTimelineByIndex(index)
        if timeline is not None:
            names.add(timeline.GetName())
    return names


def unique_timeline_name(project, wanted: str) -> str:
    """Resolve refuses a second timeline with the same name (it answers None): find a free one."""
    taken = timeline_names(project)
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted} {n}" in taken:
        n += 1
    return f"{wanted} {n}"


def timecode(frame: int, rate: float) -> str:
    """Frames as HH:MM:SS:FF (non-drop), for messages an editor reads."""
    fps = max(1, round(rate))
    frames = int(frame)
    return f"{frames // (3600 * fps):02d}:{frames // (60 * fps) % 60:02d}:{frames // fps % 60:02d}:{frames % fps:02d}"
