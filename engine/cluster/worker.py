"""One analysis worker: a long-lived process on a cluster node that holds an analyser (its models load once,
on its first file) and analyses one media file per task into the shared cache.

What comes back over the network is small: progress, warnings and a summary of each file. The analysis
itself goes to the cache, which every node mounts, and the job reads it from there.
"""

from __future__ import annotations

import os
import queue
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workprint.engine.errors import JobCancelled, WorkprintError

#: Progress from a worker at most this often (seconds): enough for a bar, few enough messages for thousands of files.
PROGRESS_EVERY_S = 0.25
#: How often the task looks for a cancel while the analysis runs (seconds).
CANCEL_POLL_S = 0.1


@dataclass(frozen=True)
class WorkerSpec:
    """What every worker is built with: the same cache and the same parameters as the job's own analyser, so
    an entry a worker writes is the entry the job reads."""

    cache_dir: str
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: None: CUDA where the worker's node has it (the GPU the cluster gave it), else the CPU.
    device: str | None = None


class AnalysisWorker:
    """Made into a Ray actor by the pool; its methods run in the worker process."""

    def __init__(self, spec: WorkerSpec) -> None:
        self.spec = spec
        self.host = socket.gethostname()
        #: Why this worker cannot analyse (its models or settings do not work on its node), or None.
        self.broken: str | None = None
        self.analyzer: Any = None
        # Ray caps OpenMP at the CPUs the worker asked for; the recognition model's reductions then add up in
        # another order and its confidences move in the third decimal. The analysis runs with the threads it
        # has on one machine, so a file analysed here gives exactly what it gives there (docs/cluster.md).
        os.environ.pop("OMP_NUM_THREADS", None)
        try:
            from workprint.engine.analysis import Analyzer

            self.analyzer = Analyzer(cache_dir=Path(spec.cache_dir), device=spec.device, params=spec.params)
        except WorkprintError as exc:
            self.broken = f"{type(exc).__name__}: {exc}"

    def where(self) -> dict[str, Any]:
        """Which process on which node this is (for reports, and for telling workers apart)."""
        return {"pid": os.getpid(), "host": self.host, "device": self.analyzer.device if self.analyzer else None}

    def analyze(self, path: str) -> Iterator[tuple]:
        """Analyse one file into the cache, yielding ("started", where), ("progress", done, total, message) and
        ("warning", message) as it goes, then ("done", summary) or ("failed", message); ("broken", message)
        when this worker cannot analyse at all. Run as a streaming task: the job sees each item as it comes."""
        if self.broken:
            yield ("broken", f"{self.host}: {self.broken}")
            return
        import ray

        events: queue.Queue[tuple] = queue.Queue()
        stop = threading.Event()
        last = [0.0]

        def on_progress(done: int, total: int, message: str) -> None:
            now = time.monotonic()
            if done >= total or now - last[0] >= PROGRESS_EVERY_S:
                last[0] = now
                events.put(("progress", done, total, message))

        said: list[str] = []

        def work() -> None:
            try:
                analysis = self.analyzer.analyze(
                    path, progress=on_progress, cancelled=stop.is_set, warn=lambda message: said.append(message)
                )
            except JobCancelled:
                events.put(("cancelled",))
            except WorkprintError as exc:
                events.put(("failed", str(exc)))
            except Exception as exc:
                # Anything else is this file's problem too: the worker stays up for the next one.
                events.put(("failed", f"{path}: the analysis failed ({type(exc).__name__}: {exc})"))
            else:
                # The media's own warnings are in the cache and reach the job when it reads it there;
                # anything else the analyser said (words turned off on this node) goes back now.
                extra = [message for message in said if message not in analysis.warnings]
                events.put(
                    (
                        "done",
                        {
                            "path": path,
                            "pid": os.getpid(),
                            "host": self.host,
                            "from_cache": analysis.from_cache,
                            "duration_s": analysis.duration_s,
                            "extra_warnings": extra,
                        },
                    )
                )

        yield ("started", {"pid": os.getpid(), "host": self.host})
        thread = threading.Thread(target=work, name="analyze", daemon=True)
        thread.start()
        context = ray.get_runtime_context()
        while True:
            try:
                item = events.get(timeout=CANCEL_POLL_S)
            except queue.Empty:
                if context.is_canceled():
                    # The analysis stops at its next chunk; the worker is free again once it has.
                    stop.set()
                continue
            if item[0] == "cancelled":
                thread.join()
                return
            if item[0] == "done":
                for message in item[1]["extra_warnings"]:
                    yield ("warning", message)
            yield item
            if item[0] in ("done", "failed"):
                thread.join()
                return
