"""The engine's gRPC server: built once, served standalone or embedded in the CLI."""

from __future__ import annotations

import contextlib
import logging
import secrets
import signal
import threading
from collections.abc import Iterator, Sequence
from concurrent import futures
from dataclasses import dataclass, replace

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from workprint.engine.core import Engine
from workprint.engine.errors import ConfigError
from workprint.engine.server.auth import TokenInterceptor
from workprint.engine.server.servicer import WorkprintServicer
from workprint.engine.settings import EngineSettings
from workprint.plugin.protocol import workprint_pb2 as pb
from workprint.plugin.protocol import workprint_pb2_grpc as pb_grpc

log = logging.getLogger("workprint.engine")

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["Workprint"].full_name


@dataclass
class RunningEngine:
    server: grpc.Server
    health: health.HealthServicer
    engine: Engine
    #: The address clients use, with the real port when 0 was asked for.
    address: str

    def stop(self, grace_s: float = 5.0) -> None:
        # Say NOT_SERVING first so a watching client stops sending new work.
        self.health.enter_graceful_shutdown()
        self.server.stop(grace_s).wait()
        self.engine.close()


def start(settings: EngineSettings, file_formats: Sequence[str] = ()) -> RunningEngine:
    """Build and start the server. file_formats: the extensions the caller's file adapters read and write,
    which GetInfo reports (the engine itself knows no file format)."""
    engine = Engine(settings)
    options = [
        ("grpc.max_send_message_length", settings.max_message_bytes),
        ("grpc.max_receive_message_length", settings.max_message_bytes),
        # Port 0 must mean a port nobody else holds, and two engines never share one.
        ("grpc.so_reuseport", 0),
    ]
    interceptors = [TokenInterceptor(settings.token)] if settings.token else []
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=settings.max_workers, thread_name_prefix="rpc"),
        options=options,
        interceptors=interceptors,
    )
    pb_grpc.add_WorkprintServicer_to_server(WorkprintServicer(engine, file_formats), server)
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    try:
        port = server.add_insecure_port(settings.address)
    except RuntimeError as exc:
        raise ConfigError(f"cannot listen on {settings.address}: {exc}") from exc
    if port == 0:
        raise ConfigError(f"cannot listen on {settings.address} (is another engine already there?)")
    server.start()
    for service in ("", SERVICE_NAME):
        health_servicer.set(service, health_pb2.HealthCheckResponse.SERVING)
    host = settings.address.rpartition(":")[0]
    address = settings.address if settings.address.startswith("unix:") else f"{host}:{port}"
    log.info("engine listening on %s%s", address, " (token required)" if settings.token else "")
    return RunningEngine(server, health_servicer, engine, address)


def serve(settings: EngineSettings, file_formats: Sequence[str] = ()) -> None:
    """Serve until SIGINT or SIGTERM, then finish cleanly."""
    running = start(settings, file_formats)
    stopping = threading.Event()

    def on_signal(signum, frame) -> None:
        log.info("stopping on %s", signal.Signals(signum).name)
        stopping.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stopping.wait(0.5):
            pass
    finally:
        running.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        log.info("engine stopped")


@contextlib.contextmanager
def embedded(settings: EngineSettings | None = None, file_formats: Sequence[str] = ()) -> Iterator[tuple[str, str]]:
    """An engine inside this process on a free loopback port: yields (address, token).

    The same server and servicer as `workprint engine serve`, so the CLI's
    default path is the path every host uses.
    """
    token = secrets.token_urlsafe(24)
    base = settings or EngineSettings()
    running = start(replace(base, address="127.0.0.1:0", token=token), file_formats)
    try:
        yield running.address, token
    finally:
        running.stop(grace_s=1.0)
