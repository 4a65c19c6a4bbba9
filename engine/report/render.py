"""A review as one self-contained HTML document: no external resources, no script needed to see it.

Thumbnails are embedded once each as a CSS class (a clip that shows a
picture twice, or two clips cut from one take, share it), waveforms are
small inline SVG paths, and every card is rendered lazily by the browser
(content-visibility), so a 500-clip report stays small and opens fast.
Every piece of text that came from a timeline is escaped.
"""

from __future__ import annotations

import datetime
import itertools
import re
from html import escape

import numpy as np

from workprint.engine.domain.events import Warning
from workprint.engine.domain.kinds import BY_NAME, kind
from workprint.engine.report.model import (
    ClipReview,
    SelectsReview,
    SetupReview,
    Strip,
    TakeReview,
    TrimsReview,
)
from workprint.engine.report.timecode import duration_text

WAVE_POINTS = 240
WAVE_HEIGHT = 40


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def _kind_class(kind: str) -> str:
    return "k-" + (re.sub(r"[^a-z0-9-]", "", kind.lower()) or "other")


def kind_name(name: str) -> str:
    return kind(name).label


class ImageSheet:
    """Every embedded picture once, as a CSS class; strips refer to it by class name."""

    def __init__(self) -> None:
        self._classes: dict[tuple[str, int], str] = {}
        self._rules: list[str] = []

    def class_for(self, path: str, index: int, jpeg: str) -> str:
        key = (path, index)
        if key not in self._classes:
            name = f"i{len(self._classes)}"
            self._classes[key] = name
            self._rules.append(f".{name}{{background-image:url(data:image/jpeg;base64,{jpeg})}}")
        return self._classes[key]

    @property
    def count(self) -> int:
        return len(self._classes)

    def css(self) -> str:
        return "\n".join(self._rules)


def _pct(value: float) -> str:
    return f"{max(0.0, min(100.0, value)):.2f}".rstrip("0").rstrip(".") or "0"


def strip_html(strip: Strip, sheet: ImageSheet) -> str:
    span = max(strip.duration_s, 1e-6)
    previews = strip.previews
    parts = ['<div class="strip">', '<div class="view">']
    if previews.has_pictures:
        cells = []
        step = span / strip.cells
        for n in range(strip.cells):
            t = strip.start_s + (n + 0.5) * step
            index = previews.thumbnail_near(t)
            name = sheet.class_for(previews.path, index, previews.jpegs[index])
            tc = strip.cell_timecodes[n] if n < len(strip.cell_timecodes) else ""
            cells.append(f'<i class="{name}" title="{esc(tc)}"></i>')
        parts.append(f'<div class="film" style="--cells:{strip.cells}">{"".join(cells)}</div>')
    else:
        parts.append('<div class="film none">no picture</div>')
    heights = previews.waveform(strip.start_s, strip.end_s, WAVE_POINTS)
    if heights:
        parts.append(_wave_svg(heights))
    else:
        parts.append('<div class="wave none">no sound</div>')
    parts.append(_speech_svg(strip))
    for band in strip.removed:
        left = (band.start_s - strip.start_s) / span * 100
        width = (band.end_s - band.start_s) / span * 100
        parts.append(
            f'<div class="cut {_kind_class(band.kind)}" style="left:{_pct(left)}%;width:{_pct(width)}%" '
            f'title="{esc(band.title)}"><span>{esc(kind_name(band.kind))}</span></div>'
        )
    parts.append("</div>")
    parts.append(f'<div class="ruler"><span>{esc(strip.tc_in)}</span><span>{esc(strip.tc_out)}</span></div>')
    if strip.words:
        parts.append(_transcript_html(strip.words))
    parts.append("</div>")
    return "".join(parts)


def _transcript_html(words: list[tuple[str, str]]) -> str:
    """What was said, the removed words struck through and labelled with what took them.

    Each run of words one kind of removal takes is struck through together and its label follows it in
    the kind's colour, visible on paper too (a tooltip alone is lost in print)."""
    out = []
    for taken_by, run in itertools.groupby(words, key=lambda word: word[1]):
        said = " ".join(esc(text) for text, _ in run)
        if taken_by:
            label = esc(kind_name(taken_by))
            out.append(
                f'<del class="{_kind_class(taken_by)}" title="{label}">{said}</del>'
                f'<sup class="{_kind_class(taken_by)}">{label}</sup>'
            )
        else:
            out.append(said)
    return f'<p class="transcript">{" ".join(out)}</p>'


def _wave_svg(heights: list[float]) -> str:
    """The waveform as a path; `heights` 0..1 (`Previews.waveform`)."""
    mid = WAVE_HEIGHT / 2
    # Rounded half to even, as a float is written with no decimals; in one go for every point.
    scaled = np.asarray(heights, dtype=np.float64) * (mid - 1)
    top = np.rint(mid - scaled).astype(np.int64).tolist()
    bottom = np.rint(mid + scaled).astype(np.int64).tolist()
    points = [f"{n}.5 {y}" for n, y in enumerate(top)]
    points += [f"{n}.5 {bottom[n]}" for n in reversed(range(len(bottom)))]
    path = "M" + "L".join(points) + "Z"
    return (
        f'<svg class="wave" viewBox="0 0 {len(heights)} {WAVE_HEIGHT}" preserveAspectRatio="none" '
        f'role="img" aria-label="waveform"><path d="{path}"/></svg>'
    )


def _speech_svg(strip: Strip) -> str:
    span = max(strip.duration_s, 1e-6)
    rects = []
    for start, end in strip.speech:
        a = max(start, strip.start_s)
        b = min(end, strip.end_s)
        if b > a:
            x = (a - strip.start_s) / span * 1000
            rects.append(f'<rect x="{x:.1f}" width="{(b - a) / span * 1000:.1f}" height="6"/>')
    return (
        f'<svg class="speech" viewBox="0 0 1000 6" preserveAspectRatio="none" role="img" '
        f'aria-label="speech">{"".join(rects)}</svg>'
    )


def _page(title: str, kind: str, body: list[str], sheet: ImageSheet) -> str:
    made = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{esc(title)} – Workprint review</title>",
            f"<style>{CSS}\n{_kind_css()}\n{sheet.css()}</style></head>",
            f'<body class="{esc(kind)}"><main>',
            f'<header class="top"><div class="brand">Workprint review · {esc(_job_name(kind))}</div>'
            f'<h1>{esc(title)}</h1><div class="made">Made {esc(made)}</div></header>',
            *body,
            "<footer>Made by Workprint from the production's own footage. Shaded parts are what the suggestions "
            "remove; green under the waveform is speech. Nothing here changes your timeline.</footer>",
            "</main></body></html>\n",
        ]
    )


def _job_name(kind: str) -> str:
    return {"trims": "Suggest trims", "selects": "Auto-assemble selects"}.get(kind, kind)


def _kind_css() -> str:
    # One colour per kind, as the markers on the timeline have them.
    return "\n".join(f".{_kind_class(k.name)}{{--k:{k.report_colour}}}" for k in BY_NAME.values())


def _warnings_html(warnings: list[Warning]) -> str:
    if not warnings:
        return ""
    rows = []
    for w in warnings:
        where = " · ".join(x for x in (w.clip_name, w.clip_location) if x)
        rows.append(
            f'<tr><td class="code">{esc(w.code)}</td><td>{esc(where) or "—"}</td><td>{esc(w.message)}</td></tr>'
        )
    return (
        f'<section class="warnings" id="warnings"><h2>Warnings <span class="n">{len(warnings)}</span></h2>'
        '<table class="grid"><colgroup><col style="width:16%"><col style="width:22%"><col></colgroup>'
        "<thead><tr><th>Code</th><th>Clip</th><th>What happened</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _stat(value: str, label: str, extra: str = "") -> str:
    return f'<div class="stat{extra}"><b>{esc(value)}</b><span>{esc(label)}</span></div>'


def _confidence(value: float) -> str:
    pct = round(value * 100)
    return f'<span class="conf" title="confidence {pct}%"><i style="width:{pct}%"></i></span> {pct}%'


# Suggest trims


def render_trims(review: TrimsReview) -> str:
    sheet = ImageSheet()
    verb = "to remove" if review.review_only else "removed"
    share = review.removed_s / review.timeline_s * 100 if review.timeline_s else 0.0
    stats = [
        _stat(duration_text(review.removed_s), f"{verb} of {duration_text(review.timeline_s)} ({share:.1f}%)"),
        _stat(
            f"{review.clips_changed} of {review.picture_clips}",
            "picture clips touched"
            + (
                f" ({review.clips_edited} clips with their sound)" if review.clips_edited > review.clips_changed else ""
            ),
        ),
        _stat(str(review.suggestions), "suggestions"),
        _stat(str(len(review.warnings)), "warnings", " warn" if review.warnings else ""),
    ]
    body = [f'<section class="totals" id="totals">{"".join(stats)}</section>']
    if review.review_only:
        body.append('<p class="note">Review only: markers were added, no edit was changed.</p>')
    body.append(_kinds_table(review))
    body.append(
        '<section class="settings"><h2>Settings</h2><dl>'
        + "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in review.settings)
        + "</dl></section>"
    )
    body.append(_warnings_html(review.warnings))
    body.append(f'<section class="clips" id="clips"><h2>Changed clips <span class="n">{len(review.clips)}</span></h2>')
    if not review.clips:
        body.append('<p class="note">Nothing to suggest: every clip is already tight.</p>')
    for number, clip in enumerate(review.clips, start=1):
        body.append(_clip_html(number, clip, sheet))
    body.append("</section>")
    if review.untouched:
        items = "".join(f'<li><span class="loc">{esc(loc)}</span> {esc(name)}</li>' for name, loc in review.untouched)
        body.append(
            f'<section class="untouched" id="untouched"><details><summary>Clips left as they are '
            f'<span class="n">{len(review.untouched)}</span></summary><ul>{items}</ul></details></section>'
        )
    return _page(review.title, "trims", body, sheet)


def _kinds_table(review: TrimsReview) -> str:
    if not review.kinds:
        return ""
    most = max(k.seconds for k in review.kinds) or 1.0
    rows = []
    for k in review.kinds:
        rows.append(
            f'<tr class="{_kind_class(k.kind)}"><td><i class="sw"></i>{esc(kind_name(k.kind))}</td>'
            f'<td class="num">{k.count}</td><td class="num">{esc(duration_text(k.seconds))}</td>'
            f'<td><span class="bar"><i style="width:{_pct(k.seconds / most * 100)}%"></i></span></td></tr>'
        )
    return (
        '<section class="kinds" id="kinds"><h2>Time removed per kind</h2><table class="grid">'
        '<colgroup><col style="width:24%"><col style="width:12%"><col style="width:14%"><col></colgroup>'
        '<thead><tr><th>Kind</th><th class="num">Suggestions</th><th class="num">Time</th><th></th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _clip_html(number: int, clip: ClipReview, sheet: ImageSheet) -> str:
    share = clip.removed_s / clip.strip.duration_s * 100 if clip.strip.duration_s else 0.0
    meta = [
        f"record {clip.record_tc}",
        clip.media_name,
        clip.rate_text,
        f"source {clip.strip.tc_in} – {clip.strip.tc_out}",
    ]
    if clip.linked:
        meta.append("with " + ", ".join(clip.linked))
    rows = []
    for change in clip.changes:
        rows.append(
            f'<tr class="{_kind_class(change.kind)}"><td><i class="sw"></i>{esc(kind_name(change.kind))}</td>'
            f'<td class="tc">{esc(change.tc_in)}</td><td class="tc">{esc(change.tc_out)}</td>'
            f'<td class="num">{change.seconds:.2f} s<small>{change.frames} fr</small></td>'
            f"<td>{_confidence(change.confidence)}</td><td>{esc(change.reason)}</td></tr>"
        )
    return (
        f'<article class="clip card" id="clip-{number}">'
        f'<header><h3><span class="loc">{esc(clip.location)}</span>{esc(clip.name)}</h3>'
        f'<div class="gain">−{clip.removed_s:.1f} s <small>of {clip.strip.duration_s:.1f} s ({share:.0f}%)</small>'
        f'</div><div class="meta">{" · ".join(esc(m) for m in meta)}</div></header>'
        f"{strip_html(clip.strip, sheet)}"
        '<table class="grid changes"><colgroup><col style="width:15%"><col style="width:12%">'
        '<col style="width:12%"><col style="width:10%"><col style="width:13%"><col></colgroup>'
        '<thead><tr><th>Kind</th><th>Source in</th><th>Source out</th><th class="num">Length</th>'
        "<th>Confidence</th><th>Why</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></article>"
    )


# Auto-assemble selects


def render_selects(review: SelectsReview) -> str:
    sheet = ImageSheet()
    stats = [
        _stat(f"{len(review.setups)}", f"setups from {review.takes} takes"),
        _stat(str(review.chosen), "takes in the assembly" if review.mode != "stringout" else "takes in the string-out"),
        _stat(str(review.unusable), "takes with a problem"),
        _stat(duration_text(review.assembly_s), "assembly length"),
        _stat(str(len(review.warnings)), "warnings", " warn" if review.warnings else ""),
    ]
    body = [f'<section class="totals" id="totals">{"".join(stats)}</section>', _warnings_html(review.warnings)]
    body.append(f'<section class="setups" id="setups"><h2>Setups <span class="n">{len(review.setups)}</span></h2>')
    for number, setup in enumerate(review.setups, start=1):
        body.append(_setup_html(number, setup, sheet))
    body.append("</section>")
    return _page(review.title, "selects", body, sheet)


def _setup_html(number: int, setup: SetupReview, sheet: ImageSheet) -> str:
    takes = "".join(_take_html(take, sheet) for take in setup.takes)
    return (
        f'<article class="setup card" id="setup-{number}"><header><h3>{esc(setup.label)}</h3>'
        f'<div class="meta">found by {esc(setup.found_by)} · {len(setup.takes)} '
        f"take{'s' if len(setup.takes) != 1 else ''}</div></header>"
        f'<p class="won">{esc(setup.verdict)}</p>{_lines_html(setup)}<div class="takes">{takes}</div></article>'
    )


#: How a cell of the line coverage table reads.
LINE_STATES = {
    "said": "said",
    "missing": "missing",
    "restarted": "restarted",
    "off-script": "off the lines",
    "": "not heard",
}


def _lines_html(setup: SetupReview) -> str:
    """Each take's coverage of the setup's lines, side by side: lines down, takes across, the chosen take
    marked, so a missing or restarted line is seen across the whole setup at once."""
    if not setup.lines:
        return ""
    badge = {"selected": "selected", "alternate": "alternate", "unusable": "problem"}
    heads = "".join(
        f'<th class="{esc(take.status)}" title="{esc(take.clip_name)}"><b>{esc(take.label)}</b>'
        f"<small>{badge[take.status]}</small></th>"
        for take in setup.takes
    )
    rows = []
    for line in setup.lines:
        cells = "".join(
            f'<td class="ln-{esc(cell.state or "none")} {esc(take.status)}"'
            + (f' title="{esc(cell.note)}"' if cell.note else "")
            + f">{esc(LINE_STATES.get(cell.state, cell.state))}"
            + (f"<small>{esc(cell.note)}</small>" if cell.note else "")
            + "</td>"
            for take, cell in zip(setup.takes, line.cells, strict=True)
        )
        rows.append(f'<tr><th class="line"><span class="ln">{line.number}</span>{esc(line.text)}</th>{cells}</tr>')
    source = "the script" if setup.lines_from == "script" else "what most takes say"
    return (
        f'<table class="grid lines"><caption>Lines (from {source}) and what each take says</caption>'
        f'<thead><tr><th class="line">Line</th>{heads}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _take_html(take: TakeReview, sheet: ImageSheet) -> str:
    badge = {"selected": "Selected", "alternate": "Alternate", "unusable": "Problem"}[take.status]
    facts = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in take.facts)
    defects = "".join(f"<li>{esc(d)}</li>" for d in take.defects)
    notes = "".join(f"<li>{esc(n)}</li>" for n in take.notes)
    strip = strip_html(take.strip, sheet) if take.strip is not None else '<div class="film none">no preview</div>'
    return (
        f'<section class="take {esc(take.status)}"><header><span class="rank">#{take.rank}</span>'
        f"<b>{esc(take.label)}</b>{'<span class=circle>circled</span>' if take.circled else ''}"
        f'<span class="badge">{badge}</span></header>'
        f'<div class="meta">{esc(take.clip_name)} · {esc(take.media_name)} · {esc(take.rate_text)}</div>'
        f'{strip}<dl class="facts">{facts}</dl>'
        + (f'<ul class="defects">{defects}</ul>' if defects else '<p class="clean">No problem found</p>')
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</section>"
    )


CSS = """
:root{--bg:#16181b;--panel:#1f2226;--panel2:#272b30;--line:#353a40;--text:#e6e8ea;--dim:#9aa1a9;--accent:#5aa9e6;
--warn:#e6a23c;--bad:#e0605a;--good:#5cbf6a;color-scheme:dark}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;print-color-adjust:exact;-webkit-print-color-adjust:exact}
main{max-width:1240px;margin:0 auto;padding:20px 20px 40px}
h1{font-size:24px;margin:2px 0 4px;overflow-wrap:anywhere}
h2{font-size:16px;margin:28px 0 10px;font-weight:600}
h3{font-size:15px;margin:0;font-weight:600;overflow-wrap:anywhere;min-width:0}
.n{display:inline-block;min-width:22px;padding:0 6px;border-radius:10px;background:var(--panel2);color:var(--dim);
font-size:12px;text-align:center;vertical-align:2px}
.top .brand{color:var(--accent);font-size:12px;letter-spacing:.06em;text-transform:uppercase}
.top .made,.meta,small,footer{color:var(--dim)}
.meta{font-size:12px;overflow-wrap:anywhere}
footer{margin-top:32px;font-size:12px}
.note{color:var(--dim)}
.totals{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:10px;margin-top:16px}
.stat{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 14px;min-width:0}
.stat b{display:block;font-size:24px;font-weight:600}
.stat span{color:var(--dim);font-size:12px}
.stat.warn b{color:var(--warn)}
table.grid{width:100%;border-collapse:collapse;table-layout:fixed;font-size:13px}
.grid th{text-align:left;color:var(--dim);font-weight:500;font-size:12px;border-bottom:1px solid var(--line);
padding:4px 8px}
.grid td{padding:5px 8px;border-bottom:1px solid var(--panel2);vertical-align:top;overflow-wrap:anywhere}
.num{text-align:right}
td.num small{display:block}
.tc{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;font-size:12px}
td.code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:var(--warn)}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;background:var(--k);margin-right:6px}
.bar{display:block;height:8px;background:var(--panel2);border-radius:4px;overflow:hidden;margin-top:5px}
.bar i{display:block;height:100%;background:var(--k,var(--accent))}
.conf{display:inline-block;width:44px;height:6px;background:var(--panel2);border-radius:3px;overflow:hidden;
vertical-align:middle}
.conf i{display:block;height:100%;background:var(--accent)}
.settings dl{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0}
.settings dt{color:var(--dim);font-size:12px}
.settings dd{margin:0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:10px;padding:14px;margin:0 0 14px;
content-visibility:auto;contain-intrinsic-size:auto 380px;min-width:0}
.card>header{display:grid;grid-template-columns:minmax(0,1fr) auto;gap:2px 16px;margin-bottom:10px}
.card>header .meta{grid-column:1/-1}
.loc{display:inline-block;font:600 11px ui-monospace,Menlo,Consolas,monospace;color:var(--dim);
background:var(--panel2);border-radius:4px;padding:1px 6px;margin-right:8px;vertical-align:1px}
.gain{font-size:18px;font-weight:600;color:var(--accent);white-space:nowrap}
.gain small{font-size:12px;font-weight:400}
.strip{margin:4px 0 8px;min-width:0}
.view{position:relative;border:1px solid var(--line);border-radius:6px;overflow:hidden;background:#0d0e10}
.film{display:grid;grid-template-columns:repeat(var(--cells),minmax(0,1fr));gap:1px;background:#000}
.film i{display:block;aspect-ratio:16/9;background-size:cover;background-position:center;background-color:#222}
.film.none,.wave.none{display:flex;align-items:center;justify-content:center;color:var(--dim);font-size:12px;
height:44px;background:#101113}
svg.wave{display:block;width:100%;height:44px;background:#101317}
svg.wave path{fill:#58b0a0}
svg.speech{display:block;width:100%;height:6px;background:#14171a}
svg.speech rect{fill:var(--good)}
.cut{position:absolute;top:0;bottom:0;border-left:2px solid var(--k);border-right:2px solid var(--k);
background:repeating-linear-gradient(135deg,rgba(0,0,0,.62) 0 6px,rgba(0,0,0,.45) 6px 12px);
overflow:hidden;min-width:3px}
.cut span{position:absolute;top:3px;left:3px;right:3px;font-size:11px;font-weight:600;color:#111;
background:var(--k);border-radius:3px;padding:0 4px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;
max-width:max-content}
.transcript{margin:6px 0 0;font-size:13px;line-height:1.5;overflow-wrap:anywhere}
.transcript del{color:var(--dim);text-decoration:line-through 2px var(--k)}
.transcript sup{font-size:10px;font-weight:600;color:var(--k);margin:0 2px 0 3px}
.ruler{display:flex;justify-content:space-between;font:11px ui-monospace,Menlo,Consolas,monospace;
color:var(--dim);margin-top:3px}
.untouched ul{columns:3 220px;padding-left:18px;margin:8px 0;font-size:13px}
.untouched li{overflow-wrap:anywhere}
summary{cursor:pointer;font-weight:600}
.won{margin:0 0 12px;padding:8px 12px;border-left:3px solid var(--good);background:var(--panel2);
border-radius:0 6px 6px 0;overflow-wrap:anywhere}
.takes{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:12px}
.take{border:1px solid var(--line);border-radius:8px;padding:10px;background:var(--bg);min-width:0}
.take.selected{border-color:var(--good);box-shadow:0 0 0 1px var(--good) inset}
.take>header{display:flex;align-items:baseline;gap:8px;margin-bottom:2px;min-width:0}
.take>header b{overflow-wrap:anywhere;min-width:0}
.rank{font-weight:700;color:var(--dim)}
.badge{margin-left:auto;font-size:11px;padding:1px 8px;border-radius:10px;background:var(--panel2);
white-space:nowrap}
.selected .badge{background:var(--good);color:#0b1a0d}
.unusable .badge{background:var(--bad);color:#1a0b0b}
.circle{font-size:11px;color:var(--warn)}
.facts{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:2px 10px;margin:6px 0;font-size:12px}
.facts dt{color:var(--dim);display:inline}
.facts dt::after{content:": "}
.facts dd{display:inline;margin:0}
.defects{margin:6px 0 0;padding-left:18px;color:var(--bad);font-size:12px;overflow-wrap:anywhere}
.notes{margin:4px 0 0;padding-left:18px;color:var(--dim);font-size:12px;overflow-wrap:anywhere}
.clean{margin:6px 0 0;color:var(--good);font-size:12px}
table.lines{margin:0 0 12px;table-layout:auto}
.lines caption{text-align:left;color:var(--dim);font-size:12px;padding:0 0 4px}
.lines th.line{font-weight:400;color:var(--text);width:45%}
.lines thead th{white-space:nowrap}
.lines thead th small{display:block}
.lines th.selected,.lines td.selected{background:rgba(92,191,106,.10)}
.lines th.selected b{color:var(--good)}
.ln{display:inline-block;min-width:18px;color:var(--dim);font-variant-numeric:tabular-nums}
.lines td small{display:block;color:var(--dim)}
td.ln-said{color:var(--good)}
td.ln-missing{color:var(--bad)}
td.ln-restarted,td.ln-off-script{color:var(--warn)}
td.ln-none{color:var(--dim)}
@media print{.card{break-inside:avoid;content-visibility:visible}}
"""
