"""One clip's trims, decided in media time from what its footage says.

The performance is protected first (dialogue plus pads, and anything an
editor marked); only what lies outside it can go: the head before the first
line, the tail after the last, and long pauses between lines. What those
parts hold (slate, clap, calls, black, flash, unsteady frames) is named in
the reason, and a kind turned off keeps its part of the picture.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from workprint.engine.domain import kinds
from workprint.engine.domain.kinds import CONTENT_KINDS, END_KINDS
from workprint.engine.domain.spans import Span, merge, subtract
from workprint.engine.domain.words.tokens import Spoken
from workprint.engine.settings import TrimSettings
from workprint.engine.trims.calls import Call, find_calls
from workprint.engine.trims.fillers import set_fillers_apart
from workprint.engine.trims.heard import Heard, HeardCall, split_speech


@dataclass(frozen=True)
class Removal:
    span: Span
    #: Where it is: "head", "tail" or "pause"; or the one thing it is ("black", ...).
    kind: str
    contains: tuple[str, ...]
    reason: str
    confidence: float


@dataclass
class ClipPlan:
    used: Span
    removals: list[Removal] = field(default_factory=list)
    dialogue: list[Span] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def keep(self) -> list[Span]:
        return subtract(self.used, [r.span for r in self.removals])

    @property
    def changed(self) -> bool:
        return bool(self.removals)


@dataclass(frozen=True)
class Footage:
    """What the analysis says about one media file, as trims need it (media seconds)."""

    speech: list[Span]
    events: list[tuple[str, Span, float]]  # kind, span, confidence
    level_db: Callable[[Span], float | None]
    frame_s: float
    #: Every word heard, in media seconds; None when the words were not heard (no model): the level alone
    #: then tells calls from dialogue, as before words.
    words: tuple[Spoken, ...] | None = None
    #: Media seconds as the media's own timecode, for reasons that quote a call; None: seconds.
    clock: Callable[[float], str] | None = None
    #: Where speech is likely (the detector's spans widened, plus words heard outside them): what must never
    #: be cut as silence around a line, whatever the pads are set to. Empty: the tight spans alone.
    speech_likely: tuple[Span, ...] = ()
    #: Whether the file has sound at all: one without cannot tell dialogue from silence.
    has_sound: bool = True

    @cached_property
    def said(self) -> tuple[list[Call], Heard | None]:
        """The calls the levels tell, and the speech split by its words (None without words): what the whole
        file says, read once however many clips of a long cut use it (reading the words is the costliest
        step of a decision)."""
        marks = [span for kind, span, _ in self.events if kind in ("slate", "clap")]
        level_calls = find_calls(self.speech, self.level_db, marks)
        if self.words is None:
            return level_calls, None
        return level_calls, _heard(tuple(self.speech), tuple(self.words), tuple(c.span for c in level_calls))


@lru_cache(maxsize=64)
def _heard(speech: tuple[Span, ...], words: tuple[Spoken, ...], level_calls: tuple[Span, ...]) -> Heard:
    """The speech split by its words, remembered across jobs by what goes in: a second run over the same
    files would read every file's words again (a fixed cost of each job, the largest on a short cut)."""
    return split_speech(list(speech), words, list(level_calls))


def plan_clip(used: Span, footage: Footage, settings: TrimSettings, protected_marks: list[Span]) -> ClipPlan:
    plan = ClipPlan(used)
    level_calls, heard = footage.said
    quotes: list[HeardCall] = []
    kept_words: list[Span] = []
    fillers: list[Spoken] = []
    if heard is not None:
        dialogue = heard.dialogue
        call_events = [("call", c.span, c.confidence) for c in heard.calls]
        quotes = heard.calls
        kept_words = heard.kept_words
        plan.notes += list(heard.reading.notes)
        if "filler" in settings.kinds:
            apart = set_fillers_apart(dialogue, kept_words, footage.words)
            dialogue, kept_words, fillers = apart.dialogue, apart.kept_words, apart.words
            call_events += apart.events
    else:
        call_spans = {c.span for c in level_calls}
        dialogue = [s for s in footage.speech if s not in call_spans]
        call_events = [("call", c.span, c.confidence) for c in level_calls]
    plan.dialogue = [c for s in dialogue if (c := s.clamp(used))]
    events = [(kind, span, conf) for kind, span, conf in footage.events if span.overlaps(used)]
    events += [(kind, span, conf) for kind, span, conf in call_events if span.overlaps(used)]
    pad_before = settings.pad_before_frames * footage.frame_s
    pad_after = settings.pad_after_frames * footage.frame_s
    protected = merge(
        [c for s in plan.dialogue if (c := Span(s.start - pad_before, s.end + pad_after).clamp(used))]
        + [c for m in protected_marks if (c := m.clamp(used))]
        + [c for w in kept_words if (c := w.clamp(used))]
        + _likely_around(footage.speech_likely, plan.dialogue, _not_lines(footage.speech, quotes, plan.dialogue), used)
    )
    protected = _outside_calls(protected, [q.span for q in quotes], plan.dialogue + kept_words)
    said = _Quotes(quotes, footage.clock, fillers)
    if not plan.dialogue:
        plan.removals = _ends_without_dialogue(used, events, protected, settings, footage.frame_s)
        return plan
    regions: list[tuple[str, Span]] = []
    if protected[0].start > used.start:
        regions.append(("head", Span(used.start, protected[0].start)))
    if protected[-1].end < used.end:
        regions.append(("tail", Span(protected[-1].end, used.end)))
    if settings.remove_pauses:
        for before, after in itertools.pairwise(protected):
            if _silence_between(before, after, plan.dialogue, kept_words) >= settings.min_pause_s:
                regions.append(("pause", Span(before.end, after.start)))
    for kind, region in sorted(regions, key=lambda r: r[1]):
        plan.removals += _remove_region(kind, region, events, settings, footage.frame_s, said)
    return plan


def _likely_around(likely: tuple[Span, ...], dialogue: list[Span], others: list[Span], used: Span) -> list[Span]:
    """The likely speech that holds a line, up to the next thing said that is not a line.

    Soft word ends and quiet onsets lie just outside the detector's tight edges; the likely spans cover
    them. A likely span can also run on into a call or a slate said close to the line: those stay
    removable, so the span is cut where they begin.
    """
    out = []
    for span in likely:
        if not any(span.overlaps(d) for d in dialogue):
            continue
        for piece in subtract(span, others):
            if any(piece.overlaps(d) for d in dialogue) and (c := piece.clamp(used)):
                out.append(c)
    return out


def _not_lines(speech: list[Span], calls: list[HeardCall], dialogue: list[Span]) -> list[Span]:
    """What was said that is not a line: the calls heard, and speech that holds no line."""
    return [c.span for c in calls] + [s for s in speech if not any(s.overlaps(d) for d in dialogue)]


class _Quotes:
    """The calls heard, quoted in the reasons of the removals that hold them."""

    def __init__(
        self, calls: list[HeardCall], clock: Callable[[float], str] | None, fillers: list[Spoken] | None = None
    ) -> None:
        self.calls = [(c.text, c.at_s) for c in calls if c.text]
        self.fillers = [(w.text.strip(" ,.!?"), w.start_s) for w in fillers or []]
        self.clock = clock or (lambda t: f"{t:.2f} s")

    def within(self, span: Span, contains: tuple[str, ...] = ("call",)) -> str:
        said = (self.calls if "call" in contains else []) + (self.fillers if "filler" in contains else [])
        held = sorted((at, text) for text, at in said if span.start - 1e-6 <= at < span.end)
        return _listing([f"'{text}' at {self.clock(at)}" for at, text in held])


def _outside_calls(protected: list[Span], calls: list[Span], dialogue: list[Span]) -> list[Span]:
    """Pads less the calls in them: a pad never keeps a call, or half of one of its words."""
    out = []
    for span in protected:
        start, end = span.start, span.end
        inside = [d for d in dialogue if d.overlaps(span)]
        if inside:
            first, last = min(d.start for d in inside), max(d.end for d in inside)
            for call in calls:
                if not call.overlaps(span) or any(call.overlaps(d) for d in dialogue):
                    continue
                if call.end <= first + 1e-9:
                    start = max(start, call.end)
                elif call.start >= last - 1e-9:
                    end = min(end, call.start)
        if end > start:
            out.append(Span(start, end))
    return out


def _silence_between(before: Span, after: Span, dialogue: list[Span], words: list[Span] | None = None) -> float:
    """The real pause between the lines that the two protected spans hold (pads excluded); between the
    words either side when the words were heard."""
    if words:
        said_before = [w.end for w in words if w.end <= after.start + 1e-9 and w.start < before.end]
        said_after = [w.start for w in words if w.start >= before.end - 1e-9 and w.end > after.start]
        if said_before and said_after:
            return min(said_after) - max(said_before)
    last = max((s.end for s in dialogue if s.end <= after.start + 1e-9 and s.start < before.end), default=before.end)
    first = min(
        (s.start for s in dialogue if s.start >= before.end - 1e-9 and s.end > after.start), default=after.start
    )
    return first - last


def _remove_region(
    kind: str, region: Span, events, settings: TrimSettings, frame_s: float, said: _Quotes | None = None
) -> list[Removal]:
    """The region goes, less what a kind turned off keeps."""
    inside = [(k, c, conf) for k, s, conf in events if (c := s.clamp(region))]
    kept = [span for k, span, _ in inside if k not in settings.kinds]
    if kind not in settings.kinds:
        # The region itself is kept; only the parts of enabled kinds inside it go.
        pieces = [span for k, span, _ in inside if k in settings.kinds and k in CONTENT_KINDS]
        pieces = subtract(region, subtract(region, pieces))
    else:
        pieces = subtract(region, kept)
    out = []
    for piece in pieces:
        if piece.duration < 2 * frame_s - 1e-9:
            continue  # a frame here or there is rounding, not an edit
        named = [(k, conf) for k, s, conf in inside if s.overlaps(piece)]
        contains = tuple(k for k in CONTENT_KINDS if any(n == k for n, _ in named))
        label = kind if kind in settings.kinds else (contains[0] if contains else kind)
        confidence = _confidence(label, named)
        reason = _reason(label, kind, piece, contains)
        quoted = said.within(piece, contains) if said and ("call" in contains or "filler" in contains) else ""
        if quoted:
            reason += f" ({quoted})"
        out.append(Removal(piece, label, contains, reason, round(confidence, 2)))
    return out


def _ends_without_dialogue(
    used: Span, events, protected: list[Span], settings: TrimSettings, frame_s: float
) -> list[Removal]:
    """No dialogue: only runs of unusable frames touching either end go."""
    bad = merge([s for k, s, _ in events if k in END_KINDS and k in settings.kinds], gap=frame_s)
    out = []
    for run in bad:
        at_head = run.start <= used.start + frame_s
        at_tail = run.end >= used.end - frame_s
        if not (at_head or at_tail) or (at_head and at_tail):
            continue  # never empty a clip, never cut inside it
        span = run.clamp(used)
        if span is None or any(span.overlaps(p) for p in protected) or span.duration < 2 * frame_s - 1e-9:
            continue
        named = [(k, conf) for k, s, conf in events if s.overlaps(span) and k in END_KINDS]
        contains = tuple(k for k in CONTENT_KINDS if any(n == k for n, _ in named))
        label = contains[0] if len(contains) == 1 else ("head" if at_head else "tail")
        if label in ("head", "tail") and label not in settings.kinds:
            label = contains[0]
        confidence = _confidence(label, named)
        out.append(
            Removal(
                span,
                label,
                contains,
                _reason(label, "head" if at_head else "tail", span, contains),
                round(confidence, 2),
            )
        )
    return out


def _confidence(label: str, named: list[tuple[str, float]]) -> float:
    """The kind says how sure the edit is, a detector how sure its detection is: a suggestion is as sure as
    the less sure of them."""
    return min([kinds.kind(label).confidence] + [conf for _, conf in named if conf > 0])


def _reason(label: str, where: str, span: Span, contains: tuple[str, ...]) -> str:
    seconds = f"{span.duration:.1f} s"
    held = _listing([kinds.kind(k).words for k in contains])
    if where == "head":
        text = f"{seconds} before the first line"
    elif where == "tail":
        text = f"{seconds} after the last line"
    else:
        text = f"a {seconds} pause between lines"
    if label not in ("head", "tail", "pause"):
        words = kinds.kind(label).words
        return f"{words[:1].upper() + words[1:]} ({seconds}), in the {'pause' if where == 'pause' else where}"
    return f"{text}{', with ' + held if held else ' with no dialogue'}"


def _listing(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
