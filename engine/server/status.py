"""The one place where Workprint's errors become gRPC status codes.

Several errors share a code (media unreadable and weights missing are both a
precondition the engine cannot meet), so a failed call also names its error
in trailing metadata; the client (plugin/client.py) maps both back.
"""

from __future__ import annotations

import grpc

from workprint.engine import errors
from workprint.plugin.protocol.contract import ERROR_KIND_METADATA_KEY

_CODES: list[tuple[type[errors.WorkprintError], grpc.StatusCode]] = [
    (errors.InputError, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.ConfigError, grpc.StatusCode.INVALID_ARGUMENT),
    (errors.MediaError, grpc.StatusCode.FAILED_PRECONDITION),
    # The weights an installed package ships are missing or altered: the engine cannot run this job until
    # its environment is repaired; retrying the same call will not help.
    (errors.ModelError, grpc.StatusCode.FAILED_PRECONDITION),
    (errors.AuthError, grpc.StatusCode.UNAUTHENTICATED),
    (errors.JobCancelled, grpc.StatusCode.CANCELLED),
    (errors.EngineUnavailable, grpc.StatusCode.UNAVAILABLE),
]


def status_for(exc: BaseException) -> grpc.StatusCode:
    for kind, code in _CODES:
        if isinstance(exc, kind):
            return code
    return grpc.StatusCode.INTERNAL


def error_metadata(exc: BaseException) -> tuple[tuple[str, str], ...]:
    """Trailing metadata naming a Workprint error; none for anything else (an engine fault).

    The name is that of the nearest class of the one hierarchy (engine/errors.py), the only names a client knows.
    """
    if not isinstance(exc, errors.WorkprintError):
        return ()
    known = next(kind for kind in type(exc).__mro__ if getattr(errors, kind.__name__, None) is kind)
    return ((ERROR_KIND_METADATA_KEY, known.__name__),)
