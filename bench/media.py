"""Benchmark media, each with its truth: a long 1080p24 H.264 talk (a cut every few minutes, dissolves,
speech), and cut-dense material (a cut every half second to three seconds, as in trailers, promos and
music videos, with dissolves and flash frames)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import av
import numpy as np

from workprint.engine.demo.synth import AUDIO_RATE, _scene_image, voice

WIDTH, HEIGHT = 1920, 1080
FPS = 24
LINES = ("line1", "line2", "line3", "line4")


def make_talk(path: Path, minutes: float = 10.0, bitrate: str = "12M") -> dict:
    """Write the file once (it is kept) and return its truth: cuts (s) and speech (s)."""
    truth_path = path.with_suffix(".truth.json")
    if path.exists() and truth_path.exists():
        return json.loads(truth_path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(42)
    frames = int(minutes * 60 * FPS)
    # Plates a little larger than the frame: each shot drifts slowly across its plate.
    plates = [
        (_scene_image(100 + n, (WIDTH + 256) // 4, (HEIGHT + 64) // 4) * 255).astype(np.uint8).repeat(4, 0).repeat(4, 1)
        for n in range(6)
    ]
    # Camera noise, so the encoder spends its bits as on real footage (a clean synthetic picture
    # compresses far below 12 Mb/s and decodes faster than anything a camera makes).
    grain = [rng.integers(-7, 8, (HEIGHT, WIDTH, 3), dtype=np.int16) for _ in range(7)]
    cuts, dissolves, boundaries, shot_plate = [], [], [0], [0]
    t = 0
    while True:
        t += int(rng.integers(8 * FPS, 30 * FPS))
        if t >= frames - FPS:
            break
        boundaries.append(t)
        shot_plate.append((shot_plate[-1] + int(rng.integers(1, 6))) % 6)
        (dissolves if rng.random() < 0.2 else cuts).append(t)
    audio, speech = _speech(minutes, rng)

    def pictures():
        shot = 0
        for index in range(frames):
            while shot + 1 < len(boundaries) and index >= boundaries[shot + 1]:
                shot += 1
            picture = _view(plates[shot_plate[shot]], index - boundaries[shot])
            start = boundaries[shot]
            if start in dissolves and index - start < 12:
                previous = _view(plates[shot_plate[shot - 1]], index - boundaries[shot - 1])
                mix = (index - start + 1) / 13
                picture = (picture * mix + previous * (1 - mix)).astype(np.uint8)
            yield picture

    _write(path, bitrate, pictures(), grain, audio)
    return _keep_truth(truth_path, frames, speech, cuts=cuts, dissolves=dissolves)


def make_cut_dense(path: Path, minutes: float = 3.0, bitrate: str = "12M") -> dict:
    """Write the file once (it is kept) and return its truth: cuts, dissolves and flashes (s), speech (s).

    Many short shots from 40 pictures, each moving its own way (pans at different speeds and
    directions, a push in, a drifting light), hard cuts every 0.5-3 s, one in twelve a 12-frame
    dissolve, and now and then a single flash frame inside a shot (not a cut)."""
    truth_path = path.with_suffix(".truth.json")
    if path.exists() and truth_path.exists():
        return json.loads(truth_path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    frames = int(minutes * 60 * FPS)
    margin = 256
    plates = [
        (_scene_image(300 + n, (WIDTH + 2 * margin) // 4, (HEIGHT + 2 * margin) // 4) * 255)
        .astype(np.uint8)
        .repeat(4, 0)
        .repeat(4, 1)
        for n in range(40)
    ]
    grain = [rng.integers(-7, 8, (HEIGHT, WIDTH, 3), dtype=np.int16) for _ in range(7)]
    boundaries, shot_plate, moves, cuts, dissolves, flashes = [0], [0], [_move(rng)], [], [], []
    t = 0
    while True:
        t += int(rng.integers(FPS // 2, 3 * FPS + 1))
        if t >= frames - FPS:
            break
        boundaries.append(t)
        shot_plate.append((shot_plate[-1] + int(rng.integers(1, 40))) % 40)
        moves.append(_move(rng))
        (dissolves if rng.random() < 1 / 12 else cuts).append(t)
    boundaries.append(frames)
    for a, b in itertools.pairwise(boundaries):
        if b - a >= 2 * FPS and rng.random() < 0.15:
            flashes.append(int(rng.integers(a + FPS // 2, b - FPS // 2)))
    audio, speech = _speech(minutes, rng)

    def picture_of(shot: int, index: int) -> np.ndarray:
        return _moving(plates[shot_plate[shot]], moves[shot], index - boundaries[shot], margin)

    def pictures():
        shot = 0
        flash_set = set(flashes)
        for index in range(frames):
            while index >= boundaries[shot + 1]:
                shot += 1
            picture = picture_of(shot, index)
            start = boundaries[shot]
            if start in dissolves and index - start < 12:
                mix = (index - start + 1) / 13
                picture = (picture * mix + picture_of(shot - 1, index) * (1 - mix)).astype(np.uint8)
            if index in flash_set:
                picture = np.full_like(picture, 245)
            yield picture

    _write(path, bitrate, pictures(), grain, audio)
    return _keep_truth(truth_path, frames, speech, cuts=cuts, dissolves=dissolves, flashes=flashes)


def _move(rng) -> tuple[float, float, float]:
    """How a shot moves: pixels per frame across and down, and a light that drifts in level."""
    speed = float(rng.choice([0.0, 0.5, 1.5, 4.0]))
    angle = float(rng.uniform(0, 2 * np.pi))
    return speed * np.cos(angle), speed * np.sin(angle), float(rng.uniform(-0.004, 0.004))


def _keep_truth(truth_path: Path, frames: int, speech: list[list[float]], **at_frames: list[int]) -> dict:
    """Write the file's truth beside it: each list of frame numbers as seconds, the speech, the length."""
    truth = {name: [n / FPS for n in values] for name, values in at_frames.items()}
    truth.update(speech=speech, frames=frames, fps=FPS, seconds=frames / FPS)
    truth_path.write_text(json.dumps(truth))
    return truth


def _write(path: Path, bitrate: str, pictures, grain: list[np.ndarray], audio: np.ndarray) -> None:
    """Encode the pictures (RGB, one per frame at FPS) with camera grain, and the sound beside them, as
    1080p H.264 at the bitrate with stereo AAC."""
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        rate = int(float(bitrate.rstrip("M")) * 1000)
        video.options = {
            "preset": "veryfast",
            "x264-params": f"bitrate={rate}:vbv-maxrate={rate}:vbv-bufsize={2 * rate}",
        }
        sound = out.add_stream("aac", rate=AUDIO_RATE)
        sound.layout = "stereo"
        audio_pos = 0
        for index, picture in enumerate(pictures):
            picture = np.clip(picture + grain[index % len(grain)], 0, 255).astype(np.uint8)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = index
            for packet in video.encode(frame):
                out.mux(packet)
            # Sound up to this frame's end, in 1024-sample blocks.
            target = int((index + 1) / FPS * AUDIO_RATE)
            while audio_pos + 1024 <= target:
                block = np.repeat(audio[None, audio_pos : audio_pos + 1024], 2, axis=0)
                aframe = av.AudioFrame.from_ndarray(np.ascontiguousarray(block), format="fltp", layout="stereo")
                aframe.sample_rate = AUDIO_RATE
                aframe.pts = audio_pos
                for packet in sound.encode(aframe):
                    out.mux(packet)
                audio_pos += 1024
        for stream in (video, sound):
            for packet in stream.encode():
                out.mux(packet)


def _moving(plate: np.ndarray, move: tuple[float, float, float], n: int, margin: int) -> np.ndarray:
    dx, dy, light = move
    x = margin + int(np.clip(n * dx, -margin, margin))
    y = margin + int(np.clip(n * dy, -margin, margin))
    view = plate[y : y + HEIGHT, x : x + WIDTH]
    if light:
        view = np.clip(view * (1 + light * min(n, 60)), 0, 255).astype(np.uint8)
    return view


def _view(plate: np.ndarray, n: int) -> np.ndarray:
    dx = int(n * 0.5) % 250
    dx = dx if (n // 500) % 2 == 0 else 250 - dx
    return plate[24 : 24 + HEIGHT, dx : dx + WIDTH]


def _speech(minutes: float, rng) -> tuple[np.ndarray, list[list[float]]]:
    total = int(minutes * 60 * AUDIO_RATE)
    audio = rng.normal(0, 10 ** (-62 / 20), total).astype(np.float32)
    recordings = {name: voice(name) for name in LINES}
    speech, at = [], 2.0
    while True:
        name = LINES[int(rng.integers(0, len(LINES)))]
        recording = recordings[name]
        upsampled = np.interp(np.arange(len(recording) * 3) / 3, np.arange(len(recording)), recording) * 0.5
        start = int(at * AUDIO_RATE)
        if start + len(upsampled) >= total:
            break
        audio[start : start + len(upsampled)] += upsampled.astype(np.float32)
        speech.append([round(at, 3), round(at + len(upsampled) / AUDIO_RATE, 3)])
        at += len(upsampled) / AUDIO_RATE + float(rng.uniform(0.4, 4.0))
    return np.clip(audio, -1, 1), speech


if __name__ == "__main__":
    import sys

    make = make_cut_dense if "dense" in Path(sys.argv[1]).name else make_talk
    print(make(Path(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 10.0)["seconds"])
