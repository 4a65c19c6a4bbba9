"""Cached suggest-trims (and the review report, and selects) on timelines of growing length, end to end.

    python bench/timeline_scale.py [--clips 500,2000,5000,10000] [--files 3] [--job trims|report|selects]
        [--repeats 1]

The demo shoot's three takes cut into N-clip timelines (N/2 picture clips on
V1, each with its sound on A1; every clip trimmed), written as .otio files.
One engine runs as `workprint engine serve` in a process of its own; its
analysis cache is filled once on the rough cut, so every run below finds
its three files there. Each run is the real command line
(`workprint suggest-trims IN.otio -o OUT.otio --engine ...`) in a fresh
process: reading the file, the request over gRPC, the job, the answer,
writing the file. Reported per N: wall seconds, ms per clip, the command's
peak RSS (its own, from wait4 in a small process that starts it, not in this
one, whose memory the kernel would count in) and the engine's (VmHWM, reset
before each run), the engine's growth over what it held before the job (the
job's own memory), the resident memory of its analysis process at the end
of the run (the process that analysed the rough cut holds torch and the
models until it has been idle `--analysis-idle` seconds; 0 once it has
stopped), with the load average. The first line is the same command on the
six-clip rough cut: what any run costs before the timeline's length counts
(Python start, imports, the connection).

`--fresh-engine` starts the engine again before each run: the first job after
an engine start (what the engine remembers in memory gone, its cache kept).

`--analysis-idle S` has the engine's analysis process stop after S seconds
idle, and each run waits for it to stop first: what an engine holds a while
after its last analysis.

`--job selects` runs `assemble-selects` over a bin of the same N clips;
`--job report` is suggest-trims with `--report`.

`--files K` spreads each cut's clips over K files of their own (K >= 3; for
trims and the report): copies of the three takes, each made distinct by a
QuickTime `free` atom of its own at its end (which readers skip), so each
has its own identity in the cache, as a reel's every take does. The
pictures and sounds of a copy are its take's, so its analysis is too: each
copy's cache entries are its take's entries, copied before the first run,
and whatever the engine derives from a file's analysis and keeps (its words'
reading) it derives and keeps for each copy on the first run. With the
default three, every clip uses one of the takes: what is kept per file costs
the runs nothing after the first use, which a reel of thousands of takes
does not allow.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import opentimelineio as otio

from workprint.engine.analysis.cache import LAYOUT, media_identity
from workprint.engine.demo.repeated import repeated_bin, repeated_cut
from workprint.engine.demo.shoot import make_shoot
from workprint.plugin.client import EngineClient
from workprint.plugin.protocol.contract import TOKEN_ENV

CLI = [sys.executable, "-m", "workprint.engine.cli.main"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def engine_mb(pid: int, field: str = "VmHWM") -> float:
    """The engine's peak RSS (VmHWM) or its RSS now (VmRSS), MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """User plus system CPU seconds the process has used (proc(5), stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_mb(pid: int) -> float:
    """The resident memory of the engine's child processes now (its analysis process, while one runs), MB."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone since it was listed
        if int(fields[1]) == pid and fields[0] != "Z":  # an exited child not yet reaped holds nothing
            total += engine_mb(int(stat.parent.name), "VmRSS")
    return total


def settle(pid: int, idle_s: float) -> None:
    """Wait for the engine's analysis process to stop (idle); a hang guard of ten idle times."""
    deadline = time.monotonic() + 10 * idle_s + 30
    while children_mb(pid) > 0:
        if time.monotonic() > deadline:
            raise SystemExit("the engine's analysis process did not stop when idle")
        time.sleep(0.2)


def reset_hwm(pid: int) -> None:
    # Writing 5 resets the peak RSS the kernel keeps for the process (proc(5), clear_refs).
    Path(f"/proc/{pid}/clear_refs").write_text("5")


#: Runs the command as its own child and reports the child's wall seconds, CPU seconds and peak RSS (KiB).
#: A small process in between because the kernel counts the RSS a process had when it forked (or the whole
#: parent's, with vfork) into its child's peak: measured straight from here, the command's peak would be
#: at least this benchmark's, which holds the long timelines it made.
_MEASURED = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{time.perf_counter() - start} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_cli(args: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak RSS MB of the command, and its output."""
    with tempfile.TemporaryFile("w+") as output, tempfile.NamedTemporaryFile("r") as usage:
        process = subprocess.run(
            [sys.executable, "-c", _MEASURED, usage.name, *CLI[1:], *args],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
        )
        output.seek(0)
        text = output.read()
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({process.returncode}):\n{text}")
        seconds, cpu, peak_kib = (float(value) for value in usage.read().split())
    return seconds, cpu, peak_kib / 1024, text


def start_engine(address: str, token: str, cache: Path, idle_s: float | None = None) -> subprocess.Popen:
    """`workprint engine serve` on `cache`, ready; its analysis process stops after `idle_s` idle (None: the
    engine's default)."""
    idle = ["--analysis-idle", str(idle_s)] if idle_s is not None else []
    engine = subprocess.Popen(
        [*CLI, "engine", "serve", "--address", address, "--token", token, "--cache-dir", str(cache), *idle],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with EngineClient(address, token) as client:
        client.wait_ready(timeout_s=120.0)
    return engine


def distinct_files(takes: list[Path], count: int, folder: Path, cache: Path) -> list[Path]:
    """`count` files: copies of `takes` in turn, each ending in a `free` atom of its own (a distinct identity),
    with its take's cache entries (the same pictures and sounds, so the same analysis)."""
    folder.mkdir(exist_ok=True)
    made = []
    for n in range(count):
        take = takes[n % len(takes)]
        copy = folder / f"{take.stem}_{n:05d}{take.suffix}"
        shutil.copyfile(take, copy)
        payload = f"workprint bench copy {n}".encode()
        with copy.open("ab") as out:
            out.write(struct.pack(">I4s", 8 + len(payload), b"free") + payload)
        source, target = (cache / LAYOUT / i[:2] / i for i in (media_identity(take), media_identity(copy)))
        shutil.copytree(source, target)
        made.append(copy)
    return made


def job_args(job: str, source: Path, out: Path, address: str) -> list[str]:
    command = "assemble-selects" if job == "selects" else "suggest-trims"
    args = [command, str(source), "-o", str(out), "--engine", address]
    if job == "report":
        args += ["--report", str(out.with_suffix(".html"))]
    return args


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clips", default="500,2000,5000,10000", help="Clip counts, comma-separated.")
    parser.add_argument("--files", type=int, default=3, help="Distinct files the cuts' clips use (at least 3).")
    parser.add_argument("--job", choices=("trims", "report", "selects"), default="trims")
    parser.add_argument("--repeats", type=int, default=1, help="Runs per size (the best is reported).")
    parser.add_argument(
        "--fresh-engine", action="store_true", help="Each run on an engine started for it (a first job after a start)."
    )
    parser.add_argument(
        "--analysis-idle",
        type=float,
        default=None,
        metavar="SECONDS",
        help="The engine's analysis process stops after this long idle, and the runs wait for it to stop first "
        "(what an engine holds once its analysis process has let go of the models).",
    )
    args = parser.parse_args()
    sizes = [int(n) for n in args.clips.split(",")]
    if args.files < 3 or (args.files > 3 and args.job == "selects"):
        parser.error("--files: at least 3, and only for trims and the report")
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        shoot = make_shoot(work / "shoot")
        address, token = f"127.0.0.1:{free_port()}", secrets.token_urlsafe(16)
        env = {**os.environ, TOKEN_ENV: token}
        engine = start_engine(address, token, work / "cache", args.analysis_idle)
        try:
            warm = work / "warm.otio"
            source = work / "rough.otio"
            otio.adapters.write_to_file(shoot.timeline, str(source))
            run_cli(job_args("trims", source, warm, address), env)  # analyses the three takes
            media = None
            if args.files > 3:
                takes = [
                    Path(otio.url_utils.filepath_from_url(clip.media_reference.target_url))
                    for clip in shoot.timeline.tracks[0].find_clips()
                ]
                copies = distinct_files(takes, args.files, work / "copies", work / "cache")

                # Copies of one take are every third file; place n's picture is take n % 3.
                per_take = {take: copies[k :: len(takes)] for k, take in enumerate(takes)}

                def media(n: int, original: Path) -> Path:
                    own = per_take[original]
                    return own[(n // len(takes)) % len(own)]

                # Whatever the engine keeps per file is made once for each copy, as for a reel's first run.
                first = work / "first.otio"
                otio.adapters.write_to_file(repeated_cut(shoot.timeline, args.files, media), str(first))
                run_cli(job_args("trims", first, work / "first_out.otio", address), env)
            rows = []
            for n in [6, *sizes]:
                if n == 6:
                    path = source
                else:
                    path = work / f"in_{n}.otio"
                    # N clips: a bin of N takes, or N/2 pictures each with its sound.
                    rough = shoot.timeline
                    made = repeated_bin(rough, n) if args.job == "selects" else repeated_cut(rough, n // 2, media)
                    otio.adapters.write_to_file(made, str(path))
                if args.job == "selects" and n == 6:
                    path = work / "bin_6.otio"
                    otio.adapters.write_to_file(repeated_bin(shoot.timeline, 6), str(path))
                best = None
                for _ in range(args.repeats):
                    if args.fresh_engine:
                        engine.terminate()
                        engine.wait(timeout=30)
                        engine = start_engine(address, token, work / "cache", args.analysis_idle)
                    if args.analysis_idle is not None:
                        settle(engine.pid, args.analysis_idle)
                    # What the engine holds before the job (torch and the models it loaded for the analysis).
                    before_mb = engine_mb(engine.pid, "VmRSS")
                    reset_hwm(engine.pid)
                    engine_cpu = cpu_s(engine.pid)
                    seconds, client_cpu, client_mb, text = run_cli(
                        job_args(args.job, path, work / f"out_{n}.otio", address), env
                    )
                    engine_cpu = cpu_s(engine.pid) - engine_cpu
                    beside_mb = children_mb(engine.pid)
                    summary = next(
                        (line for line in text.splitlines() if " clips " in line and "media" not in line), ""
                    )
                    if best is None or seconds < best[0]:
                        peak = engine_mb(engine.pid)
                        best = (seconds, client_cpu, engine_cpu, client_mb, peak, before_mb, beside_mb, summary)
                assert best is not None
                load = os.getloadavg()[0]
                rows.append((n, path.stat().st_size / 1e6, *best, load))
                print(
                    f"{n:>6} clips ({rows[-1][1]:.1f} MB): {best[0]:.2f} s, {1000 * best[0] / n:.2f} ms/clip; CPU "
                    f"client {best[1]:.2f} s, engine {best[2]:.2f} s; peak RSS client {best[3]:.0f} MB, engine "
                    f"{best[4]:.0f} MB ({best[5]:.0f} before the job), its analysis process {best[6]:.0f} MB; "
                    f"load {load:.1f} | {best[7]}",
                    flush=True,
                )
        finally:
            engine.terminate()
            engine.wait(timeout=30)
    floor = rows[0][2]
    print()
    print(
        f"job: {args.job}; {args.files} files{'; a fresh engine for each run' if args.fresh_engine else ''}; "
        f"load average at the end {os.getloadavg()[0]:.1f}; "
        f"the 6-clip floor {floor:.2f} s"
    )
    print(
        "| clips (pictures + sounds) | MB of .otio | seconds | ms per clip | ms per clip over the floor "
        "| CPU s client + engine | CPU ms per clip | peak RSS MB client / engine | the job's own MB "
        "| analysis process MB | load |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, size, seconds, client_cpu, engine_cpu, client_mb, peak_mb, before_mb, beside_mb, _, load in rows[1:]:
        cpu = client_cpu + engine_cpu
        print(
            f"| {n:,} | {size:.1f} | {seconds:.2f} | {1000 * seconds / n:.2f} | {1000 * (seconds - floor) / n:.2f} "
            f"| {client_cpu:.1f} + {engine_cpu:.1f} | {1000 * cpu / n:.2f} | {client_mb:.0f} / {peak_mb:.0f} "
            f"| {peak_mb - before_mb:.0f} | {beside_mb:.0f} | {load:.1f} |"
        )


if __name__ == "__main__":
    main()
