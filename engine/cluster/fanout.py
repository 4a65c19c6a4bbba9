"""The job's side of a fan-out: which files the cache lacks, a pool of workers on the cluster, one task per
file, and what comes back (progress, warnings, a worker lost, a cancel).

The unit of work is one media file: its path goes out, a small summary comes back, and the analysis itself
lands in the shared cache, where the job reads it as if it had analysed the file itself.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workprint.engine.analysis.cache import media_identity
from workprint.engine.analysis.reading import CachedAnalyses
from workprint.engine.cluster import runtime
from workprint.engine.cluster.worker import AnalysisWorker, WorkerSpec
from workprint.engine.domain.events import Reporter
from workprint.engine.errors import ConfigError, JobCancelled
from workprint.engine.settings import EngineSettings

log = logging.getLogger("workprint.cluster")

#: A file whose analysis has ended this many worker processes is reported, not sent out again.
MAX_WORKER_DEATHS = 3
#: How long the job waits for a worker's next message before it looks for a cancel (seconds).
POLL_S = 0.2
#: After a cancel, how long the job waits for its running tasks to stop (seconds): they stop at their
#: next decoded chunk, and a worker that has stopped is free for the next job.
CANCEL_GRACE_S = 10.0


@dataclass
class FanOut:
    """What the cluster did for one job."""

    #: Files analysed on the cluster (their analysis is now in the cache), with the worker's summary.
    analysed: dict[Path, dict[str, Any]] = field(default_factory=dict)
    #: Files the cluster could not analyse, with why (already reported as warnings).
    failed: dict[Path, str] = field(default_factory=dict)
    #: Tasks started for this job, retries included.
    tasks: int = 0
    #: Worker processes lost while they analysed one of this job's files.
    workers_lost: int = 0


class ClusterPool:
    """The engine's workers on one cluster, kept from job to job: each loads its models once."""

    def __init__(self, settings: EngineSettings, cache_dir: Path, worker: type = AnalysisWorker) -> None:
        if not settings.cluster:
            raise ConfigError("no cluster address was given")
        self.settings = settings
        self.address = settings.cluster
        self.cache_dir = Path(cache_dir).resolve()
        #: The worker class the actors are made of (a benchmark puts one that stands in for decoding).
        self.worker = worker
        self._workers: list[Any] = []
        self._started_instance = False
        self._connected = False
        #: One fan-out at a time: a second job waits, then finds the first one's files in the cache.
        self._lock = threading.Lock()
        #: Tasks started in this process, across jobs (a job whose files are all cached starts none).
        self.tasks_started = 0
        #: Whether the workers ask for GPUs (known once connected).
        self.gpus_per_worker = 0.0
        #: The files being analysed now, with the worker process on each ({"pid": ..., "host": ...}).
        self.on_worker: dict[Path, dict[str, Any]] = {}

    # -- the pool --------------------------------------------------------------------------------------

    def _connect(self) -> None:
        if not self._connected:
            self._started_instance = runtime.connect(self.address)
            self._connected = True

    def capacity(self) -> int:
        """How many workers the cluster's resources fit (or the number asked for)."""
        ray = runtime.import_ray()
        self._connect()
        resources = ray.cluster_resources()
        cpus, gpus = resources.get("CPU", 0.0), resources.get("GPU", 0.0)
        self.gpus_per_worker = self.settings.cluster_worker_gpus if gpus > 0 else 0.0
        fits = int(cpus // self.settings.cluster_worker_cpus) if self.settings.cluster_worker_cpus else 1
        if self.gpus_per_worker:
            fits = min(fits, int(gpus // self.gpus_per_worker))
        if self.settings.cluster_workers is not None:
            return self.settings.cluster_workers
        if fits < 1:
            raise ConfigError(
                f"the Ray cluster at {self.address} has {cpus:g} CPUs and {gpus:g} GPUs: too few for one worker "
                f"({self.settings.cluster_worker_cpus:g} CPUs"
                + (f", {self.gpus_per_worker:g} GPU" if self.gpus_per_worker else "")
                + " each)"
            )
        return fits

    def _spec(self) -> WorkerSpec:
        return WorkerSpec(
            cache_dir=str(self.cache_dir),
            params=self.settings.analysis_params(),
            # A device named for the engine means the job's machine; workers pick what their node has.
            device=None if self.settings.device in (None, "cuda") else self.settings.device,
        )

    def _spawn(self) -> Any:
        ray = runtime.import_ray()
        actor = ray.remote(self.worker).options(
            num_cpus=self.settings.cluster_worker_cpus,
            num_gpus=self.gpus_per_worker,
            # A worker that dies is replaced by the job, which knows the file it was on.
            max_restarts=0,
        )
        handle = actor.remote(self._spec())
        self._workers.append(handle)
        return handle

    def _retire(self, handle: Any) -> None:
        ray = runtime.import_ray()
        if handle in self._workers:
            self._workers.remove(handle)
        try:
            ray.kill(handle)
        except Exception:  # already gone with its node
            log.debug("worker already gone", exc_info=True)

    def workers(self, wanted: int) -> list[Any]:
        """At least `wanted` workers (no more than the cluster fits), started if need be."""
        for _ in range(min(wanted, self.capacity()) - len(self._workers)):
            self._spawn()
        return list(self._workers)

    def where(self) -> list[dict[str, Any]]:
        """Each worker's process and node (for reports and tests)."""
        ray = runtime.import_ray()
        return list(ray.get([w.where.remote() for w in self._workers])) if self._workers else []

    def close(self) -> None:
        """Let the workers go; shut down the instance this process started (`local`)."""
        if not self._connected:
            return
        for handle in list(self._workers):
            self._retire(handle)
        if self._started_instance:
            runtime.shutdown()
        self._connected = False

    # -- one job's fan-out -----------------------------------------------------------------------------

    def to_send(self, paths: Iterable[Path], reader: CachedAnalyses) -> list[Path]:
        """The files whose analysis the cache lacks, one per content (a copy of a file is the same work).
        A file that cannot be read is left to the job, which reports it as it always does."""
        seen: set[str] = set()
        out: list[Path] = []
        for path in paths:
            try:
                identity = media_identity(Path(path))
            except OSError:
                continue
            if identity in seen or reader.in_cache(path):
                continue
            seen.add(identity)
            out.append(Path(path).resolve())
        return out

    def analyze(
        self, paths: Iterable[Path], reader: CachedAnalyses, reporter: Reporter, cancelled: Callable[[], bool]
    ) -> FanOut:
        """Analyse on the cluster every file the cache lacks; the job then reads each from the cache."""
        with self._lock:
            outcome = FanOut()
            pending = self.to_send(paths, reader)
            if not pending:
                return outcome
            runtime.import_ray()
            reporter.progress("analyze", 0, len(pending), f"{len(pending)} files to the cluster at {self.address}")
            idle = self.workers(len(pending))
            Run(self, reporter, cancelled, outcome).run(deque(pending), idle)
            return outcome


class Run:
    """One fan-out's loop: hand idle workers the next file, relay what comes back, replace a lost worker."""

    def __init__(self, pool: ClusterPool, reporter: Reporter, cancelled: Callable[[], bool], outcome: FanOut) -> None:
        self.pool = pool
        self.reporter = reporter
        self.cancelled = cancelled
        self.outcome = outcome
        self.deaths: Counter[Path] = Counter()
        #: Each running task (a streaming generator), with its worker and file.
        self.running: dict[Any, tuple[Any, Path]] = {}
        self.queue: deque[Path] = deque()
        self.idle: list[Any] = []

    def run(self, queue: deque[Path], idle: list[Any]) -> None:
        ray = runtime.import_ray()
        self.queue, self.idle = queue, idle
        total = len(queue)
        try:
            while queue or self.running:
                while idle and queue:
                    self._start(idle.pop(), queue.popleft())
                ready, _ = ray.wait(list(self.running), num_returns=1, timeout=POLL_S)
                if self.cancelled():
                    raise JobCancelled("the job was cancelled")
                for task in ready:
                    worker, path = self.running[task]
                    if self._step(task, worker, path):
                        continue
                    del self.running[task]
                    self.pool.on_worker.pop(path, None)
                    if worker in self.pool._workers:
                        idle.append(worker)
                    done = len(self.outcome.analysed) + len(self.outcome.failed)
                    self.reporter.progress("analyze", done, total, path.name)
        except BaseException:
            self._cancel_running()
            raise

    def _start(self, worker: Any, path: Path) -> None:
        task = worker.analyze.options(num_returns="streaming").remote(str(path))
        self.running[task] = (worker, path)
        self.outcome.tasks += 1
        self.pool.tasks_started += 1

    def _step(self, task: Any, worker: Any, path: Path) -> bool:
        """Take the task's next message; False once the task has ended (its worker is free, or replaced)."""
        ray = runtime.import_ray()
        from ray import exceptions as rx

        try:
            item = ray.get(next(task))
        except StopIteration:
            return False
        except rx.TaskCancelledError:
            return False
        except (rx.RayActorError, rx.WorkerCrashedError, rx.ObjectLostError, rx.NodeDiedError) as exc:
            self._lost(worker, path, exc)
            return False
        except rx.RayTaskError as exc:
            self._failed(path, f"{path}: the analysis failed on the cluster ({exc.cause or exc})")
            return False
        kind = item[0]
        if kind == "started":
            self.pool.on_worker[path] = item[1]
            self.reporter.progress("analyze-file", 0, 1, f"{path.name}: on {item[1]['host']}")
        elif kind == "progress":
            _, done, total, message = item
            self.reporter.progress("analyze-file", done, total, f"{path.name}: {message}" if message else path.name)
        elif kind == "warning":
            self.reporter.warn("media-damaged", item[1], media_path=str(path))
        elif kind == "done":
            self.outcome.analysed[path] = item[1]
        elif kind == "failed":
            self._failed(path, item[1])
        elif kind == "broken":
            raise ConfigError(f"a worker of the cluster at {self.pool.address} cannot analyse: {item[1]}")
        return True

    def _failed(self, path: Path, message: str) -> None:
        self.outcome.failed[path] = message
        self.reporter.warn("media-unreadable", message, media_path=str(path))

    def _lost(self, worker: Any, path: Path, exc: Exception) -> None:
        """The worker's process (or its node) went away while it analysed path: the file goes to another
        worker, unless it has taken down MAX_WORKER_DEATHS of them already."""
        self.deaths[path] += 1
        self.outcome.workers_lost += 1
        self.pool._retire(worker)
        log.warning("a worker was lost while it analysed %s (%s)", path, type(exc).__name__)
        if self.deaths[path] >= MAX_WORKER_DEATHS:
            self._failed(
                path,
                f"{path}: its analysis ended the worker process {self.deaths[path]} times on the cluster; "
                "left out (try `workprint analyze` on it alone to see why)",
            )
        else:
            self.queue.appendleft(path)
            self.reporter.progress(
                "analyze-file", 0, 1, f"{path.name}: its worker was lost; again on another ({self.deaths[path]})"
            )
        # The pool keeps its size: a new worker, wherever the cluster has room for it.
        self.idle.append(self.pool._spawn())

    def _cancel_running(self) -> None:
        ray = runtime.import_ray()
        tasks = list(self.running)
        for task in tasks:
            try:
                ray.cancel(task)
            except Exception:  # its worker already gone
                log.debug("could not cancel a task", exc_info=True)
        deadline = time.monotonic() + CANCEL_GRACE_S
        for task in tasks:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                while True:
                    ready, _ = ray.wait([task], timeout=left)
                    if not ready:
                        break
                    ray.get(next(task))
            except Exception:
                continue
        self.running.clear()
        self.pool.on_worker.clear()
