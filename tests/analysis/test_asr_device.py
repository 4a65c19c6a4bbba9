"""Where speech recognition runs: CUDA in half precision when torch and CTranslate2 both see a GPU, the CPU
in int8 otherwise, and why the CPU where a GPU was asked for."""

from __future__ import annotations

from workprint.engine.analysis.asr_device import AsrDevice, asr_device, choose_asr_device

CPU_TYPES = {"int8", "int8_float32", "float32"}
GPU_TYPES = {"float16", "int8_float16", "int8", "float32", "bfloat16"}


def test_a_gpu_both_see_runs_half_precision():
    assert choose_asr_device("cuda", 1, GPU_TYPES, CPU_TYPES) == AsrDevice("cuda", "float16")
    assert choose_asr_device("cuda:1", 2, GPU_TYPES, CPU_TYPES) == AsrDevice("cuda", "float16", index=1)
    assert choose_asr_device("cuda:1", 2, GPU_TYPES, CPU_TYPES).describe() == "cuda:1 float16"


def test_an_old_gpu_without_half_precision_takes_the_next_best():
    assert choose_asr_device("cuda", 1, {"int8_float32", "float32"}, CPU_TYPES).compute_type == "int8_float32"


def test_the_cpu_runs_int8():
    assert choose_asr_device("cpu", 0, set(), CPU_TYPES) == AsrDevice("cpu", "int8")
    assert choose_asr_device("cpu", 4, GPU_TYPES, CPU_TYPES).device == "cpu"  # the analysis asked for the CPU
    assert choose_asr_device("cpu", 0, set(), {"float32"}).compute_type == "float32"


def test_a_gpu_ctranslate2_cannot_use_is_said_not_failed_on():
    cpu_only_build = choose_asr_device("cuda", 0, set(), CPU_TYPES)
    assert cpu_only_build.device == "cpu" and "no CUDA device" in cpu_only_build.note
    assert "no CUDA device" in cpu_only_build.describe()
    missing = choose_asr_device("cuda:3", 1, GPU_TYPES, CPU_TYPES)
    assert missing.device == "cpu" and "cuda:3" in missing.note
    assert choose_asr_device("cuda", 1, set(), CPU_TYPES).device == "cpu"


def test_this_machine_is_asked():
    import ctranslate2

    here = asr_device("cpu")
    assert here.device == "cpu" and here.compute_type in ctranslate2.get_supported_compute_types("cpu")
    if ctranslate2.get_cuda_device_count() > 0:
        assert asr_device("cuda").device == "cuda"
    else:
        assert asr_device("cuda").device == "cpu"
