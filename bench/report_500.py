"""The review report of a 500-clip timeline: how big the file is, and how long a browser takes to open it.

    python bench/report_500.py [--clips 500] [--distinct-media] [--keep DIR]

The demo shoot's takes cut into a long timeline (picture on V1, its sound on
A1), suggest trims run through a real engine over gRPC with the report asked
for, then the report opened in headless Chromium at 1280 px. With
--distinct-media every clip points at a file of its own (hard links of the
takes: cached analysis, but no thumbnail shared between clips), the worst
case for size.

Load time is measured inside the page (navigation start to the end of the
load event, with a forced layout of the whole document), and as Chromium's
own wall time beside that of an empty page.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from html import unescape
from pathlib import Path

from workprint.engine.demo.repeated import repeated_cut
from workprint.engine.demo.shoot import make_shoot
from workprint.engine.server.app import embedded
from workprint.engine.settings import EngineSettings
from workprint.plugin.client import EngineClient
from workprint.plugin.protocol import workprint_pb2 as pb

PROBE = """<script>
addEventListener('load', () => {
  const root = document.documentElement;
  root.getBoundingClientRect(); document.body.offsetHeight;
  const nav = performance.getEntriesByType('navigation')[0];
  root.dataset.timing = JSON.stringify({dom_content_loaded_ms: nav.domContentLoadedEventEnd,
    load_ms: performance.now(), elements: document.getElementsByTagName('*').length,
    scroll_width: root.scrollWidth});
});
</script>"""


def chromium(*args: str) -> tuple[float, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    start = time.perf_counter()
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - start, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clips", type=int, default=500)
    parser.add_argument("--distinct-media", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="Copy the report here.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        shoot = make_shoot(work / "shoot")
        distinct = None
        if args.distinct_media:
            distinct = work / "links"
            distinct.mkdir()

        def linked(n: int, original: Path) -> Path:
            link = distinct / f"{original.stem}_{n:04d}{original.suffix}"
            if not link.exists():
                os.link(original, link)
            return link

        timeline = repeated_cut(shoot.timeline, args.clips, linked if distinct is not None else None)
        request = pb.SuggestTrimsRequest(timeline_otio_json=timeline.to_json_string(), report=True)
        with (
            embedded(EngineSettings(cache_dir=work / "cache")) as (address, token),
            EngineClient(address, token) as client,
        ):
            client.wait_ready()
            next(e for e in client.suggest_trims(request) if e.HasField("result"))  # analyses the takes
            start = time.perf_counter()
            result = next(e.result for e in client.suggest_trims(request) if e.HasField("result"))
            job_s = time.perf_counter() - start
        html = result.report_html
        report = work / "report.html"
        report.write_text(html, encoding="utf-8")
        probed = work / "probed.html"
        probed.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
        empty = work / "empty.html"
        empty.write_text("<!DOCTYPE html><html><body></body></html>")
        inside, walls, empties = [], [], []
        for _ in range(args.repeats):
            wall, dom = chromium("--window-size=1280,900", "--dump-dom", probed.as_uri())
            (timing,) = re.findall(r'data-timing="([^"]*)"', dom)
            inside.append(json.loads(unescape(timing)))
            walls.append(wall)
            empties.append(chromium("--window-size=1280,900", "--dump-dom", empty.as_uri())[0])
        shot_s, _ = chromium("--window-size=1280,1600", f"--screenshot={work / 'report.png'}", report.as_uri())
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(report, args.keep / "report.html")
            shutil.copy(work / "report.png", args.keep / "report.png")
        images = html.count("background-image:url(data:image/jpeg")
        load = statistics.median(t["load_ms"] for t in inside)
        print(
            f"{args.clips} clips ({'one file each' if distinct else 'three takes shared'}): "
            f"{result.summary.splitlines()[0]}"
        )
        print(f"cached job with the report, over gRPC: {job_s:.2f} s")
        print(
            f"report: {len(html.encode()) / 1e6:.2f} MB, {images} distinct thumbnails, "
            f"{inside[0]['elements']} elements, scroll width {inside[0]['scroll_width']} px at 1280"
        )
        print(
            f"in Chromium: DOMContentLoaded {statistics.median(t['dom_content_loaded_ms'] for t in inside):.0f} ms, "
            f"load + layout {load:.0f} ms (median of {args.repeats}; worst "
            f"{max(t['load_ms'] for t in inside):.0f} ms)"
        )
        print(
            f"Chromium wall time, start to DOM dump: {statistics.median(walls):.2f} s "
            f"(an empty page: {statistics.median(empties):.2f} s); screenshot run {shot_s:.2f} s"
        )


if __name__ == "__main__":
    main()
