"""Speech: Silero VAD, with the weights the silero-vad package ships.

Sound is gathered into blocks; each block is cut into independent streams
that run through the network together as one batch (far faster than one
long stream), each stream warmed up on the half second before it so its
first words are heard like any others. After each block the speech closed
so far (`closed`) is known: what later sound cannot change, for detectors
that start work on speech before the decode ends (words).
"""

from __future__ import annotations

import numpy as np
import torch

from workprint.engine.analysis.decode import SAMPLE_RATE
from workprint.engine.analysis.detector import Detector, register
from workprint.engine.analysis.schema.speech import SPEECH, SpeechParams, SpeechResult

WINDOW = 512  # what Silero takes at 16 kHz: 32 ms
#: Streams run through the network together (a batch; the result does not depend on it). Two 15 s streams:
#: the speech closed so far is known every 30 s of sound, so recognition can start while decoding goes on.
BLOCK_STREAMS = 2


@register
class Speech(Detector):
    kind = SPEECH
    params: SpeechParams

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.pending = np.zeros(0, np.float32)
        self.before = np.zeros(0, np.float32)
        self.probabilities: list[np.ndarray] = []
        self.stream_len = int(self.params.stream_s * SAMPLE_RATE) // WINDOW * WINDOW
        self.warm_up = self.params.warm_up_windows * WINDOW
        #: Speech spans that later sound cannot change (the same as the first spans of the finished result).
        self.closed: list[list[float]] = []

    def feed(self, chunk) -> None:
        self.pending = np.concatenate([self.pending, chunk.audio])
        block = self.stream_len * BLOCK_STREAMS
        while len(self.pending) >= block:
            self._run(self.pending[:block])
            self.pending = self.pending[block:]

    def finish(self, earlier) -> SpeechResult:
        if len(self.pending):
            self._run(self.pending)
            self.pending = np.zeros(0, np.float32)
        probabilities = np.concatenate(self.probabilities) if self.probabilities else np.zeros(0)
        speech = segments(probabilities, self.params)
        length_s = round(len(probabilities) * WINDOW / SAMPLE_RATE, 3)
        return SpeechResult(speech=speech, likely=widened(speech, self.params.likely_pad_s, length_s))

    def _run(self, samples: np.ndarray) -> None:
        """Probabilities for every 32 ms of samples, the streams of this block as one batch."""
        streams = []
        for start in range(0, len(samples), self.stream_len):
            body = samples[start : start + self.stream_len]
            body = np.pad(body, (0, -len(body) % WINDOW))
            warm = np.concatenate([self.before, samples[:start]])[-self.warm_up :]
            warm = np.pad(warm, (self.warm_up - len(warm), 0))
            streams.append(np.concatenate([warm, body]))
        width = max(len(s) for s in streams)
        batch = torch.from_numpy(np.stack([np.pad(s, (0, width - len(s))) for s in streams]))
        model = self.models.vad()
        with self.models.vad_lock, torch.inference_mode():
            model.reset_states()
            out = [model(batch[:, i : i + WINDOW], SAMPLE_RATE) for i in range(0, width, WINDOW)]
        probs = torch.cat(out, dim=1).numpy()[:, self.warm_up // WINDOW :]
        total_windows = -(-len(samples) // WINDOW)
        self.probabilities.append(
            probs.reshape(-1)[:total_windows]
            if len(streams) == 1
            else np.concatenate([p[: self.stream_len // WINDOW] for p in probs])[:total_windows]
        )
        self.before = samples[-self.warm_up :]
        self.closed = closed_segments(np.concatenate(self.probabilities), self.params)


def _strong_edges(probabilities: np.ndarray, start: float, end: float, edge: float, step: float) -> list[float]:
    """The span held between its first and last window at `edge` or more: the low end threshold bridges
    breaths inside speech, but where speech begins and ends is where the probability is still high."""
    first, last = round(start / step), round(end / step)
    strong = np.flatnonzero(probabilities[first:last] >= edge)
    if not len(strong):
        return []
    return [(first + int(strong[0])) * step, (first + int(strong[-1]) + 1) * step]


def closed_segments(probabilities: np.ndarray, params: SpeechParams) -> list[list[float]]:
    """The spans of `segments` that more probabilities after these cannot change: all but the last. Spans are
    found by a state machine that reads forward, so those it has closed stay; only the last may still grow,
    join the next one, or be dropped as too short."""
    return segments(probabilities, params)[:-1]


def segments(probabilities: np.ndarray, params: SpeechParams | None = None) -> list[list[float]]:
    """Speech spans in seconds from 32 ms probabilities, with hysteresis (as Silero's own helper does)."""
    params = params or SpeechParams()
    step = WINDOW / SAMPLE_RATE
    spans: list[list[float]] = []
    start = None
    quiet_since = None
    for i, p in enumerate(probabilities):
        t = i * step
        if start is None:
            if p >= params.threshold:
                start, quiet_since = t, None
            continue
        if p >= params.end_threshold:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = t
        elif t - quiet_since >= params.min_silence_s:
            spans.append([start, quiet_since])
            start, quiet_since = None, None
    if start is not None:
        spans.append([start, quiet_since if quiet_since is not None else len(probabilities) * step])
    spans = [edges for a, b in spans if (edges := _strong_edges(probabilities, a, b, params.edge_threshold, step))]
    kept = [[max(0.0, a - params.pad_s), b + params.pad_s] for a, b in spans if b - a >= params.min_speech_s]
    merged: list[list[float]] = []
    for a, b in kept:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [[round(a, 3), round(b, 3)] for a, b in merged]


def widened(spans: list[list[float]], pad_s: float, length_s: float) -> list[list[float]]:
    """Each span widened by pad_s on both sides (inside 0..length_s), those that then touch joined."""
    out: list[list[float]] = []
    for a, b in spans:
        a, b = max(0.0, a - pad_s), min(length_s, b + pad_s) if length_s > 0 else b + pad_s
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [[round(a, 3), round(b, 3)] for a, b in out]
