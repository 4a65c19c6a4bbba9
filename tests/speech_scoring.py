"""How heard speech and words are scored against what people annotated: coverage, WER, word edges."""

from __future__ import annotations

import re
import struct
import wave
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

REAL_SPEECH = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "real-speech"
#: Speech is compared on a 10 ms grid.
GRID_S = 0.01

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
_ONES += "seventeen eighteen nineteen"
ONES = _ONES.split()
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SPELLED = {"mr": "mister", "mrs": "missus", "dr": "doctor", "st": "saint", "ok": "okay"}
#: Words a slate is read with that sound the same: the recogniser cannot tell them apart without context.
HOMOPHONES = {"for": "four", "fore": "four", "to": "two", "too": "two", "won": "one", "ate": "eight"}


def number_words(n: int) -> list[str]:
    if n < 20:
        return [ONES[n]]
    if n < 100:
        return [TENS[n // 10]] + ([ONES[n % 10]] if n % 10 else [])
    if n < 1000:
        return [ONES[n // 100], "hundred"] + (number_words(n % 100) if n % 100 else [])
    return [str(n)]


def normalised(text: str) -> list[str]:
    """Lower case, no punctuation, numbers and common abbreviations spelled out (as the annotations are)."""
    tokens: list[str] = []
    for raw in re.split(r"[\s\-–—]+", text.lower()):
        token = re.sub(r"[^a-z0-9']", "", raw).strip("'")
        if not token:
            continue
        if token.isdigit():
            tokens.extend(number_words(int(token)))
        else:
            tokens.append(SPELLED.get(token, token))
    return tokens


def alignment(ref: Sequence[str], hyp: Sequence[str]) -> tuple[int, list[tuple[int, int]]]:
    """Edit distance between word lists, and the (ref, hyp) index pairs matched exactly on the best path."""
    n, m = len(ref), len(hyp)
    cost = np.zeros((n + 1, m + 1), int)
    cost[:, 0], cost[0, :] = np.arange(n + 1), np.arange(m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            same = ref[i - 1] == hyp[j - 1]
            cost[i, j] = min(cost[i - 1, j - 1] + (not same), cost[i - 1, j] + 1, cost[i, j - 1] + 1)
    pairs: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 and j > 0:
        same = ref[i - 1] == hyp[j - 1]
        if cost[i, j] == cost[i - 1, j - 1] + (not same):
            if same:
                pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif cost[i, j] == cost[i - 1, j] + 1:
            i -= 1
        else:
            j -= 1
    return int(cost[n, m]), pairs[::-1]


def hyp_tokens(words: Iterable[dict]) -> list[tuple[str, float, float]]:
    """Each heard word's normalised tokens, each with the word's times."""
    out = []
    for word in words:
        for token in normalised(word["text"]):
            out.append((token, word["start_s"], word["end_s"]))
    return out


def word_scores(truth: list[list], heard: list[dict]) -> tuple[int, int, list[float]]:
    """Errors, reference words, and the start and end errors (seconds) of every word heard right."""
    ref = [(t, a, b) for a, b, text in truth for t in normalised(text)]
    hyp = hyp_tokens(heard)
    errors, pairs = alignment([r[0] for r in ref], [h[0] for h in hyp])
    edges = []
    for i, j in pairs:
        edges += [abs(ref[i][1] - hyp[j][1]), abs(ref[i][2] - hyp[j][2])]
    return errors, len(ref), edges


def rttm_speech(path: Path) -> dict[str, list[tuple[float, float]]]:
    """The union of the speaker turns of each file, from an RTTM file."""
    turns: dict[str, list[tuple[float, float]]] = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if parts and parts[0] == "SPEAKER":
            start, length = float(parts[3]), float(parts[4])
            turns.setdefault(parts[1], []).append((start, start + length))
    return turns


def on_grid(spans: Iterable[Sequence[float]], length_s: float) -> np.ndarray:
    mask = np.zeros(round(length_s / GRID_S) + 1, bool)
    for a, b in spans:
        mask[round(a / GRID_S) : round(b / GRID_S)] = True
    return mask


def coverage(
    found: Iterable[Sequence[float]], truth: Iterable[Sequence[float]], length_s: float
) -> tuple[int, int, int]:
    """Hits, false alarms and misses, in 10 ms steps."""
    h, r = on_grid(found, length_s), on_grid(truth, length_s)
    return int((h & r).sum()), int((h & ~r).sum()), int((~h & r).sum())


def write_wav(path: Path, samples: np.ndarray, rate: int = 16_000) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """Mono float samples of a PCM-16 or float-32 WAV (the real recordings have both)."""
    data = path.read_bytes()
    pos, fmt, channels, rate, bits = 12, 0, 1, 0, 0
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        body = data[pos + 8 : pos + 8 + size]
        if chunk == b"fmt ":
            fmt, channels, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
        elif chunk == b"data":
            if fmt == 3:
                samples = np.frombuffer(body, "<f4").astype(np.float32)
            elif fmt == 1 and bits == 16:
                samples = np.frombuffer(body, "<i2").astype(np.float32) / 32768
            else:
                raise ValueError(f"{path}: WAV format {fmt}/{bits} bits")
            return samples.reshape(-1, channels).mean(axis=1), rate
        pos += 8 + size + (size & 1)
    raise ValueError(f"{path}: no data chunk")
