"""The Workprint plugin inside DaVinci Resolve: settings, the engine link, progress, applying the answer.

Runs in whatever Python Resolve found, so it imports only the standard
library and Workprint's light modules; grpcio is used when that Python can
load it, otherwise the standard-library relay route is taken.
"""
