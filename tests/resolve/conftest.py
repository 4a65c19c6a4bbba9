"""A small 24 fps shoot laid out in a fake Resolve, and the plugin pointed at the session's real engine."""

from __future__ import annotations

import json
import sys
import wave
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from conftest import TOKEN
from workprint.engine.demo.shoot import TAKES, take_script
from workprint.engine.demo.synth import write_take

FPS = 24
#: Where the rough cut's clips start in their media (frames), as an editor leaves a little head on.
HEAD = 5


@dataclass(frozen=True)
class TakeFile:
    path: str
    name: str
    frames: int
    start_tc: str | None
    #: Frames the rough cut uses.
    used: int


@pytest.fixture(scope="session")
def takes(tmp_path_factory) -> list[TakeFile]:
    """The demo shoot's three takes, all at 24 fps (Resolve conforms rates; the fake keeps one) and small."""
    folder = tmp_path_factory.mktemp("resolve-shoot")
    found = []
    for name, codec, _fps, timecode, scene, lines in TAKES:
        script = take_script(codec, Fraction(FPS), timecode, scene, lines, size=(160, 90))
        truth = write_take(folder / name, script)
        frames = round(script.duration_s * FPS)
        # Loose, as in the demo's rough cut, but never past the end of the media.
        used = min(round(truth.lines[-1][2] * FPS + 4.5 * FPS), frames - HEAD)
        found.append(TakeFile(str(truth.path), truth.path.stem, frames, timecode, used))
    return found


@pytest.fixture(scope="session")
def music(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("resolve-music") / "music_bed.wav"
    rate, seconds = 16_000, 90
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        # A 220 Hz tone, truncated to 16-bit samples (numpy's cast truncates toward zero, as int() does).
        samples = 3000 * np.sin(2 * np.pi * 220 * np.arange(rate * seconds) / rate)
        out.writeframes(samples.astype("<i2").tobytes())
    return str(path)


def media_spec(takes: list[TakeFile], music: str | None = None, properties: list[dict] | None = None) -> list[dict]:
    media = [
        {
            "path": t.path,
            "fps": FPS,
            "frames": t.frames,
            "start_tc": t.start_tc,
            "folder": "Dailies",
            "properties": (properties or [{}] * len(takes))[n],
        }
        for n, t in enumerate(takes)
    ]
    if music:
        media.append({"path": music, "fps": FPS, "frames": 60 * FPS, "video": False, "audio": True, "folder": "Music"})
    return media


def rough_cut_spec(takes: list[TakeFile], music: str, transition: bool = False, **extra) -> dict:
    """The rough cut as an editor lays it in: takes on V1 with their sound linked on A1, a bed on A2."""
    items, at = [], 0
    for n, take in enumerate(takes):
        picture = {
            "media": n,
            "kind": "video",
            "track": 1,
            "at": at,
            "duration": take.used,
            "source_start": HEAD,
            "link": n + 1,
            "grade": f"look {n + 1}",
        }
        if n == 0:
            picture["markers"] = {
                str(4 * FPS - HEAD): {
                    "color": "Red",
                    "duration": 1.0,
                    "note": "",
                    "name": "love this read",
                    "customData": "",
                }
            }
        if n == 1:
            picture["color"] = "Orange"
        items += [
            picture,
            {
                "media": n,
                "kind": "audio",
                "track": 1,
                "at": at,
                "duration": take.used,
                "source_start": HEAD,
                "link": n + 1,
            },
        ]
        at += take.used
    items.append({"media": len(takes), "kind": "audio", "track": 2, "at": 0, "duration": at, "source_start": 0})
    timeline = {"name": "Rough cut", "video_tracks": 1, "audio_tracks": 2, "items": items}
    if transition:
        edit = takes[0].used + takes[1].used
        timeline["transitions"] = [{"kind": "video", "track": 1, "at": edit, "in": 6, "out": 6}]
    spec = {
        "project": "Shoot day",
        "fps": FPS,
        "media": media_spec(takes, music),
        "timelines": [timeline],
        "current_timeline": "Rough cut",
        "current_folder": "Dailies",
    }
    spec.update(extra)
    return spec


@pytest.fixture
def plugin_config(tmp_path, engine, monkeypatch) -> Path:
    """workprint.json for the plugin: the session's engine, its token, a data folder of this test's own."""
    data = tmp_path / "workprint-data"
    data.mkdir()
    (data / "token").write_text(TOKEN)
    config = {
        "engine_command": [sys.executable, "-m", "workprint.engine.cli.main"],
        "address": engine.address,
        "data_dir": str(data),
        "token_file": str(data / "token"),
        "lib_dir": "",
    }
    path = tmp_path / "workprint.json"
    path.write_text(json.dumps(config))
    monkeypatch.setenv("WORKPRINT_RESOLVE_CONFIG", str(path))
    monkeypatch.setenv("WORKPRINT_RESOLVE_NO_UI", "1")
    return path


def save_choices(config_path: Path, job: str, values: dict) -> None:
    data = Path(json.loads(config_path.read_text())["data_dir"])
    (data / "settings.json").write_text(json.dumps({job: values}))
