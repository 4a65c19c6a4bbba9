"""`workprint relay`: the standard-library route from a host's Python to the engine.

A host whose Python cannot load grpcio runs this command in the engine's own
environment, writes one JSON request on its stdin, and reads the job's events
as JSON lines from its stdout. This process talks gRPC to the engine.

Request (one line): {"address": "HOST:PORT" (contract.DEFAULT_ADDRESS when left out), "token": "...",
"call": "suggest_trims" | "assemble_selects" | "info" | "health", "request": {...the protobuf message as
JSON...}, "wait_s": 30}.
Answer lines: {"event": {...JobEvent...}} while the job runs, {"info": {...}} or {"health": "SERVING"},
then {"done": true}; or {"error": {"kind": "EngineUnavailable", "message": "...", "exit_code": 4}}.
The host keeps stdin open while it waits: a line {"cancel": true}, or stdin closing (the host went
away), cancels the job.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import IO

import click

from workprint.engine import errors
from workprint.plugin.protocol.contract import DEFAULT_ADDRESS

CALLS = ("suggest_trims", "assemble_selects", "info", "health")


def _emit(out: IO[str], payload: dict) -> None:
    out.write(json.dumps(payload) + "\n")
    out.flush()


def _watch_for_cancel(stdin: IO[str], job, finished: threading.Event) -> None:
    """Cancel the job on {"cancel": true} or when the host closes stdin."""
    for line in stdin:
        if finished.is_set():
            return
        try:
            if json.loads(line).get("cancel"):
                break
        except (ValueError, AttributeError):
            continue
    if not finished.is_set():
        job.cancel()


def relay(stdin: IO[str], stdout: IO[str]) -> int:
    """Serve one request; returns the exit status."""
    from google.protobuf import json_format

    from workprint.plugin.client import EngineClient
    from workprint.plugin.protocol import workprint_pb2 as pb

    try:
        line = stdin.readline()
        if not line.strip():
            raise errors.InputError("relay: no request on stdin (expected one JSON line)")
        try:
            message = json.loads(line)
        except ValueError as exc:
            raise errors.InputError(f"relay: the request is not JSON ({exc})") from exc
        call = message.get("call")
        if call not in CALLS:
            raise errors.InputError(f"relay: unknown call {call!r} (known: {', '.join(CALLS)})")
        address = message.get("address") or DEFAULT_ADDRESS
        with EngineClient(address, message.get("token") or None) as client:
            client.wait_ready(float(message.get("wait_s") or 10.0))
            if call == "health":
                _emit(stdout, {"health": client.health()})
            elif call == "info":
                _emit(stdout, {"info": json_format.MessageToDict(client.info(), preserving_proto_field_name=True)})
            else:
                kind = pb.SuggestTrimsRequest if call == "suggest_trims" else pb.AssembleSelectsRequest
                try:
                    request = json_format.ParseDict(message.get("request") or {}, kind())
                except json_format.ParseError as exc:
                    raise errors.InputError(f"relay: the request does not fit {kind.__name__} ({exc})") from exc
                job = getattr(client, call)(request)
                finished = threading.Event()
                threading.Thread(target=_watch_for_cancel, args=(stdin, job, finished), daemon=True).start()
                try:
                    for event in job:
                        _emit(stdout, {"event": json_format.MessageToDict(event, preserving_proto_field_name=True)})
                finally:
                    finished.set()
        _emit(stdout, {"done": True})
        return 0
    except errors.WorkprintError as exc:
        _emit(stdout, {"error": {"kind": type(exc).__name__, "message": str(exc), "exit_code": exc.exit_code}})
        return exc.exit_code


@click.command("relay", hidden=True)
def relay_command() -> None:
    """Relay one job between JSON lines on stdin/stdout and the engine over gRPC."""
    sys.exit(relay(sys.stdin, sys.stdout))
