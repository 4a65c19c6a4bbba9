"""Each detector's data, one module per detector: the parameters it is tuned with and the result it gives.

Light on purpose (standard library, numpy and OpenTimelineIO, no torch, no PyAV): decisions, reports
and settings read these types without loading the analysis stack. The computing half of each detector
lives in `engine/analysis/detectors/` under the same module name.
"""
