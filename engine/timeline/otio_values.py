"""OTIO values in their JSON forms, and OTIO objects read from them in one call to OpenTimelineIO's own reader.

OpenTimelineIO converts whatever is written into an object by walking it in Python, asking at every
value whether it is a mapping or a sequence through the abstract base classes: several hundred µs for a
suggestion's note of a dozen fields, the largest cost of making a long timeline's pieces. The engine
makes only JSON-shaped values, so objects are made from their JSON text, read in C++: the same objects,
several times faster. A timeline's edit goes further and never makes them (`otio_tree`).
"""

from __future__ import annotations

import json
from typing import Any

import opentimelineio as otio
from opentimelineio._otio import PyAny


def converted(**fields: Any) -> dict[str, PyAny]:
    """Fields ready for an OTIO object's metadata (for `meta.note`), converted in one go."""
    held = otio.core.deserialize_json_from_string(json.dumps(fields, allow_nan=False))
    return {key: PyAny(held[key]) for key in fields}


def rational(time: otio.opentime.RationalTime) -> dict:
    return {"OTIO_SCHEMA": "RationalTime.1", "rate": time.rate, "value": time.value}


def time_range(span: otio.opentime.TimeRange) -> dict:
    return {"OTIO_SCHEMA": "TimeRange.1", "start_time": rational(span.start_time), "duration": rational(span.duration)}


def marker_fields(name: str, colour: str, marked_range: otio.opentime.TimeRange, comment: str, metadata: dict) -> dict:
    """A marker with its metadata, in its JSON form."""
    return {
        "OTIO_SCHEMA": "Marker.2",
        "name": name,
        "color": colour,
        "comment": comment,
        "metadata": metadata,
        "marked_range": time_range(marked_range),
    }


def objects(bodies: list[dict]) -> list[otio.core.SerializableObject]:
    """OTIO objects from their JSON forms (as `to_json_string` writes them, changed), read in one call.

    A host's own metadata may hold NaN or infinities (OTIO reads and writes them): they pass as they came."""
    made = otio.core.deserialize_json_from_string(json.dumps(bodies))
    return list(made)
