"""The engine's state for one process: settings, the analyser (models load once), jobs running."""

from __future__ import annotations

import threading
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from workprint.engine.settings import EngineSettings
from workprint.plugin.protocol.contract import PROTOCOL_VERSION

if TYPE_CHECKING:
    from workprint.engine.analysis.analyzer import Analyzer
    from workprint.engine.analysis.process import AnalysisProcess
    from workprint.engine.analysis.reading import CachedAnalyses
    from workprint.engine.analysis.result import MediaAnalysis
    from workprint.engine.cluster.fanout import ClusterPool

__all__ = ["PROTOCOL_VERSION", "Engine", "engine_version"]


def engine_version() -> str:
    try:
        return version("workprint")
    except PackageNotFoundError:  # running from a bare checkout
        return "0+unknown"


class Engine:
    """Shared by every call the server handles; safe to use from many threads."""

    def __init__(self, settings: EngineSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._analyzer: Analyzer | None = None
        self._reader: CachedAnalyses | None = None
        self._process: AnalysisProcess | None = None
        self._cluster: ClusterPool | None = None
        self._active_jobs = 0

    @property
    def reader(self) -> CachedAnalyses:
        """What reads the analyses the cache holds: the analyser once there is one, else a reader without
        torch or a model. A cached job needs no more, so an engine that has analysed nothing since it started
        holds no torch (about 0.7 GB resident once imported) and starts a job at once."""
        with self._lock:
            if self._analyzer is not None:
                return self._analyzer
            if self._reader is None:
                from workprint.engine.analysis.reading import CachedAnalyses

                self._reader = CachedAnalyses(cache_dir=self.cache_dir(), params=self.settings.analysis_params())
            return self._reader

    @property
    def analyzer(self) -> Analyzer:
        # Built on first use, when a file is to be analysed: torch and the models load once per process, and
        # `workprint engine info` against this process stays cheap until then.
        with self._lock:
            if self._analyzer is None:
                from workprint.engine.analysis.analyzer import Analyzer

                self._analyzer = Analyzer(
                    cache_dir=self.cache_dir(),
                    device=self.settings.device,
                    params=self.settings.analysis_params(),
                    # The reader's cache, its per-file locks with it: one analysis of a file at a time.
                    cache=self._reader.cache if self._reader is not None else None,
                )
            return self._analyzer

    def analyze(
        self,
        path: Path,
        *,
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> MediaAnalysis:
        """A file's analysis, from the cache or made: in the analysis process when the settings ask for one,
        else by this process's analyser."""
        if not self.settings.analysis_process:
            return self.analyzer.analyze(path, progress=progress, cancelled=cancelled, warn=warn)
        with self._lock:
            if self._process is None:
                from workprint.engine.analysis.process import AnalysisProcess, ProcessSpec

                spec = ProcessSpec(
                    cache_dir=str(self.cache_dir()),
                    device=self.settings.device,
                    params=self.settings.analysis_params(),
                    idle_s=self.settings.analysis_idle_s,
                )
                self._process = AnalysisProcess(spec)
            process = self._process
        reader = self.reader
        found = reader.from_cache(path, warn=warn)
        if found is not None:
            return found
        return process.analyze(path, reader, progress=progress, cancelled=cancelled, warn=warn)

    @property
    def analysis_process(self) -> AnalysisProcess | None:
        """The analysis process, once a file has been sent to one (None: the analysis runs in this process)."""
        with self._lock:
            return self._process

    @property
    def cluster(self) -> ClusterPool | None:
        """The workers on the cluster the settings name (joined on first use), or None to analyse here."""
        if not self.settings.cluster:
            return None
        with self._lock:
            if self._cluster is None:
                from workprint.engine.cluster.fanout import ClusterPool

                self._cluster = ClusterPool(self.settings, self.cache_dir())
            return self._cluster

    def close(self) -> None:
        """Let go of what the engine holds beyond this process (the cluster's workers, its analysis process)."""
        with self._lock:
            cluster, self._cluster = self._cluster, None
            process, self._process = self._process, None
        if cluster is not None:
            cluster.close()
        if process is not None:
            process.close()

    def job_started(self) -> None:
        with self._lock:
            self._active_jobs += 1
            process = self._process
        if process is not None:
            process.reap()

    def job_finished(self) -> None:
        with self._lock:
            self._active_jobs -= 1

    @property
    def active_jobs(self) -> int:
        with self._lock:
            return self._active_jobs

    def device(self) -> str:
        if self.settings.device:
            return self.settings.device
        with self._lock:
            if self._analyzer is not None:
                return self._analyzer.device
            if self._process is not None and self._process.device:
                return self._process.device
        # Asked of CTranslate2 (the recogniser's library, 4 MB imported), not torch: an engine asked for its
        # state (the plugin does, as its dialog opens) does not load 0.7 GB to answer. The analyser's own
        # choice is reported once there is one.
        try:
            import ctranslate2

            return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
        except (ImportError, RuntimeError):
            return "cpu"

    def models_loaded(self) -> list[str]:
        with self._lock:
            return list(self._analyzer.models_loaded) if self._analyzer is not None else []

    def cache_dir(self) -> Path:
        from workprint.engine.analysis.cache import default_cache_dir

        return self.settings.cache_dir or default_cache_dir()
