"""Bad input: one clear line naming the file, a non-zero exit, never a traceback.

Each command runs as a real process: stderr and the exit status as the entry point leaves them."""

from __future__ import annotations

import subprocess

import pytest

from conftest import run_workprint
from otio_samples import rich_timeline
from workprint.engine.timeline import otio_json


def assert_one_line_error(done: subprocess.CompletedProcess, code: int, *expected: str) -> None:
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    for text in expected:
        assert text in lines[0]


CASES = {
    "malformed JSON": ("rough.otio", b'{"OTIO_SCHEMA": "Timeline.1", "tracks": [', "not valid JSON"),
    "not a timeline": (
        "bin.otio",
        b'{"OTIO_SCHEMA": "SerializableCollection.1", "name": "b", "metadata": {}, "children": []}',
        "not a timeline",
    ),
    "unknown schema": ("odd.otio", b'{"OTIO_SCHEMA": "Spaceship.7"}', "not a timeline"),
    "not text": ("binary.otio", bytes(range(256)) * 4, "cannot read it"),
    "broken XML": ("rough.xml", b"<xmeml><sequence>", "cannot read it as Final Cut Pro 7 / Premiere XML"),
    "broken FCPXML": ("rough.fcpxml", b"not xml at all", "cannot read it as Final Cut Pro X XML"),
    "broken AAF": ("rough.aaf", b"definitely not a compound file", "cannot read it as Avid AAF"),
    "broken EDL": ("rough.edl", b"TITLE: x\n001  AX  V  C  nonsense\n", "cannot read it as CMX 3600 EDL"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_files(tmp_path, case):
    name, content, expected = CASES[case]
    source = tmp_path / name
    source.write_bytes(content)
    done = run_workprint("suggest-trims", str(source), "-o", str(tmp_path / "out.otio"), check=2)
    assert_one_line_error(done, 2, str(source), expected)


def test_missing_file(tmp_path):
    done = run_workprint("suggest-trims", str(tmp_path / "nowhere.otio"), "-o", str(tmp_path / "out.otio"), check=2)
    assert_one_line_error(done, 2, "nowhere.otio: no such file")


def test_unknown_extensions(tmp_path):
    source = tmp_path / "rough.otio"
    source.write_text(otio_json.dump(rich_timeline()))
    done = run_workprint("suggest-trims", str(source), "-o", str(tmp_path / "out.mp4"), check=2)
    assert_one_line_error(done, 2, "out.mp4: unknown timeline format '.mp4'", ".fcpxml")
    (tmp_path / "rough.docx").write_text("x")
    done = run_workprint("suggest-trims", str(tmp_path / "rough.docx"), "-o", str(tmp_path / "out.otio"), check=2)
    assert_one_line_error(done, 2, "rough.docx: unknown timeline format")


def test_refuses_to_overwrite_the_input(tmp_path):
    source = tmp_path / "rough.otio"
    text = otio_json.dump(rich_timeline())
    source.write_text(text)
    done = run_workprint("suggest-trims", str(source), "-o", str(source), check=2)
    assert_one_line_error(done, 2, "that is the input")
    assert source.read_text() == text
    # A Final Cut Pro bundle is a folder whose Info.fcpxml is the editor's document.
    bundle = tmp_path / "Cut.fcpxmld"
    bundle.mkdir()
    (bundle / "Info.fcpxml").write_text("<fcpxml/>")
    done = run_workprint("suggest-trims", str(bundle), "-o", str(bundle / "Info.fcpxml"), check=2)
    assert_one_line_error(done, 2, "that is inside the input Cut.fcpxmld")
    assert (bundle / "Info.fcpxml").read_text() == "<fcpxml/>"


def test_unknown_kind_and_engine_unreachable(tmp_path):
    source = tmp_path / "rough.otio"
    source.write_text(otio_json.dump(rich_timeline()))
    done = run_workprint("suggest-trims", str(source), "-o", str(tmp_path / "o.otio"), "--only", "head,bogus", check=2)
    assert_one_line_error(done, 2, "unknown kind(s) bogus")
    done = run_workprint(
        "suggest-trims", str(source), "-o", str(tmp_path / "o.otio"), "--engine", "127.0.0.1:9", check=4
    )
    assert_one_line_error(done, 4, "no Workprint engine answers at 127.0.0.1:9")


def test_an_unexpected_exception_is_an_internal_error_with_status_70(tmp_path, monkeypatch):
    from workprint.engine.cli import session

    def broken(*args, **kwargs):
        raise RuntimeError("a bug, not the user's doing")

    monkeypatch.setattr(session, "connect", broken)
    # In this process, where the patch is.
    result = run_workprint("analyze", str(tmp_path / "take.mov"), check=70, in_process=True)
    assert "internal error: RuntimeError: a bug" in result.output and "Traceback" not in result.output
