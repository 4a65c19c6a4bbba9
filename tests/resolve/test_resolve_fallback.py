"""The standard-library route: Resolve's Python without grpcio, the engine reached through `workprint relay`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from resolve.conftest import rough_cut_spec

from conftest import TOKEN, free_port, run_workprint, workprint_command
from workprint.plugin.resolve.config import PluginConfig
from workprint.plugin.resolve.engine_link import EngineLink, listening

HERE = Path(__file__).resolve().parent
#: What a bare Python inside Resolve may lack: the fallback must not need any of it.
BLOCKED = ("grpc", "grpc_health", "google", "opentimelineio", "numpy", "torch", "av", "click", "rich")

WRAPPER = f"""
import runpy, sys

class Unavailable:
    # Stands in for a Python where compiled packages cannot load.
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BLOCKED!r}:
            raise ImportError(name + " cannot be imported in this Python")
        return None

sys.meta_path.insert(0, Unavailable())
runpy.run_path(sys.argv[1], run_name="__main__")
"""

DAVINCI_MODULE = """
import atexit, json, os
import fake_resolve

_resolve = fake_resolve.build(json.load(open(os.environ["FAKE_RESOLVE_SPEC"])))

def scriptapp(name):
    return _resolve if name == "Resolve" else None

def _save():
    with open(os.environ["FAKE_RESOLVE_OUT"], "w") as handle:
        json.dump(_resolve.snapshot(), handle)

atexit.register(_save)
"""


# The installed menu script run end to end in a Python of its own, through the relay to the engine.
@pytest.mark.slow
def test_installed_script_trims_through_the_relay_without_grpc(takes, music, engine, tmp_path):
    home = tmp_path / "home"
    run_workprint(
        "install",
        "resolve",
        "--os",
        "linux",
        "--home",
        str(home),
        "--no-client",
        "--address",
        engine.address,
        in_process=True,
    )
    edit = home / ".local/share/DaVinciResolve/Fusion/Scripts/Edit"
    config = json.loads((edit / "workprint.json").read_text())
    Path(config["token_file"]).write_text(TOKEN)
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "DaVinciResolveScript.py").write_text(textwrap.dedent(DAVINCI_MODULE))
    (tmp_path / "wrapper.py").write_text(WRAPPER)
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(rough_cut_spec(takes, music)))
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKPRINT_")}
    env.update(
        PYTHONPATH=os.pathsep.join([str(modules), str(HERE)]),
        FAKE_RESOLVE_SPEC=str(spec),
        FAKE_RESOLVE_OUT=str(tmp_path / "after.json"),
        WORKPRINT_RESOLVE_NO_UI="1",
    )
    done = subprocess.run(
        [sys.executable, str(tmp_path / "wrapper.py"), str(edit / "Workprint Suggest Trims.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    printed = done.stdout + done.stderr
    assert done.returncode == 0 and "Traceback" not in printed, printed
    assert "(relay)" in printed and "Applied to 'Rough cut'" in printed
    after = json.loads((tmp_path / "after.json").read_text())
    assert after["current"] == "Rough cut"
    assert any(name.startswith("Rough cut (before Workprint") for name in after["timelines"])
    pictures = after["timelines"]["Rough cut"]["video1"]["items"]
    sounds = after["timelines"]["Rough cut"]["audio1"]["items"]
    assert len(pictures) == len(sounds) > 3
    assert all(p["link"] is not None and p["link"] == s["link"] for p, s in zip(pictures, sounds, strict=True))


def relay(lines: list[dict]) -> tuple[int, list[dict]]:
    """Like the plugin: stdin stays open until the answer is read (closing it early cancels the job)."""
    # A conversation on stdin and stdout while it runs: Popen, not run_workprint, which waits for the end.
    process = subprocess.Popen(
        workprint_command("relay"), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    for line in lines:
        process.stdin.write(json.dumps(line) + "\n")
    process.stdin.flush()
    answers = [json.loads(line) for line in process.stdout if line.strip()]
    process.stdin.close()
    return process.wait(timeout=60), answers


def test_relay_answers_in_json_lines(engine):
    status, answers = relay([{"address": engine.address, "token": TOKEN, "call": "health"}])
    assert status == 0 and answers == [{"health": "SERVING"}, {"done": True}]
    status, answers = relay([{"address": engine.address, "token": "wrong", "call": "info"}])
    assert status == 5 and answers[0]["error"]["kind"] == "AuthError"
    status, answers = relay(
        [
            {
                "address": engine.address,
                "token": TOKEN,
                "call": "suggest_trims",
                "request": {"timeline_otio_json": "{not json"},
            }
        ]
    )
    assert status == 2 and "not valid JSON" in answers[0]["error"]["message"]
    status, answers = relay([{"call": "format_disk"}])
    assert status == 2 and "unknown call" in answers[0]["error"]["message"]


def test_an_engine_is_started_when_none_listens(tmp_path):
    address = f"127.0.0.1:{free_port()}"
    config = PluginConfig(
        engine_command=[sys.executable, "-m", "workprint.engine.cli.main"],
        address=address,
        data_dir=str(tmp_path / "data"),
        cache_dir=str(tmp_path / "cache"),
        force_relay=True,
    )
    link = EngineLink(config)
    assert not listening(address)
    wait_s = link.ensure_running()
    try:
        assert link.started is not None
        status, answers = relay([{"address": address, "token": link.token, "call": "health", "wait_s": wait_s}])
        assert status == 0 and answers[0] == {"health": "SERVING"}, answers
        # A second plugin run finds it and starts nothing.
        again = EngineLink(config)
        again.ensure_running()
        assert again.started is None
    finally:
        link.started.terminate()
        link.started.wait(timeout=60)
    deadline = time.monotonic() + 30
    while listening(address) and time.monotonic() < deadline:
        time.sleep(0.2)
