"""The shot cascade finds what judging every frame finds, on cut-dense and on sparse material, and
never judges more than that would."""

from __future__ import annotations

import math

from generated_media import cut_dense_video, dissolve_video
from workprint.engine.analysis.analyzer import Analyzer
from workprint.engine.analysis.schema.shots import ShotsParams, ShotsResult

FRAME = 1 / 24


def both_ways(tmp_path, path) -> tuple[ShotsResult, ShotsResult, int]:
    cascade = Analyzer(cache_dir=tmp_path / "cache", device="cpu").analyze(path)
    # Same cache: only the shot detector runs again, judging every block of the file.
    every = Analyzer(cache_dir=tmp_path / "cache", device="cpu", params={"shots": {"every_frame": True}}).analyze(path)
    return cascade.result(ShotsResult), every.result(ShotsResult), round(cascade.duration_s * 24)


def test_cut_dense_material_has_the_cuts_of_every_frame_judged(tmp_path):
    # Ten seconds hold six shots (one begins with the dissolve) and the flash: the every-frame pass is the cost.
    path, cuts = cut_dense_video(tmp_path / "promo.mp4", seconds=10.0)
    cascade, every, frames = both_ways(tmp_path, path)
    blocks = math.ceil(frames / (2 * ShotsParams().keep_frames))
    assert every.windows_judged == blocks
    # Candidates everywhere: the cascade judges at most every block once, never a frame twice.
    assert cascade.windows_judged <= blocks
    assert cascade.cuts == every.cuts
    for cut in cuts:
        assert any(abs(found - cut) <= FRAME for found in cascade.cuts), (cut, cascade.cuts)
    assert len(cascade.cuts) <= len(cuts) + 1  # the hard cuts and the dissolve; the flash is no cut


def test_sparse_material_is_judged_only_around_its_change(tmp_path):
    # Ten seconds either side: seven blocks of the grid, one of them holding the dissolve.
    path, start, end = dissolve_video(tmp_path / "dissolve.mp4", hold_s=10.0)
    cascade, every, _ = both_ways(tmp_path, path)
    assert cascade.cuts == every.cuts
    assert len(cascade.cuts) == 1 and start - FRAME <= cascade.cuts[0] <= end + FRAME
    assert cascade.windows_judged < every.windows_judged / 3
