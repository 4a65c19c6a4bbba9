"""Workprint's domain types: the leaf every layer of the engine imports, and that imports none of them.

Standard library and OpenTimelineIO only; no torch, no grpc, no host.
"""
