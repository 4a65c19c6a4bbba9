"""What the takes' words tell the selects: the spoken slate, and each take's lines against its setup's.

Names from the spoken slate come after what a person logged or named (metadata, then file names): a
camera-original name (A001C003_261123_0176.mov) says nothing, the second assistant's voice does. The
lines a take should say are the script's when one is given, else its setup's consensus (see
engine/domain/words/lines.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.domain.spans import Span
from workprint.engine.domain.words.lines import Coverage, Line, consensus, cover, lines_of
from workprint.engine.domain.words.reading import TakeReading, read_take
from workprint.engine.domain.words.tokens import Spoken
from workprint.engine.selects.naming import TakeName


def heard_words(analysis: MediaAnalysis) -> tuple[Spoken, ...] | None:
    """The words of the take in media seconds; None when words were not heard (no model)."""
    if analysis.words_model is None:
        return None
    return tuple(
        Spoken(str(w["text"]), float(w["start_s"]), float(w["end_s"]), float(w.get("confidence", 1.0)))
        for w in analysis.words
    )


def reading_of(words: Sequence[Spoken]) -> TakeReading:
    return _reading(tuple(words))


@lru_cache(maxsize=256)
def _reading(words: tuple[Spoken, ...]) -> TakeReading:
    """A take's words read once, remembered by the words themselves: several clips of one file in a bin,
    and every run over the same bin, read it again otherwise (the costliest step per take)."""
    return read_take(words)


def spoken_name(reading: TakeReading, found: TakeName) -> TakeName:
    """The name found from metadata or the file, completed from the spoken slate where it says nothing."""
    slate = reading.slate
    if slate is None or not slate.numbers or found.setup_key is not None:
        return found
    return TakeName(
        scene=slate.scene,
        shot=slate.shot,
        take=slate.take if slate.take is not None else found.take,
        camera=found.camera,
        good=found.good,
        source="slate",
    )


def dialogue_words(reading: TakeReading, dialogue: Sequence[Span]) -> list[Spoken]:
    """The words of the performance: dialogue runs, as far as the trims kept them as dialogue."""
    return [w for w in reading.dialogue_words if any(Span(w.start_s, w.end_s).overlaps(d) for d in dialogue)]


def setup_coverage(
    takes: Mapping[str, Sequence[Spoken]], starts: Mapping[str, float], script: Sequence[Line] = ()
) -> dict[str, Coverage]:
    """Each take's coverage of its setup's lines: the script's scene (the part of it the setup's takes say),
    else the consensus take's."""
    keys = list(takes)
    lines = list(script)
    if lines:
        # A setup covers part of its scene: the script's lines from the first to the last any take says.
        said = {n for key in keys if takes[key] for n in cover(takes[key], lines).said}
        if said:
            lines = [line for line in lines if min(said) <= line.number <= max(said)]
    else:
        chosen = consensus([takes[k] for k in keys])
        if chosen is None:
            return {}
        lines = lines_of(takes[keys[chosen]])
    return {key: cover(takes[key], lines, starts.get(key, 0.0)) for key in keys if takes[key] or script}
