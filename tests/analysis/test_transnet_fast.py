"""The rearranged TransNetV2 computes what the package's network computes, on real decoded windows."""

from __future__ import annotations

import av
import numpy as np
import pytest
import torch

from generated_media import cut_dense_video
from workprint.engine.analysis.models import load_transnet, transnet_weights
from workprint.engine.analysis.transnet_fast import FastTransNetV2


def small_frames(path) -> np.ndarray:
    """Every frame at TransNetV2's 48×27, made as the shot detector makes them (area-averaged)."""
    frames = []
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            picture = torch.from_numpy(frame.to_ndarray(format="rgb24")).permute(2, 0, 1)[None].float() / 255
            small = torch.nn.functional.interpolate(picture, size=(27, 48), mode="area")
            frames.append(small.mul(255).round_().clamp_(0, 255).to(torch.uint8)[0].permute(1, 2, 0).numpy())
    return np.stack(frames)


@pytest.fixture(scope="module")
def networks():
    weights = transnet_weights()
    cpu = torch.device("cpu")
    return load_transnet(cpu, weights, rearranged=False), load_transnet(cpu, weights)


def probabilities(network, windows: np.ndarray) -> np.ndarray:
    with torch.inference_mode():
        single, many = network(torch.from_numpy(windows))
    return torch.sigmoid(torch.cat([single, many["many_hot"]], -1)).numpy()


def test_the_cpu_gets_the_rearranged_network(networks):
    package, fast = networks
    assert isinstance(fast, FastTransNetV2) and not isinstance(package, FastTransNetV2)


def test_same_probabilities_as_the_package_network_on_real_windows(tmp_path, networks):
    # Cuts, a dissolve and a flash in ten seconds: windows across them, two at once (a batch), and
    # one of TransNetV2's own 100 frames.
    path, cuts = cut_dense_video(tmp_path / "promo.mp4", seconds=10.0)
    frames = small_frames(path)
    package, fast = networks
    starts = [max(0, round(cuts[0] * 24) - 24), min(round(cuts[-1] * 24) - 30, len(frames) - 48)]
    for windows in (np.stack([frames[s : s + 48] for s in starts]), frames[None, 40:140]):
        expected, got = probabilities(package, windows), probabilities(fast, windows)
        assert expected.shape == got.shape
        assert np.abs(expected - got).max() < 1e-4
        assert (expected[..., 0] > 0.5).any()  # the windows hold cuts the network sees


def test_loading_the_network_leaves_the_process_as_it_was():
    # The package's constructor turns deterministic algorithms on process-wide; the loader puts back what
    # was there, whichever way it was.
    for wanted in (False, True):
        torch.use_deterministic_algorithms(wanted)
        try:
            load_transnet(torch.device("cpu"), transnet_weights())
            assert torch.are_deterministic_algorithms_enabled() is wanted
        finally:
            torch.use_deterministic_algorithms(False)
