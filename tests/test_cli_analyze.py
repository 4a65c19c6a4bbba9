"""`workprint analyze`: JSON for pipelines, a table for people, clear words for bad files."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from conftest import run_workprint
from generated_media import short_take


# A real process loading the engine's models and analysing a take end to end: what a pipeline reads on its
# stdout is the JSON alone. The table for people is then read back from its cache in this process.
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
    assert report["words"] and report["transcript"] and "tiny.en" in report["words_model"]
    assert report["speech_likely"] and report["speech_likely"][0][0] <= report["speech"][0][0]
    # The unreadable file is named on stderr; the readable one still came through.
    assert "A002_C001.mov" in done.stderr and "Traceback" not in done.stderr

    table = run_workprint("analyze", str(take.path), "--cache-dir", str(tmp_path / "c"), in_process=True)
    assert "S05_T01.mov" in table.stdout and "10:00:00:00" in table.stdout
    # What was said, under the table, as the JSON has it.
    assert f"S05_T01.mov ({len(report['words'])} words, " in table.stdout
    assert report["transcript"][0]["text"] in table.stdout


def test_the_table_shows_the_transcript_with_times(tmp_path):
    take = short_take(tmp_path / "S07_T03.wav", "pcm_s16le", Fraction(25), video=False)
    cache = str(tmp_path / "c")
    done = run_workprint("analyze", str(take.path), "--json", "--cache-dir", cache, in_process=True)
    report = json.loads(done.stdout)
    table = run_workprint("analyze", str(take.path), "--cache-dir", cache, in_process=True).stdout
    (piece,) = report["transcript"]
    header = f"S07_T03.wav ({len(report['words'])} words, {report['words_model']}):"
    assert header in table and len(report["words"]) >= 5
    # Each piece on its own line under the file's name: when it starts and ends, then what was said.
    (line,) = [row for row in table.splitlines() if piece["text"] in row]
    assert line.split()[0] == f"0:{piece['start_s']:05.2f}–0:{piece['end_s']:05.2f}"
    assert table.index(header) < table.index(line)


def test_words_off_says_why_and_the_table_still_comes(tmp_path):
    take = short_take(tmp_path / "S07_T04.wav", "pcm_s16le", Fraction(25), video=False)
    done = run_workprint(
        "analyze",
        str(take.path),
        "--cache-dir",
        str(tmp_path / "c"),
        "--asr-model",
        str(tmp_path / "nowhere"),
        in_process=True,
    )
    assert "S07_T04.wav" in done.stdout and "words are off" in done.stderr and "nowhere" in done.stderr
    assert "words," not in done.stdout


def test_nothing_readable_is_exit_3(tmp_path):
    junk = tmp_path / "broken.mxf"
    junk.write_bytes(b"garbage" * 50)
    done = run_workprint("analyze", str(junk), "--cache-dir", str(tmp_path / "c"), check=3)
    assert "broken.mxf" in done.stderr and "Traceback" not in done.stderr
