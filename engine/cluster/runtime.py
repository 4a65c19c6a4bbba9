"""Reaching Ray: the optional import, and joining (or, for `local`, starting) a cluster."""

from __future__ import annotations

import logging
from types import ModuleType

from workprint.engine.errors import ConfigError

log = logging.getLogger("workprint.cluster")

INSTALL_HINT = "pip install 'workprint[cluster]'"
#: The address that starts a Ray instance on this machine rather than joining one.
LOCAL = "local"
#: Object store of a local instance: only small messages cross it (paths in, summaries out), and the
#: machine's memory belongs to decoding.
LOCAL_OBJECT_STORE_BYTES = 200 * 1024 * 1024


def import_ray() -> ModuleType:
    """Ray, or a ConfigError that says how to get it."""
    try:
        import ray
    except ImportError as exc:
        raise ConfigError(
            f"analysing on a cluster needs Ray, which is not installed here ({exc}); install it with {INSTALL_HINT}"
        ) from exc
    return ray


def connect(address: str) -> bool:
    """Join the Ray cluster at address (or start one on this machine for `local`); True when this process
    started the instance and so should shut it down. A process already connected keeps its connection."""
    ray = import_ray()
    if ray.is_initialized():
        return False
    try:
        if address == LOCAL:
            ray.init(
                include_dashboard=False,
                object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                logging_level=logging.WARNING,
                log_to_driver=False,
            )
            return True
        ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise ConfigError(f"cannot join the Ray cluster at {address}: {exc}") from exc
    log.info("joined the Ray cluster at %s: %s", address, ray.cluster_resources())
    return False


def shutdown() -> None:
    ray = import_ray()
    if ray.is_initialized():
        ray.shutdown()
