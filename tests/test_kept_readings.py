"""Each file's reading of its words is kept beside its analysis (for trims and for selects): a job after an
engine start, or over a reel of more files than memory keeps, reads it back instead of reading the words
again; what the job decides is the same either way."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from workprint.engine.analysis.cache import AnalysisCache
from workprint.engine.analysis.kept import KeptValues
from workprint.engine.core import Engine
from workprint.engine.demo.repeated import repeated_bin
from workprint.engine.jobs.assemble_selects import assemble_selects
from workprint.engine.jobs.events import JobContext
from workprint.engine.jobs.suggest_trims import suggest_trims
from workprint.engine.selects import spoken
from workprint.engine.settings import EngineSettings, SelectsSettings, TrimSettings
from workprint.engine.timeline import otio_json
from workprint.engine.trims import plan, readings
from workprint.engine.trims.footage import footage_from, heard_words
from workprint.engine.trims.heard import Heard, split_speech
from workprint.engine.trims.readings import ENTRY, VERSION, KeptReadings

# Each runs the trims job on the demo shoot (analysed once per session).
pytestmark = pytest.mark.slow


@pytest.fixture
def cache(shoot, analysis_cache, tmp_path):
    """The session's analysis of the shoot in a cache of this test's own (readings are written into it)."""
    warm = Engine(EngineSettings(cache_dir=analysis_cache))
    suggest_trims(warm, otio_json.dump(shoot.timeline), TrimSettings(), shoot.timeline_path.parent, _quiet())
    own = tmp_path / "cache"
    shutil.copytree(analysis_cache, own)
    for kept in own.rglob(f"{ENTRY}.v*.json"):
        kept.unlink()
    return own


def _quiet() -> JobContext:
    return JobContext(lambda event: None)


def _run(shoot, cache, monkeypatch) -> tuple[str, list, int]:
    """A fresh engine's job (nothing in memory from an earlier one): its summary, suggestions, and how many
    files' words it read."""
    read = Counter()

    def counted(*args):
        read["split"] += 1
        return split_speech(*args)

    plan._heard.cache_clear()
    monkeypatch.setattr(readings, "split_speech", counted)
    monkeypatch.setattr(plan, "split_speech", counted)
    engine = Engine(EngineSettings(cache_dir=cache))
    result = suggest_trims(engine, otio_json.dump(shoot.timeline), TrimSettings(), shoot.timeline_path.parent, _quiet())
    return result.summary, [(s.clip_location, s.kind, s.reason) for s in result.suggestions], read["split"]


def _takes_with_words(shoot) -> int:
    return len({clip.media_reference.target_url for clip in shoot.timeline.tracks[0].find_clips()})


def test_a_reading_is_kept_and_read_back_after_an_engine_start(shoot, cache, monkeypatch):
    first = _run(shoot, cache, monkeypatch)
    assert first[2] == _takes_with_words(shoot)
    assert len(list(cache.rglob(f"{ENTRY}.v{VERSION}.*.json"))) == _takes_with_words(shoot)
    again = _run(shoot, cache, monkeypatch)
    assert again[2] == 0
    assert again[:2] == first[:2]


def test_a_broken_or_changed_reading_is_read_again(shoot, cache, monkeypatch):
    first = _run(shoot, cache, monkeypatch)
    kept = sorted(cache.rglob(f"{ENTRY}.v{VERSION}.*.json"))
    kept[0].write_text('{"dialogue": [[0.0, 1.0]]}')  # a key missing: written by a broken run
    assert _run(shoot, cache, monkeypatch) == (*first[:2], 1)
    # The reading's code changed (an upgrade): every file's words are read again, and the answer is the same.
    monkeypatch.setattr(readings, "reading_code", lambda: "another version of the code")
    assert _run(shoot, cache, monkeypatch) == (*first[:2], _takes_with_words(shoot))


def test_a_kept_reading_is_the_reading(shoot, cache):
    engine = Engine(EngineSettings(cache_dir=cache))
    kept = KeptReadings(KeptValues(engine.analyzer.cache))
    for clip in shoot.timeline.tracks[0].find_clips():
        analysis = engine.analyzer.analyze(shoot.timeline_path.parent / clip.media_reference.target_url)
        assert analysis.identity is not None
        fresh = footage_from(analysis)
        level_calls = tuple(c.span for c in fresh.said[0])
        marks = tuple(span for kind, span, _ in fresh.events if kind in ("slate", "clap"))
        made = split_speech(list(fresh.speech), fresh.words or (), list(level_calls), list(marks))
        assert Heard.from_json(made.to_json()) == made
        read = kept.reader(analysis.identity)
        assert read is not None
        # Worked and kept, then read back: the same reading both times.
        assert read(tuple(fresh.speech), fresh.words or (), level_calls, marks) == made
        assert read(tuple(fresh.speech), fresh.words or (), level_calls, marks) == made
        assert footage_from(analysis, kept).said == fresh.said


def _selects(shoot, cache, monkeypatch) -> tuple[str, str, int]:
    """A fresh engine's selects on a bin of the shoot's takes: its summary, the assembly, and how many takes'
    words it read for the selects."""
    read = Counter()
    original = spoken.read_take

    def counted(words):
        read["take"] += 1
        return original(words)

    spoken._reading.cache_clear()
    plan._heard.cache_clear()
    monkeypatch.setattr(spoken, "read_take", counted)
    engine = Engine(EngineSettings(cache_dir=cache))
    text = repeated_bin(shoot.timeline, 6).to_json_string()
    result = assemble_selects(engine, text, SelectsSettings(), shoot.timeline_path.parent, _quiet())
    return result.summary, result.timeline_otio_json + result.table_csv, read["take"]


def test_a_takes_reading_for_the_selects_is_kept_and_read_back(shoot, cache, monkeypatch):
    first = _selects(shoot, cache, monkeypatch)
    assert first[2] == _takes_with_words(shoot)
    again = _selects(shoot, cache, monkeypatch)
    assert again == (*first[:2], 0)


def test_a_kept_take_reading_is_the_reading(shoot, cache):
    engine = Engine(EngineSettings(cache_dir=cache))
    kept = KeptValues(engine.analyzer.cache)
    for clip in shoot.timeline.tracks[0].find_clips():
        analysis = engine.analyzer.analyze(shoot.timeline_path.parent / clip.media_reference.target_url)
        words = heard_words(analysis)
        assert words
        fresh = spoken._read(words)
        assert fresh.dialogue_words and set(fresh.dialogue_words) <= set(words)
        assert spoken.reading_of(words, kept, analysis.identity) == fresh  # worked and kept
        assert spoken.reading_of(words, kept, analysis.identity) == fresh  # read back


def test_a_cache_that_cannot_be_written_reads_the_words_in_the_job(shoot, cache, monkeypatch):
    first = _run(shoot, cache, monkeypatch)
    for kept in cache.rglob(f"{ENTRY}.v*.json"):
        kept.unlink()

    def refused(*args, **kwargs):
        raise PermissionError("read-only cache")

    monkeypatch.setattr(AnalysisCache, "put", refused)
    assert _run(shoot, cache, monkeypatch) == (*first[:2], _takes_with_words(shoot))
    assert not list(cache.rglob(f"{ENTRY}.v*.json"))
