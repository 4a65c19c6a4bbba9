"""Speech: Silero VAD, with the weights the silero-vad package ships.

Sound is gathered into blocks; each block is cut into independent streams
that run through the network together as one batch (far faster than one
long stream), each stream warmed up on the half second before it so its
first words are heard like any others.
"""

from __future__ import annotations

import numpy as np
import torch

from workprint.engine.analysis.decode import SAMPLE_RATE
from workprint.engine.analysis.detector import Detector, register

WINDOW = 512  # what Silero takes at 16 kHz: 32 ms
STREAM_S = 15.0
BLOCK_STREAMS = 8
WARM_UP = 16 * WINDOW  # about half a second, in whole windows
THRESHOLD = 0.5
#: Speech ends when the probability stays under this for MIN_SILENCE_S.
END_THRESHOLD = 0.35
MIN_SILENCE_S = 0.1
MIN_SPEECH_S = 0.25
PAD_S = 0.0


@register
class Speech(Detector):
    name = "speech"
    version = 1
    reads = "sound"

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.pending = np.zeros(0, np.float32)
        self.before = np.zeros(0, np.float32)
        self.probabilities: list[np.ndarray] = []
        self.stream_len = int(STREAM_S * SAMPLE_RATE) // WINDOW * WINDOW

    def feed(self, chunk) -> None:
        self.pending = np.concatenate([self.pending, chunk.audio])
        block = self.stream_len * BLOCK_STREAMS
        while len(self.pending) >= block:
            self._run(self.pending[:block])
            self.pending = self.pending[block:]

    def finish(self, earlier):
        if len(self.pending):
            self._run(self.pending)
            self.pending = np.zeros(0, np.float32)
        probabilities = np.concatenate(self.probabilities) if self.probabilities else np.zeros(0)
        return {"speech": segments(probabilities)}

    def _run(self, samples: np.ndarray) -> None:
        """Probabilities for every 32 ms of samples, the streams of this block as one batch."""
        streams = []
        for start in range(0, len(samples), self.stream_len):
            body = samples[start:start + self.stream_len]
            body = np.pad(body, (0, -len(body) % WINDOW))
            warm = np.concatenate([self.before, samples[:start]])[-WARM_UP:]
            warm = np.pad(warm, (WARM_UP - len(warm), 0))
            streams.append(np.concatenate([warm, body]))
        width = max(len(s) for s in streams)
        batch = torch.from_numpy(np.stack([np.pad(s, (0, width - len(s))) for s in streams]))
        model = self.models.vad()
        with self.models.vad_lock, torch.inference_mode():
            model.reset_states()
            out = [model(batch[:, i:i + WINDOW], SAMPLE_RATE) for i in range(0, width, WINDOW)]
        probs = torch.cat(out, dim=1).numpy()[:, WARM_UP // WINDOW:]
        total_windows = -(-len(samples) // WINDOW)
        self.probabilities.append(probs.reshape(-1)[:total_windows] if len(streams) == 1 else
                                  np.concatenate([p[: self.stream_len // WINDOW] for p in probs])[:total_windows])
        self.before = samples[-WARM_UP:]


def segments(probabilities: np.ndarray) -> list[list[float]]:
    """Speech spans in seconds from 32 ms probabilities, with hysteresis (as Silero's own helper does)."""
    step = WINDOW / SAMPLE_RATE
    spans: list[list[float]] = []
    start = None
    quiet_since = None
    for i, p in enumerate(probabilities):
        t = i * step
        if start is None:
            if p >= THRESHOLD:
                start, quiet_since = t, None
            continue
        if p >= END_THRESHOLD:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = t
        elif t - quiet_since >= MIN_SILENCE_S:
            spans.append([start, quiet_since])
            start, quiet_since = None, None
    if start is not None:
        spans.append([start, quiet_since if quiet_since is not None else len(probabilities) * step])
    kept = [[max(0.0, a - PAD_S), b + PAD_S] for a, b in spans if b - a >= MIN_SPEECH_S]
    merged: list[list[float]] = []
    for a, b in kept:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [[round(a, 3), round(b, 3)] for a, b in merged]
