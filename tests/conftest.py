"""Shared fixtures: a real engine on a free loopback port, the generated media several modules read, one
analysis cache for them, and the one way tests run the `workprint` command."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from workprint.plugin.client import EngineClient

if TYPE_CHECKING:
    from workprint.engine.demo.shoot import Shoot

TOKEN = "test-token-3f9a"
#: A hang guard for one command, not a timing assertion: the longest healthy run takes a minute or two.
COMMAND_HANG_GUARD_S = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def workprint_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "workprint.engine.cli.main", *args]


class WorkprintRun(subprocess.CompletedProcess):
    """A finished `workprint` command; `output` is all it printed, both streams, as a user reads it."""

    def __init__(self, args: list[str], returncode: int, stdout: str, stderr: str, output: str | None = None) -> None:
        super().__init__(args, returncode, stdout, stderr)
        self.output = stdout + stderr if output is None else output


def run_workprint(
    *args: str, env: Mapping[str, str | None] | None = None, check: int | None = 0, in_process: bool = False
) -> WorkprintRun:
    """Run `workprint ARGS` and return what it did, with text output.

    A separate process by default: exit statuses and stderr exactly as a user's shell sees them. With
    in_process, click's test runner calls the command in this process, which saves starting Python and
    importing torch again; use it where a test reads the result rather than how the process ends, or
    where it patches the engine in this process.

    env: variables set (or, with None, removed) on top of this process's environment.
    check: the exit status expected (an assertion that shows stdout and stderr when it differs); None
    leaves the status to the test.
    """
    if in_process:
        done = _invoke_in_process(args, env)
    else:
        environment = dict(os.environ)
        for name, value in (env or {}).items():
            if value is None:
                environment.pop(name, None)
            else:
                environment[name] = value
        command = workprint_command(*args)
        finished = subprocess.run(
            command, capture_output=True, text=True, env=environment, timeout=COMMAND_HANG_GUARD_S
        )
        done = WorkprintRun(command, finished.returncode, finished.stdout, finished.stderr)
    if check is not None:
        assert done.returncode == check, (
            f"`workprint {' '.join(args)}` exited with {done.returncode}, expected {check}\n"
            f"--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"
        )
    return done


def _invoke_in_process(args: tuple[str, ...], env: Mapping[str, str | None] | None) -> WorkprintRun:
    # Imported here: the command line pulls in the engine, which tests of the light modules do without.
    from click.testing import CliRunner

    from workprint.engine.cli.main import cli

    # catch_exceptions=False: an exception the command does not turn into an exit status is a bug and
    # surfaces with its traceback (the status the command chose, SystemExit, is still caught).
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    try:
        stderr = result.stderr
    except ValueError:  # click 8.1 mixes stderr into stdout and keeps no separate copy
        stderr = ""
    return WorkprintRun(["workprint", *args], result.exit_code, result.stdout, stderr, output=result.output)


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
    command = workprint_command(
        "engine", "serve", "--address", f"{host}:{port}", "--cache-dir", str(tmp / "cache"), *args
    )
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


@pytest.fixture(scope="session")
def shoot(tmp_path_factory) -> Shoot:
    """The demo shoot (three takes, a rough cut), generated once a session: writing it takes a quarter of a
    minute. Shared, so read it and never change it; a test that needs changed media copies it."""
    from workprint.engine.demo.shoot import make_shoot

    return make_shoot(tmp_path_factory.mktemp("shoot"))


@pytest.fixture(scope="session")
def analysis_cache(tmp_path_factory) -> str:
    """One analysis cache folder for the tests that only read analyses, so media that one module has
    analysed is read back, not decoded again, by the next. Entries are keyed by the media's content and
    the detectors' parameters, so what a test reads is what its own media would give.
    Tests that count decodes, expect a cache miss or check that nothing was cached keep a cache of their
    own (tmp_path, or a fixture of their module)."""
    return str(tmp_path_factory.mktemp("analysis-cache"))
