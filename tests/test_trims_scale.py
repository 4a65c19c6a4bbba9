"""A long timeline costs the same per clip as a short one: counted, not timed.

Suggest trims on the demo shoot cut into a short and an eight-times longer timeline, counting what grows
faster than the timeline when it is done per clip: walks of a whole track (OpenTimelineIO's
range_in_parent and range_of_child_at_index walk the track up to the clip at each call), reading a
file's words (once per file, however many clips use it), and the progress messages sent (a few hundred
per stage, not one per clip). The timing itself is bench/timeline_scale.py's.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import opentimelineio as otio
import pytest

from workprint.engine.core import Engine
from workprint.engine.demo.repeated import repeated_cut
from workprint.engine.domain import span_index
from workprint.engine.domain.spans import Span
from workprint.engine.domain.words.tokens import Spoken
from workprint.engine.jobs.events import PROGRESS_STEPS, JobContext, Progress
from workprint.engine.jobs.suggest_trims import suggest_trims
from workprint.engine.settings import EngineSettings, TrimSettings
from workprint.engine.timeline import otio_json
from workprint.engine.trims import plan, readings
from workprint.engine.trims.footage import footage_from

#: OpenTimelineIO calls that walk a track or a whole timeline.
WALKS = (
    (otio.core.Item, "range_in_parent"),
    (otio.core.Item, "trimmed_range_in_parent"),
    (otio.core.Composition, "range_of_child_at_index"),
    (otio.core.Composition, "trimmed_range_of_child_at_index"),
    (otio.core.Composition, "range_of_child"),
    (otio.core.Composition, "range_of_all_children"),
    (otio.core.Composition, "find_clips"),
    (otio.core.Composition, "find_children"),
    (otio.schema.Timeline, "find_clips"),
)


def counting(counts: Counter, name: str, call: Callable) -> Callable:
    def counted(*args: Any, **kwargs: Any) -> Any:
        counts[name] += 1
        return call(*args, **kwargs)

    return counted


def run_counted(monkeypatch, shoot, cache: str, pictures: int) -> tuple[Counter, Counter, str]:
    text = otio_json.dump(repeated_cut(shoot.timeline, pictures))
    engine = Engine(EngineSettings(cache_dir=cache))
    walks: Counter = Counter()
    with monkeypatch.context() as patch:
        for owner, name in WALKS:
            patch.setattr(owner, name, counting(walks, f"{owner.__name__}.{name}", getattr(owner, name)))
        patch.setattr(plan, "split_speech", counting(walks, "split_speech", plan.split_speech))
        patch.setattr(readings, "split_speech", counting(walks, "split_speech", readings.split_speech))
        events: list = []
        result = suggest_trims(engine, text, TrimSettings(), shoot.timeline_path.parent, JobContext(events.append))
    progress = Counter(e.stage for e in events if isinstance(e, Progress))
    return walks, progress, result.summary


@pytest.fixture(scope="module")
def warmed(shoot, analysis_cache):
    """The shoot analysed once (a cache the trims tests share), so both runs below only read it."""
    engine = Engine(EngineSettings(cache_dir=analysis_cache))
    suggest_trims(
        engine, otio_json.dump(shoot.timeline), TrimSettings(), shoot.timeline_path.parent, JobContext(lambda e: None)
    )
    return shoot, analysis_cache


def test_nothing_walks_the_timeline_per_clip(warmed, monkeypatch):
    shoot, cache = warmed
    short_walks, _, short_summary = run_counted(monkeypatch, shoot, cache, 20)
    long_walks, long_progress, long_summary = run_counted(monkeypatch, shoot, cache, 160)
    assert short_summary.startswith("40 of 40 clips changed"), short_summary
    assert long_summary.startswith("320 of 320 clips changed"), long_summary
    # Eight times the clips, the same walks: each is once per track or once per job, never once per clip.
    assert long_walks == short_walks, (short_walks, long_walks)
    # A file's words are read at most once (none when an earlier job read them), whatever the number of clips.
    takes = len({clip.media_reference.target_url for clip in shoot.timeline.tracks[0].find_clips()})
    assert long_walks["split_speech"] <= takes
    # Progress: each stage's start, its end, and at most PROGRESS_STEPS steps between.
    assert long_progress["resolve-media"] <= PROGRESS_STEPS + 2
    assert long_progress["decide"] <= PROGRESS_STEPS + 2
    assert max(long_progress.values()) < 320


def _tiled(footage: plan.Footage, length_s: float, copies: int) -> plan.Footage:
    """The file's analysis said `copies` times over, one after another: a long file of the same kind."""

    def moved(span: Span, k: int) -> Span:
        return Span(span.start + k * length_s, span.end + k * length_s)

    words = footage.words or ()
    return dataclasses.replace(
        footage,
        speech=[moved(s, k) for k in range(copies) for s in footage.speech],
        events=[(kind, moved(s, k), conf) for k in range(copies) for kind, s, conf in footage.events],
        words=tuple(
            Spoken(w.text, w.start_s + k * length_s, w.end_s + k * length_s, w.confidence)
            for k in range(copies)
            for w in words
        ),
        speech_likely=tuple(moved(s, k) for k in range(copies) for s in footage.speech_likely),
    )


def test_a_clip_of_a_long_file_reads_what_lies_around_it(warmed, monkeypatch):
    """A documentary's string-out cuts one long interview into hundreds of clips: each clip's decision reads
    the speech, words and events around it, so a clip of a file forty times as long costs the same."""
    shoot, cache = warmed
    take = next(iter(shoot.timeline.tracks[0].find_clips()))
    analysis = Engine(EngineSettings(cache_dir=cache)).analyzer.analyze(Path(take.media_reference.target_url))
    one = footage_from(analysis)
    assert one.words, "the demo's takes are heard"
    length = analysis.duration_s
    # Lists of a few items are read whole (a bound of their own): here every list is read by place.
    monkeypatch.setattr(span_index, "FEW", 0)
    counts: dict[int, Counter] = {}
    plans = {}
    for copies in (3, 40):
        footage = _tiled(one, length, copies)
        footage.speech_read(with_fillers=False)  # the file's own reading, once per file, is not counted here
        middle = Span(length + 0.2, 2 * length - 0.2)
        counted: Counter = Counter()
        with monkeypatch.context() as patch:
            for name in ("overlaps", "clamp"):
                patch.setattr(Span, name, counting(counted, name, getattr(Span, name)))
            plans[copies] = plan.plan_clip(middle, footage, TrimSettings(), [])
        counts[copies] = counted
    assert plans[3].removals, "the middle copy of the take is trimmed"
    assert [(r.span, r.kind) for r in plans[3].removals] == [(r.span, r.kind) for r in plans[40].removals]
    assert counts[3] == counts[40], counts
