"""The review report of a SuggestTrims job: totals, then every changed clip as an editor would check it."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import opentimelineio as otio

from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.domain.events import Suggestion, Warning
from workprint.engine.domain.kinds import DEFAULT_TRIM_KINDS, TRIM_KINDS, kind
from workprint.engine.report.model import Band, Change, ClipReview, KindTotal, Strip, TrimsReview
from workprint.engine.report.previews import PreviewShelf
from workprint.engine.report.render import render_trims
from workprint.engine.report.timecode import frames_of, media_rate, media_timecode, rate_text, to_timecode
from workprint.engine.settings import TrimSettings
from workprint.engine.timeline.places import ClipPlace, RecordRanges
from workprint.engine.timeline.stage import MediaStage
from workprint.engine.trims.footage import media_offset_s
from workprint.engine.trims.timeline import TrimOutcome

#: Thumbnails across one clip's original range.
CLIP_CELLS = 12


def trims_report(
    shelf: PreviewShelf,
    timeline: otio.schema.Timeline,
    places: list[ClipPlace],
    stage: MediaStage,
    outcome: TrimOutcome,
    settings: TrimSettings,
    warnings: list[Warning],
) -> str:
    """The whole report as one HTML document. `timeline` and its `places` are the job's own: as the timeline
    came in (the job writes its edit into the document, never into them)."""
    return render_trims(trims_review(shelf, timeline, places, stage, outcome, settings, warnings))


def trims_review(
    shelf: PreviewShelf,
    timeline: otio.schema.Timeline,
    places: list[ClipPlace],
    stage: MediaStage,
    outcome: TrimOutcome,
    settings: TrimSettings,
    warnings: list[Warning],
) -> TrimsReview:
    grid = _timeline_rate(timeline)
    record_at = _record_starts(places, timeline)
    by_location: dict[str, list[Suggestion]] = defaultdict(list)
    for suggestion in outcome.suggestions:
        by_location[suggestion.clip_location].append(suggestion)
    edited = outcome.edited
    clips = []
    for place in places:
        suggestions = by_location.get(place.location)
        analysis = stage.analysis_of(place.clip)
        if not suggestions or analysis is None:
            continue
        # Shown with the clips decided with it (its sound): found in its group, not among every clip of the file.
        linked = [location for location in outcome.together.get(place.location, ()) if location in edited]
        clips.append(_clip_review(place, suggestions, analysis, stage, shelf, record_at, grid, linked))
    pictures = [p for p in places if p.track.kind == otio.schema.TrackKind.Video and not p.nested]
    counts: dict[str, int] = defaultdict(int)
    for suggestion in outcome.suggestions:
        counts[suggestion.kind] += 1
    kinds = sorted(
        (KindTotal(kind, counts[kind], seconds) for kind, seconds in outcome.removed_s.items() if seconds > 0),
        key=lambda k: -k.seconds,
    )
    return TrimsReview(
        title=timeline.name or "Timeline",
        review_only=settings.review_only,
        settings=_settings_lines(settings),
        picture_clips=len(pictures),
        clips_changed=len(clips),
        clips_edited=outcome.clips_changed,
        suggestions=len(outcome.suggestions),
        removed_s=sum(outcome.removed_s.values()),
        timeline_s=timeline.duration().to_seconds() if len(timeline.tracks) else 0.0,
        kinds=kinds,
        clips=clips,
        untouched=[(p.name, p.location) for p in pictures if p.location not in by_location],
        warnings=list(warnings),
    )


def _clip_review(
    place: ClipPlace,
    suggestions: list[Suggestion],
    analysis: MediaAnalysis,
    stage: MediaStage,
    shelf: PreviewShelf,
    record_at: dict,
    grid: float,
    linked: list[str],
) -> ClipReview:
    clip = place.clip
    source = clip.source_range or clip.available_range()
    clip_rate = source.start_time.rate
    offset = media_offset_s(clip, analysis)
    start, end = offset, offset + source.duration.to_seconds()
    rate = media_rate(analysis, clip_rate)
    changes, bands = [], []
    for s in sorted(suggestions, key=lambda s: s.source_range_removed.start_time.to_seconds()):
        removed = s.source_range_removed
        a = offset + (removed.start_time - source.start_time).to_seconds()
        b = a + removed.duration.to_seconds()
        tc_in, tc_out = media_timecode(analysis, a, clip_rate), media_timecode(analysis, b, clip_rate)
        changes.append(Change(s.kind, tc_in, tc_out, b - a, frames_of(b - a, rate), s.confidence, s.reason))
        bands.append(Band(a, b, s.kind, f"{s.kind}: {tc_in} – {tc_out} · {s.reason} ({s.confidence:.0%})"))
    path = stage.source_of(clip).path
    heard = [w for w in analysis.words if w["end_s"] > start and w["start_s"] < end]
    strip = Strip(
        previews=shelf.of(path),
        start_s=start,
        end_s=end,
        tc_in=media_timecode(analysis, start, clip_rate),
        tc_out=media_timecode(analysis, end, clip_rate),
        removed=bands,
        speech=[(a, b) for a, b in analysis.speech if b > start and a < end],
        cells=CLIP_CELLS,
        cell_timecodes=[
            media_timecode(analysis, start + (n + 0.5) * (end - start) / CLIP_CELLS, clip_rate)
            for n in range(CLIP_CELLS)
        ],
        words=[(str(w["text"]), _removed_by(w, bands)) for w in heard],
    )
    record = record_at.get(place.location)
    return ClipReview(
        name=place.name,
        location=place.location,
        record_tc=to_timecode(round(record * grid), grid) if record is not None else "—",
        media_name=Path(path).name,
        rate_text=rate_text(analysis, clip_rate),
        strip=strip,
        changes=changes,
        removed_s=sum(c.seconds for c in changes),
        linked=linked,
    )


def _removed_by(word: dict, bands: list[Band]) -> str:
    """The kind of the removal that takes the word (most of it), or "" when it stays."""
    middle = (float(word["start_s"]) + float(word["end_s"])) / 2
    return next((band.kind for band in bands if band.start_s <= middle < band.end_s), "")


def _record_starts(places: list[ClipPlace], timeline: otio.schema.Timeline) -> dict[str, float | None]:
    """Where each clip starts on the timeline (seconds), by its location; None for a nested clip or one OTIO
    cannot place."""
    zero = timeline.global_start_time
    ranges = RecordRanges()
    starts: dict[str, float | None] = {}
    for place in places:
        starts[place.location] = None
        if place.nested:
            continue
        try:
            start = ranges.of(place).start_time
        except Exception:  # a clip OTIO cannot place (odd nesting): no record time is shown
            continue
        starts[place.location] = (start + zero.rescaled_to(start) if zero is not None else start).to_seconds()
    return starts


def _timeline_rate(timeline: otio.schema.Timeline) -> float:
    if timeline.global_start_time is not None and timeline.global_start_time.rate > 0:
        return timeline.global_start_time.rate
    for clip in timeline.find_clips():
        if clip.source_range is not None:
            return clip.source_range.start_time.rate
    return 24.0


def _settings_lines(settings: TrimSettings) -> list[tuple[str, str]]:
    off = [kind(k).label.lower() for k in TRIM_KINDS if k not in DEFAULT_TRIM_KINDS]
    if set(settings.kinds) == set(TRIM_KINDS):
        kinds = "all"
    elif set(settings.kinds) == set(DEFAULT_TRIM_KINDS):
        kinds = f"all but {', '.join(off)} (off unless asked for)" if off else "all"
    else:
        kinds = ", ".join(k for k in TRIM_KINDS if k in settings.kinds)
    return [
        ("Room before the first word", f"{settings.pad_before_frames} frames"),
        ("Room after the last word", f"{settings.pad_after_frames} frames"),
        ("Pauses", f"closed from {settings.min_pause_s:g} s" if settings.remove_pauses else "kept"),
        ("Gaps", "closed (ripple)" if settings.ripple else "left as gaps"),
        ("Mode", "review only (markers)" if settings.review_only else "edits applied"),
        ("Kinds", kinds),
    ]
