"""The analysis in a process of its own beside the engine (`workprint engine serve`'s default): the engine
never loads torch, the process stops when idle and starts again when needed, a crash in it costs the job
one file and not the engine, and a cancel stops it writing anything."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from fractions import Fraction

import psutil
import pytest

from generated_media import long_plain_video, short_take
from workprint.engine.analysis.process import AnalysisProcess, ProcessSpec
from workprint.engine.analysis.reading import CachedAnalyses
from workprint.engine.core import Engine
from workprint.engine.errors import ConfigError, JobCancelled, MediaError
from workprint.engine.jobs.events import JobContext
from workprint.engine.jobs.suggest_trims import suggest_trims
from workprint.engine.settings import EngineSettings, TrimSettings
from workprint.engine.timeline import otio_json

# Each starts an analysis process (torch and the models load there) and analyses real media.
pytestmark = pytest.mark.slow

JOB = """
import json, sys
from pathlib import Path
from workprint.engine.core import Engine
from workprint.engine.jobs.events import JobContext
from workprint.engine.jobs.suggest_trims import suggest_trims
from workprint.engine.settings import EngineSettings, TrimSettings
cache, timeline, base = sys.argv[1:4]
engine = Engine(EngineSettings(cache_dir=Path(cache), analysis_process=True))
events = []
result = suggest_trims(engine, Path(timeline).read_text(), TrimSettings(), Path(base), JobContext(events.append))
stages = sorted({e.stage for e in events if type(e).__name__ == "Progress"})
print(json.dumps({"summary": result.summary, "suggestions": len(result.suggestions), "stages": stages,
                  "started": engine.analysis_process.started, "device": engine.device(),
                  "loaded": sorted(m for m in ("torch", "av") if m in sys.modules)}))
engine.close()
"""


def test_a_job_analyses_in_the_process_and_the_engine_loads_no_torch(shoot, analysis_cache, tmp_path):
    in_engine = suggest_trims(
        Engine(EngineSettings(cache_dir=analysis_cache)),
        otio_json.dump(shoot.timeline),
        TrimSettings(),
        shoot.timeline_path.parent,
        JobContext(lambda e: None),
    )
    done = subprocess.run(
        [sys.executable, "-c", JOB, str(tmp_path / "cache"), str(shoot.timeline_path), str(shoot.timeline_path.parent)],
        capture_output=True,
        text=True,
        check=True,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["loaded"] == [], done.stderr
    assert answer["started"] == 1
    assert answer["summary"] == in_engine.summary and answer["suggestions"] == len(in_engine.suggestions) > 0
    assert "analyze-file" in answer["stages"]  # the process's progress came through
    assert answer["device"] in ("cpu", "cuda")


@pytest.fixture(scope="module")
def takes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("process-takes")
    # At rates of their own: the same generated pictures at one rate would be one file to the cache.
    return [short_take(folder / f"take{n}.mov", "mjpeg", Fraction(fps)).path for n, fps in enumerate((24, 25, 30, 50))]


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    """One process for the tests that leave it running."""
    cache = tmp_path_factory.mktemp("process-cache")
    process = AnalysisProcess(ProcessSpec(cache_dir=str(cache), idle_s=600))
    yield process, CachedAnalyses(cache_dir=cache)
    process.close()


def _wait_for(condition, seconds: float = 60.0) -> bool:
    # A hang guard, not a timing assertion.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_cancel_stops_the_file_and_the_process_serves_the_next(running, takes, tmp_path):
    process, reader = running
    # Long enough to be stopped in the middle: cancelled at its first progress.
    long = long_plain_video(tmp_path / "long.mp4", 90.0)
    shown = []
    with pytest.raises(JobCancelled):
        process.analyze(long, reader, progress=lambda *step: shown.append(step), cancelled=lambda: bool(shown))
    assert reader.from_cache(long) is None  # a cancelled analysis writes nothing
    analysis = process.analyze(takes[0], reader)
    assert not analysis.from_cache and analysis.has_video and analysis.speech
    assert process.started == 1
    again = process.analyze(takes[0], reader)
    assert again.from_cache


def test_a_job_that_gives_up_in_its_progress_stops_the_file_too(running, takes, tmp_path):
    """A job's progress raises its cancel (JobContext.progress checks it): the process is told, so it is not
    still busy with this file when the next is sent."""
    process, reader = running
    long = long_plain_video(tmp_path / "long2.mp4", 80.0)

    def gives_up(*step) -> None:
        raise JobCancelled("deadline passed")

    with pytest.raises(JobCancelled, match="deadline"):
        process.analyze(long, reader, progress=gives_up)
    assert reader.from_cache(long) is None
    assert process.analyze(takes[2], reader).speech  # answered: not waiting behind the long file
    assert process.started == 1


def test_an_unreadable_file_is_named_and_the_process_goes_on(running, takes, tmp_path):
    process, reader = running
    junk = tmp_path / "A001_C009.mov"
    junk.write_bytes(b"not a movie at all" * 100)
    with pytest.raises(MediaError, match=r"A001_C009\.mov"):
        process.analyze(junk, reader)
    assert process.analyze(takes[1], reader).has_audio
    assert process.started == 1 and process.crashed == 0


def test_a_crash_costs_one_file_and_the_next_starts_a_new_process(takes, tmp_path):
    process = AnalysisProcess(ProcessSpec(cache_dir=str(tmp_path / "cache"), idle_s=600))
    reader = CachedAnalyses(cache_dir=tmp_path / "cache")
    try:

        def killed(*step) -> None:
            pid = process.pid
            if pid is not None:
                os.kill(pid, signal.SIGKILL)

        with pytest.raises(MediaError, match=r"take2\.mov: the analysis process ended while analysing it"):
            process.analyze(takes[2], reader, progress=killed)
        assert process.crashed == 1
        assert process.analyze(takes[2], reader).speech
        assert process.started == 2
    finally:
        process.close()


def test_an_idle_process_stops_and_starts_again_when_needed(takes, tmp_path):
    process = AnalysisProcess(ProcessSpec(cache_dir=str(tmp_path / "cache"), idle_s=1.0))
    reader = CachedAnalyses(cache_dir=tmp_path / "cache")
    try:
        process.analyze(takes[3], reader)
        assert _wait_for(lambda: process.pid is None), "the idle process did not stop"
        process.reap()  # as each job's start does: nothing left of it, not even a zombie
        assert not [c for c in psutil.Process().children() if c.status() == psutil.STATUS_ZOMBIE]
        assert not process.analyze(takes[0], reader).from_cache
        assert process.started == 2 and process.crashed == 0
    finally:
        process.close()


def test_a_setup_error_in_the_process_is_the_engine_s(tmp_path):
    import torch

    if torch.cuda.is_available():
        pytest.skip("a CUDA device is here: asking for one is no error")
    process = AnalysisProcess(ProcessSpec(cache_dir=str(tmp_path / "cache"), device="cuda"))
    with pytest.raises(ConfigError, match="CUDA"):
        process.analyze(tmp_path / "any.mov", CachedAnalyses(cache_dir=tmp_path / "cache"))
    process.close()
