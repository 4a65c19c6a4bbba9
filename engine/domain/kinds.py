"""Every kind of suggestion, in one table: what each is called, how a reason names it, how it is drawn.

The decisions, the markers written into OTIO and into a host, the review
report, the command line, the settings and the host's dialog all look kinds
up here (the engine's GetInfo hands the table to hosts), so a new kind is one
row. Standard library only: the in-host plugin reads this table too.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Which job makes a kind of suggestion.
TRIMS = "trims"
SELECTS = "selects"

#: Where a kind may apply inside a clip.
#: "where": names a part by its place (head, tail, pause between lines).
#: "content": names what a removed part holds; may also go from the very ends of a clip with no dialogue
#: ("ends"), or only ever inside a head, tail or pause ("outside-dialogue").
WHERE = "where"
ENDS = "ends"
OUTSIDE_DIALOGUE = "outside-dialogue"
TAKE = "take"


@dataclass(frozen=True)
class Kind:
    name: str
    #: What a person reads in a dialog, a table or a report.
    label: str
    #: How a reason names it ("the slate"); empty for kinds named by their place.
    words: str
    #: OpenTimelineIO's MarkerColor name (OTIO's constants are these very strings).
    otio_colour: str
    #: DaVinci Resolve's marker colour name (Resolve has no orange, magenta, white or black).
    resolve_colour: str
    #: The review report's colour.
    report_colour: str
    #: How sure a suggestion of this kind is by default; a detector's own confidence may lower it.
    confidence: float
    job: str
    applies: str
    #: One line for help texts and tooltips.
    description: str
    #: Off unless asked for (by name in the settings, `--only`, or a host's dialog): a kind an editor
    #: may want, but one that takes more than the production's own rhythm would.
    off_by_default: bool = False


KINDS: tuple[Kind, ...] = (
    Kind("head", "Head", "", "YELLOW", "Yellow", "#e8c547", 0.85, TRIMS, WHERE, "before the first line of dialogue"),
    Kind("tail", "Tail", "", "ORANGE", "Sand", "#e8903a", 0.85, TRIMS, WHERE, "after the last line of dialogue"),
    Kind("pause", "Pause", "", "CYAN", "Cyan", "#3fc1c9", 0.9, TRIMS, WHERE, "long pauses between lines"),
    Kind("slate", "Slate", "the slate", "PURPLE", "Purple", "#9b6fe0", 0.9, TRIMS, ENDS, "the slate card in picture"),
    Kind("clap", "Clap", "the clap", "PINK", "Pink", "#ec6fa8", 0.9, TRIMS, ENDS, "the clapperboard's clap"),
    Kind(
        "call",
        "Director's call",
        "a director's call",
        "MAGENTA",
        "Fuchsia",
        "#d14fd1",
        0.8,
        TRIMS,
        OUTSIDE_DIALOGUE,
        '"Action!", "Cut!" and other calls off mic',
    ),
    Kind(
        "filler",
        "Filler words",
        "a filler word",
        "CYAN",
        "Lavender",
        "#8fb3d9",
        0.6,
        TRIMS,
        OUTSIDE_DIALOGUE,
        '"um", "uh", "er", "hmm" heard alone in a pause, never cutting into a word beside it',
        off_by_default=True,
    ),
    Kind("black", "Black frames", "black frames", "BLUE", "Blue", "#4a7fe0", 0.95, TRIMS, ENDS, "black frames"),
    Kind("flash", "Flash frames", "a flash frame", "WHITE", "Cream", "#d8d8d8", 0.9, TRIMS, ENDS, "flash frames"),
    Kind(
        "unsteady",
        "Camera settling",
        "camera settling",
        "GREEN",
        "Green",
        "#5cbf6a",
        0.7,
        TRIMS,
        ENDS,
        "the camera settling after it starts",
    ),
    Kind(
        "select",
        "Select",
        "the chosen take",
        "GREEN",
        "Green",
        "#5cbf6a",
        0.8,
        SELECTS,
        TAKE,
        "the take chosen for its setup",
    ),
)

#: What a report shows for media left out that no suggestion names.
UNNAMED = Kind("trimmed", "Trimmed", "", "RED", "Red", "#9a9a9a", 0.8, TRIMS, WHERE, "left out")

BY_NAME: dict[str, Kind] = {kind.name: kind for kind in (*KINDS, UNNAMED)}

#: The kinds of trim suggestion, in the order dialogs, settings and reasons list them.
TRIM_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.job == TRIMS)
#: The kinds of trim suggestion made when none are named: all but those off by default.
DEFAULT_TRIM_KINDS: tuple[str, ...] = tuple(
    kind.name for kind in KINDS if kind.job == TRIMS and not kind.off_by_default
)
#: Kinds that name what a removed part holds, in the order reasons list them.
CONTENT_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.job == TRIMS and kind.applies != WHERE)
#: Kinds that may be trimmed off the ends of a clip with no dialogue at all.
END_KINDS: frozenset[str] = frozenset(kind.name for kind in KINDS if kind.applies == ENDS)


def kind(name: str) -> Kind:
    """The kind called name; a name no table row has reads as an unnamed trim, never as an error."""
    return BY_NAME.get(name) or Kind(name, name.capitalize(), name, "RED", "Red", "#9a9a9a", 0.8, TRIMS, WHERE, "")
