"""Scene, setup and take from clip properties and file names."""

from __future__ import annotations

import pytest

from workprint.engine.selects.naming import from_name, take_name


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("S12A_T03.mov", "12A-3"),
        ("Sc12A-Tk3.mxf", "12A-3"),
        ("12A-3.mov", "12A-3"),
        ("12A_3", "12A-3"),
        ("12A.3.mov", "12A-3"),
        ("S4_T12.mp4", "4-12"),
        ("scene 7b take 2.mov", "7B-2"),
        ("012C_T1", "12C-1"),
    ],
)
def test_slate_style_names(name, label):
    assert from_name(name).label == label


def test_camera_original_names_have_no_setup():
    parsed = from_name("A001C003_230101_R1AB.mov")
    assert parsed.camera == "A" and parsed.setup_key is None
    assert from_name("A001_C003.mov").source == "camera-name"
    assert from_name("interview.mov").setup_key is None


def test_metadata_wins_over_the_name():
    parsed = take_name("S12A_T03.mov", {"scene": "14", "shot": "b", "take": "5", "good": True})
    assert (parsed.label, parsed.good, parsed.source) == ("14B-5", True, "metadata")
    assert take_name("A001_C003.mov", {"scene": "3C", "take": "2"}).label == "3C-2"
    circled = take_name("S12A_T03.mov", {"good": True})
    assert circled.label == "12A-3" and circled.good
