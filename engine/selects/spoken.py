"""What the takes' words and slates tell the selects: the spoken slate and the slate card, and each take's
lines against its setup's.

Names from the slates come after what a person logged or named (metadata, then file names): a
camera-original name (A001C003_261123_0176.mov) says nothing, the second assistant's voice and the card in
picture do. Voice and card agreeing come first, then either alone. Where they disagree the voice is kept
and the disagreement is said (see `slates_name`). The lines a take should say are the script's when one is
given, else its setup's consensus (see engine/domain/words/lines.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from workprint.engine.analysis.kept import KeptValues, source_hash
from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.analysis.schema.slate_card import CardRead, SlateCardResult
from workprint.engine.domain.spans import Span
from workprint.engine.domain.words.lines import Coverage, Line, consensus, cover, lines_of
from workprint.engine.domain.words.reading import read_take
from workprint.engine.domain.words.slate import SpokenSlate
from workprint.engine.domain.words.tokens import Spoken, as_values
from workprint.engine.selects.naming import TakeName


@dataclass(frozen=True)
class TakeWords:
    """What the selects read of a take's words (`read_take`): the spoken slate, the reading's notes, and the
    words of its dialogue (some of the take's own words)."""

    slate: SpokenSlate | None
    notes: tuple[str, ...]
    dialogue_words: tuple[Spoken, ...]


#: The cache entry a take's reading is kept in beside its analysis (`analysis.kept`).
ENTRY = "take-words"
VERSION = 1


def reading_of(words: Sequence[Spoken], kept: KeptValues | None = None, identity: str | None = None) -> TakeWords:
    """The take's words read; kept beside its analysis in `kept` when the file's identity is known (a bin
    of thousands of takes read them all at every job otherwise), else remembered in this process."""
    said = tuple(words)
    if kept is None or identity is None:
        return _reading(said)
    inputs = [_reading_code(), as_values(said)]
    return kept.value(
        identity,
        ENTRY,
        VERSION,
        inputs,
        lambda: _read(said),
        lambda read: _to_json(read, said),
        lambda data: _from_json(data, said),
    )


@lru_cache(maxsize=256)
def _reading(words: tuple[Spoken, ...]) -> TakeWords:
    """A take's words read once, remembered by the words themselves: several clips of one file in a bin,
    and every run over the same bin, read it again otherwise (the costliest step per take)."""
    return _read(words)


def _read(words: tuple[Spoken, ...]) -> TakeWords:
    reading = read_take(words)
    return TakeWords(reading.slate, tuple(reading.notes), tuple(reading.dialogue_words))


def _to_json(read: TakeWords, words: tuple[Spoken, ...]) -> dict:
    # The dialogue's words by their places among the take's: the reading's runs hold the take's own words,
    # in their order.
    places, n = [], 0
    for word in read.dialogue_words:
        while words[n] is not word:
            n += 1
        places.append(n)
        n += 1
    return {
        "slate": dict(vars(read.slate)) if read.slate is not None else None,
        "notes": list(read.notes),
        "dialogue_words": places,
    }


def _from_json(data: dict, words: tuple[Spoken, ...]) -> TakeWords:
    slate = data["slate"]
    return TakeWords(
        SpokenSlate(**slate) if slate is not None else None,
        tuple(data["notes"]),
        tuple(words[n] for n in data["dialogue_words"]),
    )


@cache
def _reading_code() -> str:
    """A hash of the code that reads a take's words (worked once a process)."""
    return source_hash(
        [
            ("workprint.engine.domain.words", None),
            ("workprint.engine.domain", "spans.py"),
            ("workprint.engine.domain", "span_index.py"),
            ("workprint.engine.selects", "spoken.py"),
        ]
    )


def slate_card(analysis: MediaAnalysis) -> CardRead | None:
    """The take's slate card as read in picture; None when no card was read (none in picture, unreadable,
    or card reading off)."""
    result = analysis.result(SlateCardResult)
    return result.best if isinstance(result, SlateCardResult) else None


@dataclass(frozen=True)
class SlateNaming:
    name: TakeName
    #: When the spoken slate and the card disagree: both readings and which was kept; empty otherwise.
    disagreement: str = ""


def slates_name(found: TakeName, spoken: SpokenSlate | None, card: CardRead | None) -> SlateNaming:
    """The name found from metadata or the file, else from the slates: voice and card agreeing, else either.

    They agree when every field both read is the same; one completes the other (a card's setup letter
    for a voice that said only "twenty-one, take three"). Where they disagree, the voice names the take:
    the card is chalked before the take and the number left unchanged from the last one is the commonest
    slate error, while the slate is said as the take rolls (and a wrong one is corrected aloud); the
    disagreement is said either way, for the assistant to check against the sound and camera reports.
    """
    voice = spoken if spoken is not None and spoken.numbers else None
    read = card if card is not None and card.numbers else None
    agree = voice is not None and read is not None and _agree(voice, read)
    note = ""
    if voice is not None and read is not None and not agree:
        note = f"spoken slate {voice.label or '?'} and slate card {read.label or '?'} disagree"
    if found.setup_key is not None:
        kept = "logged name" if found.source == "metadata" else "file name"
        return SlateNaming(found, note + (f"; the {kept} kept" if note else ""))
    if voice is not None:
        take = voice.take if voice.take is not None else (read.take if agree and read else None)
        name = TakeName(
            scene=voice.scene if voice.scene is not None else (read.scene if agree and read else None),
            shot=voice.shot or (read.shot if agree and read else None),
            take=take if take is not None else found.take,
            camera=found.camera,
            good=found.good,
            source="slate+card" if agree else "slate",
        )
        return SlateNaming(name, note + ("; named by the spoken slate" if note else ""))
    if read is not None:
        name = TakeName(
            scene=read.scene,
            shot=read.shot,
            take=read.take if read.take is not None else found.take,
            camera=found.camera,
            good=found.good,
            source="card",
        )
        return SlateNaming(name)
    return SlateNaming(found)


def _agree(voice: SpokenSlate, card: CardRead) -> bool:
    pairs = ((voice.scene, card.scene), (voice.shot, card.shot), (voice.take, card.take))
    return all(a == b for a, b in pairs if a is not None and b is not None)


def dialogue_words(reading: TakeWords, dialogue: Sequence[Span]) -> list[Spoken]:
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
    found = {key: cover(takes[key], lines, starts.get(key, 0.0)) for key in keys if takes[key] or script}
    for coverage in found.values():
        coverage.from_script = bool(script)
    return found
