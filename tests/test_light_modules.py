"""What is copied into a host's Python is the menu scripts' import closure, and it runs there with the light client."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

from conftest import TOKEN, run_workprint
from workprint.install import light
from workprint.install import resolve as installer

#: Never inside a host's Python: the engine's own dependencies.
HEAVY = ("torch", "av", "numpy", "click", "rich", "platformdirs")
#: Heavy imports a light module may hold in a function that only the engine process calls.
ENGINE_ONLY: set[tuple[str, str]] = set()  # (module, heavy package) pairs the plugin never reaches


def menu_closure() -> dict[str, light.Module]:
    return light.closure(light.script_entries([installer._scripts_source() / name for name in installer.SCRIPTS]))


def heavy_imports(module: light.Module) -> set[str]:
    tree = ast.parse(module.path.read_text(encoding="utf-8"))
    names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    names |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    return {name.split(".")[0] for name in names} & set(HEAVY)


def test_the_closure_follows_lazy_imports_and_stops_at_the_engine():
    modules = menu_closure()
    for needed in (
        "workprint.plugin.resolve.main",
        "workprint.plugin.resolve.dialog",
        "workprint.plugin.client",
        "workprint.plugin.protocol.contract",
        "workprint.plugin.protocol.workprint_pb2_grpc",
        "workprint.engine.settings",
        "workprint.engine.domain.kinds",
        "workprint.engine.errors",
        "workprint.adapters.resolve.apply_trims",
    ):
        assert needed in modules, needed
    for engine_only in (
        "workprint.engine.core",
        "workprint.engine.server.app",
        "workprint.adapters.formats",
        "workprint.engine.cli.main",
        "workprint.install.resolve",
    ):
        assert engine_only not in modules, engine_only
    # Every package on the way is there, so each module imports as a submodule.
    for name in modules:
        parts = name.split(".")
        assert all(".".join(parts[:n]) in modules for n in range(2, len(parts))), name


def test_no_light_module_imports_the_engines_dependencies():
    found = {(name, heavy) for name, module in menu_closure().items() for heavy in heavy_imports(module)}
    assert found <= ENGINE_ONLY, sorted(found - ENGINE_ONLY)


def test_a_relative_import_and_an_attribute_are_told_apart(tmp_path):
    package = tmp_path / "plugin" / "extra"
    package.mkdir(parents=True)
    (tmp_path / "plugin" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "entry.py").write_text(
        "from . import sibling\nfrom .sibling import VALUE\n\ndef later():\n"
        "    from workprint.plugin.extra import lazy\n"
    )
    (package / "sibling.py").write_text("VALUE = 1\n")
    (package / "lazy.py").write_text("import json\n")
    (package / "unused.py").write_text("")
    found = light.closure(("workprint.plugin.extra.entry",), {"workprint.plugin": tmp_path / "plugin"})
    assert set(found) == {
        "workprint.plugin",
        "workprint.plugin.extra",
        "workprint.plugin.extra.entry",
        "workprint.plugin.extra.sibling",
        "workprint.plugin.extra.lazy",
    }


def test_the_installed_library_is_exactly_the_closure(tmp_path):
    run_workprint("install", "resolve", "--os", "linux", "--home", str(tmp_path), "--no-client", in_process=True)
    lib = installer.layout("linux", tmp_path).lib
    copied = {str(p.relative_to(lib)) for p in lib.rglob("*") if p.is_file()}
    assert copied == {str(relative) for _, relative in light.files_to_copy(menu_closure())}
    assert {"workprint/plugin/protocol/workprint.proto", "workprint/plugin/protocol/workprint_pb2.pyi"} <= copied


CHECK = """
import importlib, json, sys

class Heavy:
    # The engine's dependencies are not there in a host's Python.
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {heavy!r}:
            raise ImportError(name + " is not available here")
        return None

sys.meta_path.insert(0, Heavy())
sys.path[:0] = [{lib!r}]
sys.path.append({site!r})  # the light client (grpcio, protobuf), without site's .pth files
outside = []
for name in {modules!r}:
    module = importlib.import_module(name)
    if not module.__file__.startswith({lib!r}):
        outside.append(module.__file__)
from workprint.plugin.resolve.config import PluginConfig
from workprint.plugin.resolve.engine_link import EngineLink
from workprint.plugin.resolve.tasks import trim_kinds_from_info
link = EngineLink(PluginConfig(address={address!r}, token_file={token_file!r}))
kinds = trim_kinds_from_info(link.info())
print(json.dumps({{"outside": outside, "route": link.transport.route, "kinds": [k.name for k in kinds]}}))
"""


def test_the_copied_library_runs_in_a_fresh_python_with_only_the_light_client(tmp_path, engine):
    installer.install("linux", tmp_path, client=False, address=engine.address)
    lib = installer.layout("linux", tmp_path).lib
    token = tmp_path / "token"
    token.write_text(TOKEN)
    modules = sorted(menu_closure())
    code = CHECK.format(
        heavy=HEAVY,
        lib=str(lib),
        site=sysconfig.get_paths()["purelib"],
        modules=modules,
        address=engine.address,
        token_file=str(token),
    )
    # -S: no site-packages processing, so the editable install of this checkout cannot stand in for the copy.
    done = subprocess.run(
        [sys.executable, "-S", "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["outside"] == []
    assert answer["route"] == "grpc"
    from workprint.engine.domain.kinds import TRIM_KINDS

    assert answer["kinds"] == list(TRIM_KINDS)
    assert Path(lib / "workprint" / "engine" / "domain" / "kinds.py").is_file()
