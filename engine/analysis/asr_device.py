"""Where the speech-recognition model runs, and in what precision: CUDA when torch sees a GPU and
CTranslate2 can use it, else the CPU.

CTranslate2 has its own CUDA build and libraries (cuBLAS, cuDNN), so torch seeing a GPU does not mean the
recogniser can use it: it is asked too, and a GPU it cannot use is said, not failed on.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Best first: half precision on a GPU (the speed CUDA is for, the same words as float32 on the tests'
#: recordings); int8 weights on the CPU (twice the speed of float32 for the same words).
CUDA_PREFERENCE = ("float16", "int8_float16", "int8_float32", "float32")
CPU_PREFERENCE = ("int8", "int8_float32", "float32")


@dataclass(frozen=True)
class AsrDevice:
    device: str  # "cuda" or "cpu"
    compute_type: str
    #: Why the CPU where a GPU was there, or "".
    note: str = ""
    #: Which GPU ("cuda:1" is 1).
    index: int = 0

    def describe(self) -> str:
        where = f"cuda:{self.index}" if self.device == "cuda" and self.index else self.device
        return f"{where} {self.compute_type}" + (f"; {self.note}" if self.note else "")


def choose_asr_device(analysis_device: str, cuda_devices: int, cuda_types: set[str], cpu_types: set[str]) -> AsrDevice:
    """The choice, from what torch's device is ("cuda", "cuda:1" or "cpu") and what CTranslate2 reports."""
    cpu = next((t for t in CPU_PREFERENCE if t in cpu_types), "float32")
    if not analysis_device.startswith("cuda"):
        return AsrDevice("cpu", cpu)
    if cuda_devices < 1:
        return AsrDevice("cpu", cpu, "CTranslate2 sees no CUDA device (a CPU-only build, or no cuBLAS/cuDNN)")
    best = next((t for t in CUDA_PREFERENCE if t in cuda_types), None)
    if best is None:
        return AsrDevice("cpu", cpu, "CTranslate2 offers no compute type on this GPU")
    index = int(analysis_device.split(":", 1)[1]) if ":" in analysis_device else 0
    if index >= cuda_devices:
        return AsrDevice("cpu", cpu, f"CTranslate2 sees {cuda_devices} CUDA device(s), not {analysis_device}")
    return AsrDevice("cuda", best, index=index)


def asr_device(analysis_device: str) -> AsrDevice:
    """The choice for this machine, asking CTranslate2 what it can use."""
    import ctranslate2

    def types(device: str) -> set[str]:
        try:
            return set(ctranslate2.get_supported_compute_types(device))
        except (RuntimeError, ValueError):
            return set()

    try:
        count = ctranslate2.get_cuda_device_count() if analysis_device.startswith("cuda") else 0
    except RuntimeError:
        count = 0
    return choose_asr_device(analysis_device, count, types("cuda") if count else set(), types("cpu"))
