"""Two routes to the engine, one shape of events.

gRPC straight from Resolve's Python when it can load grpcio; otherwise the
engine environment's `workprint relay` process, spoken to in JSON lines over
its stdin and stdout (standard library only). Either way events arrive as
the JobEvent's JSON form (`{"progress": {...}}`, `{"warning": {...}}`,
`{"result": {...}}`) and errors as Workprint's own exceptions.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import threading
from collections.abc import Iterator

from workprint.engine import errors

#: Environment variables of the host's Python that must not leak into the engine's.
HOST_PYTHON_VARIABLES = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONEXECUTABLE", "__PYVENV_LAUNCHER__")


def grpc_loads() -> bool:
    try:
        import grpc  # noqa: F401

        import workprint.plugin.client  # noqa: F401
    except Exception:  # an ImportError, or a compiled module built for another Python
        return False
    return True


def engine_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in HOST_PYTHON_VARIABLES}
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


class GrpcJob:
    def __init__(self, job, client) -> None:
        self._job, self._client = job, client

    def __iter__(self) -> Iterator[dict]:
        from google.protobuf import json_format

        try:
            for event in self._job:
                yield json_format.MessageToDict(event, preserving_proto_field_name=True)
        finally:
            self._client.close()

    def cancel(self) -> None:
        self._job.cancel()


class GrpcTransport:
    route = "grpc"

    def __init__(self, address: str, token: str | None) -> None:
        self.address, self.token = address, token

    def start(self, call: str, request: dict, wait_s: float) -> GrpcJob:
        from google.protobuf import json_format

        from workprint.plugin.client import EngineClient
        from workprint.plugin.protocol import workprint_pb2 as pb

        client = EngineClient(self.address, self.token)
        try:
            client.wait_ready(wait_s)
            kind = pb.SuggestTrimsRequest if call == "suggest_trims" else pb.AssembleSelectsRequest
            return GrpcJob(getattr(client, call)(json_format.ParseDict(request, kind())), client)
        except BaseException:
            client.close()
            raise

    def info(self, wait_s: float) -> dict:
        """GetInfo's answer in its JSON form (as the relay route gives it)."""
        from google.protobuf import json_format

        from workprint.plugin.client import EngineClient

        with EngineClient(self.address, self.token) as client:
            client.wait_ready(wait_s)
            return json_format.MessageToDict(client.info(wait_s), preserving_proto_field_name=True)


def relay_error(error: dict) -> errors.WorkprintError:
    """The relay's {"kind": "ModelError", "message": ...} as the error it names."""
    kind = getattr(errors, str(error.get("kind")), None)
    if not (isinstance(kind, type) and issubclass(kind, errors.WorkprintError)):
        kind = errors.EngineFault
    return kind(error.get("message") or "the engine reported an error")


class RelayJob:
    def __init__(self, process: subprocess.Popen) -> None:
        # Started with every stream a pipe (RelayTransport.start).
        assert process.stdin is not None and process.stdout is not None and process.stderr is not None
        self._process = process
        self._lock = threading.Lock()

    def __iter__(self) -> Iterator[dict]:
        process = self._process
        assert process.stdout is not None and process.stderr is not None
        for line in process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if "event" in message:
                yield message["event"]
            elif "error" in message:
                self._close()
                raise relay_error(message["error"])
            elif "info" in message or "health" in message:
                yield message
            elif message.get("done"):
                self._close()
                return
        self._close()
        detail = (process.stderr.read() or "").strip().splitlines()
        raise errors.EngineFault(
            "the Workprint relay stopped before the job finished" + (f": {detail[-1]}" if detail else "")
        )

    def _close(self) -> None:
        with self._lock:
            if self._process.stdin and not self._process.stdin.closed:
                with contextlib.suppress(OSError):
                    self._process.stdin.close()
        self._process.wait()

    def cancel(self) -> None:
        with self._lock:
            stdin = self._process.stdin
            if stdin and not stdin.closed:
                with contextlib.suppress(OSError):
                    stdin.write(json.dumps({"cancel": True}) + "\n")
                    stdin.flush()


class RelayTransport:
    route = "relay"

    def __init__(self, engine_command: list[str], address: str, token: str | None) -> None:
        self.command, self.address, self.token = list(engine_command), address, token

    def start(self, call: str, request: dict, wait_s: float) -> RelayJob:
        try:
            process = subprocess.Popen(
                [*self.command, "relay"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                env=engine_environment(),
            )
        except OSError as exc:
            raise errors.EngineUnavailable(
                f"cannot run the Workprint engine environment ({self.command[0]}): {exc}. "
                "Run the installer again (workprint install resolve)"
            ) from exc
        line = json.dumps(
            {"address": self.address, "token": self.token, "call": call, "request": request, "wait_s": wait_s}
        )
        # stdin stays open: closing it is how the relay learns the host went away.
        assert process.stdin is not None  # a pipe, asked for above
        process.stdin.write(line + "\n")
        process.stdin.flush()
        return RelayJob(process)

    def info(self, wait_s: float) -> dict:
        """GetInfo's answer in its JSON form, from the relay's "info" call."""
        found = None
        # Read to the end: the relay's "done" is what closes and reaps its process.
        for message in self.start("info", {}, wait_s):
            found = message.get("info", found)
        if found is None:
            raise errors.EngineFault("the Workprint relay ended without the engine's info")
        return found
