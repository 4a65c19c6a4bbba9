"""A real engine subprocess driven through a real gRPC channel."""

from __future__ import annotations

import ast
import signal
import threading
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from conftest import TOKEN, free_port, run_workprint, start_engine, stop_engine
from otio_samples import rich_timeline
from workprint.engine.core import Engine
from workprint.engine.domain.kinds import KINDS
from workprint.engine.errors import AuthError, EngineUnavailable, InputError, MediaError, ModelError
from workprint.engine.server.app import start
from workprint.engine.server.status import error_metadata, status_for
from workprint.engine.settings import EngineSettings
from workprint.engine.timeline import otio_json
from workprint.plugin.client import EngineClient
from workprint.plugin.protocol import workprint_pb2 as pb
from workprint.plugin.protocol.contract import ERROR_KIND_METADATA_KEY

ROOT = Path(__file__).resolve().parent.parent


def test_health_is_serving(engine):
    with engine.client() as client:
        assert client.health() == "SERVING"
    # The standard health service, by its own stub, for the Workprint service too.
    channel = grpc.insecure_channel(engine.address)
    stub = health_pb2_grpc.HealthStub(channel)
    reply = stub.Check(
        health_pb2.HealthCheckRequest(service="workprint.v1.Workprint"),
        metadata=(("authorization", f"Bearer {TOKEN}"),),
        timeout=10,
    )
    assert reply.status == health_pb2.HealthCheckResponse.SERVING
    channel.close()


def test_waiting_for_the_engine_leaves_no_watcher_to_wait_for(engine):
    # A channel watched for readiness keeps a thread of gRPC's polling its state, which closing the channel
    # waits on (up to a fifth of a second at the end of every command); the health check waits by itself.
    before = set(threading.enumerate())
    with engine.client() as client:
        client.wait_ready()
        started = [t.name for t in set(threading.enumerate()) - before if t.is_alive()]
        assert not started, started


def test_waiting_for_no_engine_names_the_address():
    address = f"127.0.0.1:{free_port()}"
    with (
        EngineClient(address) as client,
        pytest.raises(EngineUnavailable, match=f"no Workprint engine answers at {address}"),
    ):
        client.wait_ready(timeout_s=0.5)


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
        list(
            client.suggest_trims(
                pb.SuggestTrimsRequest(
                    timeline_otio_json='{"OTIO_SCHEMA": "SerializableCollection.1", "name": "bin", "children": [], '
                    '"metadata": {}}'
                )
            )
        )
    with engine.client() as client, pytest.raises(InputError, match="unknown suggestion kind"):
        list(
            client.suggest_trims(
                pb.SuggestTrimsRequest(
                    timeline_otio_json=otio_json.dump(rich_timeline()), settings=pb.TrimSettings(kinds=["bogus"])
                )
            )
        )


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
    done = run_workprint("engine", "serve", "--address", f"0.0.0.0:{free_port()}", check=2)
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


# Starts and stops two engines of its own, each loading its models.
@pytest.mark.slow
def test_sigterm_and_sigint_stop_cleanly(tmp_path):
    for sig in (signal.SIGTERM, signal.SIGINT):
        running = start_engine(tmp_path, token=None)
        running.process.send_signal(sig)
        assert running.process.wait(timeout=60) == 0, sig.name
        log = running.log()
        assert "engine stopped" in log and f"stopping on {sig.name}" in log and "Traceback" not in log, log


def test_get_info_returns_the_table_of_kinds(engine):
    with engine.client() as client:
        info = client.info()
    assert [k.name for k in info.kinds] == [k.name for k in KINDS]
    for sent, row in zip(info.kinds, KINDS, strict=True):
        assert (sent.label, sent.description, sent.job, sent.applies) == (
            row.label,
            row.description,
            row.job,
            row.applies,
        )
        assert (sent.otio_colour, sent.resolve_colour, sent.report_colour) == (
            row.otio_colour,
            row.resolve_colour,
            row.report_colour,
        )
        assert sent.confidence == pytest.approx(row.confidence)


def test_the_server_imports_no_adapter():
    # The command line is the composition root: it hands the server the file formats.
    for path in (ROOT / "engine" / "server").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not any(name.startswith("workprint.adapters") for name in names), path


def test_the_file_formats_are_what_the_builder_hands_in(tmp_path):
    settings = EngineSettings(address="127.0.0.1:0", cache_dir=tmp_path / "cache")
    for formats in ((), (".otio", ".edl")):
        running = start(settings, formats)
        try:
            with EngineClient(running.address) as client:
                assert list(client.info().file_formats) == list(formats)
        finally:
            running.stop(grace_s=0)


@pytest.fixture
def weightless_engine(tmp_path, monkeypatch):
    """A real engine on loopback whose models cannot load, as when an installed package's weights are gone."""

    def no_weights(self):
        raise ModelError("the speech model's weights are missing from silero-vad (reinstall it)")

    monkeypatch.setattr(Engine, "analyzer", property(no_weights))
    running = start(EngineSettings(address="127.0.0.1:0", token=TOKEN, cache_dir=tmp_path / "cache"))
    yield running
    running.stop(grace_s=0)


def test_a_model_error_reaches_the_client_and_the_command_line(weightless_engine, tmp_path):
    media = tmp_path / "take.wav"
    media.write_bytes(b"RIFF")
    with EngineClient(weightless_engine.address, TOKEN) as client, pytest.raises(ModelError, match="weights"):
        list(client.analyze(pb.AnalyzeRequest(media_paths=[str(media)])))
    assert ModelError.exit_code == 7
    result = run_workprint(
        "analyze",
        str(media),
        "--engine",
        weightless_engine.address,
        "--token",
        TOKEN,
        check=ModelError.exit_code,
        in_process=True,
    )
    assert "weights are missing" in result.output and "Traceback" not in result.output


def test_errors_sharing_a_status_code_are_told_apart():
    assert status_for(ModelError("x")) == status_for(MediaError("x")) == grpc.StatusCode.FAILED_PRECONDITION
    assert dict(error_metadata(ModelError("x")))[ERROR_KIND_METADATA_KEY] == "ModelError"

    class Unreadable(MediaError):
        """An error of the hierarchy's own kind, defined elsewhere: named by the class a client knows."""

    assert dict(error_metadata(Unreadable("x")))[ERROR_KIND_METADATA_KEY] == "MediaError"
    assert error_metadata(RuntimeError("x")) == ()
