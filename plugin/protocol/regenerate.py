"""Regenerate the Python stubs from workprint.proto (needs grpcio-tools).

The stubs are committed so that a host's Python needs no code generator;
tests/test_protocol_stubs.py fails when they differ from what this writes.

    python -m workprint.plugin.protocol.regenerate
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROTO = HERE / "workprint.proto"
# The import path the generated modules use for each other.
VIRTUAL_DIR = "workprint/plugin/protocol"
GENERATED = ("workprint_pb2.py", "workprint_pb2.pyi", "workprint_pb2_grpc.py")


def generate(out_dir: Path) -> list[Path]:
    """Write the generated files into out_dir and return their paths."""
    from grpc_tools import protoc  # only at generation time

    include = str(Path(protoc.__file__).parent / "_proto")
    with tempfile.TemporaryDirectory() as tmp:
        args = [
            "protoc",
            f"-I{VIRTUAL_DIR}={HERE}",
            f"-I{include}",
            f"--python_out={tmp}",
            f"--pyi_out={tmp}",
            f"--grpc_python_out={tmp}",
            f"{VIRTUAL_DIR}/{PROTO.name}",
        ]
        if protoc.main(args) != 0:
            raise RuntimeError("protoc failed on " + str(PROTO))
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name in GENERATED:
            target = out_dir / name
            target.write_bytes((Path(tmp) / VIRTUAL_DIR / name).read_bytes())
            written.append(target)
    return written


def main() -> int:
    for path in generate(HERE):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
