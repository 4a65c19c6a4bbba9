"""What every detector's parameters and result have in common: frozen data with a JSON form.

A detector's parameters are part of its cache key (a short hash of their JSON form), so a retuned
threshold never serves a result computed with the old one. Its result is what the cache keeps,
written and read through `to_json` / `from_json`.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar, TypeVar

from workprint.engine.analysis.result import Event
from workprint.engine.errors import ConfigError

P = TypeVar("P", bound="Params")
R = TypeVar("R", bound="DetectorResult")


@dataclass(frozen=True)
class Params:
    """Base of each detector's parameters: every field has a unit in its name or its comment."""

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def digest(self) -> str:
        """Eight hex digits of the parameters' canonical JSON: the part of the cache key they make.

        Worked once: the parameters are frozen, and a cached job asks it for every entry of every file."""
        made = self.__dict__.get("_digest")
        if made is None:
            canonical = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
            made = hashlib.sha256(canonical.encode()).hexdigest()[:8]
            object.__setattr__(self, "_digest", made)
        return made

    @classmethod
    def from_overrides(cls: type[P], detector: str, overrides: Mapping[str, Any]) -> P:
        """The defaults with `overrides` applied, each checked against its field's type."""
        hints = typing.get_type_hints(cls)
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            names = ", ".join(sorted(known)) or "none"
            raise ConfigError(
                f"detector {detector!r} has no parameter {', '.join(map(repr, unknown))} (its parameters: {names})"
            )
        values = {name: _checked(detector, name, hints[name], value) for name, value in overrides.items()}
        return cls(**values)


def _checked(detector: str, name: str, hint: Any, value: Any) -> Any:
    def wrong(expected: str) -> ConfigError:
        return ConfigError(f"detector {detector!r} parameter {name!r} must be {expected}, not {value!r}")

    def number(kind: type, item: Any) -> Any:
        # bool is an int to Python, never a threshold to a person.
        if isinstance(item, bool) or not isinstance(item, int if kind is int else (int, float)):
            raise wrong("an integer" if kind is int else "a number")
        return kind(item)

    origin = typing.get_origin(hint)
    if origin is tuple:
        items = typing.get_args(hint)
        if not isinstance(value, (list, tuple)) or len(value) != len(items):
            raise wrong(f"{len(items)} numbers")
        return tuple(number(kind, item) for kind, item in zip(items, value, strict=True))
    if hint in (int, float):
        return number(hint, value)
    if hint is bool:
        if not isinstance(value, bool):
            raise wrong("true or false")
        return value
    if not isinstance(value, hint):
        raise wrong(f"of type {getattr(hint, '__name__', hint)}")
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names, worked once per class (`fields` works them at each call)."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind))
    return names


@dataclass(frozen=True)
class DetectorResult:
    """Base of each detector's result. Lists are kept as the JSON has them; treat them as read-only."""

    #: False for a large result only a report reads (thumbnails): a MediaAnalysis does not hold it,
    #: the report fetches it from the cache when it draws.
    held: ClassVar[bool] = True

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls: type[R], data: Mapping[str, Any]) -> R:
        """A missing key takes its field's default: the empty result of a stream the file lacks is `{}`."""
        return cls(**{name: data[name] for name in field_names(cls) if name in data})

    def __getitem__(self, key: str) -> Any:
        # Also read like the JSON form, for code written against the detectors' plain dict results.
        return self.to_json()[key]


@dataclass(frozen=True)
class EventsResult(DetectorResult):
    """A result with events in it (black, flash, soft, clap...): they go into MediaAnalysis.events."""

    events: list[Event] = field(default_factory=list)

    @classmethod
    def from_json(cls: type[R], data: Mapping[str, Any]) -> R:
        values = {name: data[name] for name in field_names(cls) if name in data}
        values["events"] = [Event(**e) for e in data.get("events", [])]
        return cls(**values)


@dataclass(frozen=True)
class DetectorKind:
    """What the cache and the jobs know of a detector without running it, or importing torch: its name,
    its version (bumped when its code in `detectors/` changes what it finds: only its own cache entries are
    then redone), what it reads, whose results it needs, its parameters' and its result's types. A detector
    class (`detector.Detector`) takes these from its kind."""

    name: str
    version: int
    #: "picture" or "sound": what it reads from each chunk.
    reads: str
    params_type: type[Params]
    result_type: type[DetectorResult]
    #: Names of the detectors whose results its finish needs (they finish first).
    after: tuple[str, ...] = ()
    #: False for a detector that takes nothing from the decode pass (it works from the results it comes
    #: after, and reads the file itself): when it alone is missing from the cache, nothing is decoded.
    needs_chunks: bool = True
