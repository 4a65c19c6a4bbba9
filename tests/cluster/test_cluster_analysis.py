"""Analysis fanned out over a real Ray cluster on loopback (a head and a worker node): the same results as
one machine, the cache read back without a task, a bad file reported while the rest finish, a lost worker's
file done by another, a cancel that stops what is outstanding."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path

import pytest

from generated_media import long_plain_video, short_take
from workprint.engine.core import Engine
from workprint.engine.domain.events import AnalysisReport, Event, Progress, Result, Warning
from workprint.engine.errors import JobCancelled
from workprint.engine.jobs.analyze import analyze
from workprint.engine.jobs.events import JobContext
from workprint.engine.settings import EngineSettings

SMALL = (160, 90)


@pytest.fixture(scope="module")
def engine(ray_cluster, tmp_path_factory) -> Iterator[Engine]:
    """An engine whose analysis goes to the cluster: one one-CPU worker per node."""
    settings = EngineSettings(
        cluster=ray_cluster, cache_dir=tmp_path_factory.mktemp("shared-cache"), device="cpu", cluster_worker_cpus=1
    )
    engine = Engine(settings)
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def bin_of_takes(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("bin")
    return [
        short_take(folder / f"A001_C00{n}.mov", "h264", Fraction(fps), f"0{n}:00:00:00", size=SMALL).path
        for n, fps in ((1, 24), (2, 25))
    ]


class Job:
    """One analyze job's events, as the servicer would see them."""

    def __init__(self, on_event: Callable[[Event, JobContext], None] | None = None) -> None:
        self.events: list[Event] = []
        self.ctx = JobContext(self._emit, threading.Event())
        self._on_event = on_event

    def _emit(self, event: Event) -> None:
        self.events.append(event)
        if self._on_event:
            self._on_event(event, self.ctx)

    def run(self, engine: Engine, paths: list[Path]) -> Result:
        return analyze(engine, [str(p) for p in paths], self.ctx)

    def reports(self) -> dict[str, AnalysisReport]:
        return {e.media_path: e for e in self.events if isinstance(e, AnalysisReport)}

    def warnings(self) -> list[Warning]:
        return [e for e in self.events if isinstance(e, Warning)]

    def file_progress(self) -> list[Progress]:
        return [e for e in self.events if isinstance(e, Progress) and e.stage == "analyze-file"]


def test_a_clustered_analysis_equals_the_local_one_field_for_field(engine, bin_of_takes, tmp_path):
    from workprint.engine.analysis import Analyzer

    job = Job()
    started = engine.cluster.tasks_started
    result = job.run(engine, bin_of_takes)
    assert result.summary == "2 of 2 files analysed"
    assert engine.cluster.tasks_started - started == 2
    # Every file was decoded on the cluster: the job's own analyser only read the cache.
    assert engine.analyzer.decodes == 0
    reports = job.reports()
    assert set(reports) == {str(p) for p in bin_of_takes}
    assert not any(r.from_cache for r in reports.values())
    # Per-file progress from the workers reached the job, for every file.
    for path in bin_of_takes:
        assert any(p.message.startswith(path.name) and p.done == p.total for p in job.file_progress()), path.name
    local = Analyzer(cache_dir=tmp_path / "local-cache", device="cpu")
    for path in bin_of_takes:
        here = local.analyze(path).to_json_dict()
        there = dict(reports[str(path)].analysis)
        assert here.pop("from_cache") is False and there.pop("from_cache") is False
        assert there.keys() == here.keys()
        for name in here:
            assert there[name] == here[name], f"{path.name}: {name} differs"
        assert there["speech"], f"{path.name}: the line was not heard"


def test_a_second_run_reads_the_cache_and_starts_no_task(engine, bin_of_takes):
    first = Job()
    first.run(engine, bin_of_takes)
    started = engine.cluster.tasks_started
    job = Job()
    result = job.run(engine, bin_of_takes)
    assert result.summary == "2 of 2 files analysed"
    assert engine.cluster.tasks_started == started
    assert all(r.from_cache for r in job.reports().values())
    assert engine.analyzer.decodes == 0


def test_a_corrupt_file_is_a_warning_naming_it_and_the_others_finish(engine, tmp_path):
    junk = tmp_path / "A002_C001.mov"
    junk.write_bytes(b"not a movie at all" * 400)
    good = short_take(tmp_path / "A002_C002.mov", "h264", Fraction(24), "02:00:00:00", size=SMALL).path
    job = Job()
    result = job.run(engine, [junk, good])
    assert result.summary == "1 of 2 files analysed"
    assert set(job.reports()) == {str(good)}
    (warning,) = job.warnings()
    assert warning.code == "media-unreadable"
    assert warning.media_path == str(junk.resolve()) and "A002_C001.mov" in warning.message


@pytest.mark.slow
def test_a_worker_killed_mid_file_has_its_file_done_by_another(engine, tmp_path):
    long_take = long_plain_video(tmp_path / "A003_C001.mov", 12.0, size=SMALL)
    killed: list[int] = []

    def kill_the_worker_once_it_has_started(event: Event, ctx: JobContext) -> None:
        if killed or not isinstance(event, Progress) or event.stage != "analyze-file" or event.done == 0:
            return
        running = engine.cluster.on_worker.get(long_take.resolve())
        if running:
            killed.append(running["pid"])
            os.kill(running["pid"], signal.SIGKILL)

    started = engine.cluster.tasks_started
    job = Job(kill_the_worker_once_it_has_started)
    result = job.run(engine, [long_take])
    assert killed, "the worker was never seen analysing the file"
    assert result.summary == "1 of 1 files analysed"
    assert not job.warnings()
    assert engine.cluster.tasks_started - started == 2
    assert killed[0] not in {w["pid"] for w in engine.cluster.where()}
    assert any("worker was lost" in p.message for p in job.file_progress())


@pytest.mark.slow
def test_cancel_stops_the_outstanding_tasks(engine, tmp_path):
    # Long enough that no file can finish in the time the cancel takes to reach the workers.
    files = [long_plain_video(tmp_path / f"A004_C00{n}.mov", 90.0, fps=20 + n, size=SMALL) for n in range(1, 4)]

    def cancel_once_analysis_is_under_way(event: Event, ctx: JobContext) -> None:
        if isinstance(event, Progress) and event.stage == "analyze-file" and event.done > 0:
            ctx.cancel.set()

    started = engine.cluster.tasks_started
    job = Job(cancel_once_analysis_is_under_way)
    with pytest.raises(JobCancelled):
        job.run(engine, files)
    # Two workers, three files: the one waiting never started, the two running stopped part way.
    assert engine.cluster.tasks_started - started == 2
    assert not any(engine.analyzer.in_cache(path) for path in files)
    assert not engine.cluster.on_worker
    # The workers are free again (a busy one would not answer until its file was done).
    import ray

    ready, _ = ray.wait([w.where.remote() for w in engine.cluster._workers], num_returns=2, timeout=15)
    assert len(ready) == 2


def test_the_command_line_fans_out_through_the_engine_it_starts(engine, bin_of_takes, ray_cluster, tmp_path):
    """`--cluster` on assemble-selects and analyze: the job joins the cluster, finds the bin's analysis in the
    shared cache (the first tests put it there) and decides here, without a task."""
    from conftest import run_workprint

    Job().run(engine, bin_of_takes)
    cache = str(engine.settings.cache_dir)
    output = tmp_path / "selects.otio"
    done = run_workprint(
        "assemble-selects", str(bin_of_takes[0].parent), "-o", str(output), "--cache-dir", cache,
        "--cluster", ray_cluster, in_process=True,
    )  # fmt: skip
    assert output.exists() and "Wrote" in done.output
    done = run_workprint("analyze", "--json", *map(str, bin_of_takes), "--cache-dir", cache,
                         "--cluster", ray_cluster, in_process=True)  # fmt: skip
    reports = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [r["path"] for r in reports] == [str(p) for p in bin_of_takes]
    assert all(r["from_cache"] for r in reports)
