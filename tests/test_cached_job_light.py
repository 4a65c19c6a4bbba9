"""A cached job needs no torch: an engine that has analysed nothing since it started reads the analyses its
cache holds and answers without loading torch or a model (about 0.7 GB resident once imported)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from workprint.engine.core import Engine
from workprint.engine.jobs.events import JobContext
from workprint.engine.jobs.suggest_trims import suggest_trims
from workprint.engine.settings import EngineSettings, TrimSettings
from workprint.engine.timeline import otio_json

# The shoot analysed once per session, then a job in a fresh interpreter.
pytestmark = pytest.mark.slow

JOB = """
import json, sys
from pathlib import Path
from workprint.engine.core import Engine
from workprint.engine.jobs.events import JobContext
from workprint.engine.jobs.suggest_trims import suggest_trims
from workprint.engine.settings import EngineSettings, TrimSettings
cache, timeline, base, report = sys.argv[1:5]
engine = Engine(EngineSettings(cache_dir=Path(cache)))
events = []
result = suggest_trims(engine, Path(timeline).read_text(), TrimSettings(), Path(base), JobContext(events.append),
                       report=report == "report")
print(json.dumps({"summary": result.summary, "suggestions": len(result.suggestions), "device": engine.device(),
                  "report": len(result.report_html), "loaded": sorted(m for m in ("torch", "av") if m in sys.modules),
                  "warnings": [e.message for e in events if type(e).__name__ == "Warning"]}))
"""


@pytest.fixture(scope="module")
def analysed(shoot, analysis_cache):
    """The shoot analysed into the session's cache, and what a job in this process made of it."""
    engine = Engine(EngineSettings(cache_dir=analysis_cache))
    result = suggest_trims(
        engine, otio_json.dump(shoot.timeline), TrimSettings(), shoot.timeline_path.parent, JobContext(lambda e: None)
    )
    return result


@pytest.mark.parametrize("report", ["", "report"])
def test_a_cached_job_loads_no_torch_and_answers_the_same(shoot, analysis_cache, analysed, report):
    done = subprocess.run(
        [sys.executable, "-c", JOB, analysis_cache, str(shoot.timeline_path), str(shoot.timeline_path.parent), report],
        capture_output=True,
        text=True,
        check=True,
    )
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["loaded"] == [], done.stderr
    assert answer["summary"] == analysed.summary
    assert answer["suggestions"] == len(analysed.suggestions) > 0
    assert answer["device"] in ("cpu", "cuda")
    assert (answer["report"] > 0) == bool(report)
    assert not any("analys" in w for w in answer["warnings"]), answer["warnings"]


def test_an_uncached_file_is_still_analysed_by_the_same_engine(shoot, tmp_path):
    """The reader comes first, the analyser when a file is missing from the cache; both read one cache."""
    engine = Engine(EngineSettings(cache_dir=tmp_path / "cache"))
    reader = engine.reader
    assert reader.from_cache(shoot.takes[0].path) is None
    first = suggest_trims(
        engine, otio_json.dump(shoot.timeline), TrimSettings(), shoot.timeline_path.parent, JobContext(lambda e: None)
    )
    decoded = engine.analyzer.decodes
    assert decoded >= len(shoot.takes)  # the takes and the music bed
    assert engine.reader is engine.analyzer
    assert engine.analyzer.cache is reader.cache  # its per-file locks too: one analysis of a file at a time
    found = engine.reader.from_cache(shoot.takes[0].path)
    assert found is not None and found.from_cache
    again = suggest_trims(
        engine, otio_json.dump(shoot.timeline), TrimSettings(), shoot.timeline_path.parent, JobContext(lambda e: None)
    )
    assert engine.analyzer.decodes == decoded
    assert first.suggestions and again.summary == first.summary
