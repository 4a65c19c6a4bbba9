"""AssembleSelects: from a bin of dailies to an assembly of the best takes, in scene order."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from pathlib import Path

import opentimelineio as otio

from workprint.engine.analysis.kept import KeptValues
from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.core import Engine
from workprint.engine.domain import meta
from workprint.engine.domain.kinds import kind
from workprint.engine.domain.spans import Span
from workprint.engine.domain.words.script import Script, parse_script
from workprint.engine.errors import InputError, MediaError
from workprint.engine.jobs import collector
from workprint.engine.jobs.events import JobContext, Result, Suggestion, WarningLog
from workprint.engine.jobs.media_stage import analyze_all, resolve_all
from workprint.engine.report import PreviewShelf, selects_report
from workprint.engine.selects.assembly import Placed, build_assembly
from workprint.engine.selects.facts import signature, take_facts
from workprint.engine.selects.grouping import Setup, Take, group_takes
from workprint.engine.selects.naming import take_name
from workprint.engine.selects.ranking import TakeFacts, Verdict, rank_setup
from workprint.engine.selects.spoken import (
    dialogue_words,
    reading_of,
    setup_coverage,
    slate_card,
    slates_name,
)
from workprint.engine.settings import SelectsSettings
from workprint.engine.timeline import otio_json
from workprint.engine.timeline.places import ClipPlace, bin_places
from workprint.engine.timeline.stage import MediaStage
from workprint.engine.trims import apply
from workprint.engine.trims.decide import Part, decide_group
from workprint.engine.trims.footage import Footage, Footages, heard_words, media_offset_s
from workprint.engine.trims.plan import plan_clip
from workprint.engine.trims.readings import KeptReadings


def assemble_selects(
    engine: Engine,
    bin_json: str,
    settings: SelectsSettings,
    base_dir: Path | None,
    ctx: JobContext,
    report: bool = False,
) -> Result:
    log = WarningLog(ctx) if report else None
    ctx = log or ctx
    collection = otio_json.parse_bin(bin_json, source="the bin")
    places = bin_places(list(collection.find_clips()))
    stage = resolve_all(places, base_dir, ctx)
    analyze_all(engine, stage, ctx)
    # What follows makes the job's many small objects, let go as `_assembled` returns, before the cycle
    # collector runs again (collector.py).
    with collector.held_off():
        return _assembled(engine, collection, places, stage, settings, ctx, log)


def _assembled(
    engine: Engine,
    collection: otio.schema.SerializableCollection,
    places: list[ClipPlace],
    stage: MediaStage,
    settings: SelectsSettings,
    ctx: JobContext,
    log: WarningLog | None,
) -> Result:
    """The takes ranked and the best of each setup laid out; the review report when `log` gathers warnings."""
    takes, facts, placed, take_places = [], {}, {}, {}
    # What the decision reads of a file's analysis, made once per file (for its ranking and its trim).
    # What is worked from each file's analysis and kept beside it: the words' readings, for trims and selects.
    kept = KeptValues(engine.reader.cache)
    footages = Footages(KeptReadings(kept))
    spoken: dict[str, list] = {}
    starts: dict[str, float] = {}
    for order, place in enumerate(places):
        ctx.progress("rank", order, len(places), place.name)
        analysis = stage.analysis_of(place.clip)
        if analysis is None:
            continue
        key = f"{order + 1}:{place.name}"
        name = take_name(place.name, meta.clip_properties(place.clip.metadata))
        whole = _whole_take(place.clip, analysis)
        used = Span(0.0, analysis.duration_s)
        if whole.source_range != whole.media_reference.available_range:
            start = (whole.source_range.start_time - whole.media_reference.available_range.start_time).to_seconds()
            used = Span(start, start + whole.source_range.duration.to_seconds())
        words = heard_words(analysis)
        reading = reading_of(words, kept, analysis.identity) if words is not None else None
        if reading is not None:
            for note in reading.notes:
                ctx.warn("slates-disagree", f"{place.name}: {note}", clip_name=place.name)
        card = slate_card(analysis)
        naming = slates_name(name, reading.slate if reading is not None else None, card)
        name = naming.name
        if naming.disagreement:
            ctx.warn("slate-card-disagrees", f"{place.name}: {naming.disagreement}", clip_name=place.name)
        footage = footages.of(analysis.path, analysis)
        plan = plan_clip(used, footage, settings.trims, [])
        facts[key] = take_facts(key, name, analysis, plan)
        if card is not None and card.numbers:
            facts[key] = replace(facts[key], slate_card=card.label, slate_note=naming.disagreement)
        if reading is not None:
            spoken[key] = dialogue_words(reading, plan.dialogue)
            starts[key] = used.start
            if reading.slate is not None:
                facts[key] = replace(facts[key], spoken_slate=reading.slate.label)
        placed[key] = _trimmed(whole, analysis, footage, settings)
        take_places[key] = place
        takes.append(Take(key, place.name, name, signature(analysis), order))
    if not takes:
        raise MediaError("no take in the bin could be read: nothing to assemble (see the warnings above)")
    setups = group_takes(takes)
    script = _script(settings)
    for setup in setups:
        heard = {t.key: spoken[t.key] for t in setup.takes if t.key in spoken}
        lines = script.lines(setup.key[0] or None) if script is not None else []
        for key, coverage in setup_coverage(heard, starts, lines).items():
            facts[key] = replace(facts[key], coverage=coverage)
    rankings = {setup.key: rank_setup([facts[t.key] for t in setup.takes]) for setup in setups}
    rate = _rate(stage, takes)
    ctx.progress("assemble", 0, 1)
    title = f"{collection.name or 'Dailies'} – {'string-out' if settings.mode == 'stringout' else 'selects'}"
    timeline = build_assembly(title, setups, rankings, placed, settings.mode, rate)
    ctx.progress("assemble", 1, 1)
    select = kind("select")
    suggestions = [
        Suggestion(
            ranked[0].facts.label or ranked[0].facts.key,
            setup.label,
            select.name,
            otio.opentime.TimeRange(),
            f"{setup.label}: {ranked[0].why}",
            select.confidence,
        )
        for setup in setups
        for ranked in [rankings[setup.key]]
    ]
    html = ""
    if log is not None:
        ctx.progress("report", 0, 1)
        html = selects_report(
            PreviewShelf(engine.reader.cache),
            title,
            setups,
            rankings,
            placed,
            take_places,
            stage,
            settings.mode,
            log.warnings,
        )
        ctx.progress("report", 1, 1)
    return Result(
        otio_json.dump(timeline),
        suggestions,
        _summary(setups, rankings, settings.mode),
        selects_csv(setups, rankings, settings.mode),
        report_html=html,
    )


def _script(settings: SelectsSettings) -> Script | None:
    if not settings.script_text:
        return None
    try:
        script = parse_script(settings.script_text, settings.script_name)
    except ElementTree.ParseError as exc:
        raise InputError(f"{settings.script_name or 'the script'}: not a Final Draft file ({exc})") from exc
    if not script.scenes:
        raise InputError(f"{settings.script_name or 'the script'}: no lines of dialogue found in it")
    return script


def _whole_take(clip: otio.schema.Clip, analysis: MediaAnalysis) -> otio.schema.Clip:
    """The take with its media's range known (a folder bin does not know it) and all of it used."""
    whole = clip.clone()
    ref = whole.media_reference
    if getattr(ref, "available_range", None) is None:
        ref.available_range = analysis.available_range()
    if whole.source_range is None:
        whole.source_range = ref.available_range
    return whole


def _trimmed(whole: otio.schema.Clip, analysis: MediaAnalysis, footage: Footage, settings: SelectsSettings) -> Placed:
    """The take tightened by the trims decision, picture and sound as one linked group, cut into pieces."""
    offset = media_offset_s(whole, analysis)
    rate = whole.source_range.start_time.rate
    used = Span(offset, offset + whole.source_range.duration.to_seconds())
    at = apply.InMedia(whole, offset, rate, used)
    # `whole` is the job's own copy of the take (`_whole_take`); pieces are only read from here on, and
    # cloned as they are laid on a track, so picture and sound share them (each clone of a clip is about
    # 45 µs of OTIO, several per take of a bin of thousands).
    pieces: list[otio.core.Composable] = [whole]
    # As on a timeline: sound without picture, and speed changes, are left as they are.
    if analysis.has_video and not any(isinstance(e, otio.schema.TimeEffect) for e in whole.effects):
        part = Part(used=used, media=Span(0.0, analysis.duration_s), marks=apply.user_marks(at))
        trims = settings.trims.with_changes(review_only=False, ripple=True)
        # Picture and sound are the same media in the same sync: one part stands for both.
        cut = decide_group([part], footage, trims, rate)[0]
        if cut.changed:
            pieces = [piece for _, piece in apply.pieces(at, cut)]
    return Placed(pieces if analysis.has_video else [], pieces if analysis.has_audio else [])


def _rate(stage: MediaStage, takes: list[Take]) -> float:
    rates = [a.frame_rate for a in stage.analyses.values() if a.has_video and a.frame_rate]
    return float(max(set(rates), key=rates.count)) if rates else 24.0


def selects_csv(setups: list[Setup], rankings: dict[tuple[str, str], list[Verdict]], mode: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "setup",
            "found_by",
            "take",
            "clip",
            "rank",
            "chosen",
            "usable",
            "why",
            "dialogue_s",
            "lines",
            "sharpness",
            "clipping_s",
            "duration_s",
            "lines_said",
            "spoken_slate",
            "slate_card",
        ]
    )
    for setup in setups:
        names = {t.key: t.clip_name for t in setup.takes}
        for verdict in rankings[setup.key]:
            f: TakeFacts = verdict.facts
            chosen = verdict.usable if mode == "stringout" else verdict.rank == 1
            writer.writerow(
                [
                    setup.label,
                    setup.found_by,
                    f.label,
                    names[f.key],
                    verdict.rank,
                    chosen,
                    verdict.usable,
                    verdict.why,
                    f.dialogue_s,
                    f.utterances,
                    "" if f.sharpness is None else round(f.sharpness, 4),
                    f.clipping_s,
                    round(f.duration_s, 3),
                    f.coverage.summary if f.coverage is not None and f.coverage.lines else "",
                    f.spoken_slate,
                    f.slate_card,
                ]
            )
    return out.getvalue()


def _summary(setups: list[Setup], rankings: dict, mode: str) -> str:
    takes = sum(len(s.takes) for s in setups)
    lines = [
        f"{takes} takes in {len(setups)} setups; {'every usable take' if mode == 'stringout' else 'best take'}"
        " of each laid out in scene order"
    ]
    for setup in setups:
        ranked = rankings[setup.key]
        lines.append(
            f"  {setup.label}: {ranked[0].facts.label or ranked[0].facts.key} ({ranked[0].why})"
            + (f", {len(ranked) - 1} alternate{'s' if len(ranked) > 2 else ''}" if len(ranked) > 1 else "")
        )
    return "\n".join(lines)
