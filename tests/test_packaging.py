"""The distribution's layout: one `workprint` namespace over the top-level folders."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {
    "plugin": "workprint.plugin",
    "engine": "workprint.engine",
    "adapters": "workprint.adapters",
    "install": "workprint.install",
}


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = set()
    for folder, package in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((package, *relative)))
    assert found == listed


def test_wheel_holds_only_the_workprint_namespace(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("workprint-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"workprint", next(t for t in tops if t.endswith(".dist-info"))}
    assert "workprint/plugin/protocol/workprint.proto" in names
    assert "workprint/plugin/protocol/workprint_pb2_grpc.py" in names
    assert not any(name.startswith("workprint/tests") for name in names)
