"""Analysis fanned out over a Ray cluster: each media file not yet in the cache is one task on a pool of
long-lived workers that write the same content-addressed cache; the decisions then run where the job
runs, from that cache (docs/cluster.md).

Nothing here imports Ray at import time: Ray is an optional extra (`workprint[cluster]`), and the
engine without it never loads it.
"""
