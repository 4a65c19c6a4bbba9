"""Settings: frozen objects with names and units, built at the edge and passed down.

Nothing here reads the environment; the command line and the servicer build
these from what the user said and hand them to the jobs.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from workprint.engine.domain.kinds import DEFAULT_TRIM_KINDS, TRIM_KINDS
from workprint.engine.errors import ConfigError
from workprint.plugin.protocol.contract import DEFAULT_ADDRESS, MAX_MESSAGE_BYTES, TOKEN_ENV

__all__ = [
    "DEFAULT_ADDRESS",
    "DEFAULT_TRIM_KINDS",
    "MAX_MESSAGE_BYTES",
    "TRIM_KINDS",
    "EngineSettings",
    "SelectsSettings",
    "TrimSettings",
]

SELECTS_MODES = ("assembly", "stringout")


@dataclass(frozen=True)
class TrimSettings:
    pad_before_frames: int = 6
    pad_after_frames: int = 12
    min_pause_s: float = 1.5
    remove_pauses: bool = True
    ripple: bool = True
    review_only: bool = False
    #: The kinds of suggestion made: all but those off by default (filler words) unless named.
    kinds: frozenset[str] = frozenset(DEFAULT_TRIM_KINDS)

    def __post_init__(self) -> None:
        if self.pad_before_frames < 0 or self.pad_after_frames < 0:
            raise ConfigError("pads must be zero or more frames")
        if self.min_pause_s <= 0:
            raise ConfigError("the minimum pause must be longer than 0 seconds")
        unknown = set(self.kinds) - set(TRIM_KINDS)
        if unknown:
            raise ConfigError(
                f"unknown suggestion kind(s): {', '.join(sorted(unknown))} (known: {', '.join(TRIM_KINDS)})"
            )

    def with_changes(self, **changes: Any) -> TrimSettings:
        return replace(self, **changes)


@dataclass(frozen=True)
class SelectsSettings:
    mode: str = "assembly"
    trims: TrimSettings = field(default_factory=TrimSettings)
    #: The script's text and file name (its extension says the format: .fdx, else Fountain or plain text);
    #: empty: each setup's lines come from its own takes.
    script_text: str = ""
    script_name: str = ""

    def __post_init__(self) -> None:
        if self.mode not in SELECTS_MODES:
            raise ConfigError(f"unknown selects mode {self.mode!r} (known: {', '.join(SELECTS_MODES)})")


@dataclass(frozen=True)
class EngineSettings:
    """How the engine process runs."""

    address: str = DEFAULT_ADDRESS
    #: When set, every call must carry it; required to listen beyond loopback.
    token: str | None = None
    cache_dir: Path | None = None
    #: "cpu", "cuda" or None to choose (CUDA when present).
    device: str | None = None
    max_workers: int = 8
    max_message_bytes: int = MAX_MESSAGE_BYTES
    #: Detector parameters that differ from their defaults, by detector name then parameter name
    #: (e.g. {"speech": {"threshold": 0.4}}); checked when the analyser is built (docs/analysis.md).
    detector_params: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: A CTranslate2 Whisper model folder for the words; None for the model the engine ships (Whisper tiny.en).
    asr_model: Path | None = None
    #: The language spoken in the footage (a Whisper language code, "en", "fr"...); None for English.
    language: str | None = None
    #: A Ray cluster to analyse media on ("local" starts one on this machine, else the address of its head,
    #: HOST:6379, or "auto"); None analyses here (docs/cluster.md). The cache must be on storage every node
    #: mounts at the same path.
    cluster: str | None = None
    #: Analysis workers to keep on the cluster; None for as many as its resources fit.
    cluster_workers: int | None = None
    #: CPUs each worker asks the cluster for (its decoder and torch share them).
    cluster_worker_cpus: float = 2.0
    #: GPUs each worker asks for where the cluster has any (0: CPU workers even there).
    cluster_worker_gpus: float = 1.0
    #: Analyse in a process of the engine's own, beside it, rather than in the engine (docs/analysis.md): the
    #: engine then never loads torch or a model, and the process gives their memory back when idle.
    analysis_process: bool = False
    #: Seconds with nothing to analyse after which that process stops (started again when needed).
    analysis_idle_s: float = 300.0

    def analysis_params(self) -> dict[str, dict[str, Any]]:
        """The detector parameters with the recognition model and language folded into the words' own."""
        params = {name: dict(values) for name, values in self.detector_params.items()}
        words = params.setdefault("words", {})
        if self.asr_model is not None:
            words["model"] = str(self.asr_model)
        if self.language:
            words["language"] = self.language
        if not words:
            del params["words"]
        return params

    def __post_init__(self) -> None:
        if self.cluster is not None and not self.cluster.strip():
            raise ConfigError("the cluster address is empty (a Ray address such as HOST:6379, or local)")
        if self.cluster_workers is not None and self.cluster_workers < 1:
            raise ConfigError("a cluster needs at least one analysis worker")
        if self.cluster_worker_cpus <= 0 or self.cluster_worker_gpus < 0:
            raise ConfigError("a cluster worker needs more than 0 CPUs and 0 or more GPUs")
        host = split_host(self.address)
        if not is_loopback(host) and not self.token:
            raise ConfigError(
                f"refusing to listen on {self.address}: it is reachable from other machines. "
                f"Set a token (--token or {TOKEN_ENV}) to serve beyond this machine."
            )


def split_host(address: str) -> str:
    """The host part of HOST:PORT, [V6]:PORT or unix:PATH."""
    if address.startswith("unix:"):
        return "unix"
    if address.startswith("["):
        return address[1 : address.find("]")]
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        raise ConfigError(f"not an address: {address!r} (expected HOST:PORT, e.g. {DEFAULT_ADDRESS})")
    return host


def is_loopback(host: str) -> bool:
    if host in ("localhost", "unix"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        # A name other than localhost may resolve anywhere: treat it as public.
        return False
