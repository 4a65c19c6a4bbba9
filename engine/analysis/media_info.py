"""What a media file is, read from its container without decoding pictures."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av

from workprint.engine.errors import MediaError


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    duration_s: float
    #: Exact picture rate (24000/1001 for 23.976); None without picture.
    frame_rate: Fraction | None
    start_timecode: str | None
    has_video: bool
    has_audio: bool
    width: int = 0
    height: int = 0
    audio_streams: int = 0
    audio_channels: int = 0
    video_codec: str = ""
    audio_codec: str = ""

    @property
    def frame_s(self) -> float:
        return float(1 / self.frame_rate) if self.frame_rate else 1 / 25


def open_container(path: Path) -> av.container.InputContainer:
    if not path.exists():
        raise MediaError(f"{path}: media not found")
    try:
        return av.open(str(path), metadata_errors="ignore")
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise MediaError(f"{path}: not readable as media ({exc})") from exc


def probe(path: Path) -> MediaInfo:
    with open_container(path) as container:
        return info_of(path, container)


def info_of(path: Path, container: av.container.InputContainer) -> MediaInfo:
    video = container.streams.video[0] if container.streams.video else None
    audio = list(container.streams.audio)
    if video is None and not audio:
        raise MediaError(f"{path}: holds neither picture nor sound")
    rate = None
    if video is not None:
        guess = video.average_rate or video.guessed_rate or video.base_rate
        rate = Fraction(guess).limit_denominator(1001) if guess else None
    duration = 0.0
    if container.duration:
        duration = container.duration / av.time_base
    elif video is not None and video.duration and video.time_base:
        duration = float(video.duration * video.time_base)
    timecode = None
    for holder in [container.metadata, *(s.metadata for s in container.streams)]:
        if holder.get("timecode"):
            timecode = holder["timecode"]
            break
    return MediaInfo(
        path=path,
        duration_s=duration,
        frame_rate=rate,
        start_timecode=timecode,
        has_video=video is not None,
        has_audio=bool(audio),
        width=video.codec_context.width if video is not None else 0,
        height=video.codec_context.height if video is not None else 0,
        audio_streams=len(audio),
        audio_channels=sum(s.codec_context.channels or 0 for s in audio),
        video_codec=video.codec_context.name if video is not None else "",
        audio_codec=audio[0].codec_context.name if audio else "",
    )
