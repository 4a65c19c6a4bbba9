"""Every detector's kind, by name, and what follows from them alone: the order they finish in and their
parameters. Light (no torch): a cached job reads its analyses by these, and imports no detector."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workprint.engine.analysis.schema.base import DetectorKind, DetectorResult, Params
from workprint.engine.analysis.schema.black import BLACK
from workprint.engine.analysis.schema.blur import BLUR
from workprint.engine.analysis.schema.exposure import EXPOSURE
from workprint.engine.analysis.schema.flash import FLASH
from workprint.engine.analysis.schema.motion import MOTION
from workprint.engine.analysis.schema.shots import SHOTS
from workprint.engine.analysis.schema.signature import SIGNATURE
from workprint.engine.analysis.schema.slate import SLATE
from workprint.engine.analysis.schema.slate_card import SLATE_CARD
from workprint.engine.analysis.schema.sound import SOUND
from workprint.engine.analysis.schema.speech import SPEECH
from workprint.engine.analysis.schema.thumbnails import THUMBNAILS
from workprint.engine.analysis.schema.words import WORDS
from workprint.engine.errors import ConfigError

#: Parameter overrides by detector name: a parameter object of the detector's own type, or a mapping
#: of field names to values laid over its defaults (`{"speech": {"min_silence_s": 0.2}}`).
ParamOverrides = Mapping[str, Params | Mapping[str, Any]]

KINDS: dict[str, DetectorKind] = {
    kind.name: kind
    for kind in (
        BLACK,
        BLUR,
        EXPOSURE,
        FLASH,
        MOTION,
        SHOTS,
        SIGNATURE,
        SLATE,
        SLATE_CARD,
        SOUND,
        SPEECH,
        THUMBNAILS,
        WORDS,
    )
}


def kind_of(result_type: type[DetectorResult]) -> DetectorKind:
    """The kind of detector that gives results of this type."""
    for kind in KINDS.values():
        if kind.result_type is result_type:
            return kind
    raise KeyError(f"no detector gives {result_type.__name__}")


def finish_order() -> list[DetectorKind]:
    """The detectors' kinds in an order where each finishes after those whose results it reads."""
    ordered: list[DetectorKind] = []
    placed: set[str] = set()
    pending = sorted(KINDS.values(), key=lambda d: d.name)
    while pending:
        for kind in pending:
            if set(kind.after) <= placed:
                ordered.append(kind)
                placed.add(kind.name)
                pending.remove(kind)
                break
        else:
            raise RuntimeError("detectors depend on each other in a circle")
    return ordered


def resolve_params(overrides: ParamOverrides | None) -> dict[str, Params]:
    """Every detector's parameters: its defaults, with the overrides asked for laid over them."""
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(KINDS))
    if unknown:
        raise ConfigError(f"no detector named {', '.join(map(repr, unknown))} (detectors: {', '.join(sorted(KINDS))})")
    resolved: dict[str, Params] = {}
    for name, kind in sorted(KINDS.items()):
        given = overrides.get(name)
        if given is None:
            resolved[name] = kind.params_type()
        elif isinstance(given, kind.params_type):
            resolved[name] = given
        elif isinstance(given, Params):
            raise ConfigError(f"detector {name!r} takes {kind.params_type.__name__}, not {type(given).__name__}")
        elif isinstance(given, Mapping):
            resolved[name] = kind.params_type.from_overrides(name, given)
        else:
            raise ConfigError(f"detector {name!r}: parameters must be a mapping of names to values, not {given!r}")
    return resolved
