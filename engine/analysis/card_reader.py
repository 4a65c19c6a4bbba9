"""The text reader for slate cards: PP-OCRv4 detection and recognition on onnxruntime, as the
rapidocr-onnxruntime package ships them (15 MB of weights inside the wheel; nothing is downloaded).

Optional: without the package the analysis goes on and says once that slate cards are not read. Whether
it is there is told without importing it (OpenCV and onnxruntime load only when a card is read).
"""

from __future__ import annotations

import importlib.util
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from workprint.engine.errors import ModelError

PACKAGE, MODULE = "rapidocr-onnxruntime", "rapidocr_onnxruntime"


def reader_missing() -> str | None:
    """Why slate cards cannot be read here (the package is not installed), or None."""
    if importlib.util.find_spec(MODULE) is None:
        return (
            f"the {PACKAGE} package is not installed (it ships the text reader for slate cards); "
            "install workprint's engine extra"
        )
    return None


def reader_name() -> str:
    try:
        return f"{PACKAGE} {version(PACKAGE)}, PP-OCRv4"
    except PackageNotFoundError:
        return f"{PACKAGE}, PP-OCRv4"


def load_reader(threads: int) -> Any:
    """The reader with its onnxruntime sessions held to `threads` threads each (one op at a time between
    them), reading cards already cut out and scaled: its detector leaves the picture's size as it is."""
    missing = reader_missing()
    if missing:
        raise ModelError(missing)
    try:
        from rapidocr_onnxruntime import RapidOCR

        return RapidOCR(
            intra_op_num_threads=max(1, threads),
            inter_op_num_threads=1,
            det_limit_type="max",
            det_limit_side_len=2000,
            # Cards are upright: the classifier that turns upside-down lines over is not needed.
            use_cls=False,
        )
    except Exception as exc:  # an OpenCV without its system libraries, a damaged model file
        raise ModelError(f"the slate-card reader ({PACKAGE}) does not load ({exc})") from exc
