"""A cancelled or timed-out job stops its work and leaves nothing half-written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generated_media import long_plain_video
from workprint.engine.analysis.cache import LAYOUT, media_identity
from workprint.engine.errors import JobCancelled
from workprint.plugin.protocol import workprint_pb2 as pb


def wait_until_idle(client) -> int:
    """Poll the engine until no job runs; a hang guard, not a timing assertion."""
    deadline = time.monotonic() + 120
    while (active := client.info().active_jobs) and time.monotonic() < deadline:
        time.sleep(0.1)
    return active


def cache_entries(engine_dir: Path, media: Path) -> list[Path]:
    identity = media_identity(media)
    return list((engine_dir / "cache" / LAYOUT / identity[:2] / identity).glob("*.json"))


@pytest.fixture(scope="module")
def long_file(tmp_path_factory) -> Path:
    return long_plain_video(tmp_path_factory.mktemp("long") / "A001_C001_long.mp4", seconds=240)


def test_cancel_stops_the_job_and_caches_nothing(engine, long_file):
    with engine.client() as client:
        job = client.analyze(pb.AnalyzeRequest(media_paths=[str(long_file)]))
        stages = []
        with pytest.raises(JobCancelled):
            for event in job:
                if event.HasField("progress"):
                    stages.append(event.progress.message)
                    if event.progress.done > 0:
                        job.cancel()
        assert stages, "the job never reported progress"
        assert wait_until_idle(client) == 0
    assert cache_entries(engine.log_path.parent, long_file) == []
    assert "Analyze cancelled" in engine.log()


def test_deadline_stops_the_job(engine, long_file):
    with engine.client() as client:
        job = client.analyze(pb.AnalyzeRequest(media_paths=[str(long_file)]), timeout_s=1.5)
        with pytest.raises(JobCancelled, match="deadline"):
            list(job)
        assert wait_until_idle(client) == 0
        # The engine is still well and answers the next call.
        assert client.health() == "SERVING"
    assert cache_entries(engine.log_path.parent, long_file) == []


def test_a_finished_job_is_cached_where_the_checks_above_look(engine, tmp_path):
    short = long_plain_video(tmp_path / "A001_C002_short.mp4", seconds=2)
    with engine.client() as client:
        request = pb.AnalyzeRequest(media_paths=[str(short)])
        first = [e.analysis for e in client.analyze(request) if e.HasField("analysis")]
        second = [e.analysis for e in client.analyze(request) if e.HasField("analysis")]
    assert [a.from_cache for a in first + second] == [False, True]
    assert cache_entries(engine.log_path.parent, short)
