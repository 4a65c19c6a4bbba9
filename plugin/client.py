"""The light client: talks to a Workprint engine over gRPC.

Runs inside a host's own Python, so it imports only grpcio, protobuf and
Workprint's own light modules. Status codes from the engine come back as
Workprint's errors (the mirror of engine/server/status.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from workprint.engine import errors
from workprint.plugin.protocol import workprint_pb2 as pb
from workprint.plugin.protocol import workprint_pb2_grpc as pb_grpc
from workprint.plugin.protocol.contract import (
    DEFAULT_ADDRESS,
    ERROR_KIND_METADATA_KEY,
    MAX_MESSAGE_BYTES,
    auth_metadata,
)

__all__ = ["DEFAULT_ADDRESS", "MAX_MESSAGE_BYTES", "EngineClient", "Job", "error_from"]

_ERRORS = {
    grpc.StatusCode.INVALID_ARGUMENT: errors.InputError,
    grpc.StatusCode.FAILED_PRECONDITION: errors.MediaError,
    grpc.StatusCode.UNAUTHENTICATED: errors.AuthError,
    grpc.StatusCode.CANCELLED: errors.JobCancelled,
    grpc.StatusCode.DEADLINE_EXCEEDED: errors.JobCancelled,
    grpc.StatusCode.UNAVAILABLE: errors.EngineUnavailable,
}


def _named_kind(exc: grpc.RpcError) -> type[errors.WorkprintError] | None:
    """The Workprint error the engine named in the call's trailing metadata, when it is one of ours."""
    trailing = exc.trailing_metadata() if hasattr(exc, "trailing_metadata") else None
    name = dict(trailing or ()).get(ERROR_KIND_METADATA_KEY)
    kind = getattr(errors, name, None) if isinstance(name, str) else None
    return kind if isinstance(kind, type) and issubclass(kind, errors.WorkprintError) else None


def error_from(exc: grpc.RpcError, address: str) -> errors.WorkprintError:
    code = exc.code()
    details = exc.details() or code.name.lower()
    if code == grpc.StatusCode.UNAVAILABLE:
        return errors.EngineUnavailable(f"no Workprint engine answers at {address} ({details})")
    if code == grpc.StatusCode.DEADLINE_EXCEEDED:
        return errors.JobCancelled("the job ran past its deadline and was stopped")
    # The status code alone cannot tell media unreadable from weights missing; the engine names the error.
    return (_named_kind(exc) or _ERRORS.get(code, errors.EngineFault))(details)


@dataclass
class Job:
    """A running job's event stream. Iterate it; call cancel() to stop the job."""

    call: grpc.Call
    address: str

    def __iter__(self) -> Iterator[pb.JobEvent]:
        try:
            yield from self.call
        except grpc.RpcError as exc:
            raise error_from(exc, self.address) from None

    def cancel(self) -> None:
        self.call.cancel()


class EngineClient:
    def __init__(self, address: str = DEFAULT_ADDRESS, token: str | None = None) -> None:
        self.address = address
        self._metadata = auth_metadata(token)
        self._channel = grpc.insecure_channel(
            address,
            options=[
                ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
                ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
            ],
        )
        self._stub = pb_grpc.WorkprintStub(self._channel)
        self._health = health_pb2_grpc.HealthStub(self._channel)

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> EngineClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def wait_ready(self, timeout_s: float = 10.0) -> None:
        """Block until the engine says SERVING, or raise EngineUnavailable.

        The health check itself waits for the connection (wait_for_ready). A ready-future would watch the
        channel's state on a thread of gRPC's, in steps of 0.2 s, and closing the channel waits for the
        step under way: a fifth of a second added to every short command and every plugin call."""
        try:
            status = self._check(timeout_s, wait_for_ready=True)
        except grpc.RpcError as exc:
            if exc.code() == grpc.StatusCode.DEADLINE_EXCEEDED:
                raise errors.EngineUnavailable(f"no Workprint engine answers at {self.address}") from None
            raise error_from(exc, self.address) from None
        if status != "SERVING":
            raise errors.EngineUnavailable(f"the engine at {self.address} is {status.lower().replace('_', ' ')}")

    def health(self, timeout_s: float = 5.0) -> str:
        try:
            return self._check(timeout_s)
        except grpc.RpcError as exc:
            raise error_from(exc, self.address) from None

    def _check(self, timeout_s: float, wait_for_ready: bool = False) -> str:
        """The engine's serving status by the standard health check (waiting for the connection, if asked)."""
        reply = self._health.Check(
            health_pb2.HealthCheckRequest(service=""),
            timeout=timeout_s,
            metadata=self._metadata,
            wait_for_ready=wait_for_ready,
        )
        return health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)

    def info(self, timeout_s: float = 10.0) -> pb.EngineInfo:
        try:
            return self._stub.GetInfo(pb.GetInfoRequest(), timeout=timeout_s, metadata=self._metadata)
        except grpc.RpcError as exc:
            raise error_from(exc, self.address) from None

    def suggest_trims(self, request: pb.SuggestTrimsRequest, timeout_s: float | None = None) -> Job:
        return Job(self._stub.SuggestTrims(request, timeout=timeout_s, metadata=self._metadata), self.address)

    def assemble_selects(self, request: pb.AssembleSelectsRequest, timeout_s: float | None = None) -> Job:
        return Job(self._stub.AssembleSelects(request, timeout=timeout_s, metadata=self._metadata), self.address)

    def analyze(self, request: pb.AnalyzeRequest, timeout_s: float | None = None) -> Job:
        return Job(self._stub.Analyze(request, timeout=timeout_s, metadata=self._metadata), self.address)
