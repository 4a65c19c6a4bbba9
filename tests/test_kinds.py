"""One table of suggestion kinds, and everything that speaks of kinds reads it."""

from __future__ import annotations

import json

import opentimelineio as otio

from workprint.adapters.resolve.markers import RESOLVE_COLOURS, resolve_colour
from workprint.engine.domain import kinds
from workprint.engine.domain.kinds import DEFAULT_TRIM_KINDS
from workprint.engine.domain.spans import Span
from workprint.engine.report.render import _kind_css, kind_name
from workprint.engine.settings import TRIM_KINDS, TrimSettings
from workprint.engine.trims import apply
from workprint.engine.trims.decide import Cut
from workprint.engine.trims.plan import Removal

OTIO_COLOURS = {getattr(otio.schema.MarkerColor, name) for name in vars(otio.schema.MarkerColor) if name.isupper()}


def test_every_kind_is_drawable_everywhere():
    css = _kind_css()
    for kind in kinds.KINDS:
        assert kind.otio_colour in OTIO_COLOURS, kind.name
        assert kind.resolve_colour in RESOLVE_COLOURS, kind.name
        assert resolve_colour("RED", kind.name) == kind.resolve_colour
        assert f"--k:{kind.report_colour}" in css and kind_name(kind.name) == kind.label
        assert 0 < kind.confidence <= 1 and kind.label and kind.description


def test_settings_and_decisions_take_their_kinds_from_the_table():
    assert tuple(k.name for k in kinds.KINDS if k.job == kinds.TRIMS) == TRIM_KINDS
    assert TrimSettings().kinds == frozenset(DEFAULT_TRIM_KINDS)
    assert set(TRIM_KINDS) - set(DEFAULT_TRIM_KINDS) == {k.name for k in kinds.KINDS if k.off_by_default} == {"filler"}
    assert set(kinds.CONTENT_KINDS) | {"head", "tail", "pause"} == set(TRIM_KINDS)
    assert set(kinds.CONTENT_KINDS) >= kinds.END_KINDS


def test_a_marker_takes_its_kinds_colour_and_an_unknown_kind_is_not_an_error():
    ref = otio.schema.ExternalReference(
        target_url="/m.mov",
        available_range=otio.opentime.TimeRange(otio.opentime.RationalTime(0, 24), otio.opentime.RationalTime(240, 24)),
    )
    clip = otio.schema.Clip(
        name="c",
        media_reference=ref,
        source_range=otio.opentime.TimeRange(otio.opentime.RationalTime(0, 24), otio.opentime.RationalTime(240, 24)),
    )
    at = apply.InMedia(clip, 0.0, 24.0, Span(0.0, 10.0))
    whole = json.loads(clip.to_json_string(-1))
    for name in (*TRIM_KINDS, "a kind from elsewhere"):
        removal = Removal(Span(0.0, 1.0), name, (), "why", 0.5)
        apply.mark_in_place(at, Cut([Span(1.0, 10.0)], [(removal, Span(0.0, 1.0))]), whole)
        marked = otio.core.deserialize_json_from_string(json.dumps(whole))
        assert marked.markers[-1].color == kinds.kind(name).otio_colour
    assert kinds.kind("a kind from elsewhere").label == "A kind from elsewhere"
