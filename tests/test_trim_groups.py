"""Which clips of a timeline are one picture with its sound: the grouping, checked against its definition."""

from __future__ import annotations

import random

import opentimelineio as otio

from workprint.engine.domain.spans import Span
from workprint.engine.timeline.places import ClipPath, ClipPlace
from workprint.engine.trims import apply
from workprint.engine.trims.decide import Part
from workprint.engine.trims.plan import Footage
from workprint.engine.trims.timeline import Member, _groups, _linked

FOOTAGE = Footage(speech=[], events=[], level_db=lambda span: None, frame_s=1 / 24)
TRACKS = [otio.schema.Track(name=n, kind=k) for n, k in (("V1", "Video"), ("A1", "Audio"), ("A2", "Audio"))]


def member(
    track: int,
    media: str,
    used_start: float,
    record_start: float,
    length: float,
    rate: float = 24.0,
    link: object = None,
) -> Member:
    clip = otio.schema.Clip(name=f"{media}@{record_start}")
    used = Span(used_start, used_start + length)
    return Member(
        place=ClipPlace(clip, TRACKS[track], ClipPath(TRACKS[track].name, track, 0)),
        at=apply.InMedia(clip, used_start, rate, used),
        part=Part(used=used, media=Span(0.0, 1000.0)),
        footage=FOOTAGE,
        media_key=media,
        record=Span(record_start, record_start + length),
        link_id=link,
    )


def by_definition(members: list[Member]) -> set[frozenset[int]]:
    """Every pair compared: the grouping's meaning, however long it takes."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a in range(len(members)):
        for b in range(a + 1, len(members)):
            one, other = members[a], members[b]
            # A host's link group holds whatever media it links (double-system sound); otherwise same media.
            by_host = one.link_id is not None and one.link_id == other.link_id and _linked(one, other)
            if by_host or (one.media_key == other.media_key and _linked(one, other)):
                parent[find(a)] = find(b)
    groups: dict[int, set[int]] = {}
    for i in range(len(members)):
        groups.setdefault(find(i), set()).add(i)
    return {frozenset(g) for g in groups.values()}


def grouped(members: list[Member]) -> set[frozenset[int]]:
    index = {id(m): i for i, m in enumerate(members)}
    return {frozenset(index[id(m)] for m in group) for group in _groups(members)}


def test_picture_and_its_sound_and_nothing_else():
    members = [
        member(0, "a", 10.0, 0.0, 5.0),  # picture
        member(1, "a", 10.0, 0.0, 5.0),  # its sound, same sync
        member(2, "a", 10.0 + 1 / 25 / 3, 0.0, 5.0, rate=25.0),  # a second sound track at 25: within half a frame
        member(1, "a", 30.0, 0.0, 5.0),  # same media, other sync: not its sound
        member(1, "b", 10.0, 0.0, 5.0),  # other media
        member(0, "c", 0.0, 20.0, 5.0, link=7),  # linked by the host, whatever the sync
        member(1, "c", 3.0, 20.0, 5.0, link=7),
        member(2, "c", 0.0, 20.0, 5.0, link=8),  # another link group, though in sync
    ]
    assert grouped(members) == {frozenset({0, 1, 2}), frozenset({3}), frozenset({4}), frozenset({5, 6}), frozenset({7})}


def test_the_grouping_is_its_definition_on_long_random_timelines():
    rng = random.Random(12)
    for _ in range(60):
        members = []
        for _ in range(rng.randint(1, 120)):
            rate = rng.choice([23.976, 24.0, 25.0, 29.97, 48000 / 1001])
            record = rng.choice([0.0, 4.0, 8.0]) + rng.choice([0.0, 0.01, 0.5 / rate, 1.0 / rate])
            # Sync offsets a fraction of a frame apart, either side of the half frame that links them.
            jitter = rng.choice([0.0, 0.2, -0.3, 0.45, -0.49, 0.55, 0.8]) / rate
            members.append(
                member(
                    rng.randrange(3),
                    rng.choice("ab"),
                    rng.choice([0.0, 2.0]) + record + jitter,
                    record,
                    rng.choice([1.0, 4.0]),
                    rate,
                    rng.choice([None, None, 1, 2]),
                )
            )
        assert grouped(members) == by_definition(members)
