"""DaVinci Resolve ⇄ OTIO: the one place that knows Resolve's scripting API.

Everything here runs inside Resolve's own Python, so it imports only the
standard library and Workprint's light modules: OTIO travels as JSON
dictionaries, read and written with `json`, so the same code serves the
grpcio route and the standard-library fallback route.
"""
