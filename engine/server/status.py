"""The one place where Workprint's errors become gRPC status codes."""

from __future__ import annotations

import grpc

from workprint.engine import errors

_CODES: list[tuple[type[errors.WorkprintError], grpc.StatusCode]] = [
    (errors.InputError, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.ConfigError, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.MediaError, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.AuthError, grpc.StatusCode.UNAUTHENTICATED),
    (errors.JobCancelled, grpc.StatusCode.CANCELLED),
    (errors.EngineUnavailable, grpc.StatusCode.UNAVAILABLE),
]


def status_for(exc: BaseException) -> grpc.StatusCode:
    for kind, code in _CODES:
        if isinstance(exc, kind):
            return code
    return grpc.StatusCode.INTERNAL
