"""The committed stubs are exactly what the .proto generates, and need nothing heavy."""

from __future__ import annotations

import subprocess
import sys

from workprint.plugin.protocol import regenerate


def test_committed_stubs_match_the_proto(tmp_path):
    for fresh in regenerate.generate(tmp_path):
        committed = regenerate.HERE / fresh.name
        assert committed.read_bytes() == fresh.read_bytes(), (
            f"{committed.name} is stale: run `python -m workprint.plugin.protocol.regenerate`"
        )


def test_client_and_stubs_import_without_engine_dependencies():
    # As inside a host's Python: no torch, no PyAV, no numpy, no click.
    code = (
        "import sys\n"
        "for name in ('torch', 'av', 'numpy', 'click', 'rich'):\n"
        "    sys.modules[name] = None\n"
        "from workprint.plugin import client\n"
        "from workprint.plugin.protocol import workprint_pb2, workprint_pb2_grpc\n"
        "print(workprint_pb2.DESCRIPTOR.package)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "workprint.v1"
