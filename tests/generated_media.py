"""Media the analysis tests make for themselves, with what is in it."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from workprint.engine.demo.synth import Picture, Sound, TakeScript, Truth, _scene_image, write_take

FPS = Fraction(24)


def full_take(path: Path) -> Truth:
    """One take with everything a day on set puts in front of the analysis."""
    script = TakeScript(
        duration_s=18.0,
        fps=FPS,
        codec="h264",
        start_timecode="01:02:03:04",
        pictures=[
            Picture("black", 0.0, 0.5),
            Picture("slate", 0.5, 2.0),
            Picture("shake", 2.0, 2.6, 1),
            Picture("scene", 2.6, 8.0, 1),
            Picture("soft", 8.0, 10.0, 1),
            Picture("scene", 10.0, 12.0, 2),
            Picture("flash", 12.0, 12.0 + 1 / 24, 2),
            Picture("scene", 12.0 + 1 / 24, 18.0, 2),
        ],
        sounds=[
            Sound("clap", 1.6),
            Sound("line1", 3.0),
            Sound("line2", 6.5),
            Sound("line3", 13.0),
            Sound("clip", 13.5),
        ],
    )
    return write_take(path, script)


def short_take(
    path: Path,
    codec: str,
    fps: Fraction,
    timecode: str | None = None,
    audio: bool = True,
    video: bool = True,
    size: tuple[int, int] = (320, 180),
) -> Truth:
    """Four seconds: one scene, a hard cut to another at 2 s, a line over the cut."""
    script = TakeScript(
        duration_s=4.0,
        fps=fps,
        codec=codec,
        start_timecode=timecode,
        audio=audio,
        video=video,
        size=size,
        pictures=[Picture("scene", 0.0, 2.0, 4), Picture("scene", 2.0, 4.0, 5)],
        sounds=[Sound("line4", 0.8)] if audio else [],
    )
    return write_take(path, script)


def _write_h264(path: Path, pictures, fps: int, crf: int, size: tuple[int, int] = (320, 180)) -> Path:
    """Encode RGB pictures (uint8 HxWx3), one per frame at a constant rate, as H.264 in path."""
    with av.open(str(path), "w") as out:
        stream = out.add_stream("h264", rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": str(crf)}
        for index, picture in enumerate(pictures):
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(picture), format="rgb24")
            frame.pts = index
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def long_plain_video(path: Path, seconds: float, fps: int = 24, size: tuple[int, int] = (320, 180)) -> Path:
    """A long, cheap-to-make file (moving noise, a tone): for cancelling and deadlines."""
    rng = np.random.default_rng(5)
    plates = [(rng.random((size[1], size[0], 3)) * 255).astype(np.uint8) for _ in range(8)]
    pictures = (plates[(index // 12) % len(plates)] for index in range(int(seconds * fps)))
    return _write_h264(path, pictures, fps, crf=30, size=size)


def variable_rate_video(path: Path) -> tuple[Path, list[float]]:
    """Frames at irregular times (a phone's variable frame rate) with a cut; returns the cut times."""
    rng = np.random.default_rng(9)
    looks = [(_scene_image(scene, 384, 180) * 255).astype(np.uint8) for scene in (4, 5)]
    times, t = [], 0.0
    while t < 4.0:
        times.append(t)
        t += float(rng.choice([1 / 30, 1 / 24, 1 / 20]))
    with av.open(str(path), "w") as out:
        stream = out.add_stream("h264", rate=30)
        stream.width, stream.height = 320, 180
        stream.pix_fmt = "yuv420p"
        stream.codec_context.time_base = Fraction(1, 1000)
        stream.options = {"preset": "ultrafast"}
        for index, when in enumerate(times):
            look = looks[0] if when < 2.0 else looks[1]
            # A slow pan inside each look, so nothing but the cut is a change.
            picture = look[:, index // 4 : index // 4 + 320]
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(picture), format="rgb24")
            frame.pts = round(when * 1000)
            frame.time_base = Fraction(1, 1000)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    cut = next(w for w in times if w >= 2.0)
    return path, [cut]


def dissolve_video(path: Path, fps: int = 24, frames: int = 12, hold_s: float = 3.0) -> tuple[Path, float, float]:
    """`hold_s` of one picture, a dissolve of `frames` frames, `hold_s` of another, each panning
    slowly; returns the dissolve's start and end (s)."""
    start = round(hold_s * fps)
    looks = [_scene_image(scene, max(384, 321 + (2 * start + frames) // 4), 180) for scene in (6, 7)]

    def picture(index: int) -> np.ndarray:
        views = [look[:, index // 4 : index // 4 + 320] for look in looks]
        mix = min(1.0, max(0.0, (index - start + 1) / (frames + 1)))
        return ((views[0] * (1 - mix) + views[1] * mix) * 255).astype(np.uint8)

    _write_h264(path, (picture(i) for i in range(2 * start + frames)), fps, crf=18)
    return path, start / fps, (start + frames) / fps


def cutting_video(path: Path, seconds: float, every: int = 20, fps: int = 24) -> Path:
    """A hard cut to another picture every `every` frames, cycling through a few scenes."""
    looks = [(_scene_image(scene, 320, 180) * 255).astype(np.uint8) for scene in range(10, 15)]
    pictures = (looks[(index // every) % len(looks)] for index in range(int(seconds * fps)))
    return _write_h264(path, pictures, fps, crf=18)


def cut_dense_video(path: Path, seconds: float = 16.0, fps: int = 24) -> tuple[Path, list[float]]:
    """Cut-dense material (a promo, a trailer): a new shot every half second to three seconds from a
    dozen panning pictures, one dissolve and one flash frame; returns the hard cuts' times (s)."""
    rng = np.random.default_rng(11)
    looks = [(_scene_image(scene, 448, 240) * 255).astype(np.uint8) for scene in range(20, 32)]
    frames = int(seconds * fps)
    starts, t = [0], 0
    while (t := t + int(rng.integers(fps // 2, 3 * fps + 1))) < frames - fps // 2:
        starts.append(t)
    dissolve = starts[len(starts) // 2]
    longest = max(range(len(starts) - 1), key=lambda n: starts[n + 1] - starts[n])
    flash = (starts[longest] + starts[longest + 1]) // 2  # inside a shot: not a cut
    drift = [(int(rng.integers(-2, 3)), int(rng.integers(-1, 2))) for _ in starts]

    def view(shot: int, index: int) -> np.ndarray:
        dx, dy = drift[shot]
        n = index - starts[shot]
        x, y = 64 + int(np.clip(n * dx, -64, 64)), 30 + int(np.clip(n * dy, -30, 30))
        return looks[(shot * 5) % len(looks)][y : y + 180, x : x + 320]

    def picture(index: int) -> np.ndarray:
        shot = int(np.searchsorted(starts, index, side="right")) - 1
        if index == flash:
            return np.full((180, 320, 3), 245, np.uint8)
        if starts[shot] == dissolve and index - dissolve < 12:
            mix = (index - dissolve + 1) / 13
            return (view(shot, index) * mix + view(shot - 1, index) * (1 - mix)).astype(np.uint8)
        return view(shot, index)

    _write_h264(path, (picture(i) for i in range(frames)), fps, crf=20)
    return path, [s / fps for s in starts[1:] if s != dissolve]
