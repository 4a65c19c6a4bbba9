"""`workprint analyze`: JSON for pipelines, a table for people, clear words for bad files."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from conftest import run_workprint
from generated_media import short_take


# Two real processes, each loading the engine's models, then analysing a take end to end.
@pytest.mark.slow
def test_json_per_file_and_a_table(tmp_path):
    take = short_take(tmp_path / "S05_T01.mov", "mjpeg", Fraction(25), "10:00:00:00")
    junk = tmp_path / "A002_C001.mov"
    junk.write_bytes(b"\0" * 1000)
    # A cache of this test's own: the table below is read back from what the JSON run left.
    done = run_workprint("analyze", str(take.path), str(junk), "--json", "--cache-dir", str(tmp_path / "c"))
    (line,) = done.stdout.splitlines()
    report = json.loads(line)
    assert report["path"] == str(take.path)
    assert report["duration_s"] == 4.0 and report["frame_rate"] == 25.0
    assert report["start_timecode"] == "10:00:00:00"
    assert len(report["shots"]) == 2 and report["shots"][0][0] == 0.0
    assert report["speech"] and all(len(span) == 2 for span in report["speech"])
    assert all({"kind", "start_s", "end_s", "confidence"} <= set(e) for e in report["events"])
    # The unreadable file is named on stderr; the readable one still came through.
    assert "A002_C001.mov" in done.stderr and "Traceback" not in done.stderr

    table = run_workprint("analyze", str(take.path), "--cache-dir", str(tmp_path / "c"))
    assert "S05_T01.mov" in table.stdout and "10:00:00:00" in table.stdout


def test_nothing_readable_is_exit_3(tmp_path):
    junk = tmp_path / "broken.mxf"
    junk.write_bytes(b"garbage" * 50)
    done = run_workprint("analyze", str(junk), "--cache-dir", str(tmp_path / "c"), check=3)
    assert "broken.mxf" in done.stderr and "Traceback" not in done.stderr
