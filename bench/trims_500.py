"""Suggest trims on a 500-clip timeline, cached: how long an editor waits for the second click.

    python bench/trims_500.py [--clips 500]

The demo shoot's three takes, cut into a long timeline (picture on V1, its
sound on A1, a music bed on A2): the first run analyses the three files, the
second finds them all in the cache. Both run through a real engine over
gRPC, the way the command line and the Resolve plugin reach it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from workprint.engine.demo.repeated import repeated_cut
from workprint.engine.demo.shoot import make_shoot
from workprint.engine.server.app import embedded
from workprint.engine.settings import EngineSettings
from workprint.plugin.client import EngineClient
from workprint.plugin.protocol import workprint_pb2 as pb


def run(client: EngineClient, request: pb.SuggestTrimsRequest) -> tuple[float, pb.JobResult]:
    start = time.perf_counter()
    result = next(e.result for e in client.suggest_trims(request) if e.HasField("result"))
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clips", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        shoot = make_shoot(Path(work) / "shoot")
        timeline = repeated_cut(shoot.timeline, args.clips)
        text = timeline.to_json_string()
        request = pb.SuggestTrimsRequest(timeline_otio_json=text)
        with (
            embedded(EngineSettings(cache_dir=Path(work) / "cache")) as (address, token),
            EngineClient(address, token) as client,
        ):
            client.wait_ready()
            first, _ = run(client, request)
            cached = []
            for _ in range(args.repeats):
                seconds, result = run(client, request)
                cached.append(seconds)
        changed = result.summary.splitlines()[0]
        print(f"{args.clips} clips on V1 + {args.clips} on A1 ({len(text) / 1e6:.1f} MB of OTIO JSON): {changed}")
        print(f"first run (3 files analysed): {first:.2f} s")
        print(
            f"cached runs: median {statistics.median(cached):.2f} s, best {min(cached):.2f} s, "
            f"worst {max(cached):.2f} s over {args.repeats}"
        )


if __name__ == "__main__":
    main()
