"""Speech: parameters and result."""

from __future__ import annotations

from dataclasses import dataclass, field

from workprint.engine.analysis.schema.base import DetectorKind, DetectorResult, Params


@dataclass(frozen=True)
class SpeechParams(Params):
    #: Silero's speech probability (0..1) at which speech starts...
    #: (tuned on the AMI meeting excerpts trn*.wav, checked on dev*.wav: at 0.5 / 0.35 / 0.1 s / no pad it
    #: covered 72 % of the annotated speech there; quiet and distant speakers stay under 0.5.)
    threshold: float = 0.15
    #: ...and under which it must stay (0..1) for min_silence_s (seconds) for speech to end: a low floor,
    #: so a breath inside a sentence does not end it (0.02, or 0.8 s, would also join a call to its line).
    end_threshold: float = 0.05
    min_silence_s: float = 0.7
    #: Each span starts and ends at its first and last window with at least this probability (0..1).
    edge_threshold: float = 0.1
    #: Speech shorter than this (seconds) is dropped.
    min_speech_s: float = 0.25
    #: Added before and after each span (seconds): soft first and last syllables under the threshold.
    pad_s: float = 0.0
    #: Where speech is likely (the `likely` spans): each span widened by this much (seconds) on both sides and
    #: those that then touch joined. The spans themselves are tight, for edges and for telling a call from a
    #: line; annotated speech also runs over the soft ends of words and the short pauses of one speaker's turn,
    #: and what must never be cut as silence is the likely speech.
    likely_pad_s: float = 0.2
    #: The file is cut into independent streams this long (seconds), run through the network as one batch...
    stream_s: float = 15.0
    #: ...each warmed up on this many 32 ms windows before it (windows; 16 is about half a second).
    warm_up_windows: int = 16


@dataclass(frozen=True)
class SpeechResult(DetectorResult):
    #: [start_s, end_s] of each stretch of speech, in order, not overlapping.
    speech: list[list[float]] = field(default_factory=list)
    #: [start_s, end_s] of where speech is likely: `speech` widened by likely_pad_s, joined where they touch.
    likely: list[list[float]] = field(default_factory=list)


#: The detector in `detectors/speech.py`: bump the version when its code changes what it finds.
SPEECH = DetectorKind("speech", version=2, reads="sound", params_type=SpeechParams, result_type=SpeechResult)
