"""A real engine subprocess driven through a real gRPC channel."""

from __future__ import annotations

import signal
import subprocess

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from conftest import TOKEN, free_port, start_engine, stop_engine, workprint_command
from otio_samples import rich_timeline
from workprint.engine.errors import AuthError, InputError
from workprint.engine.timeline import otio_json
from workprint.plugin.protocol import workprint_pb2 as pb


def test_health_is_serving(engine):
    with engine.client() as client:
        assert client.health() == "SERVING"
    # The standard health service, by its own stub, for the Workprint service too.
    channel = grpc.insecure_channel(engine.address)
    stub = health_pb2_grpc.HealthStub(channel)
    reply = stub.Check(health_pb2.HealthCheckRequest(service="workprint.v1.Workprint"),
                       metadata=(("authorization", f"Bearer {TOKEN}"),), timeout=10)
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    channel.close()


def test_get_info(engine):
    with engine.client() as client:
        info = client.info()
    assert info.protocol_version == "workprint.v1"
    assert info.engine_version
    assert info.device in ("cpu", "cuda") or info.device.startswith("cuda")
    assert info.cache_dir.endswith("cache")
    assert ".otio" in info.file_formats and ".aaf" in info.file_formats


def test_suggest_trims_streams_progress_then_one_result(engine):
    text = otio_json.dump(rich_timeline())
    request = pb.SuggestTrimsRequest(timeline_otio_json=text, settings=pb.TrimSettings(pad_before_frames=4))
    with engine.client() as client:
        events = list(client.suggest_trims(request))
    kinds = [e.WhichOneof("event") for e in events]
    assert kinds[-1] == "result" and kinds.count("result") == 1
    progress = [e.progress for e in events if e.HasField("progress")]
    assert progress and all(0 <= p.done <= p.total for p in progress)
    assert {p.stage for p in progress} >= {"resolve-media", "decide"}
    # Every clip with missing media is named in a warning; the job still finished.
    warned = {e.warning.clip_name for e in events if e.HasField("warning")}
    assert {"A001_C001", "A001_C002", "B002_C004", "score"} <= warned
    assert events[-1].result.timeline_otio_json == text


def test_bad_request_is_invalid_argument(engine):
    with engine.client() as client, pytest.raises(InputError, match="not valid JSON"):
        list(client.suggest_trims(pb.SuggestTrimsRequest(timeline_otio_json="{not json")))
    with engine.client() as client, pytest.raises(InputError, match="not a timeline"):
        list(client.suggest_trims(pb.SuggestTrimsRequest(
            timeline_otio_json='{"OTIO_SCHEMA": "SerializableCollection.1", "name": "bin", "children": [], '
                               '"metadata": {}}')))
    with engine.client() as client, pytest.raises(InputError, match="unknown suggestion kind"):
        list(client.suggest_trims(pb.SuggestTrimsRequest(
            timeline_otio_json=otio_json.dump(rich_timeline()), settings=pb.TrimSettings(kinds=["bogus"]))))


@pytest.mark.parametrize("token", ["wrong", ""])
def test_wrong_or_missing_token_is_refused(engine, token):
    with engine.client(token=token) as client:
        with pytest.raises(AuthError, match="token"):
            client.info()
        with pytest.raises(AuthError):
            client.health()
        with pytest.raises(AuthError):
            list(client.suggest_trims(pb.SuggestTrimsRequest(timeline_otio_json="{}")))


def test_public_address_refused_without_token():
    done = subprocess.run(workprint_command("engine", "serve", "--address", f"0.0.0.0:{free_port()}"),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "refusing to listen on 0.0.0.0" in done.stderr and "token" in done.stderr
    assert "Traceback" not in done.stderr


def test_public_address_with_token_serves_and_checks_it(tmp_path):
    # Listening on every interface; the test itself only talks over loopback.
    running = start_engine(tmp_path, token="public-token", host="0.0.0.0")
    try:
        with running.client(token="nope") as client, pytest.raises(AuthError):
            client.info()
        with running.client() as client:
            assert client.info().protocol_version == "workprint.v1"
    finally:
        stop_engine(running)


def test_sigterm_and_sigint_stop_cleanly(tmp_path):
    for sig in (signal.SIGTERM, signal.SIGINT):
        running = start_engine(tmp_path, token=None)
        running.process.send_signal(sig)
        assert running.process.wait(timeout=60) == 0
        log = running.log()
        assert "engine stopped" in log and "Traceback" not in log
