"""The generated takes every end-to-end test, the demo and the benchmarks stand on."""

from __future__ import annotations

import itertools
from fractions import Fraction

import av
import numpy as np

from workprint.engine.demo import synth
from workprint.engine.demo.synth import Picture, TakeScript, write_take


def test_each_scene_is_drawn_once_a_take_and_every_frame_shows_it(tmp_path, monkeypatch):
    drawn: list[int] = []
    draw = synth._scene_image

    def counted(scene: int, width: int, height: int) -> np.ndarray:
        drawn.append(scene)
        return draw(scene, width, height)

    monkeypatch.setattr(synth, "_scene_image", counted)
    script = TakeScript(
        duration_s=2.0,
        fps=Fraction(25),
        codec="mjpeg",
        pictures=[Picture("scene", 0.0, 1.0, 3), Picture("soft", 1.0, 1.5, 3), Picture("scene", 1.5, 2.0, 4)],
        audio=False,
    )
    truth = write_take(tmp_path / "take.mov", script)
    # Drawing a scene is most of what writing a frame costs: once per scene, however many frames show it.
    assert sorted(drawn) == [3, 4]
    assert truth.cuts == [1.5]
    with av.open(str(truth.path)) as container:
        frames = [f.to_ndarray(format="rgb24").astype(np.float32) for f in container.decode(video=0)]
    assert len(frames) == 50
    # The cut is in the file, where the truth says (frame 38, at 1.52 s): no other step between frames,
    # the drift, the texture and the soft stretch included, comes near it.
    step = [float(np.abs(b - a).mean()) for a, b in itertools.pairwise(frames)]
    cut = max(range(len(step)), key=step.__getitem__)
    assert cut + 1 == 38 and step[cut] > 3 * sorted(step)[-2], step
