"""One clip's trims, decided in media time from what its footage says.

The performance is protected first (dialogue plus pads, and anything an
editor marked); only what lies outside it can go: the head before the first
line, the tail after the last, and long pauses between lines. What those
parts hold (slate, clap, calls, black, flash, unsteady frames) is named in
the reason, and a kind turned off keeps its part of the picture.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from workprint.engine.domain import kinds
from workprint.engine.domain.kinds import CONTENT_KINDS, END_KINDS
from workprint.engine.domain.span_index import SpanIndex, of_spans
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
    #: Reads the file's words (speech, words, the calls levels tell, where a slate or a clap is) where that
    #: reading is kept between jobs (`readings`); None: read here, and remembered in this process for a few
    #: hundred files.
    read_words: Callable[[tuple[Span, ...], tuple[Spoken, ...], tuple[Span, ...], tuple[Span, ...]], Heard] | None = (
        field(default=None, compare=False)
    )

    @cached_property
    def said(self) -> tuple[list[Call], Heard | None]:
        """The calls the levels tell, and the speech split by its words (None without words): what the whole
        file says, read once however many clips of a long cut use it (reading the words is the costliest
        step of a decision)."""
        marks = [span for kind, span, _ in self.events if kind in ("slate", "clap")]
        level_calls = find_calls(self.speech, self.level_db, marks)
        if self.words is None:
            return level_calls, None
        read = self.read_words or _heard
        return level_calls, read(
            tuple(self.speech), tuple(self.words), tuple(c.span for c in level_calls), tuple(marks)
        )

    @cached_property
    def event_index(self) -> SpanIndex[tuple[str, Span, float]]:
        return SpanIndex(self.events, lambda event: event[1])

    @cached_property
    def speech_index(self) -> SpanIndex[Span]:
        return of_spans(self.speech)

    @cached_property
    def likely_index(self) -> SpanIndex[Span]:
        return of_spans(self.speech_likely)

    def speech_read(self, with_fillers: bool) -> SpeechRead:
        """What the file says, split as the decisions read it (filler words set apart or not), once per file."""
        return self._read_with_fillers if with_fillers else self._read_plain

    @cached_property
    def _read_plain(self) -> SpeechRead:
        return SpeechRead.of(self, with_fillers=False)

    @cached_property
    def _read_with_fillers(self) -> SpeechRead:
        return SpeechRead.of(self, with_fillers=True)


class SpeechRead:
    """A file's speech as the decisions read it: its dialogue, its calls and the words never cut into, each
    found by where it lies."""

    def __init__(
        self,
        notes: tuple[str, ...],
        dialogue: list[Span],
        call_events: list[tuple[str, Span, float]],
        kept_words: list[Span],
        calls: list[HeardCall],
        fillers: list[Spoken],
    ) -> None:
        self.notes = notes
        self.dialogue = of_spans(dialogue)
        self.call_events = SpanIndex(call_events, lambda event: event[1])
        self.kept_words = of_spans(kept_words)
        self.calls = SpanIndex(calls, lambda call: call.span)
        # Quotes are found by the moment they were said.
        self.calls_at = SpanIndex(calls, lambda call: Span(call.at_s, call.at_s))
        self.fillers_at = SpanIndex(fillers, lambda word: Span(word.start_s, word.start_s))
        self._ends = sorted(w.end for w in kept_words)
        self._starts = sorted(w.start for w in kept_words)

    @classmethod
    def of(cls, footage: Footage, with_fillers: bool) -> SpeechRead:
        level_calls, heard = footage.said
        if heard is None:
            # No words: the level alone tells calls from dialogue.
            call_spans = {c.span for c in level_calls}
            return cls(
                (),
                [s for s in footage.speech if s not in call_spans],
                [("call", c.span, c.confidence) for c in level_calls],
                [],
                [],
                [],
            )
        dialogue, kept_words, fillers = heard.dialogue, heard.kept_words, []
        call_events = [("call", c.span, c.confidence) for c in heard.calls]
        if with_fillers:
            apart = set_fillers_apart(dialogue, kept_words, footage.words or ())
            dialogue, kept_words, fillers = apart.dialogue, apart.kept_words, apart.words
            call_events += apart.events
        return cls(heard.notes, dialogue, call_events, kept_words, heard.calls, fillers)

    def last_end_before(self, t: float) -> float | None:
        """The latest end of a kept word that ends before t."""
        n = bisect.bisect_left(self._ends, t)
        return self._ends[n - 1] if n else None

    def first_start_after(self, t: float) -> float | None:
        """The earliest start of a kept word that starts after t."""
        n = bisect.bisect_right(self._starts, t)
        return self._starts[n] if n < len(self._starts) else None


#: Files whose reading is remembered across jobs in memory, for a Footage with no kept reading (`read_words`:
#: an analysis that did not come from the cache): each about 0.1 MB (its words and their reading, measured at
#: 180 words), so tens of MB at most.
HEARD_FILES = 512


@lru_cache(maxsize=HEARD_FILES)
def _heard(
    speech: tuple[Span, ...], words: tuple[Spoken, ...], level_calls: tuple[Span, ...], marks: tuple[Span, ...]
) -> Heard:
    """The speech split by its words, remembered across jobs by what goes in: a second run over the same
    files would read every file's words again (a fixed cost of each job, the largest on a short cut). With
    fewer places than a timeline's files, a second run read every one again (the least recently used goes
    first, and a job reads them in the same order each time)."""
    return split_speech(list(speech), words, list(level_calls), list(marks))


def plan_clip(used: Span, footage: Footage, settings: TrimSettings, protected_marks: list[Span]) -> ClipPlan:
    plan = ClipPlan(used)
    said = footage.speech_read(with_fillers="filler" in settings.kinds)
    plan.notes += list(said.notes)
    # Only what lies around the clip is read (SpanIndex answers a superset, each test below is the one a
    # scan of the whole file makes): a long file used by many clips costs each clip what it holds.
    plan.dialogue = [c for s in said.dialogue.near(used) if (c := s.clamp(used))]
    events = [(kind, span, conf) for kind, span, conf in footage.event_index.near(used) if span.overlaps(used)]
    events += [(kind, span, conf) for kind, span, conf in said.call_events.near(used) if span.overlaps(used)]
    kept_words = said.kept_words.near(used)
    pad_before = settings.pad_before_frames * footage.frame_s
    pad_after = settings.pad_after_frames * footage.frame_s
    protected = merge(
        [c for s in plan.dialogue if (c := Span(s.start - pad_before, s.end + pad_after).clamp(used))]
        + [c for m in protected_marks if (c := m.clamp(used))]
        + [c for w in kept_words if (c := w.clamp(used))]
        + _likely_around(footage, said, plan.dialogue, used)
    )
    calls_near = [q.span for q in said.calls.near(used)]
    # A call's own words may reach past the clip: the words it overlaps are read where it lies.
    reach = Span(min([used.start] + [c.start for c in calls_near]), max([used.end] + [c.end for c in calls_near]))
    protected = _outside_calls(protected, calls_near, plan.dialogue + said.kept_words.near(reach))
    quoted = _Quotes(
        said.calls_at.around(used.start - 1e-6, used.end),
        footage.clock,
        said.fillers_at.around(used.start - 1e-6, used.end),
    )
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
            if _silence_between(before, after, plan.dialogue, said, kept_words, used) >= settings.min_pause_s:
                regions.append(("pause", Span(before.end, after.start)))
    for kind, region in sorted(regions, key=lambda r: r[1]):
        plan.removals += _remove_region(kind, region, events, settings, footage.frame_s, quoted)
    return plan


def _likely_around(footage: Footage, said: SpeechRead, dialogue: list[Span], used: Span) -> list[Span]:
    """The likely speech that holds a line, up to the next thing said that is not a line.

    Soft word ends and quiet onsets lie just outside the detector's tight edges; the likely spans cover
    them. A likely span can also run on into a call or a slate said close to the line: those stay
    removable, so the span is cut where they begin.
    """
    likely = [span for span in footage.likely_index.near(used) if any(span.overlaps(d) for d in dialogue)]
    if not likely:
        return []
    # What is not a line counts only where it meets a likely span: read it where they lie.
    reach = Span(min(s.start for s in likely), max(s.end for s in likely))
    others = _not_lines(footage.speech_index.near(reach), said.calls.near(reach), dialogue)
    out = []
    for span in likely:
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


def _silence_between(
    before: Span, after: Span, dialogue: list[Span], said: SpeechRead, near: list[Span], used: Span
) -> float:
    """The real pause between the lines that the two protected spans hold (pads excluded); between the
    words either side when the words were heard.

    `near` holds the file's kept words around the clip; a word wholly before the clip is a word said
    before the pause, one wholly after it a word said after, so those two sides are found by bisection
    in the whole file's words instead of a scan of them."""
    if said.kept_words:
        said_before = [w.end for w in near if w.end <= after.start + 1e-9 and w.start < before.end]
        said_after = [w.start for w in near if w.start >= before.end - 1e-9 and w.end > after.start]
        if (earlier := said.last_end_before(used.start)) is not None:
            said_before.append(earlier)
        if (later := said.first_start_after(used.end)) is not None:
            said_after.append(later)
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
