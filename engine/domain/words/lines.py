"""A take's dialogue against the lines it should say: the setup's consensus, or the script.

The lines come from the script when one is given, otherwise from the setup's consensus: the take whose
words agree best with all the others' (a flubbed take has words the others lack, a short one lacks
words the others have; the clean complete take is the one closest to all). Each take is aligned to the
lines word by word (difflib's longest matching blocks over tokens), which tells a restarted or repeated
line, words off the lines ("sorry", "line?"), lines skipped, and where a take stops early.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from workprint.engine.domain.words import protocol
from workprint.engine.domain.words.tokens import Spoken, tokens, utterances

#: Share of a line's words a take must say for the line to count as said.
SAID = 0.6
#: Inserted words that match this share of a stretch of a line are that line said again.
REPEAT = 0.6
#: Pause between runs of words that ends a line when lines come from a take (seconds).
LINE_GAP_S = 0.6


@dataclass(frozen=True)
class Line:
    number: int  # from 1
    text: str

    @property
    def tokens(self) -> list[str]:
        return tokens(self.text)


@dataclass(frozen=True)
class Problem:
    #: "restart", "off-script", "skip", "stops-early".
    kind: str
    text: str
    at_s: float | None = None
    #: The line it happens in (restarted, or where the words off the lines fall); None when not one line.
    line: int | None = None


@dataclass
class Coverage:
    lines: int
    said: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Share of the lines' words said (0..1).
    words_said: float = 0.0
    #: The lines' words, by number, as the take was checked against them.
    texts: dict[int, str] = field(default_factory=dict)
    #: Whether the lines are the script's (else the setup's consensus take's).
    from_script: bool = False

    @property
    def complete(self) -> bool:
        return len(self.said) == self.lines

    @property
    def clean(self) -> bool:
        return not any(p.kind in ("restart", "off-script") for p in self.problems)

    @property
    def summary(self) -> str:
        return f"{len(self.said)} of {self.lines} lines"

    def state(self, number: int) -> str:
        """What the take did with one line: "restarted", "off-script" (words off the lines in it),
        "said" or "missing"."""
        kinds = {p.kind for p in self.problems if p.line == number}
        if number not in self.said:
            return "missing"
        if "restart" in kinds:
            return "restarted"
        if "off-script" in kinds:
            return "off-script"
        return "said"


def lines_of(words: Sequence[Spoken]) -> list[Line]:
    """A take's dialogue as lines: runs of words split at pauses of LINE_GAP_S or more."""
    return [
        Line(n, " ".join(w.text.strip() for w in run)) for n, run in enumerate(utterances(words, LINE_GAP_S), start=1)
    ]


def self_restarts(words: Sequence[Spoken], lines: Sequence[Line] = ()) -> list[Problem]:
    """Stretches a take says twice in a row (three words or more): a line started again, whatever the lines
    are. Found without any other take: two takes, one restarted, cannot outvote each other."""
    said = [(t, w) for w in words for t in w.tokens]
    tokens_only = [t for t, _ in said]
    problems: list[Problem] = []
    i = 0
    while i < len(said):
        found = None
        for j in range(i + 3, min(len(said), i + 30)):
            size = 0
            while j + size < len(said) and i + size < j and tokens_only[i + size] == tokens_only[j + size]:
                size += 1
            if size >= 3:
                found = (j, size)
                break
        if found is None:
            i += 1
            continue
        j, size = found
        repeated = tokens_only[j : j + size]
        number = next((line.number for line in lines if _contains(line.tokens, repeated)), None)
        which = f"line {number}" if number else "a line"
        at = said[j][1].start_s
        problems.append(Problem("restart", f"restarts {which} at {{clock}}", at, number))
        i = j + size
    return problems


def _contains(haystack: list[str], needle: list[str]) -> bool:
    return any(haystack[k : k + len(needle)] == needle for k in range(len(haystack) - len(needle) + 1))


def consensus(takes: Sequence[Sequence[Spoken]]) -> int | None:
    """Which take (index) says what most takes say; None without a take that speaks.

    A take that says a stretch twice is left out while another will do; ties go to the take that says
    more of the others' words (a missing line is worse than an extra word).
    """
    spoken = [n for n, words in enumerate(takes) if words]
    clean = [n for n in spoken if not self_restarts(takes[n])]
    spoken = clean or spoken
    if not spoken:
        return None
    if len(spoken) == 1:
        return spoken[0]
    # Takes that say the very same words are compared once: a setup of many takes says the lines the same
    # way again and again, and each comparison is a word alignment. Each distinct wording counts as often as
    # takes say it (itself once less), so among takes of one wording the first wins.
    wording = {n: tuple(t for w in takes[n] for t in w.tokens) for n in spoken}
    counts = Counter(wording[n] for n in spoken)
    distinct = list(counts)

    @cache
    def compared(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, float]:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        return matcher.ratio(), matched / max(1, len(b))

    def agreement(n: int) -> tuple[float, float]:
        total = covered = 0.0
        for other in distinct:
            times = counts[other] - (other == wording[n])
            if times:
                ratio, share = compared(wording[n], other)
                total += times * ratio
                covered += times * share
        return total, covered

    return max(spoken, key=agreement)


def cover(words: Sequence[Spoken], lines: Sequence[Line], start_s: float = 0.0) -> Coverage:
    """How a take's dialogue words say the lines: which lines, and what went wrong where.

    start_s: the media time times in reasons count from (the take's first frame).
    """
    reference: list[tuple[str, int]] = [(t, line.number) for line in lines for t in line.tokens]
    said_tokens: list[tuple[str, Spoken]] = [(t, w) for w in words for t in w.tokens]
    coverage = Coverage(len(lines), texts={line.number: line.text for line in lines})
    if not reference:
        return coverage
    a = [t for t, _ in reference]
    b = [t for t, _ in said_tokens]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    hits = dict.fromkeys((line.number for line in lines), 0)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i in range(i1, i2):
                hits[reference[i][1]] += 1
        if tag in ("insert", "replace") and j2 > j1:
            inserted = b[j1:j2]
            at = said_tokens[j1][1].start_s - start_s
            repeated = _repeats(inserted, lines)
            if repeated is not None and j2 - j1 >= 2:
                line_tokens = next(line.tokens for line in lines if line.number == repeated)
                again = _restart_word(line_tokens, j1, j2, said_tokens)
                coverage.problems.append(
                    Problem("restart", f"restarts line {repeated} at {_clock(again - start_s)}", again, repeated)
                )
            elif tag == "insert" or _unlike(a[i1:i2], inserted):
                off = [t for t in inserted if t not in protocol.FILLERS]
                if off and (len(off) >= 2 or set(off) & protocol.BREAKDOWN):
                    said = " ".join(w.text.strip() for w in _words_of(said_tokens[j1:j2]))
                    coverage.problems.append(
                        Problem(
                            "off-script",
                            f"says {said!r} off the lines at {_clock(at)}",
                            said_tokens[j1][1].start_s,
                            # The line the words break into (or follow, at the end).
                            reference[min(i1, len(reference) - 1) if i2 > i1 else max(0, i1 - 1)][1],
                        )
                    )
    for problem in self_restarts(words, lines):
        if not any(p.kind == "restart" and abs((p.at_s or 0) - (problem.at_s or 0)) < 1.0 for p in coverage.problems):
            at = problem.at_s or 0.0
            coverage.problems.append(
                Problem("restart", problem.text.format(clock=_clock(at - start_s)), at, problem.line)
            )
    per_line = {line.number: len(line.tokens) for line in lines}
    coverage.said = [n for n, size in per_line.items() if size and hits[n] >= SAID * size]
    coverage.words_said = sum(min(hits[n], size) for n, size in per_line.items()) / max(1, len(a))
    if coverage.said:
        last_said = max(coverage.said)
        missing_inside = [n for n in per_line if min(per_line) <= n < last_said and n not in coverage.said]
        for n in missing_inside:
            coverage.problems.append(Problem("skip", f"skips line {n}", line=n))
        final = max(per_line)
        if last_said < final:
            coverage.problems.append(Problem("stops-early", f"stops after line {last_said} of {final}"))
    elif lines:
        coverage.problems.append(Problem("stops-early", f"says none of the {len(lines)} lines"))
    return coverage


def _repeats(inserted: list[str], lines: Sequence[Line]) -> int | None:
    """The line that the inserted words say again (a restart), or None."""
    best, best_share = None, REPEAT
    for line in lines:
        line_tokens = line.tokens
        if not line_tokens:
            continue
        if len(inserted) >= 2 and inserted[:2] == line_tokens[:2]:
            return line.number  # the line begun, broken off and said again
        matcher = difflib.SequenceMatcher(None, inserted, line_tokens, autojunk=False)
        matched = sum(block.size for block in matcher.get_matching_blocks())
        share = matched / len(inserted)
        if share >= best_share and matched >= 2:
            best, best_share = line.number, share
    return best


def _unlike(expected: list[str], said: list[str]) -> bool:
    """Words said in place of the expected ones that are more than a mishearing ("some of it" for
    "somebody" is the recogniser; "sorry, line?" for "believe me" is the actor)."""
    if len(said) < len(expected) + 2 and not set(said) & protocol.BREAKDOWN:
        return False
    return difflib.SequenceMatcher(None, "".join(expected), "".join(said), autojunk=False).ratio() < 0.6


def _restart_word(line: list[str], j1: int, j2: int, said_tokens: list[tuple[str, Spoken]]) -> float:
    """When the line starts again: the last time its opening words are said, from the inserted words to
    where the line would end (the inserted words may be the attempt that broke down, or the new start)."""
    opening = line[:2]
    tokens_only = [t for t, _ in said_tokens]
    last = j1
    for k in range(j1, min(len(said_tokens), j2 + len(line))):
        if tokens_only[k : k + len(opening)] == opening:
            last = k
    return said_tokens[last][1].start_s


def _words_of(pairs: Sequence[tuple[str, Spoken]]) -> list[Spoken]:
    out: list[Spoken] = []
    for _, word in pairs:
        if not out or out[-1] is not word:
            out.append(word)
    return out


def _clock(seconds: float) -> str:
    seconds = max(0.0, seconds)
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"
