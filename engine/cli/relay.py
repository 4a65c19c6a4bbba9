"""`workprint relay`: the standard-library route from a host's Python to the engine.

A host whose Python cannot load grpcio runs this command in the engine's own
environment, writes one JSON request on its stdin, and reads the job's events
as JSON lines from its stdout. This process talks gRPC to the engine.
"""

from __future__ import annotations

import click


@click.command("relay", hidden=True)
def relay_command() -> None:
    """Relay one job between JSON lines on stdin/stdout and the engine over gRPC."""
    raise click.ClickException("relay is not available yet")
