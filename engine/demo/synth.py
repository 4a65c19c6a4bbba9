"""Synthetic takes for tests, the demo and the benchmarks, with their ground truth.

A take is written by PyAV from a short script: pictures (a lit, textured,
slowly drifting scene; a slate card; black; a flash frame; a soft stretch;
a shaken camera; a cut to another scene) and sound (room tone, a clap,
recorded lines from voice/, a clipped stretch). What was placed where is
returned as the truth the analysis should find.
"""

from __future__ import annotations

import itertools
import wave
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np

VOICE = Path(__file__).with_name("voice")
AUDIO_RATE = 48_000
#: Picture kinds a segment may have.
PICTURE_KINDS = ("scene", "slate", "black", "flash", "soft", "shake")


@dataclass(frozen=True)
class SlateCard:
    """What is written on a slate card, and how the card is laid out."""

    scene: str
    take: int
    roll: str = "A001"
    #: "columns" (ROLL | SCENE | TAKE labels over their values, ruled apart), "inline" ("SCENE 21A" on a
    #: line of its own), or "stacked" (a small label over a large value, scene left and take right).
    layout: str = "columns"
    title: str = "LIGHTHOUSE"


@dataclass(frozen=True)
class Picture:
    kind: str
    start_s: float
    end_s: float
    #: Which scene's look (a different number is a different picture: a cut).
    scene: int = 0
    #: What a slate card says; None draws unreadable strokes where its writing would be.
    card: SlateCard | None = None


@dataclass(frozen=True)
class Sound:
    #: A recording in voice/ ("line1".."line4", "action", "cut", the set day's calls and slates), "clap",
    #: or "clip" (clips the line placed at at_s).
    kind: str
    at_s: float
    gain_db: float = 0.0
    #: Seconds of the recording played (None: all of it): a line broken off.
    until_s: float | None = None


@dataclass
class TakeScript:
    duration_s: float
    pictures: list[Picture]
    sounds: list[Sound] = field(default_factory=list)
    fps: Fraction = Fraction(24)
    size: tuple[int, int] = (320, 180)
    codec: str = "h264"
    start_timecode: str | None = None
    room_tone_db: float = -62.0
    audio: bool = True
    video: bool = True


@dataclass
class Truth:
    path: Path
    speech: list[tuple[float, float]]
    cuts: list[float]
    events: list[tuple[str, float, float]]
    lines: list[tuple[str, float, float]]


def voice(name: str) -> np.ndarray:
    """A recording from voice/, float32 mono at 16 kHz."""
    with wave.open(str(VOICE / f"{name}.wav")) as handle:
        data = np.frombuffer(handle.readframes(handle.getnframes()), dtype=np.int16)
    return data.astype(np.float32) / 32768


def _scene_image(scene: int, width: int, height: int) -> np.ndarray:
    """A lit, textured picture, different for each scene number (float 0..1, HxWx3)."""
    rng = np.random.default_rng(1000 + scene)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    image = np.zeros((height, width, 3), np.float32)
    base = rng.uniform(0.2, 0.6, 3)
    image[:] = base
    for _ in range(6):
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        radius = rng.uniform(0.1, 0.35) * width
        colour = rng.uniform(0.1, 0.9, 3)
        blob = np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * radius**2))[..., None]
        image = image * (1 - 0.7 * blob) + colour * 0.7 * blob
    # Fine texture, so focus has something to show.
    texture = rng.uniform(-0.12, 0.12, (height // 2, width // 2, 1)).repeat(2, 0).repeat(2, 1)
    image[: texture.shape[0], : texture.shape[1]] += texture
    return np.clip(image, 0, 1)


def _slate_image(width: int, height: int, card: SlateCard | None = None) -> np.ndarray:
    image = np.full((height, width, 3), 0.12, np.float32)
    top, bottom, left, right = int(height * 0.2), int(height * 0.85), int(width * 0.2), int(width * 0.8)
    image[top:bottom, left:right] = 0.92
    # The clapper's stripes along the top.
    stripes = np.where((np.arange(left, right) // 12) % 2, 0.05, 0.95)[None, :, None]
    if card is not None:
        image[top : top + 10, left:right] = stripes
        return _written(image, (left, top + 10, right, bottom), card)
    rng = np.random.default_rng(7)
    # Rows of dark strokes: the writing on the card.
    for row in range(top + 8, bottom - 8, 14):
        col = left + 8
        while col < right - 16:
            length = int(rng.integers(4, 14))
            image[row : row + 6, col : min(col + length, right - 8)] = 0.08
            col += length + int(rng.integers(3, 8))
    image[top : top + 10, left:right] = stripes
    return image


def _written(image: np.ndarray, box: tuple[int, int, int, int], card: SlateCard) -> np.ndarray:
    """The card's fields written in type on its face (Pillow's own scalable font: nothing to install)."""
    from PIL import Image, ImageDraw, ImageFont

    left, top, right, bottom = box
    width, height = right - left, bottom - top
    face = Image.fromarray((image[top:bottom, left:right] * 255).astype(np.uint8))
    draw = ImageDraw.Draw(face)
    ink = (20, 20, 20)

    def font(share: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
        return ImageFont.load_default(size=max(8, round(height * share)))

    scene = card.scene
    if card.layout == "inline":
        small = font(0.17)
        draw.text((width * 0.06, height * 0.04), card.title, font=font(0.13), fill=ink)
        for row, text in enumerate((f"ROLL {card.roll}", f"SCENE {scene}", f"TAKE {card.take}")):
            draw.text((width * 0.06, height * (0.26 + 0.24 * row)), text, font=small, fill=ink)
    elif card.layout == "stacked":
        label, value = font(0.12), font(0.3)
        draw.text((width * 0.06, height * 0.04), f"{card.title}   ROLL {card.roll}", font=label, fill=ink)
        draw.line([(0, height * 0.22), (width, height * 0.22)], fill=ink, width=1)
        for x, name, text in ((0.06, "SCENE", scene), (0.62, "TAKE", str(card.take))):
            draw.text((width * x, height * 0.28), name, font=label, fill=ink)
            draw.text((width * x, height * 0.48), text, font=value, fill=ink)
        draw.line([(width * 0.56, height * 0.22), (width * 0.56, height)], fill=ink, width=1)
    else:
        label, value = font(0.12), font(0.2)
        draw.text((width * 0.06, height * 0.05), card.title, font=label, fill=ink)
        draw.line([(0, height * 0.25), (width, height * 0.25)], fill=ink, width=1)
        columns = (("ROLL", card.roll), ("SCENE", scene), ("TAKE", str(card.take)))
        for n, (name, text) in enumerate(columns):
            x = width * n / 3
            if n:
                draw.line([(x, height * 0.25), (x, height)], fill=ink, width=3)
            draw.text((x + width * 0.03, height * 0.32), name, font=label, fill=ink)
            draw.text((x + width * 0.03, height * 0.55), text, font=value, fill=ink)
    image[top:bottom, left:right] = np.asarray(face, np.float32) / 255
    return image


def _blur(image: np.ndarray, amount: int) -> np.ndarray:
    """Strong defocus: box blur by cumulative sums (no extra dependency)."""
    out = image
    for axis in (0, 1):
        padded = np.pad(out, [(amount, amount) if a == axis else (0, 0) for a in range(3)], mode="edge")
        summed = np.cumsum(padded, axis=axis)
        summed = np.insert(summed, 0, 0, axis=axis)
        size = out.shape[axis]
        out = (
            np.take(summed, np.arange(2 * amount + 1, 2 * amount + 1 + size), axis=axis)
            - np.take(summed, np.arange(0, size), axis=axis)
        ) / (2 * amount + 1)
    return out


def _frame(
    script: TakeScript, t: float, index: int, scenes: dict[int, np.ndarray], slates: dict[int, np.ndarray]
) -> np.ndarray:
    width, height = script.size
    segment = next((p for p in script.pictures if p.start_s <= t < p.end_s), None)
    if segment is None or segment.kind == "black":
        return np.zeros((height, width, 3), np.float32)
    if segment.kind == "flash":
        return np.ones((height, width, 3), np.float32)
    if segment.kind == "slate":
        key = id(segment)
        if key not in slates:
            slates[key] = _slate_image(width, height, segment.card)
        return slates[key]
    # Drawn once per scene and take: drawing it is most of what writing a frame costs.
    if segment.scene not in scenes:
        scenes[segment.scene] = _scene_image(segment.scene, width + 64, height + 32)
    image = scenes[segment.scene]
    # A slow drift back and forth: a camera that is alive but steady (never a jump).
    travel = (index * 0.25) % 126
    dx = int(travel if travel < 63 else 126 - travel)
    dy = 16
    if segment.kind == "shake":
        rng = np.random.default_rng(index)
        dx, dy = int(rng.integers(0, 64)), int(rng.integers(0, 32))
    view = image[dy : dy + height, dx : dx + width]
    if segment.kind == "soft":
        view = _blur(view, max(2, width // 40))
    return view


def _sound(script: TakeScript) -> tuple[np.ndarray, list[tuple[str, float, float]], list[tuple[str, float, float]]]:
    """The take's sound at 48 kHz mono, the lines placed (name, start, end), and sound events."""
    total = int(script.duration_s * AUDIO_RATE)
    rng = np.random.default_rng(3)
    audio = rng.normal(0, 10 ** (script.room_tone_db / 20), total).astype(np.float32)
    lines: list[tuple[str, float, float]] = []
    events: list = []
    for sound in sorted(script.sounds, key=lambda s: s.kind == "clip"):
        start = int(sound.at_s * AUDIO_RATE)
        gain = 10 ** (sound.gain_db / 20)
        if sound.kind == "clap":
            length = int(0.06 * AUDIO_RATE)
            burst = rng.normal(0, 0.5, length) * np.exp(-np.arange(length) / (0.008 * AUDIO_RATE))
            audio[start : start + length] += (gain * burst[: total - start]).astype(np.float32)
            events.append(("clap", sound.at_s, sound.at_s + 0.06))
        elif sound.kind == "clip":
            line = next(ln for ln in lines if ln[1] <= sound.at_s < ln[2])
            a, b = int(line[1] * AUDIO_RATE), int(line[2] * AUDIO_RATE)
            audio[a:b] = np.clip(audio[a:b] * 12, -1, 1)
            events.append(("clipping", line[1], line[2]))
        else:
            recording = voice(sound.kind)
            if sound.until_s is not None:
                recording = recording[: int(sound.until_s * 16_000)]
            upsampled = np.interp(np.arange(len(recording) * 3) / 3, np.arange(len(recording)), recording)
            upsampled = (upsampled * 0.5 * gain).astype(np.float32)
            end = min(total, start + len(upsampled))
            audio[start:end] += upsampled[: end - start]
            lines.append((sound.kind, sound.at_s, sound.at_s + len(upsampled) / AUDIO_RATE))
    return np.clip(audio, -1, 1), lines, events


def write_take(path: Path, script: TakeScript) -> Truth:
    """Write the take to path (container from the suffix) and return what is in it."""
    audio, lines, sound_events = _sound(script) if script.audio else (None, [], [])
    with av.open(str(path), "w") as out:
        video: Any = None  # PyAV types add_stream by codec name, known only at run time
        if script.video:
            video = out.add_stream(script.codec, rate=script.fps)
            video.width, video.height = script.size
            video.pix_fmt = {
                "mjpeg": "yuvj420p",
                "prores_ks": "yuv422p10le",
                "prores": "yuv422p10le",
                "dnxhd": "yuv422p",
            }.get(script.codec, "yuv420p")
            if script.codec in ("h264", "libx264"):
                video.options = {"preset": "ultrafast", "crf": "20"}
            elif script.codec == "dnxhd":
                # DNxHR takes any picture size; classic DNxHD only a few broadcast ones.
                video.options = {"profile": "dnxhr_lb"}
            if script.start_timecode:
                video.metadata["timecode"] = script.start_timecode
        sound: Any = None
        if audio is not None:
            codec = "aac" if path.suffix.lower() in (".mp4", ".m4v") else "pcm_s16le"
            sound = out.add_stream(codec, rate=AUDIO_RATE)
            sound.layout = "stereo"
        if video is not None:
            frames = round(script.duration_s * script.fps)
            scenes: dict[int, np.ndarray] = {}
            slates: dict[int, np.ndarray] = {}
            for index in range(frames):
                t = float(index / script.fps)
                pixels = (_frame(script, t, index, scenes, slates) * 255).astype(np.uint8)
                frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
                frame.pts = index
                frame.time_base = 1 / script.fps
                for packet in video.encode(frame):
                    out.mux(packet)
            for packet in video.encode():
                out.mux(packet)
        if sound is not None and audio is not None:
            stereo = np.repeat(audio[None, :], 2, axis=0)
            step = 1024
            for start in range(0, stereo.shape[1], step):
                block = np.ascontiguousarray(stereo[:, start : start + step])
                sound_frame = av.AudioFrame.from_ndarray(block, format="fltp", layout="stereo")
                sound_frame.sample_rate = AUDIO_RATE
                sound_frame.pts = start
                for packet in sound.encode(sound_frame):
                    out.mux(packet)
            for packet in sound.encode():
                out.mux(packet)
    return Truth(path, _speech_truth(lines), _cuts(script), _picture_events(script) + sound_events, lines)


def _speech_truth(lines: list[tuple[str, float, float]]) -> list[tuple[float, float]]:
    return [(round(a, 3), round(b, 3)) for _, a, b in sorted(lines, key=lambda ln: ln[1])]


def _cuts(script: TakeScript) -> list[float]:
    """Where the picture changes to another scene or card (not black, flash or effects within a scene)."""
    cuts = []
    looks = [
        (p.start_s, p.end_s, "scene" if p.kind in ("scene", "soft", "shake") else p.kind, p.scene)
        for p in sorted(script.pictures, key=lambda p: p.start_s)
    ]
    for before, after in itertools.pairwise(looks):
        other_scene = before[2] == after[2] == "scene" and before[3] != after[3]
        if other_scene or {before[2], after[2]} == {"scene", "slate"}:
            cuts.append(after[0])
    return cuts


def _picture_events(script: TakeScript) -> list[tuple[str, float, float]]:
    names = {"black": "black", "flash": "flash", "soft": "soft", "slate": "slate", "shake": "unsteady"}
    return [(names[p.kind], p.start_s, p.end_s) for p in script.pictures if p.kind in names]
