"""The command line on the applications' own exports, relinked to media made where they point.

Review-only and trims runs exit 0 (or refuse, before any analysis, with a
message naming the file); the file written reads back through the same
adapter with every link, file, timecode and marker the input had, each
changed clip carries a marker that says why, and the lines the job did not
touch are the input's own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import run_workprint
from export_media import relink_fcp7
from file_edits import EXPORTS, TIMING_LINE, lost_lines, xml_counts
from workprint.adapters.formats import read_document

pytestmark = pytest.mark.skipif(not EXPORTS.is_dir(), reason=f"the applications' exports are not at {EXPORTS}")


def run(*args: str, check: int | None = 0):
    return run_workprint(*args, check=check, in_process=True)


def check_written(source: Path, written: Path, review_only: bool) -> None:
    before, after = source.read_text(encoding="utf-8"), written.read_text(encoding="utf-8")
    with read_document(source) as original, read_document(written) as back:
        clips_before = {c.metadata["fcp_xml"]["@id"]: c for c in original.obj.find_clips()}
        clips_after = back.obj.find_clips()
        if review_only:
            assert [c.source_range for c in clips_after] == [c.source_range for c in original.obj.find_clips()]
        changed = [
            c
            for c in clips_after
            if c.metadata["fcp_xml"]["@id"] not in clips_before
            or c.source_range != clips_before[c.metadata["fcp_xml"]["@id"]].source_range
        ]
        # Every clip that changed says why in the file itself: a marker with the reason on it or, for the piece
        # before a closed pause, on the piece after it, where the cut now is.
        explained = {
            original_id(c)
            for c in clips_after
            if any(m.name.startswith("Workprint: ") and "confidence" in str(m.metadata) for m in c.markers)
        }
        assert not [c.name for c in changed if original_id(c) not in explained]
    counts_before, counts_after = xml_counts(before), xml_counts(after)
    for tag in ("link", "file", "timecode", "sequence", "transitionitem", "effect", "labels", "logginginfo"):
        assert counts_after[tag] >= counts_before[tag], tag
    if review_only:
        assert {t: n for t, n in counts_after.items() if t != "marker"} == {
            t: n for t, n in counts_before.items() if t != "marker"
        }
    assert counts_after["marker"] > counts_before["marker"]
    root = ElementTree.fromstring(after.encode("utf-8"))
    ids = [e.get("id") for e in root.iter("clipitem")]
    assert len(ids) == len(set(ids))
    assert not [line for line in lost_lines(before, after) if not TIMING_LINE.search(line)]


def original_id(clip) -> str:
    """A piece's id is its clip's, or that with -2, -3... for the pieces a split adds."""
    return re.sub(r"^(.*\D-\d+)-\d+$", r"\1", clip.metadata["fcp_xml"]["@id"])


def trims_and_review(tmp_path: Path, export: str, *extra: str) -> None:
    media = tmp_path / "media"
    media.mkdir()
    source = relink_fcp7(EXPORTS / "otio-fcp-adapter" / export, media)
    cache = str(tmp_path / "cache")
    review = tmp_path / "review.xml"
    run("suggest-trims", str(source), "-o", str(review), "--review-only", "--cache-dir", cache, *extra)
    check_written(source, review, review_only=True)
    trimmed = tmp_path / "trimmed.xml"
    done = run("suggest-trims", str(source), "-o", str(trimmed), "--cache-dir", cache, *extra)
    assert "clips changed" in done.output
    check_written(source, trimmed, review_only=False)


def test_premiere_clips_that_share_a_file_at_two_timecodes(tmp_path):
    """Two <file>s with one path and different timecodes: each clip keeps its own (no in-point moves)."""
    trims_and_review(tmp_path, "premiere_enable_property.xml", "--min-pause", "0.8")
    text = (tmp_path / "trimmed.xml").read_text()
    assert text.count("<string>00:00:14:03</string>") == text.count("<string>00:00:17:09</string>") == 1


@pytest.mark.slow
def test_premiere_example_with_links_transitions_and_a_nested_sequence(tmp_path):
    trims_and_review(tmp_path, "premiere_example.xml")


def test_a_writer_that_cannot_hold_the_input_refuses_before_the_analysis(tmp_path):
    source = EXPORTS / "otio-aaf-adapter" / "2997fps-DFTC.aaf"
    done = run("suggest-trims", str(source), "-o", str(tmp_path / "out.aaf"), check=None)
    assert done.returncode != 0
    assert "nothing was analysed" in done.output and "out.aaf" in done.output
    assert "Analysing" not in done.output and not (tmp_path / "out.aaf").exists()


def test_an_fcpxml_library_is_worked_on_project_by_project_or_one_by_name(tmp_path):
    library = EXPORTS / "otio-fcpx-xml-adapter" / "fcpx_library.fcpxml"
    done = run("suggest-trims", str(library), "-o", str(tmp_path / "all.fcpxml"))
    assert "every project (OpenTimeline_Project; OpenTimeline_Project 1)" in done.output
    with read_document(tmp_path / "all.fcpxml") as back:
        assert [t.name for t in back.obj] == ["OpenTimeline_Project", "OpenTimeline_Project 1"]
    run("suggest-trims", str(library), "-o", str(tmp_path / "one.fcpxml"), "--project", "OpenTimeline_Project 1")
    # Written in place: the library as it came, the project named worked on, the other one byte for byte.
    with read_document(tmp_path / "one.fcpxml", project="OpenTimeline_Project 1") as back:
        assert back.obj.name == "OpenTimeline_Project 1"
    text, written = library.read_text(), (tmp_path / "one.fcpxml").read_text()
    other = text[text.index('<project name="OpenTimeline_Project"') :]
    assert other[: other.index("</project>")] in written


def test_an_edl_without_media_comes_back_as_the_very_list(tmp_path):
    source = EXPORTS / "otio-cmx3600-adapter" / "screening_example.edl"
    done = run("suggest-trims", str(source), "-o", str(tmp_path / "out.edl"))
    assert "frame rate 24, assumed" in done.output
    assert (tmp_path / "out.edl").read_bytes() == source.read_bytes()


@pytest.mark.parametrize(
    ("export", "said"),
    [
        ("otio-aaf-adapter/simple.aaf", "every marker, the editor's and one per change, as a Media Composer locator"),
        ("kdenlive-opentimelineio/kdenlive_example_v240770.kdenlive", "Kdenlive 25.04+ opens .otio"),
    ],
)
def test_what_a_writer_cannot_carry_is_said_before_the_job_runs(tmp_path, export, said):
    source = EXPORTS / export
    done = run("suggest-trims", str(source), "-o", str(tmp_path / f"out{source.suffix}"))
    assert said in done.output
    assert done.output.index(said) < done.output.index("Finding media")
    with read_document(tmp_path / f"out{source.suffix}") as back:
        assert back.obj.find_clips()
