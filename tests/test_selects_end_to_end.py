"""Auto-assemble selects on a generated day of dailies: by picture, by name, by logged metadata."""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio
import pytest

from conftest import run_workprint
from trim_checks import covered
from workprint.engine.demo.dailies import SETUPS, logged_bin, make_dailies, renamed
from workprint.engine.demo.synth import Picture, TakeScript, write_take

# Every test here runs the whole job on a generated day of dailies (half a minute to write, then analysed).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def card(tmp_path_factory):
    # This module's own: no other module reads these dailies.
    return make_dailies(tmp_path_factory.mktemp("card"))


@pytest.fixture
def cache(analysis_cache):
    # Only reads analyses (nothing here counts decodes): the session's shared cache.
    return analysis_cache


def assemble(source: Path, out_dir: Path, cache: str, *options: str, code: int = 0):
    output = out_dir / "selects.otio"
    log = out_dir / "selects.csv"
    result = run_workprint(
        "assemble-selects",
        str(source),
        "-o",
        str(output),
        "--log",
        str(log),
        "--cache-dir",
        cache,
        *options,
        check=code,
        in_process=True,
    )
    if code:
        return result.output, None, None
    rows = list(csv.DictReader(io.StringIO(log.read_text())))
    return result.output, otio.adapters.read_from_file(str(output)), rows


def file_of(clip: otio.schema.Clip) -> str:
    return Path(otio.url_utils.filepath_from_url(clip.media_reference.target_url)).name


def chosen_files(timeline: otio.schema.Timeline) -> list[str]:
    """The takes laid on the selects track, in order (a take in several pieces counts once)."""
    names: list[str] = []
    for clip in timeline.tracks[0].find_clips():
        if not names or names[-1] != file_of(clip):
            names.append(file_of(clip))
    return names


def check_assembly(takes, timeline, rows, expect_chosen):
    by_file = {t.path.name: t for t in takes}
    assert chosen_files(timeline) == [t.path.name for t in expect_chosen]
    # Groups: the log puts each take with the others of its setup, whatever it was found by.
    setups: dict[str, set] = {}
    for row in rows:
        take = by_file[row["clip_file"]]
        setups.setdefault(row["setup"], set()).add(f"{take.scene}{take.setup}")
    assert all(len(found) == 1 for found in setups.values()), setups
    assert len(setups) == len(SETUPS)
    video, sound = timeline.tracks[0], timeline.tracks[1]
    for take in expect_chosen:
        assert take.defect is None
        pieces = [c for c in video.find_clips() if file_of(c) == take.path.name]
        spans = [
            (c.source_range.start_time.to_seconds(), c.source_range.end_time_exclusive().to_seconds()) for c in pieces
        ]
        frame = 1 / float(next(s[5] for s in SETUPS if (s[0], s[1]) == (take.scene, take.setup)))
        for a, b in take.lines:
            assert covered((a + frame, b - frame), spans), f"{take.path.name}: dialogue {a}-{b} cut"
        # Dead material off the ends: the slate, clap and "Action!" before, "Cut!" after.
        assert spans[0][0] >= 2.0 and spans[-1][1] <= take.lines[-1][1] + 0.75
    # Picture and sound laid out together.
    layout = [(file_of(c), c.source_range, video.range_of_child(c).start_time) for c in video.find_clips()]
    assert layout == [(file_of(c), c.source_range, sound.range_of_child(c).start_time) for c in sound.find_clips()]
    # The alternates wait on disabled tracks, and each chosen take says who it beat and why.
    alternates = list(timeline.tracks)[2:]
    assert alternates and not any(track.enabled for track in alternates)
    first = next(iter(video.find_clips()))
    (marker,) = [m for m in first.markers if m.name == "Workprint: select"]
    assert "alternates" in marker.comment


def clean(takes):
    return [t for t in takes if t.defect is None]


def test_by_picture_from_camera_names(card, cache, tmp_path):
    printed, timeline, rows = assemble(card[0].path.parent, tmp_path, cache)
    for row in rows:
        row["clip_file"] = next(t.path.name for t in card if t.path.stem == row["clip"])
    check_assembly(card, timeline, rows, clean(card))
    assert {row["found_by"] for row in rows} == {"picture"}
    reasons = {row["clip"]: row["why"] for row in rows}
    defects = {t.path.stem: t.defect for t in card}
    words = {"flub": "flub", "soft": "soft", "clipped": "clipped", "short": "incomplete"}
    for stem, defect in defects.items():
        if defect:
            assert words[defect] in reasons[stem], (stem, reasons[stem])
    assert "3 setups" in printed


def test_by_slate_names_in_scene_order(card, cache, tmp_path):
    takes = renamed(card, tmp_path / "renamed")
    # Sorted by name the card would start with scene 12; put scene 14 first on disk to prove the order.
    first = tmp_path / "renamed" / "0_late_delivery"
    first.mkdir()
    moved = []
    for take in takes:
        if take.scene == "14":
            target = first / take.path.name
            take.path.rename(target)
            take = type(take)(target, take.scene, take.setup, take.take, take.defect, take.lines)
        moved.append(take)
    _, timeline, rows = assemble(tmp_path / "renamed", tmp_path, cache)
    for row in rows:
        row["clip_file"] = next(t.path.name for t in moved if t.path.stem == row["clip"])
    expected = sorted(clean(moved), key=lambda t: (int(t.scene), t.setup))
    check_assembly(moved, timeline, rows, expected)
    assert {row["found_by"] for row in rows} == {"name"}


def test_by_logged_metadata_and_the_circled_take(card, cache, tmp_path):
    collection = logged_bin(list(reversed(card)), circled={"12B": 1})
    source = tmp_path / "bin.otio"
    otio.adapters.write_to_file(collection, str(source))
    _, timeline, rows = assemble(source, tmp_path, cache)
    for row in rows:
        row["clip_file"] = row["clip"]
    chosen = chosen_files(timeline)
    # The person's circle wins over the clipped sound, and the log says both.
    circled = next(t for t in card if (t.scene, t.setup, t.take) == ("12", "B", 1))
    assert chosen == [clean(card)[0].path.name, circled.path.name, clean(card)[2].path.name]
    why = next(row["why"] for row in rows if row["clip"] == circled.path.name)
    assert "circled" in why and "clipped" in why
    assert {row["found_by"] for row in rows} == {"metadata"}


def test_stringout_lays_every_usable_take(card, cache, tmp_path):
    _, timeline, rows = assemble(card[0].path.parent, tmp_path, cache, "--mode", "stringout")
    usable = [row["clip"] for row in rows if row["usable"] == "True"]
    assert sorted(Path(f).stem for f in chosen_files(timeline)) == sorted(usable)


def test_a_bin_of_one_take(card, cache, tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / card[4].path.name).write_bytes(card[4].path.read_bytes())
    _, timeline, rows = assemble(folder, tmp_path, cache)
    assert chosen_files(timeline) == [card[4].path.name] and len(rows) == 1
    assert len(timeline.tracks) == 2  # no alternates to offer


def test_unreadable_files_are_named_and_the_rest_assembled(card, cache, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / card[2].path.name).write_bytes(card[2].path.read_bytes())
    (folder / "A002_C001.mov").write_bytes(b"\0" * 4096)
    printed, timeline, _ = assemble(folder, tmp_path, cache)
    assert "A002_C001.mov" in printed and chosen_files(timeline) == [card[2].path.name]
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "A003_C001.mov").write_bytes(b"junk" * 100)
    printed, _, _ = assemble(broken, tmp_path, cache, code=3)
    assert "A003_C001.mov" in printed and "nothing to assemble" in printed and "Traceback" not in printed


def test_b_roll_without_speech_is_ranked_on_picture(cache, tmp_path):
    folder = tmp_path / "broll"
    folder.mkdir()
    looks = [(21, "scene"), (21, "soft"), (22, "scene"), (22, "shake")]
    for n, (look, kind) in enumerate(looks, start=1):
        script = TakeScript(
            duration_s=4.0, fps=Fraction(25), codec="mjpeg", pictures=[Picture(kind, 0.0, 4.0, look)], room_tone_db=-60
        )
        write_take(folder / f"B001_C{n:03d}.mov", script)
    _, timeline, rows = assemble(folder, tmp_path, cache)
    assert len({row["setup"] for row in rows}) == 2
    assert chosen_files(timeline) == ["B001_C001.mov", "B001_C003.mov"]
    soft = next(row for row in rows if row["clip"] == "B001_C002")
    assert "soft" in soft["why"] and soft["chosen"] == "False"
