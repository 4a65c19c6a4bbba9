"""A real Ray cluster on loopback for the cluster tests: a head and one worker node, one CPU each, started
for the module of cluster tests and shut down after it (no raylet is left behind, nor left running beside
the rest of the suite: idle, its daemons keep a twentieth of a core busy)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

#: Small: only paths and summaries cross it, and the machine's memory is for decoding.
OBJECT_STORE_BYTES = 100 * 1024 * 1024


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[str]:
    """The address of a running two-node cluster, this process connected to it as the driver."""
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'workprint[cluster]')")
    import ray
    from ray.cluster_utils import Cluster

    node = {"num_cpus": 1, "object_store_memory": OBJECT_STORE_BYTES}
    cluster = Cluster(initialize_head=True, head_node_args={**node, "include_dashboard": False})
    try:
        cluster.add_node(**node)
        ray.init(address=cluster.address, include_dashboard=False, logging_level="WARNING", log_to_driver=False)
        yield cluster.address
    finally:
        ray.shutdown()
        cluster.shutdown()
