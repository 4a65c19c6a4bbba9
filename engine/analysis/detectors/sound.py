"""Sound signals: level, peak, loudness, clipped stretches, sharp transients (a slate's clap), and a peak
envelope small enough to draw a waveform from (the review report)."""

from __future__ import annotations

import numpy as np
import torch

from workprint.engine.analysis.decode import SAMPLE_RATE
from workprint.engine.analysis.detector import Detector, event, register
from workprint.engine.analysis.schema.sound import SOUND, SoundParams, SoundResult

#: The analysis grid: 10 ms windows (the level track and the envelope are built from them).
WINDOW_S = 0.01
WINDOW = round(SAMPLE_RATE * WINDOW_S)
FLOOR_DB = -100.0
#: Windows per envelope value, and per level value.
ENVELOPE_WINDOWS = round(1 / (SoundResult.envelope_hz * WINDOW_S))
LEVEL_WINDOWS = round(1 / (SoundResult.level_hz * WINDOW_S))


@register
class Sound(Detector):
    kind = SOUND
    params: SoundParams

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.carry = np.zeros(0, np.float32)
        self.rms_db: list[np.ndarray] = []
        self.clipped: list[np.ndarray] = []
        self.peaks: list[np.ndarray] = []
        self.peak = 0.0

    def feed(self, chunk) -> None:
        samples = np.concatenate([self.carry, chunk.audio])
        whole = len(samples) // WINDOW * WINDOW
        self.carry = samples[whole:]
        if not whole:
            return
        p = self.params
        windows = torch.from_numpy(samples[:whole]).to(self.device).view(-1, WINDOW)
        rms = windows.pow(2).mean(dim=1).sqrt()
        self.rms_db.append((20 * torch.log10(rms.clamp_min(1e-5))).cpu().numpy())
        self.clipped.append(((windows.abs() >= p.clip_at).float().mean(dim=1) >= p.clipped_share).cpu().numpy())
        window_peaks = windows.abs().amax(dim=1)
        self.peaks.append(window_peaks.cpu().numpy())
        self.peak = max(self.peak, float(window_peaks.max()))

    def finish(self, earlier) -> SoundResult:
        p = self.params
        rms_db = np.concatenate(self.rms_db) if self.rms_db else np.zeros(0)
        clipped = np.concatenate(self.clipped) if self.clipped else np.zeros(0, dtype=bool)
        times = np.arange(len(rms_db)) * WINDOW_S
        join, min_len = round(p.clipping_join_s / WINDOW_S), round(p.clipping_min_s / WINDOW_S)
        events = [
            event("clipping", a, b, p.clipping_confidence)
            for a, b in _spans(clipped, times, join=join, min_len=min_len)
        ]
        events += [event("clap", t, t + 0.05, conf) for t, conf in _claps(rms_db, p)]
        # A 10 Hz level track: enough to compare how loud two lines are.
        tenth = len(rms_db) // LEVEL_WINDOWS * LEVEL_WINDOWS
        energy = (10 ** (rms_db[:tenth] / 10)).reshape(-1, LEVEL_WINDOWS).mean(axis=1) if tenth else np.zeros(0)
        level = 10 * np.log10(np.maximum(energy, 1e-10))
        peaks = np.concatenate(self.peaks) if self.peaks else np.zeros(0, np.float32)
        whole = len(peaks) // ENVELOPE_WINDOWS * ENVELOPE_WINDOWS
        envelope = peaks[:whole].reshape(-1, ENVELOPE_WINDOWS).max(axis=1) if whole else np.zeros(0)
        envelope_db = np.clip(np.round(20 * np.log10(np.maximum(envelope, 1e-5))), SoundResult.envelope_floor_db, 0)
        heard = rms_db[rms_db > p.heard_above_db]
        loudness = float(10 * np.log10(np.mean(10 ** (heard / 10)))) if len(heard) else FLOOR_DB
        return SoundResult(
            level_db_10hz=np.round(level, 1).tolist(),
            peak_db_25hz=envelope_db.astype(int).tolist(),
            peak_db=round(20 * float(np.log10(max(self.peak, 1e-5))), 2),
            loudness_db=round(loudness, 2),
            events=events,
        )


def _spans(mask: np.ndarray, times: np.ndarray, join: int, min_len: int) -> list[tuple[float, float]]:
    spans: list[list[int]] = []
    for i in map(int, np.flatnonzero(mask)):
        if spans and i - spans[-1][1] <= join:
            spans[-1][1] = i
        else:
            spans.append([i, i])
    return [(float(times[a]), float(times[b] + WINDOW_S)) for a, b in spans if b - a + 1 >= min_len]


def _claps(rms_db: np.ndarray, p: SoundParams) -> list[tuple[float, float]]:
    found = []
    last = -1.0
    for i in range(6, len(rms_db) - 15):
        level = rms_db[i]
        if level < p.clap_min_db:
            continue
        # The window just before may hold the start of the clap: look past it.
        rise = level - rms_db[i - 6 : i - 1].max()
        if rise < p.clap_rise_db:
            continue
        # Gone again 50 to 150 ms later.
        decay = level - rms_db[i + 5 : i + 15].max()
        t = i * WINDOW_S
        if decay >= p.clap_decay_db and t - last > p.clap_gap_s:
            found.append(
                (round(t, 2), p.clap_confidence if decay >= p.clap_sure_decay_db else p.clap_unsure_confidence)
            )
            last = t
    return found
