"""Media analysis: one decode pass, every detector over it, results cached."""

from workprint.engine.analysis.analyzer import Analyzer
from workprint.engine.analysis.result import MediaAnalysis

__all__ = ["Analyzer", "MediaAnalysis"]
