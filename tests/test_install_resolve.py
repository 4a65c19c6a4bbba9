"""`workprint install resolve` into a temporary home, for each OS's folder layout, and back out."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from conftest import run_workprint
from workprint.install import resolve as installer

tomllib = pytest.importorskip("tomllib")

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS_FOLDERS = {
    "macos": "Library/Application Support/Blackmagic Design/DaVinci Resolve/Fusion/Scripts/Edit",
    "windows": "AppData/Roaming/Blackmagic Design/DaVinci Resolve/Support/Fusion/Scripts/Edit",
    "linux": ".local/share/DaVinciResolve/Fusion/Scripts/Edit",
}


def requirement_set(lines: list[str]) -> set[tuple[str, frozenset[str]]]:
    """Requirements compared by name and specifiers, whatever order and spelling the metadata uses."""
    found = set()
    for line in lines:
        name, rest = re.match(r"\s*([A-Za-z0-9_.-]+)\s*(.*)", line.partition(";")[0]).groups()
        found.add((name.lower().replace("_", "-"), frozenset(s.replace(" ", "") for s in rest.split(",") if s.strip())))
    return found


def pyproject_dependencies() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("os_name", sorted(SCRIPTS_FOLDERS))
def test_install_and_uninstall_for_each_os(tmp_path, os_name):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)  # the user's own things stay
    before = tree(home)
    result = run_workprint("install", "resolve", "--os", os_name, "--home", str(home), "--no-client", in_process=True)
    edit = home / SCRIPTS_FOLDERS[os_name]
    for name in installer.SCRIPTS:
        assert (edit / name).is_file()
    config = json.loads((edit / "workprint.json").read_text())
    assert config["engine_command"] == [sys.executable, "-m", "workprint.engine.cli.main"]
    lib = Path(config["lib_dir"])
    assert lib.is_relative_to(home) and not lib.is_relative_to(edit.parent)  # not listed as menu scripts
    for light in (
        "plugin/client.py",
        "plugin/protocol/workprint_pb2.py",
        "plugin/resolve/main.py",
        "adapters/resolve/apply_trims.py",
        "engine/errors.py",
        "engine/settings.py",
    ):
        assert (lib / "workprint" / light).is_file(), light
    assert not (lib / "workprint" / "engine" / "core.py").exists()  # the engine proper stays in its environment
    token = Path(config["token_file"])
    assert token.read_text().strip()
    if os.name == "posix":
        assert token.stat().st_mode & 0o077 == 0
    assert "Restart DaVinci Resolve" in result.output
    # Installing again keeps the token (an engine already running keeps working).
    first = token.read_text()
    run_workprint("install", "resolve", "--os", os_name, "--home", str(home), "--no-client", in_process=True)
    assert token.read_text() == first
    run_workprint("install", "resolve", "--uninstall", "--os", os_name, "--home", str(home), in_process=True)
    left = tree(home) - before
    assert not any("Workprint" in p or "workprint" in p for p in left), left


def test_the_client_goes_into_the_private_folder_for_resolves_python(tmp_path):
    calls = []

    class Done:
        returncode, stdout, stderr = 0, "", ""

    def fake_pip(command, **kwargs):
        calls.append(command)
        return Done()

    report = installer.install("linux", tmp_path, python=sys.executable, run=fake_pip)
    (command,) = calls
    target = installer.layout("linux", tmp_path).lib / "site"
    assert command[:4] == [sys.executable, "-m", "pip", "install"]
    assert command[command.index("--target") + 1] == str(target)
    assert "--user" not in command and "--no-user" in command
    # The pins are pyproject's base dependencies, no more, no less (read from the installed metadata).
    pinned = [word for word in command[4:] if not word.startswith("-") and word not in (str(target),)]
    assert requirement_set(pinned) == requirement_set(pyproject_dependencies())
    assert report.client_installed and any(str(target) in line for line in report.lines)


def test_a_failed_client_install_falls_back_to_the_relay_route(tmp_path):
    class Failed:
        returncode, stdout, stderr = 1, "", "ERROR: No matching distribution found for grpcio"

    report = installer.install("linux", tmp_path, python=sys.executable, run=lambda *a, **k: Failed())
    assert not report.client_installed
    assert any("standard-library route" in line for line in report.lines)
    assert (installer.layout("linux", tmp_path).edit_scripts / "workprint.json").is_file()


def test_unknown_os_is_refused(tmp_path):
    run_workprint("install", "resolve", "--os", "amiga", "--home", str(tmp_path), check=2, in_process=True)
