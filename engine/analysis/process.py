"""The analysis in a process of its own beside the engine, let go when idle.

An engine that has analysed holds torch and the models (1.2–1.4 GB resident) for as long as it runs, though
most of its jobs (the second click of suggest-trims, a report, selects over analysed dailies) read only
the cache. Served this way, the engine's own process never imports torch: a file the cache lacks is sent
to one analysis process (started on demand, by spawning, never by forking a server's threads), which
analyses it into the shared cache as the engine would, and stops after `idle_s` with nothing to do,
giving its memory back. The engine reads the analysis from the cache, as a cluster's fan-out does. A crash
while decoding a damaged file ends that process, not the engine: the file is reported and the job goes
on; the next file starts a new one.

What crosses the pipe is small: a path out; progress, warnings and an outcome back. Files are analysed
one at a time (the process's two cores are the machine's).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import multiprocessing.util
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from workprint.engine.analysis.memory import give_back_free_memory
from workprint.engine.analysis.reading import CachedAnalyses
from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.errors import ConfigError, JobCancelled, MediaError, ModelError

log = logging.getLogger("workprint.analysis")

#: How often the engine looks for a cancel while the process works (seconds).
POLL_S = 0.2
#: How long a process asked to stop may take before it is ended (seconds).
STOP_GRACE_S = 5.0
#: How long a file given up on may take to stop (its next decoded chunk) before the process is ended.
CANCEL_GRACE_S = 30.0
#: How long the process waits for another file before it gives the heap's free pages back (seconds): a job
#: sends its files one after another, each as soon as the one before is answered.
SETTLE_S = 1.0
#: Errors a process reports by name, raised again as themselves in the engine.
_SETUP_ERRORS: dict[str, type[Exception]] = {"ConfigError": ConfigError, "ModelError": ModelError}


@dataclass(frozen=True)
class ProcessSpec:
    """What the analysis process builds its analyser from: the engine's own settings for it."""

    cache_dir: str
    device: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    #: Seconds with nothing to analyse after which the process stops.
    idle_s: float = 300.0


def main(conn: Connection, spec: ProcessSpec) -> None:
    """The process's entry: serve, then end at once. Threads the analyser keeps (the network's, the
    recogniser's) would hold an ordinary exit open; every cache entry is written whole by then."""
    code = 0
    try:
        serve(conn, spec)
    except BaseException:  # the engine's end (a closed pipe) or a failure: the process's end either way
        log.exception("the analysis process stops")
        code = 1
    finally:
        # What multiprocessing would tidy at an ordinary exit (the semaphores a library made), then the end.
        multiprocessing.util._run_finalizers(0)  # type: ignore[attr-defined]
        logging.shutdown()
        os._exit(code)


def serve(conn: Connection, spec: ProcessSpec) -> None:
    """The process's side: build the analyser, then analyse each path sent until idle or told to stop."""
    from workprint.engine.analysis.analyzer import Analyzer

    try:
        analyzer = Analyzer(cache_dir=Path(spec.cache_dir), device=spec.device, params=spec.params)
    except (ConfigError, ModelError) as exc:
        conn.send(("setup", type(exc).__name__, str(exc)))
        return
    conn.send(("ready", analyzer.device))
    # Messages read while a file was analysed that were not its cancel (none, as the engine asks one file
    # at a time and waits for its answer; kept rather than lost all the same).
    pending: deque[tuple] = deque()
    while pending or conn.poll(spec.idle_s):
        try:
            message = pending.popleft() if pending else conn.recv()
        except EOFError:
            return  # the engine has gone
        if message[0] == "stop":
            return
        if message[0] == "analyze":
            _analyze(conn, analyzer, message[1], message[2], pending)
            if not pending and not conn.poll(SETTLE_S):
                # Nothing more to analyse for now: what the decode and the network kept for their next
                # chunk goes back to the system while the process waits (a fifth to a quarter of what it holds).
                give_back_free_memory()
        # Anything else is a cancel for a request already answered.


def _analyze(conn: Connection, analyzer: Any, number: int, path: str, pending: deque[tuple]) -> None:
    cancelled = False
    # The decoder's thread asks too: one reader of the pipe at a time.
    reading = threading.Lock()

    def is_cancelled() -> bool:
        nonlocal cancelled
        with reading:
            while not cancelled and conn.poll():
                message = conn.recv()
                if message[0] == "cancel":
                    cancelled = message[1] == number
                else:
                    pending.append(message)
        return cancelled

    # Progress may come from the decoder's thread, warnings from the detectors': one message at a time.
    sending = threading.Lock()

    def send(message: tuple) -> None:
        with sending:
            conn.send(message)

    def progress(done: int, total: int, text: str) -> None:
        send(("progress", number, done, total, text))

    def warn(text: str) -> None:
        send(("warn", number, text))

    try:
        analysis = analyzer.analyze(path, progress=progress, cancelled=is_cancelled, warn=warn)
    except JobCancelled:
        send(("cancelled", number))
    except MediaError as exc:
        send(("media", number, str(exc)))
    except (ConfigError, ModelError) as exc:
        send(("setup", type(exc).__name__, str(exc)))
    except Exception as exc:  # any failure is this file's: reported, and the process goes on
        log.exception("analysing %s failed", path)
        send(("media", number, f"{path}: could not be analysed ({type(exc).__name__}: {exc})"))
    else:
        send(("done", number, analysis.from_cache, analyzer.words_off, analyzer.cards_off))


class AnalysisProcess:
    """The engine's side: one analysis process, started when a file is to be analysed, started again after
    it stops (idle) or ends (a crash)."""

    def __init__(self, spec: ProcessSpec) -> None:
        self.spec = spec
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self._numbers = itertools.count(1)
        #: The device the process analyses on, once one has started.
        self.device: str | None = None
        #: Processes started, and ended other than by stopping (for `engine info` and the tests).
        self.started = 0
        self.crashed = 0

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and process.is_alive() else None

    def reap(self) -> None:
        """Collect a process that has stopped (idle) since the last file, so none lingers as a zombie."""
        if self._lock.acquire(blocking=False):
            try:
                if self._process is not None and not self._process.is_alive():
                    self._ended()
            finally:
                self._lock.release()

    def analyze(
        self,
        path: Path,
        reader: CachedAnalyses,
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> MediaAnalysis:
        """The file's analysis, made in the process and read back from the cache with `reader`."""
        with self._lock:
            outcome = self._ask(path, progress, cancelled, warn)
        from_cache, words_off, cards_off = outcome
        # What the process found off (a model that did not load there) is off here too: its analyses lack it.
        reader.agree(words_off, cards_off)
        found = reader.from_cache(path)
        if found is None:
            raise MediaError(f"{path}: analysed, but its analysis could not be read back from the cache")
        return found.with_cache_flag(from_cache)

    def _ask(self, path, progress, cancelled, warn) -> tuple[bool, str | None, str | None]:
        # Twice at most: a process that stopped for idleness as the file was sent is started again.
        for attempt in range(2):
            conn = self._started()
            number = next(self._numbers)
            try:
                conn.send(("analyze", number, str(path)))
                return self._follow(conn, number, path, progress, cancelled, warn)
            except (EOFError, BrokenPipeError, ConnectionResetError):
                code = self._ended()
                if code == 0 and attempt == 0:
                    continue  # it had stopped, idle, before it read the request
                self.crashed += 1
                raise MediaError(
                    f"{path}: the analysis process ended while analysing it (exit code {code}); "
                    "the job goes on without this file"
                ) from None
        raise AssertionError("unreachable")

    def _follow(self, conn: Connection, number: int, path, progress, cancelled, warn):
        answered: list[bool] = []
        try:
            return self._answer(conn, number, path, progress, cancelled, warn, answered)
        except (EOFError, BrokenPipeError, ConnectionResetError):
            raise
        except BaseException:
            if not answered:
                # A callback gave up (the job's progress raising its cancel, an interrupt): the process stops
                # the file before the next is sent, or it would still be working on this one.
                self._stop_file(conn, number)
            raise

    def _stop_file(self, conn: Connection, number: int) -> None:
        try:
            conn.send(("cancel", number))
            deadline = time.monotonic() + CANCEL_GRACE_S
            while time.monotonic() < deadline:
                if conn.poll(POLL_S):
                    message = conn.recv()
                    if message[0] in ("done", "cancelled", "media") and message[1] == number:
                        return
                    if message[0] == "setup":
                        break
        except (EOFError, OSError):
            pass
        self._ended()  # not answering: ended, and started again for the next file

    def _answer(self, conn: Connection, number: int, path, progress, cancelled, warn, answered: list[bool]):
        """Follow the file's messages to its outcome; `answered` is marked once the process has given it."""
        asked_to_stop = False
        while True:
            if cancelled is not None and not asked_to_stop and cancelled():
                conn.send(("cancel", number))
                asked_to_stop = True
            if not conn.poll(POLL_S):
                continue
            message = conn.recv()
            kind = message[0]
            if kind == "setup":
                answered.append(True)
                self._ended()
                raise _SETUP_ERRORS.get(message[1], ConfigError)(message[2])
            if message[1] != number:
                continue  # an answer to a request given up on
            if kind in ("done", "cancelled", "media"):
                answered.append(True)
            if kind == "progress":
                if progress is not None:
                    progress(*message[2:])
            elif kind == "warn":
                if warn is not None:
                    warn(message[2])
            elif kind == "done":
                return message[2], message[3], message[4]
            elif kind == "cancelled":
                raise JobCancelled(f"{path}: analysis cancelled")
            elif kind == "media":
                raise MediaError(message[2])

    def _started(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._ended()
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        process = context.Process(target=main, args=(theirs, self.spec), name="workprint-analysis", daemon=True)
        process.start()
        theirs.close()
        self._process, self._conn = process, ours
        self.started += 1
        try:
            message = ours.recv()
        except EOFError:
            code = self._ended()
            raise ModelError(f"the analysis process ended as it started (exit code {code})") from None
        if message[0] == "setup":
            self._ended()
            raise _SETUP_ERRORS.get(message[1], ConfigError)(message[2])
        self.device = message[1]
        log.info("analysis process %s started (%s)", process.pid, self.device)
        return ours

    def _ended(self) -> int | None:
        """Let go of the process (gone already, or ended now); its exit code."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is None:
            return None
        process.join(STOP_GRACE_S)
        if process.is_alive():
            process.kill()
            process.join()
        return process.exitcode

    def close(self) -> None:
        """Stop the process, if one runs."""
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(OSError):
                    self._conn.send(("stop",))
            self._ended()
