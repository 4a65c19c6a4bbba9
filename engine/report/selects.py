"""The review report of an AssembleSelects job: each setup's takes side by side, and why the chosen one won."""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio

from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.domain import meta
from workprint.engine.domain.events import Warning
from workprint.engine.domain.kinds import kind
from workprint.engine.domain.spans import Span, subtract
from workprint.engine.report.model import (
    Band,
    LineCell,
    LineRow,
    SelectsReview,
    SetupReview,
    Strip,
    TakeReview,
)
from workprint.engine.report.previews import PreviewShelf
from workprint.engine.report.render import render_selects
from workprint.engine.report.timecode import media_timecode, rate_text
from workprint.engine.selects.assembly import Placed
from workprint.engine.selects.grouping import Setup
from workprint.engine.selects.ranking import Verdict
from workprint.engine.timeline.places import ClipPlace
from workprint.engine.timeline.stage import MediaStage
from workprint.engine.trims.footage import media_offset_s

#: Thumbnails across one take (takes sit side by side, so fewer than a clip gets).
TAKE_CELLS = 6
FOUND_BY = {
    "metadata": "logged metadata",
    "name": "file or clip name",
    "slate": "spoken slate",
    "card": "slate card",
    "slate+card": "spoken slate and card",
    "picture": "matching pictures",
}


def selects_report(
    shelf: PreviewShelf,
    title: str,
    setups: list[Setup],
    rankings: dict[tuple[str, str], list[Verdict]],
    placed: dict[str, Placed],
    take_places: dict[str, ClipPlace],
    stage: MediaStage,
    mode: str,
    warnings: list[Warning],
) -> str:
    return render_selects(selects_review(shelf, title, setups, rankings, placed, take_places, stage, mode, warnings))


def selects_review(
    shelf: PreviewShelf,
    title: str,
    setups: list[Setup],
    rankings: dict[tuple[str, str], list[Verdict]],
    placed: dict[str, Placed],
    take_places: dict[str, ClipPlace],
    stage: MediaStage,
    mode: str,
    warnings: list[Warning],
) -> SelectsReview:
    reviews, chosen_total, assembly_s = [], 0, 0.0
    for setup in setups:
        ranked = rankings[setup.key]
        chosen = _chosen(ranked, mode)
        chosen_total += len(chosen)
        assembly_s += sum(_seconds(placed[v.facts.key]) for v in chosen)
        sharpest = max((v.facts.sharpness for v in ranked if v.facts.sharpness is not None), default=None)
        names = {t.key: t.clip_name for t in setup.takes}
        takes = [
            _take_review(
                v,
                v in chosen,
                names.get(v.facts.key, v.facts.key),
                placed[v.facts.key],
                take_places[v.facts.key],
                stage,
                shelf,
                sharpest,
            )
            for v in ranked
        ]
        rows, lines_from = line_rows(ranked)
        reviews.append(
            SetupReview(
                setup.label,
                FOUND_BY.get(setup.found_by, setup.found_by),
                why_chosen(ranked, chosen, mode),
                takes,
                rows,
                lines_from,
            )
        )
    return SelectsReview(
        title=title,
        mode=mode,
        takes=sum(len(s.takes) for s in setups),
        chosen=chosen_total,
        unusable=sum(1 for s in setups for v in rankings[s.key] if not v.usable),
        assembly_s=assembly_s,
        setups=reviews,
        warnings=list(warnings),
    )


def line_rows(ranked: list[Verdict]) -> tuple[list[LineRow], str]:
    """The setup's lines down, its takes across (in rank order): what each take did with each line."""
    known = [v.facts.coverage for v in ranked if v.facts.coverage is not None and v.facts.coverage.texts]
    if not known:
        return [], ""
    texts = known[0].texts
    rows = []
    for number, text in sorted(texts.items()):
        cells = []
        for verdict in ranked:
            coverage = verdict.facts.coverage
            if coverage is None or not coverage.texts:
                cells.append(LineCell(""))
                continue
            state = coverage.state(number)
            notes = [p.text for p in coverage.problems if p.line == number and p.kind in ("restart", "off-script")]
            cells.append(LineCell(state, "; ".join(notes)))
        rows.append(LineRow(number, text, cells))
    if all(cell.state in ("", "missing") for row in rows for cell in row.cells):
        # No take of the setup says any of the lines (a picture-only insert checked against the scene's
        # script): a table of nothing but "missing" tells the editor nothing.
        return [], ""
    return rows, "script" if known[0].from_script else "takes"


def _chosen(ranked: list[Verdict], mode: str) -> list[Verdict]:
    """What the assembly lays out (as build_assembly does): the best take, or every usable one."""
    if mode == "stringout":
        return [v for v in ranked if v.usable] or ranked[:1]
    return ranked[:1]


def _label(verdict: Verdict) -> str:
    label = verdict.facts.label or verdict.facts.key
    return label if label.lower().startswith("take") or not label.isdigit() else f"take {label}"


def why_chosen(ranked: list[Verdict], chosen: list[Verdict], mode: str) -> str:
    """Why the chosen take won, in the words an assistant editor would use."""
    best, others = ranked[0], ranked[1:]
    name = _label(best)
    if mode == "stringout":
        left_out = [v for v in ranked if v not in chosen]
        text = f"{len(chosen)} of {len(ranked)} takes in the string-out"
        if left_out:
            text += "; left out: " + "; ".join(f"{_label(v)} ({'; '.join(v.defects) or v.why})" for v in left_out)
        return text + "."
    if not others:
        return f"{name} is the only take of this setup ({best.why})."
    if best.facts.good and not any(v.facts.good for v in others):
        lead = f"{name} was circled on set"
    elif best.usable and not any(v.usable for v in others):
        lead = f"{name} is the only take without a problem"
    elif len(best.defects) < min(len(v.defects) for v in others):
        lead = f"{name} has the fewest problems ({'; '.join(best.defects)})"
    else:
        rivals = [v for v in others if len(v.defects) == len(best.defects) and v.facts.good == best.facts.good]
        if rivals and all(abs(v.score - best.score) < 1e-9 for v in rivals):
            lead = f"{name} is as good as {', '.join(_label(v) for v in rivals)} and is the later take"
        else:
            lead = (
                f"{name} is {'as clean as' if best.usable else 'no worse than'} "
                f"{', '.join(_label(v) for v in rivals)} and closest to the performance the takes agree on "
                f"and sharpest (score {best.score:.2f} against {max(v.score for v in rivals):.2f})"
            )
    reasons = "; ".join(f"{_label(v)}: {'; '.join(v.defects) if v.defects else 'clean'}" for v in others)
    return f"{lead}. {reasons[:1].upper() + reasons[1:]}."


def _cut_by(word: dict, bands: list) -> str:
    middle = (float(word["start_s"]) + float(word["end_s"])) / 2
    return next((band.kind for band in bands if band.start_s <= middle < band.end_s), "")


def _take_review(
    verdict: Verdict,
    chosen: bool,
    clip_name: str,
    take: Placed,
    place: ClipPlace,
    stage: MediaStage,
    shelf: PreviewShelf,
    sharpest: float | None,
) -> TakeReview:
    facts = verdict.facts
    analysis = stage.analysis_of(place.clip)
    source = stage.source_of(place.clip)
    rate = analysis.frame_rate or 24.0
    start, end = _take_span(place.clip, analysis)
    kept = [span for piece in take.pieces if (span := _piece_span(piece, analysis)) is not None]
    bands = _removed_bands(take, analysis, Span(start, end), kept)
    strip = Strip(
        previews=shelf.of(source.path),
        start_s=start,
        end_s=end,
        tc_in=media_timecode(analysis, start, rate),
        tc_out=media_timecode(analysis, end, rate),
        removed=bands,
        speech=[(a, b) for a, b in analysis.speech if b > start and a < end],
        cells=TAKE_CELLS,
        cell_timecodes=[
            media_timecode(analysis, start + (n + 0.5) * (end - start) / TAKE_CELLS, rate) for n in range(TAKE_CELLS)
        ],
        words=[
            (str(w["text"]), _cut_by(w, bands)) for w in analysis.words if w["end_s"] > start and w["start_s"] < end
        ],
    )
    kept_s = sum(s.duration for s in kept)
    lines = [
        ("Dialogue", f"{facts.dialogue_s:.1f} s in {facts.utterances} line{'s' if facts.utterances != 1 else ''}"),
        ("Used", f"{kept_s:.1f} of {end - start:.1f} s"),
    ]
    if facts.coverage is not None and facts.coverage.lines:
        lines.append(("Lines said", facts.coverage.summary))
    if facts.spoken_slate:
        lines.append(("Slate heard", facts.spoken_slate))
    if facts.slate_card:
        lines.append(("Slate card", facts.slate_card))
    if facts.sharpness is not None and sharpest:
        lines.append(("Focus", f"{facts.sharpness / sharpest:.0%} of the sharpest"))
    lines.append(("Clipped sound", f"{facts.clipping_s:.1f} s"))
    if facts.exposure is not None:
        lines.append(("Picture level", f"{facts.exposure:.0%}"))
    status = "selected" if chosen else ("alternate" if verdict.usable else "unusable")
    return TakeReview(
        label=_label(verdict),
        clip_name=clip_name,
        media_name=Path(source.path).name,
        rate_text=rate_text(analysis, rate),
        rank=verdict.rank,
        status=status,
        circled=facts.good,
        why=verdict.why,
        defects=list(verdict.defects),
        notes=list(verdict.notes),
        facts=lines,
        strip=strip,
        kept_s=kept_s,
        duration_s=end - start,
    )


def _take_span(clip: otio.schema.Clip, analysis: MediaAnalysis) -> tuple[float, float]:
    """The part of the media the bin's clip covers (all of it when the bin gives no range)."""
    if clip.source_range is None:
        return 0.0, analysis.duration_s
    start = media_offset_s(clip, analysis)
    return start, min(analysis.duration_s, start + clip.source_range.duration.to_seconds())


def _piece_span(piece: otio.core.Composable, analysis: MediaAnalysis) -> Span | None:
    if not isinstance(piece, otio.schema.Clip) or piece.source_range is None:
        return None
    start = media_offset_s(piece, analysis)
    return Span(start, start + piece.source_range.duration.to_seconds())


def _removed_bands(take: Placed, analysis: MediaAnalysis, whole: Span, kept: list[Span]) -> list[Band]:
    """What the assembly leaves out of the take, named by the trims notes each piece carries."""
    bands: list[Band] = []
    for piece in take.pieces:
        note = meta.namespace(piece.metadata) if isinstance(piece, otio.schema.Clip) else {}
        ref = getattr(piece, "media_reference", None)
        available = getattr(ref, "available_range", None)
        for item in note.get("suggestions") or []:
            removed = item.get("removed_source_range") or {}
            if available is None or not removed:
                continue
            at = otio.opentime.RationalTime(removed["start"], removed["rate"])
            a = (at - available.start_time).to_seconds()
            b = a + removed["duration"] / removed["rate"]
            name = str(item.get("kind", "trimmed"))
            if not any(abs(x.start_s - a) < 1e-6 and x.kind == name for x in bands):
                bands.append(Band(a, b, name, f"{kind(name).label}: {item.get('reason', '')}"))
    named = [Span(b.start_s, b.end_s) for b in bands]
    for gap in subtract(whole, kept):
        # Left out but not named by a note (a part outside what the bin's clip used).
        if not any(gap.overlaps(n) for n in named) and gap.duration > 1e-3:
            bands.append(Band(gap.start, gap.end, "trimmed", "not in the assembly"))
    return sorted(bands, key=lambda b: b.start_s)


def _seconds(take: Placed) -> float:
    duration = take.duration
    return duration.to_seconds() if duration is not None else 0.0
