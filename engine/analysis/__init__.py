"""Media analysis: one decode pass, every detector over it, results cached.

The Analyzer (torch, PyAV, the models) loads only when asked for: importing this package, its
`result` module or the detectors' parameter and result types in `schema/` stays light.
"""

from __future__ import annotations

from typing import Any

from workprint.engine.analysis.result import MediaAnalysis

__all__ = ["Analyzer", "MediaAnalysis"]


def __getattr__(name: str) -> Any:
    if name == "Analyzer":
        from workprint.engine.analysis.analyzer import Analyzer

        return Analyzer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
