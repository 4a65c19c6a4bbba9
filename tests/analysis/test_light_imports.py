"""The analysis's data types load without torch or PyAV: decisions and reports read them in light processes."""

from __future__ import annotations

import subprocess
import sys

IMPORTS = """
import importlib, pkgutil, sys
import workprint.engine.analysis
import workprint.engine.analysis.result
import workprint.engine.analysis.schema as schema
from workprint.engine.analysis import MediaAnalysis
from workprint.engine.analysis.schema.speech import SpeechResult
import workprint.engine.analysis.catalogue, workprint.engine.analysis.reading
modules = [importlib.import_module(f"schema.{m.name}".replace("schema", schema.__name__, 1))
           for m in pkgutil.iter_modules(schema.__path__)]
assert len(modules) >= 12, modules
print(sorted(name for name in ("torch", "av") if name in sys.modules))
"""


def test_result_types_import_without_torch_or_av():
    done = subprocess.run([sys.executable, "-c", IMPORTS], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_the_analyzer_still_comes_from_the_package():
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from workprint.engine.analysis import Analyzer; "
            "import sys; print(Analyzer.__name__, 'torch' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["Analyzer", "True"]


def test_the_engine_and_its_command_line_import_without_torch():
    """`workprint engine serve` starts, and a cached job runs, without torch (0.7 GB resident once imported):
    it is imported when a file is to be analysed."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, workprint.engine.server.app, workprint.engine.cli.main, workprint.engine.jobs.suggest_trims, "
            "workprint.engine.jobs.assemble_selects, workprint.engine.cluster.fanout; "
            "print(sorted(n for n in ('torch', 'av') if n in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
