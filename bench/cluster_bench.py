"""The cluster path at scale, and its throughput with 1, 2 and 4 workers on this machine.

    python bench/cluster_bench.py [--files 10000] [--clips 8] [--workers 1,2,4]

Two parts, each on a Ray instance this process starts on this machine:

1. Scheduling overhead per file, at scale. Files stand for clips: each is a few kilobytes of its own bytes,
   so it has an identity of its own, and its "analysis" is the real analysis of one generated clip written
   into the shared cache under that identity (the decode is what the stand-in leaves out). Everything else
   is the path a real file takes: the job checks the cache, sends the path as one task to a worker of the
   pool, the worker streams started/progress/done back and writes the cache, and the job then finds every
   file in the cache. Per-file cost is reported for each tenth of the run: flat means no cost grows with
   the number of files.
2. Throughput of real analysis (small generated takes with speech and a cut) for each number of workers,
   each run on a fresh cache, beside one analyser in this process (no cluster) on the same files.

Not a test: timings on shared machines vary; read the ratios, and the load printed with them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any, ClassVar

from workprint.engine.analysis import Analyzer
from workprint.engine.analysis.cache import AnalysisCache, media_identity
from workprint.engine.cluster import runtime
from workprint.engine.cluster.fanout import ClusterPool
from workprint.engine.cluster.worker import AnalysisWorker, WorkerSpec
from workprint.engine.demo.synth import Picture, Sound, TakeScript, write_take
from workprint.engine.settings import EngineSettings

STAND_IN_BYTES = 4096


def take(path: Path, n: int) -> Path:
    """A four-second take (a cut at 2 s, a line over it), 160x90; n makes its bytes its own."""
    script = TakeScript(
        duration_s=4.0,
        fps=Fraction(24),
        codec="h264",
        start_timecode=f"{n // 3600:02d}:{n // 60 % 60:02d}:{n % 60:02d}:00",
        size=(160, 90),
        pictures=[Picture("scene", 0.0, 2.0, 4 + n % 3), Picture("scene", 2.0, 4.0, 5 + n % 3)],
        sounds=[Sound("line4", 0.8)],
    )
    return write_take(path, script).path


class Entries:
    """One clip's cache entries (file names and contents), to be written again under another identity."""

    def __init__(self, cache_dir: Path, identity: str) -> None:
        folder = AnalysisCache(cache_dir).root / identity[:2] / identity
        self.files = {p.name: p.read_text() for p in folder.glob("*.json")}


class StandInAnalyzer:
    """In the worker: 'analyses' a stand-in file by writing the template clip's entries under its identity."""

    def __init__(self, cache_dir: str, entries: dict[str, str]) -> None:
        self.cache = AnalysisCache(Path(cache_dir))
        self.entries = entries
        self.device = "cpu"

    def analyze(self, path, *, progress=None, cancelled=None, warn=None) -> Any:
        identity = media_identity(Path(path))
        folder = self.cache.root / identity[:2] / identity
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in self.entries.items():
            temporary = folder / (name + ".tmp")
            temporary.write_text(text)
            os.replace(temporary, folder / name)
        if progress:
            progress(1, 1, "done")
        return type("Done", (), {"warnings": [], "from_cache": False, "duration_s": 4.0})()


class StandInWorker(AnalysisWorker):
    """The pool's worker with the stand-in analyser: everything of the cluster path but the decode."""

    entries: ClassVar[dict[str, str]] = {}

    def __init__(self, spec: WorkerSpec) -> None:
        self.spec = spec
        self.host = os.uname().nodename
        self.broken = None
        self.analyzer = StandInAnalyzer(spec.cache_dir, self.entries)


class Timeline:
    """A reporter that notes when each file of the fan-out finished."""

    def __init__(self) -> None:
        self.finished: list[tuple[int, float]] = []

    def progress(self, stage: str, done: int, total: int, message: str = "") -> None:
        if stage == "analyze":
            self.finished.append((done, time.perf_counter()))

    def warn(self, code: str, message: str, **where: str) -> None:
        print("warning:", message, file=sys.stderr)


def scale(work: Path, files: int, workers: int, template: Path) -> dict:
    cache_dir = work / "scale-cache"
    analyzer = Analyzer(cache_dir=cache_dir, device="cpu")
    analyzer.analyze(template)
    StandInWorker.entries = Entries(cache_dir, media_identity(template)).files
    folder = work / "stand-ins"
    folder.mkdir()
    paths = []
    for n in range(files):
        path = folder / f"C{n:05d}.mov"
        path.write_bytes(n.to_bytes(8, "big") * (STAND_IN_BYTES // 8))
        paths.append(path)
    settings = EngineSettings(cluster=runtime.LOCAL, cluster_workers=workers, cluster_worker_cpus=0.5)
    pool = ClusterPool(settings, cache_dir, worker=StandInWorker)
    pool.workers(workers)
    pool.where()  # the workers are up before the clock starts
    timeline = Timeline()
    start = time.perf_counter()
    checked = len(pool.to_send(paths, analyzer))
    check_s = time.perf_counter() - start
    start = time.perf_counter()
    outcome = pool.analyze(paths, analyzer, timeline, cancelled=lambda: False)
    total_s = time.perf_counter() - start
    assert len(outcome.analysed) == files and not outcome.failed, "the stand-ins did not all come back"
    assert all(analyzer.in_cache(p) for p in paths[:: max(1, files // 100)]), "the cache lacks a stand-in"
    # The cache check of the second run: no task starts.
    before = pool.tasks_started
    again = time.perf_counter()
    pool.analyze(paths, analyzer, timeline, cancelled=lambda: False)
    again_s = time.perf_counter() - again
    assert pool.tasks_started == before
    marks = [t for done, t in timeline.finished if done > 0][:files]
    tenth = max(1, files // 10)
    slices = []
    previous = start
    for k in range(tenth - 1, len(marks), tenth):
        slices.append(round((marks[k] - previous) / tenth * 1000, 3))
        previous = marks[k]
    pool.close()
    return {
        "files": files,
        "workers": workers,
        "to_check": checked,
        "cache_check_ms_per_file": round(check_s / files * 1000, 3),
        "total_s": round(total_s, 2),
        "ms_per_file": round(total_s / files * 1000, 3),
        "ms_per_file_by_tenth": slices,
        "second_run_ms_per_file": round(again_s / files * 1000, 3),
    }


def throughput(work: Path, clips: int, counts: list[int]) -> dict:
    folder = work / "takes"
    folder.mkdir()
    takes = [take(folder / f"A{n:03d}_C001.mov", n) for n in range(clips)]
    seconds = 4.0 * clips
    rows: dict[str, Any] = {"clips": clips, "media_s": seconds}
    local_cache = work / "local-cache"
    analyzer = Analyzer(cache_dir=local_cache, device="cpu")
    start = time.perf_counter()
    for path in takes:
        analyzer.analyze(path)
    rows["one_process"] = {"wall_s": round(time.perf_counter() - start, 2)}
    for count in counts:
        cache_dir = work / f"cluster-cache-{count}"
        settings = EngineSettings(
            cluster=runtime.LOCAL, cache_dir=cache_dir, cluster_workers=count, cluster_worker_cpus=2 / max(count, 2)
        )
        pool = ClusterPool(settings, cache_dir)
        pool.workers(count)
        # Started and models loaded before the clock: a studio's pool stays up from job to job.
        warm = work / f"warm-{count}.mov"
        take(warm, 900 + count)
        job = Analyzer(cache_dir=cache_dir, device="cpu")
        pool.analyze([warm], job, Timeline(), cancelled=lambda: False)
        start = time.perf_counter()
        outcome = pool.analyze(takes, job, Timeline(), cancelled=lambda: False)
        wall = time.perf_counter() - start
        assert len(outcome.analysed) == clips, outcome.failed
        same = all(
            job.analyze(p).to_json_dict() | {"from_cache": 0} == analyzer.analyze(p).to_json_dict() | {"from_cache": 0}
            for p in takes
        )
        rows[f"{count}_workers"] = {"wall_s": round(wall, 2), "same_as_one_process": same}
        pool.close()
    base = rows["one_process"]["wall_s"]
    for row in rows.values():
        if isinstance(row, dict):
            row["media_s_per_wall_s"] = round(seconds / row["wall_s"], 2)
            row["vs_one_process"] = round(base / row["wall_s"], 2)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--scale-workers", type=int, default=2)
    parser.add_argument("--clips", type=int, default=8)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="workprint-cluster-bench-"))
    try:
        runtime.connect(runtime.LOCAL)
        import ray

        report: dict[str, Any] = {"cpus": os.cpu_count(), "ray": ray.__version__, "load_before": os.getloadavg()}
        template = take(work / "template.mov", 0)
        report["scale"] = scale(work, args.files, args.scale_workers, template)
        print(json.dumps(report["scale"]), flush=True)
        if not args.skip_throughput:
            report["throughput"] = throughput(work, args.clips, [int(n) for n in args.workers.split(",")])
        report["load_after"] = os.getloadavg()
        print(json.dumps(report, indent=2))
    finally:
        runtime.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
