"""The assembly timeline: the best take of each setup in order, alternates one click away.

Picture on V1 and its sound on A1. Each take arrives already tightened by
the trims logic (the job runs it on the take as on an editor's timeline), so
heads, tails and pauses come off the same way; a take may be several pieces
when a long pause inside it was closed. Alternates sit on disabled
tracks above (V2 holds each setup's second choice, V3 its third...), lined
up with the chosen take: in Resolve they are one click (enable the track)
away, and every chosen clip carries a marker naming them and why it won.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass

import opentimelineio as otio

from workprint.engine.domain import meta
from workprint.engine.domain.kinds import kind
from workprint.engine.selects.grouping import Setup
from workprint.engine.selects.naming import FROM_SLATE
from workprint.engine.selects.ranking import Verdict
from workprint.engine.timeline import otio_values


@dataclass(frozen=True)
class Placed:
    """A take ready to lay out: its trimmed pieces of picture and of sound (same lengths)."""

    picture: list[otio.core.Composable]
    sound: list[otio.core.Composable]

    @property
    def pieces(self) -> list[otio.core.Composable]:
        return self.picture or self.sound

    @property
    def duration(self) -> otio.opentime.RationalTime:
        total = None
        for item in self.pieces:
            total = item.duration() if total is None else total + item.duration()
        return total


def build_assembly(
    name: str,
    setups: list[Setup],
    rankings: dict[tuple[str, str], list[Verdict]],
    placed: dict[str, Placed],
    mode: str,
    rate: float,
) -> otio.schema.Timeline:
    timeline = otio.schema.Timeline(name=name, global_start_time=otio.opentime.RationalTime(0, rate))
    picture = otio.schema.Track(name="Selects", kind=otio.schema.TrackKind.Video)
    sound = otio.schema.Track(name="Selects sound", kind=otio.schema.TrackKind.Audio)
    timeline.tracks.extend([picture, sound])
    alternates: list[otio.schema.Track] = []
    for setup in setups:
        ranked = rankings[setup.key]
        if mode == "stringout":
            chosen = [v for v in sorted(ranked, key=lambda v: (v.facts.take_number or 0, v.rank)) if v.usable]
            chosen = chosen or ranked[:1]
            for verdict in chosen:
                _lay(picture, sound, placed[verdict.facts.key], setup, verdict, ranked, link=len(picture))
            continue
        best, others = ranked[0], ranked[1:]
        start = max(
            picture.duration() if len(picture) else otio.opentime.RationalTime(0, rate),
            sound.duration() if len(sound) else otio.opentime.RationalTime(0, rate),
        )
        _lay(picture, sound, placed[best.facts.key], setup, best, ranked, link=len(picture))
        for depth, verdict in enumerate(others):
            while len(alternates) <= depth:
                track = otio.schema.Track(name=f"Alternates {len(alternates) + 2}", kind=otio.schema.TrackKind.Video)
                track.enabled = False
                alternates.append(track)
            _lay_at(alternates[depth], placed[verdict.facts.key], setup, verdict, start)
    timeline.tracks.extend(alternates)
    return timeline


def _tag(item: otio.core.Composable, setup: Setup, verdict: Verdict, ranked: list[Verdict], chosen: bool) -> None:
    if not isinstance(item, otio.schema.Clip):
        return
    if setup.found_by in FROM_SLATE:
        _log_slate(item, setup, verdict)
    slates = {
        name: value
        for name, value in (
            ("spoken_slate", verdict.facts.spoken_slate),
            ("slate_card", verdict.facts.slate_card),
            ("slates_disagree", verdict.facts.slate_note),
        )
        if value
    }
    # Converted for OTIO in one call: written value by value, a long setup's alternates cost a clip 0.5 ms.
    meta.note(
        item.metadata,
        **otio_values.converted(
            selects={
                "setup": setup.label,
                "found_by": setup.found_by,
                **slates,
                "take": verdict.facts.label or verdict.facts.key,
                "rank": verdict.rank,
                "chosen": chosen,
                "usable": verdict.usable,
                "why": verdict.why,
                "alternates": [
                    {"clip": v.facts.key, "take": v.facts.label, "rank": v.rank, "why": v.why}
                    for v in ranked
                    if v is not verdict
                ],
            }
        ),
    )


def _log_slate(item: otio.schema.Clip, setup: Setup, verdict: Verdict) -> None:
    """Scene, shot and take heard on the slate or read on its card, logged where nobody logged them (a host's
    translator writes them into its own fields: Resolve's Scene, Shot and Take); what a person logged is never
    replaced."""
    space = meta.writable_namespace(item.metadata)
    logged = space.get(meta.CLIP_PROPERTIES)
    if not isinstance(logged, MutableMapping):
        logged = {}
    heard = {"scene": setup.key[0], "shot": setup.key[1], "take": verdict.facts.take_number}
    for field, value in heard.items():
        if value not in (None, "") and logged.get(field) in (None, ""):
            logged[field] = str(value)
    space[meta.CLIP_PROPERTIES] = logged


def _pad_to(track: otio.schema.Track, start: otio.opentime.RationalTime) -> None:
    end = track.duration() if len(track) else otio.opentime.RationalTime(0, start.rate)
    if start > end:
        track.append(otio.schema.Gap(source_range=otio.opentime.TimeRange(duration=start - end)))


def _lay(
    picture: otio.schema.Track,
    sound: otio.schema.Track,
    take: Placed,
    setup: Setup,
    verdict: Verdict,
    ranked: list[Verdict],
    link: int,
) -> None:
    zero = otio.opentime.RationalTime(0, take.duration.rate)
    start = max(picture.duration() if len(picture) else zero, sound.duration() if len(sound) else zero)
    others = [v for v in ranked if v is not verdict]
    why = f"{setup.label}: take {verdict.facts.label or verdict.facts.key} chosen ({verdict.why})"
    if others:
        why += "; alternates: " + "; ".join(f"{v.facts.label or v.facts.key} ({v.why})" for v in others)
    for track, pieces in ((picture, take.picture), (sound, take.sound)):
        _pad_to(track, start)
        for n, piece in enumerate(pieces):
            item = piece.clone()
            _tag(item, setup, verdict, ranked, chosen=True)
            if isinstance(item, otio.schema.Clip):
                # Picture and its sound carry one link group (a host's translator writes it the host's way).
                meta.set_link_group(item.metadata, link * 1000 + n + 1)
            if n == 0 and track is (picture if take.picture else sound) and isinstance(item, otio.schema.Clip):
                select = kind("select")
                marker = otio.schema.Marker(
                    name="Workprint: select",
                    color=select.otio_colour,
                    marked_range=otio.opentime.TimeRange(
                        item.source_range.start_time, otio.opentime.RationalTime(1, item.source_range.start_time.rate)
                    ),
                    metadata={meta.META_KEY: {"kind": select.name, "reason": why, "confidence": select.confidence}},
                )
                marker.comment = why
                item.markers.append(marker)
            track.append(item)


def _lay_at(
    track: otio.schema.Track, take: Placed, setup: Setup, verdict: Verdict, start: otio.opentime.RationalTime
) -> None:
    _pad_to(track, start)
    for piece in take.pieces:
        item = piece.clone()
        _tag(item, setup, verdict, [], chosen=False)
        track.append(item)
