"""Ray is an optional extra: without it the engine never loads it, and `--cluster` says how to get it."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from conftest import run_workprint
from workprint.engine.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_ray(monkeypatch):
    # A None entry makes `import ray` fail as it does where Ray is not installed.
    monkeypatch.setitem(sys.modules, "ray", None)


def test_ray_is_imported_only_inside_functions():
    """The cluster package loads without Ray; only a call that needs it imports it."""
    for module in (ROOT / "engine" / "cluster").glob("*.py"):
        tree = ast.parse(module.read_text())
        top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        names = {a.name for n in top if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in top if isinstance(n, ast.ImportFrom)}
        assert not any(name == "ray" or name.startswith("ray.") for name in names), module.name


def test_the_light_client_never_reaches_the_cluster():
    from workprint.install import light
    from workprint.install import resolve as installer

    scripts = [installer._scripts_source() / name for name in installer.SCRIPTS]
    modules = light.closure(light.script_entries(scripts))
    assert not any(name.startswith("workprint.engine.cluster") for name in modules)


def test_without_ray_the_import_says_how_to_get_it(no_ray):
    from workprint.engine.cluster.runtime import import_ray

    with pytest.raises(ConfigError, match=r"pip install 'workprint\[cluster\]'"):
        import_ray()


@pytest.mark.parametrize("command", ["analyze", "suggest-trims", "assemble-selects"])
def test_without_ray_cluster_is_a_setup_error_naming_the_extra(no_ray, tmp_path, command):
    media = tmp_path / "A001_C001.mov"
    media.write_bytes(b"")
    args = {
        "analyze": ["analyze", str(media)],
        "suggest-trims": ["suggest-trims", str(tmp_path / "cut.otio"), "-o", str(tmp_path / "out.otio")],
        "assemble-selects": ["assemble-selects", str(tmp_path), "-o", str(tmp_path / "selects.otio")],
    }[command]
    done = run_workprint(*args, "--cluster", "local", check=None, in_process=True)
    assert done.returncode == ConfigError.exit_code, done.output
    assert "workprint[cluster]" in done.output and "Ray" in done.output
    # Nothing was started or written on the way.
    assert not (tmp_path / "out.otio").exists() and not (tmp_path / "selects.otio").exists()


def test_cluster_with_an_engine_already_running_is_refused(tmp_path):
    done = run_workprint(
        "analyze", str(tmp_path / "x.mov"), "--engine", "127.0.0.1:1", "--cluster", "local", check=None, in_process=True
    )
    assert done.returncode == 2
    assert "engine serve --cluster" in done.output
