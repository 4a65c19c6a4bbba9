"""The contract's constants live in plugin/protocol/contract.py, once; everyone else reads them from there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import run_workprint
from workprint.engine.core import PROTOCOL_VERSION
from workprint.engine.settings import EngineSettings
from workprint.install import resolve as installer
from workprint.plugin import client
from workprint.plugin.protocol import contract
from workprint.plugin.protocol import workprint_pb2 as pb
from workprint.plugin.resolve.config import PluginConfig

ROOT = Path(__file__).resolve().parent.parent
#: How each constant was spelled out before it had one home; none of these may come back.
SPELLED_OUT = {
    "DEFAULT_ADDRESS": re.compile(r"127\.0\.0\.1:50151"),
    "MAX_MESSAGE_BYTES": re.compile(r"512\s*\*\s*1024\s*\*\s*1024"),
    "TOKEN_ENV": re.compile(r"WORKPRINT_ENGINE_TOKEN"),
    "PROTOCOL_VERSION": re.compile(r"[\"']workprint\.v1[\"']"),
    "AUTH_METADATA_KEY": re.compile(r"[\"']authorization[\"']"),
}


def source_files() -> list[Path]:
    files = []
    for folder in ("plugin", "engine", "adapters", "install"):
        files += [p for p in (ROOT / folder).rglob("*.py") if "_pb2" not in p.name and p.name != "contract.py"]
    return files


@pytest.mark.parametrize("name", sorted(SPELLED_OUT))
def test_no_module_spells_a_contract_constant_out(name):
    pattern = SPELLED_OUT[name]
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in source_files()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert not found, f"use contract.{name} instead: {found}"


def test_the_constants_agree_everywhere():
    assert contract.PROTOCOL_VERSION == pb.DESCRIPTOR.package == PROTOCOL_VERSION
    assert EngineSettings().address == PluginConfig().address == client.DEFAULT_ADDRESS == contract.DEFAULT_ADDRESS
    assert EngineSettings().max_message_bytes == client.MAX_MESSAGE_BYTES == contract.MAX_MESSAGE_BYTES
    assert contract.auth_metadata("t") == ((contract.AUTH_METADATA_KEY, "Bearer t"),)
    assert contract.auth_metadata(None) == contract.auth_metadata("") == ()


def test_command_line_defaults_come_from_the_contract():
    serve = run_workprint("engine", "serve", "--help", in_process=True)
    install = run_workprint("install", "resolve", "--help", in_process=True)
    suggest = run_workprint("suggest-trims", "--help", in_process=True)
    assert contract.DEFAULT_ADDRESS in serve.output and contract.DEFAULT_ADDRESS in install.output
    assert contract.TOKEN_ENV in suggest.output


def test_the_contract_imports_nothing():
    # A host's Python on the relay route reads it: not even grpc may be needed.
    tree = ast.parse((ROOT / "plugin/protocol/contract.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__"}


def test_client_requirements_are_the_base_dependencies_only():
    required = installer.client_requirements()
    names = {re.match(r"[A-Za-z0-9_.-]+", line).group(0).lower() for line in required}
    assert names == {"grpcio", "grpcio-health-checking", "protobuf", "opentimelineio"}
    assert not any(";" in line for line in required)
