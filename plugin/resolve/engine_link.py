"""Finding the engine on loopback, or starting it in the background from its own environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from workprint.engine.errors import WorkprintError
from workprint.plugin.protocol.contract import TOKEN_ENV
from workprint.plugin.resolve.config import PluginConfig
from workprint.plugin.resolve.transport import GrpcTransport, RelayTransport, engine_environment, grpc_loads


def listening(address: str, timeout_s: float = 0.5) -> bool:
    host, _, port = address.rpartition(":")
    host = host.strip("[]") or "127.0.0.1"
    try:
        with socket.create_connection((host, int(port)), timeout=timeout_s):
            return True
    except (OSError, ValueError):
        return False


def start_engine(config: PluginConfig, token: str) -> subprocess.Popen:
    """`workprint engine serve` in the background, detached from Resolve, logging to the data folder."""
    os.makedirs(config.data, exist_ok=True)
    env = engine_environment()
    env[TOKEN_ENV] = token
    command = [*config.engine_command, "engine", "serve", "--address", config.address]
    if config.cache_dir:
        command += ["--cache-dir", config.cache_dir]
    options: dict = {}
    if sys.platform.startswith("win"):
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP | getattr(subprocess, "DETACHED_PROCESS", 0)
    else:
        options["start_new_session"] = True
    with open(os.path.join(config.data, "engine.log"), "ab") as log:
        return subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, **options
        )


class EngineLink:
    """The route to use, and how long to wait for the engine to answer."""

    def __init__(self, config: PluginConfig) -> None:
        self.config = config
        self.token = config.token()
        self.started: subprocess.Popen | None = None
        if grpc_loads() and not config.force_relay:
            self.transport = GrpcTransport(config.address, self.token)
        else:
            self.transport = RelayTransport(config.engine_command, config.address, self.token)

    def ensure_running(self) -> float:
        """Start an engine when none listens; returns how long the first call may wait for it."""
        if listening(self.config.address):
            return 15.0
        try:
            self.started = start_engine(self.config, self.token)
        except OSError as exc:
            from workprint.engine.errors import EngineUnavailable

            raise EngineUnavailable(
                f"no Workprint engine runs at {self.config.address}, and starting one failed "
                f"({self.config.engine_command[0]}: {exc}). Start it with `workprint engine serve`, or run "
                "`workprint install resolve` again"
            ) from exc
        return float(self.config.start_timeout_s)

    def info(self, wait_s: float = 5.0) -> dict | None:
        """The engine's GetInfo answer (its JSON form) when an engine already listens, else None.

        Never starts one and never fails: a dialog asks this to build its controls and opens at once,
        from the plugin's own table of kinds, when no engine answers yet; the job itself reports why.
        """
        if not listening(self.config.address):
            return None
        try:
            return self.transport.info(wait_s)
        except (WorkprintError, OSError, ValueError):
            return None

    def start(self, call: str, request: dict):
        wait_s = self.ensure_running()
        return self.transport.start(call, request, wait_s)
