"""Shared fixtures: a real engine on a free loopback port, and small timelines."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from workprint.plugin.client import EngineClient

TOKEN = "test-token-3f9a"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workprint_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "workprint.engine.cli.main", *args]


@dataclass
class EngineProcess:
    process: subprocess.Popen
    address: str
    token: str
    log_path: Path

    def client(self, token: str | None = None) -> EngineClient:
        return EngineClient(self.address, self.token if token is None else token)

    def log(self) -> str:
        return self.log_path.read_text()


def start_engine(tmp: Path, *args: str, token: str | None = TOKEN, host: str = "127.0.0.1") -> EngineProcess:
    port = free_port()
    address = f"127.0.0.1:{port}"
    log_path = tmp / f"engine-{port}.log"
    env = dict(os.environ)
    env.pop("WORKPRINT_ENGINE_TOKEN", None)
    command = workprint_command("engine", "serve", "--address", f"{host}:{port}",
                                "--cache-dir", str(tmp / "cache"), *args)
    if token:
        command += ["--token", token]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    engine = EngineProcess(process, address, token or "", log_path)
    client = engine.client()
    # A hang guard, not a timing assertion: a healthy engine answers in seconds.
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"engine exited with {process.returncode}:\n{engine.log()}")
        try:
            client.wait_ready(timeout_s=2)
            break
        except Exception:
            if time.monotonic() > deadline:
                process.kill()
                raise
    client.close()
    return engine


def stop_engine(engine: EngineProcess) -> None:
    if engine.process.poll() is None:
        engine.process.terminate()
        try:
            engine.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            engine.process.kill()


@pytest.fixture(scope="session")
def engine(tmp_path_factory) -> Iterator[EngineProcess]:
    """One engine subprocess for the session, with a token."""
    running = start_engine(tmp_path_factory.mktemp("engine"))
    yield running
    stop_engine(running)
