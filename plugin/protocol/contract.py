"""The constants both ends of the protocol must agree on, in one place.

They live beside workprint.proto because they are part of the same contract
between the in-host plugin and the engine: where an engine listens by default,
how large a message may be, how a token travels and how an error says what it
is. Both sides read them from here, and so does the installer. Standard
library only (nothing at all, in fact): a host's Python that cannot load
grpcio still reads this module on the relay route.
"""

from __future__ import annotations

#: The package of workprint.proto; a test checks the generated stubs carry the same.
PROTOCOL_VERSION = "workprint.v1"

#: Where an engine listens unless told otherwise: loopback only.
DEFAULT_ADDRESS = "127.0.0.1:50151"

#: gRPC message size limit, both ways. A 10,000-clip timeline with Resolve's
#: metadata is tens of MB of JSON; 512 MiB leaves room without being unbounded.
MAX_MESSAGE_BYTES = 512 * 1024 * 1024

#: The environment variable holding the engine's token, read by the command line (never at import time).
TOKEN_ENV = "WORKPRINT_ENGINE_TOKEN"

#: Call metadata carrying the token: "authorization: Bearer <token>".
AUTH_METADATA_KEY = "authorization"

#: Trailing metadata naming the Workprint error behind a failed call (e.g. "ModelError"), so errors that share
#: a status code (media unreadable, weights missing) come back to the client as what they were.
ERROR_KIND_METADATA_KEY = "workprint-error"


def auth_metadata(token: str | None) -> tuple[tuple[str, str], ...]:
    """The call metadata for token; none without one."""
    return ((AUTH_METADATA_KEY, f"Bearer {token}"),) if token else ()
