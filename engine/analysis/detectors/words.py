"""Words: speech recognition with word timings (faster-whisper on CTranslate2), inside detected speech only.

Whisper invents words over silence and room tone, so it never hears the whole file: the sound of each
stretch the speech detector found, widened by a small margin, is cut into pieces of at most
`max_piece_s`; the pieces are packed into shared windows (Whisper hears 30 s at a time whatever it is
given), each piece of a pack that does not come back whole is heard again alone, and the packs are decoded
together in batches. A word that does not overlap detected speech is kept only when the recogniser is sure
of it (a short call the speech detector missed); anything else outside speech is dropped, never invented
into dialogue.

Recognition overlaps the decode: when the speech detector runs in the same pass, each time it has closed
more speech (every 30 s of sound) the pieces that later sound cannot change are known, and every full batch
of them is recognised on a worker thread while decoding goes on; what is left is recognised at the end. The
pieces and their batches are the same as when everything is recognised at the end (as when speech comes from
the cache), so the words are too. The sound is kept as 16-bit samples (1.9 MB a minute) for the pieces.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from typing import Any, NamedTuple

import numpy as np

from workprint.engine.analysis.asr_model import resolve_model
from workprint.engine.analysis.decode import SAMPLE_RATE
from workprint.engine.analysis.detector import Detector, register
from workprint.engine.analysis.schema.speech import SpeechResult
from workprint.engine.analysis.schema.words import WORDS, Transcript, Word, WordsParams, WordsResult

log = logging.getLogger("workprint.analysis")

#: Where a long stretch of speech may be cut between pieces: the quietest 50 ms in its second half.
SPLIT_WINDOW = SAMPLE_RATE // 20


def recognition_threads() -> int:
    """CTranslate2's own pool: half the cores. Recognition runs beside the decode, whose frame threads and
    torch's half (see the analyser's compute_threads) already fill the machine; more threads than cores only
    make every pool wait on the others."""
    return max(1, (os.cpu_count() or 1) // 2)


_worker: ThreadPoolExecutor | None = None
_worker_lock = threading.Lock()


def _recognition_worker() -> ThreadPoolExecutor:
    """One thread for recognition beside the decode, shared by every analysis of the process: the model is
    used by one at a time anyway (its lock), and a cancelled analysis leaves no thread behind."""
    global _worker
    with _worker_lock:
        if _worker is None:
            _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workprint-words")
        return _worker


@register
class Words(Detector):
    kind = WORDS
    params: WordsParams

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.sound: list[np.ndarray] = []
        #: The speech detector of the same pass, when there is one: its closed speech lets recognition start.
        self.speech: Any = None
        self.model: Any = None
        #: Packs of pieces handed to the worker so far, in order, and the batches they went in.
        self.sent: list[list[tuple[float, float]]] = []
        self.batches: list[Future] = []
        self._seen_closed = -1
        self.recognition_s = 0.0

    def attach(self, running: dict[str, Detector]) -> None:
        self.speech = running.get("speech")

    def feed(self, chunk: Any) -> None:
        self.sound.append(np.clip(chunk.audio * 32768.0, -32768, 32767).astype(np.int16))
        if self.speech is not None and len(self.speech.closed) != self._seen_closed:
            self._seen_closed = len(self.speech.closed)
            self._send_closed(self.speech.closed)

    def _send_closed(self, closed: list[list[float]]) -> None:
        """Hand every full batch of pieces that later speech cannot change to the worker."""
        if self.model is None:
            self.model = resolve_model(self.params.model, self.params.language)
        samples = self._samples()
        pieces = recognition_pieces(closed, samples, self.params)
        # The last pack of the sure pieces may still take more of them.
        final = packed(sure_pieces(pieces), self.params)[:-1]
        batch = self.params.batch_size
        while len(final) - len(self.sent) >= batch:
            group = final[len(self.sent) : len(self.sent) + batch]
            self.sent += group
            # Only the sound of these pieces goes to the worker (from the first sample of the first).
            origin = round(group[0][0][0] * SAMPLE_RATE)
            heard_to = round(group[-1][-1][1] * SAMPLE_RATE) + 1
            audio = samples[origin:heard_to].astype(np.float32) / 32768.0
            # The speech these pieces lie on, copied: the speech detector goes on adding to its list, and the
            # whole of it would be copied again for every pack of a long file.
            first, last = group[0][0][0], group[-1][-1][1]
            spoken = [list(s) for s in closed if s[1] > first and s[0] < last]
            self.batches.append(_recognition_worker().submit(self._timed, audio, group, spoken, origin))

    def _timed(
        self, audio: np.ndarray, group: list[list[tuple[float, float]]], speech: list[list[float]], origin: int = 0
    ) -> Heard:
        started = time.perf_counter()
        try:
            return recognise(self.models, self.model, audio, group, speech, self.params, origin)
        finally:
            self.recognition_s += time.perf_counter() - started

    def _samples(self) -> np.ndarray:
        if len(self.sound) > 1:
            self.sound = [np.concatenate(self.sound)]
        return self.sound[0] if self.sound else np.zeros(0, np.int16)

    def finish(self, earlier: Any) -> WordsResult:
        samples = self._samples()
        self.sound = []
        speech_result = earlier.get("speech")
        speech = speech_result.speech if isinstance(speech_result, SpeechResult) else []
        audio = samples.astype(np.float32) / 32768.0
        model = self.model = self.model or resolve_model(self.params.model, self.params.language)
        pieces = recognition_pieces(speech, audio, self.params)
        packs = packed(pieces, self.params)
        heard = [batch.result() for batch in self.batches]
        if packs[: len(self.sent)] != self.sent:
            # Cannot happen while closed speech is what the speech detector says it is; if it ever differs,
            # the words are those of the pieces of the finished speech, recognised again.
            log.warning("%s: speech closed during the decode changed at its end; recognising again", self.info.path)
            heard, self.sent = [], []
        streamed = sum(len(pack) for pack in self.sent)
        if not pieces:
            return WordsResult(model=model.name, language=self.params.language)
        rest = packs[len(self.sent) :]
        for i in range(0, len(rest), self.params.batch_size):
            heard.append(self._timed(audio, rest[i : i + self.params.batch_size], speech))
        words = sorted((w for part in heard for w in part.words), key=lambda w: w.start_s)
        segments = [s for part in heard for s in part.segments]
        words = _edges_held_to_speech(words, pieces, speech)
        kept = [w for w in words if _overlaps(w, speech) or w.confidence >= self.params.outside_speech_confidence]
        texts = []
        for start, end in segments:
            said = " ".join(w.text for w in kept if start <= (w.start_s + w.end_s) / 2 < end)
            if said:
                texts.append(Transcript(start_s=round(start, 3), end_s=round(end, 3), text=said))
        return WordsResult(
            words=kept,
            segments=texts,
            model=model.name,
            language=self.params.language,
            recognised_s=round(sum(b - a for a, b in pieces), 3),
            recognition_s=round(self.recognition_s, 3),
            recognised_during_decode=streamed,
            windows=sum(part.windows for part in heard),
            heard_again=sum(part.heard_again for part in heard),
        )


def sure_pieces(pieces: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The pieces of closed speech that more speech cannot change: all but those of the last stretch, which
    may still join the next (a long stretch is cut into pieces that touch, end to start)."""
    last = len(pieces) - 1
    while last > 0 and pieces[last - 1][1] == pieces[last][0]:
        last -= 1
    return pieces[: max(0, last)]


def _edges_held_to_speech(
    words: list[Word], pieces: list[tuple[float, float]], speech: list[list[float]]
) -> list[Word]:
    """Whisper stretches the first word of a piece back to the piece's start and the last one on to its end
    (the margin's room tone is given to them); where such a word lies on detected speech, the speech detector
    is the better witness of where it begins and ends."""
    out = list(words)
    for a, b in pieces:
        inside = [i for i, w in enumerate(out) if a <= (w.start_s + w.end_s) / 2 < b]
        if not inside:
            continue
        first, last = inside[0], inside[-1]
        onset = next((s for s, e in speech if s < out[first].end_s and e > out[first].start_s), None)
        if onset is not None and out[first].start_s < onset:
            out[first] = replace(out[first], start_s=round(min(onset, out[first].end_s - 0.02), 3))
        offset = next((e for s, e in speech if s < out[last].end_s and e > out[last].start_s), None)
        if offset is not None and out[last].end_s > offset:
            out[last] = replace(out[last], end_s=round(max(offset, out[last].start_s + 0.02), 3))
    return out


def _overlaps(word: Word, speech: list[list[float]]) -> bool:
    return any(word.start_s < b and word.end_s > a for a, b in speech)


def recognition_pieces(speech: list[list[float]], audio: np.ndarray, params: WordsParams) -> list[tuple[float, float]]:
    """Detected speech widened by the margin, stretches close together joined, long ones cut where it is quietest."""
    length_s = len(audio) / SAMPLE_RATE
    joined: list[list[float]] = []
    for a, b in speech:
        a, b = max(0.0, a - params.margin_s), min(length_s, b + params.margin_s)
        if b <= a:
            continue
        if joined and a - joined[-1][1] <= params.join_s:
            joined[-1][1] = max(joined[-1][1], b)
        else:
            joined.append([a, b])
    pieces: list[tuple[float, float]] = []
    for a, b in joined:
        while b - a > params.max_piece_s:
            cut = _quietest(audio, a + params.max_piece_s / 2, a + params.max_piece_s)
            pieces.append((a, cut))
            a = cut
        pieces.append((a, b))
    # Whole milliseconds inside the sound: faster-whisper refuses pieces that add up to more than the file.
    last = np.floor(length_s * 1000) / 1000
    return [(round(a, 3), min(round(b, 3), last)) for a, b in pieces if b - a >= 0.1]


def packed(pieces: list[tuple[float, float]], params: WordsParams) -> list[list[tuple[float, float]]]:
    """Pieces in order, gathered into packs that Whisper hears as one window (at most max_piece_s, pieces
    pack_gap_s apart): it hears 30 s at a time whatever it is given, so a short call alone would cost as
    much as half a minute of dialogue. Greedy, so packs of the first pieces do not depend on later ones."""
    packs: list[list[tuple[float, float]]] = []
    length = 0.0
    for a, b in pieces:
        if params.pack and packs and length + params.pack_gap_s + (b - a) <= params.max_piece_s:
            packs[-1].append((a, b))
            length += params.pack_gap_s + (b - a)
        else:
            packs.append([(a, b)])
            length = b - a
    return packs


def _quietest(audio: np.ndarray, from_s: float, to_s: float) -> float:
    lo, hi = int(from_s * SAMPLE_RATE), int(to_s * SAMPLE_RATE)
    # In float64, where 16-bit samples and their float32 form (both exact) give the same energies.
    span = audio[lo:hi].astype(np.float64)
    if audio.dtype == np.int16:
        span /= 32768.0
    frames = len(span) // SPLIT_WINDOW
    if frames < 2:
        return to_s
    energy = (span[: frames * SPLIT_WINDOW].reshape(frames, SPLIT_WINDOW) ** 2).mean(axis=1)
    return (lo + (int(np.argmin(energy)) + 0.5) * SPLIT_WINDOW) / SAMPLE_RATE


class Heard(NamedTuple):
    """What recognising some packs of pieces gave."""

    words: list[Word]
    #: The span of each segment the recogniser made, cut to the pieces it covers (file times).
    segments: list[tuple[float, float]]
    #: Windows the recogniser heard (a pack each, and a piece heard again alone each).
    windows: int
    #: Pieces of packs heard again alone.
    heard_again: int


def recognise(
    models: Any,
    model: Any,
    audio: np.ndarray,
    packs: list[list[tuple[float, float]]],
    speech: list[list[float]],
    params: WordsParams,
    origin: int = 0,
) -> Heard:
    """Every word heard in the packs of pieces (file times), and the span of each segment the recogniser
    made, cut to the pieces it covers. `audio` starts at sample `origin` of the file.

    Packed, Whisper now and then stops before the end of its window, or skips a piece or the first words
    of one, so a piece of a pack that does not come back whole (no word, or more than `rehear_gap_s` of its
    detected speech with no word) is heard again alone, and its words are those heard alone: packing loses
    no piece, and saves a window per piece wherever the pieces do come back whole."""
    # A pack is decoded with Whisper's segment timestamps: without them it most often stops at the first
    # long pause of its window (of the set day's 18 pieces, 11 had to be heard again; with them, 4). A
    # piece alone is decoded as it always was, text only.
    heard = _hear(models, model, audio, [p for p in packs if len(p) > 1], params, origin, timestamps=True)
    heard.update(_hear(models, model, audio, [p for p in packs if len(p) == 1], params, origin))
    again = [
        piece
        for pack in packs
        if len(pack) > 1
        for piece in pack
        if not heard_whole(piece, heard[piece][0], speech, params)
    ]
    if again:
        heard.update(_hear(models, model, audio, [[piece] for piece in again], params, origin))
    words = sorted((w for found, _ in heard.values() for w in found), key=lambda w: w.start_s)
    segments = sorted(s for _, spans in heard.values() for s in spans)
    return Heard(words, segments, len(packs) + len(again), len(again))


def heard_whole(piece: tuple[float, float], words: list[Word], speech: list[list[float]], params: WordsParams) -> bool:
    """Whether the words heard in a piece account for its detected speech: some word, and no more than
    `rehear_gap_s` of the speech in it without a word within half that of it (a word's edges are not
    where the speech detector puts them)."""
    if not words:
        return False
    slack = params.rehear_gap_s / 2
    heard = sorted((w.start_s - slack, w.end_s + slack) for w in words)
    for a, b in speech:
        if b <= piece[0] or a >= piece[1]:
            continue
        a, b = max(a, piece[0]), min(b, piece[1])
        for start, end in heard:
            if b - a <= params.rehear_gap_s:
                break
            if start - a > params.rehear_gap_s:
                return False
            a = max(a, end)
        if b - a > params.rehear_gap_s:
            return False
    return True


def _hear(
    models: Any,
    model: Any,
    audio: np.ndarray,
    packs: list[list[tuple[float, float]]],
    params: WordsParams,
    origin: int,
    timestamps: bool = False,
) -> dict[tuple[float, float], tuple[list[Word], list[tuple[float, float]]]]:
    """What the recogniser hears in each piece of the packs: its words and its segments' spans (file times).
    Each pack is laid out as one clip (its pieces' sound, pack_gap_s of silence between them) and what is
    heard in it is put back at its pieces' times."""
    from faster_whisper import BatchedInferencePipeline

    if not packs:
        return {}
    gap = np.zeros(int(params.pack_gap_s * SAMPLE_RATE), np.float32)
    parts: list[np.ndarray] = []
    clips: list[dict[str, float]] = []
    #: (start in the laid-out sound, end there, the piece) of every piece, in order.
    places: list[tuple[float, float, tuple[float, float]]] = []
    at = 0
    for pack in packs:
        clip_start = at
        for i, (a, b) in enumerate(pack):
            if i:
                parts.append(gap)
                at += len(gap)
            sound = audio[round(a * SAMPLE_RATE) - origin : round(b * SAMPLE_RATE) - origin]
            places.append((at / SAMPLE_RATE, (at + len(sound)) / SAMPLE_RATE, (a, b)))
            parts.append(sound)
            at += len(sound)
        clips.append({"start": clip_start / SAMPLE_RATE, "end": at / SAMPLE_RATE})
    laid_out = np.concatenate(parts) if parts else np.zeros(0, np.float32)
    heard: dict[tuple[float, float], tuple[list[Word], list[tuple[float, float]]]] = {
        place[2]: ([], []) for place in places
    }

    def in_file(t: float, place: tuple[float, float, tuple[float, float]]) -> float:
        start, end, piece = place
        return piece[0] + min(max(t, start), end) - start

    def place_of(t: float) -> tuple[float, float, tuple[float, float]]:
        return min(places, key=lambda p: 0.0 if p[0] <= t < p[1] else min(abs(t - p[0]), abs(t - p[1])))

    whisper = models.asr(model, recognition_threads())
    with models.asr_lock:
        pipeline = BatchedInferencePipeline(whisper)
        found, _ = pipeline.transcribe(
            laid_out,
            language=params.language or None,
            clip_timestamps=clips,
            word_timestamps=True,
            beam_size=params.beam_size,
            batch_size=params.batch_size,
            vad_filter=False,
            log_progress=False,
            initial_prompt=params.prompt or None,
            without_timestamps=not timestamps,
        )
        for segment in found:
            # A segment of a pack may run over several pieces: each gets its own part of it.
            for place in places:
                if segment.start < place[1] and segment.end > place[0]:
                    heard[place[2]][1].append((in_file(segment.start, place), in_file(segment.end, place)))
            for word in segment.words or []:
                text = word.word.strip()
                if not text or word.end <= word.start:
                    continue
                place = place_of((word.start + word.end) / 2)
                start, end = in_file(word.start, place), in_file(word.end, place)
                if end <= start:
                    continue
                heard[place[2]][0].append(
                    Word(
                        text=text,
                        start_s=round(max(0.0, start - params.shift_s), 3),
                        end_s=round(max(0.0, end - params.shift_s), 3),
                        confidence=round(float(word.probability), 3),
                    )
                )
    return heard
