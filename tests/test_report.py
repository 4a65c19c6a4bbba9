"""The review report on a generated shoot: what it shows, that it came from the one analysis pass, its size."""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import av
import numpy as np
import opentimelineio as otio
import pytest
import torch

from conftest import run_workprint
from workprint.engine.analysis.cache import media_identity
from workprint.engine.analysis.decode import SAMPLE_RATE, Chunk
from workprint.engine.analysis.detectors.sound import Sound
from workprint.engine.analysis.detectors.thumbnails import MAX_FRAMES, Thumbnails
from workprint.engine.core import Engine
from workprint.engine.jobs.assemble_selects import assemble_selects
from workprint.engine.jobs.events import JobContext
from workprint.engine.jobs.suggest_trims import suggest_trims
from workprint.engine.settings import EngineSettings, SelectsSettings, TrimSettings

RT = otio.opentime.RationalTime
TR = otio.opentime.TimeRange
#: A clip name is user input: the report must show it as text.
HOSTILE = 'S01A_T01 <img src=x onerror="alert(1)"> & "co"'


def report_timeline(shoot) -> otio.schema.Timeline:
    """The rough cut's first two takes (picture and sound), one renamed, plus a clip whose media is gone."""
    rough = shoot.timeline
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    audio = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    pictures = list(rough.tracks[0].find_clips())[:2]
    sounds = list(rough.tracks[1].find_clips())[:2]
    for picture, sound in zip(pictures, sounds, strict=True):
        video.append(picture.clone())
        audio.append(sound.clone())
    video[0].name = HOSTILE
    lost = otio.schema.ExternalReference(
        target_url=str(shoot.folder / "LOST_T09.mov"), available_range=TR(RT(0, 24), RT(240, 24))
    )
    video.append(otio.schema.Clip(name="LOST_T09", media_reference=lost, source_range=TR(RT(0, 24), RT(120, 24))))
    timeline = otio.schema.Timeline(name="Report cut", global_start_time=rough.global_start_time)
    timeline.tracks.extend([video, audio])
    return timeline


# The tests that run a job on the demo shoot are marked slow: generating and analysing it takes most of
# a minute. The detector tests further down stay in the quick tier.


@pytest.fixture(scope="module")
def shoot(shoot, tmp_path_factory):
    """The session's demo shoot, and this module's cut of it, written beside it rather than into the
    shoot's folder, which other modules share."""
    path = tmp_path_factory.mktemp("report-cut") / "report_cut.otio"
    otio.adapters.write_to_file(report_timeline(shoot), str(path))
    return shoot, path


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    # An empty cache of its own, not the session's shared one: the one-decode-pass test counts decodes.
    return Engine(EngineSettings(cache_dir=tmp_path_factory.mktemp("cache"), device="cpu"))


def jpeg_picture(data: str) -> np.ndarray:
    """A base64 JPEG decoded (by FFmpeg) to H×W×3 RGB."""
    decoder = av.CodecContext.create("mjpeg", "r")
    (frame,) = decoder.decode(av.Packet(base64.b64decode(data)))
    return frame.to_ndarray(format="rgb24")


def quiet() -> JobContext:
    return JobContext(lambda event: None)


@pytest.fixture(scope="module")
def trims(shoot, engine):
    _, path = shoot
    return suggest_trims(engine, path.read_text(), TrimSettings(), path.parent, quiet(), report=True)


class Page(HTMLParser):
    """Elements by tag and class, the text, and the CSS of a report."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.css = ""
        self._in_style = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.css += data
        else:
            self.text.append(data)

    def having(self, tag: str, cls: str) -> list[dict]:
        return [a for t, a in self.elements if t == tag and cls in (a.get("class") or "").split()]

    def image_classes(self) -> dict[str, str]:
        return dict(
            re.findall(r"\.(i\d+)\{background-image:url\(data:image/jpeg;base64,([A-Za-z0-9+/=]+)\)\}", self.css)
        )


@pytest.mark.slow
def test_the_report_shows_every_change_with_its_pictures_and_sound(trims):
    page = Page(trims.report_html)
    ids = {a.get("id") for _, a in page.elements}
    assert {"totals", "kinds", "clips", "warnings"} <= ids
    picture_suggestions = {s.clip_location for s in trims.suggestions}
    cards = page.having("article", "clip")
    assert len(cards) == len(picture_suggestions) == 2
    images = page.image_classes()
    cells = [a for t, a in page.elements if t == "i" and (a.get("class") or "").startswith("i")]
    # Twelve thumbnails a clip, each an embedded JPEG that decodes.
    assert len(cells) == 12 * len(cards)
    assert {c["class"] for c in cells} <= set(images)
    for data in images.values():
        assert jpeg_picture(data).shape == (54, 96, 3)
    assert len(page.having("svg", "wave")) == len(cards)
    assert len(page.having("svg", "speech")) == len(cards)
    # Every suggestion is drawn as a shaded band and listed with its reason and confidence.
    bands = page.having("div", "cut")
    assert len(bands) == len(trims.suggestions)
    text = " ".join(page.text)
    for suggestion in trims.suggestions:
        assert suggestion.reason in text
        assert f"{round(suggestion.confidence * 100)}%" in text
    # The lost clip is a warning naming it; totals say how much went, per kind.
    assert "media-missing" in text and "LOST_T09" in text
    assert "picture clips touched" in text and "Time removed per kind" in text
    for kind in {s.kind for s in trims.suggestions}:
        assert page.having("tr", f"k-{kind}")


@pytest.mark.slow
def test_clip_names_are_shown_as_text_never_as_markup(trims):
    document = trims.report_html
    assert "<img" not in document and 'onerror="alert' not in document
    assert "S01A_T01 &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;co&quot;" in document
    page = Page(document)
    assert HOSTILE in " ".join(page.text)


@pytest.mark.slow
def test_self_contained_nothing_fetched(trims):
    document = trims.report_html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|file:)""", document)
    assert not re.search(r"url\((?!data:)", document)
    assert "@import" not in document and "<link" not in document


@pytest.mark.slow
def test_timecodes_are_the_media_own(trims):
    """Source in of each change is the removed range's start as the media's own timecode at its rate."""
    page = Page(trims.report_html)
    text = " ".join(page.text)
    for suggestion in trims.suggestions:
        start = suggestion.source_range_removed.start_time
        assert otio.opentime.to_timecode(start, start.rate) in text
    # The 25 fps take starts at 01:00:00:00; no frame count reaches its rate.
    assert re.search(r"01:00:0\d:\d\d", text)
    assert all(int(tc[-2:]) < 25 for tc in re.findall(r"\b\d\d:\d\d:\d\d:\d\d\b", text))


@pytest.mark.slow
def test_bands_sit_where_the_removed_parts_are(trims, shoot):
    """Each shaded band starts and ends where its suggestion's removed range does, across the clip."""
    timeline = otio.adapters.read_from_file(str(shoot[1]))
    clips = {c.name: c for c in timeline.tracks[0].find_clips()}
    page = Page(trims.report_html)
    bands = [a for a in page.having("div", "cut")]
    expected = []
    for suggestion in trims.suggestions:
        source = clips[suggestion.clip_name].source_range
        removed = suggestion.source_range_removed
        left = (removed.start_time - source.start_time).to_seconds() / source.duration.to_seconds() * 100
        width = removed.duration.to_seconds() / source.duration.to_seconds() * 100
        expected.append((suggestion.kind, left, width))
    drawn = []
    for band in bands:
        style = dict(part.split(":") for part in band["style"].split(";"))
        kind = next(c[2:] for c in band["class"].split() if c.startswith("k-"))
        drawn.append((kind, float(style["left"].rstrip("%")), float(style["width"].rstrip("%"))))
    assert len(drawn) == len(expected)
    for (kind, left, width), (kind2, left2, width2) in zip(sorted(drawn), sorted(expected), strict=True):
        assert kind == kind2 and abs(left - left2) < 0.05 and abs(width - width2) < 0.05


@pytest.mark.slow
def test_thumbnails_and_waveform_come_from_the_one_decode_pass(trims, engine, shoot):
    """The job decoded each file once (the report added no decode), and the kept pictures show the footage."""
    assert engine.analyzer.decodes == 2
    again = suggest_trims(engine, shoot[1].read_text(), TrimSettings(), shoot[1].parent, quiet(), report=True)
    assert engine.analyzer.decodes == 2
    assert Page(again.report_html).image_classes() == Page(trims.report_html).image_classes()
    take = shoot[0].takes[1].path  # black 0–0.3 s, a white slate card 0.3–1.7 s, then the scene
    entry = engine.analyzer.cache.get(media_identity(take), Thumbnails.name, Thumbnails.version)
    times = entry["times"]
    assert times[0] == 0.0 and np.allclose(np.diff(times), 0.5, atol=0.05)

    def mean(t: float) -> float:
        index = min(range(len(times)), key=lambda i: abs(times[i] - t))
        return float(jpeg_picture(entry["jpeg"][index]).mean() / 255)

    assert mean(0.0) < 0.1 < mean(5.0)
    sound = engine.analyzer.cache.get(media_identity(take), Sound.name, Sound.version)
    envelope = np.asarray(sound["peak_db_25hz"])
    with av.open(str(take)) as media:
        length_s = float(media.duration) / av.time_base
    assert abs(len(envelope) - 25 * length_s) <= 2
    # Louder where the lines are than in the room tone before "Action!".
    line = shoot[0].takes[1].lines[0]
    assert envelope[int(line[1] * 25) : int(line[2] * 25)].max() > envelope[: int(1.4 * 25)].max() + 20


@pytest.mark.slow
def test_no_report_unless_asked(engine, shoot):
    result = suggest_trims(engine, shoot[1].read_text(), TrimSettings(), shoot[1].parent, quiet())
    assert result.report_html == ""


def test_thumbnails_stay_few_however_long_the_media(tmp_path):
    """Unknown length: a picture every half second, thinned to at most MAX_FRAMES as the file goes on."""
    # Five frames a second: more than a half-second slot takes (so frames are passed over), few enough that
    # the fifteen minutes fed stay quick to turn into pictures.
    rate = 5
    info = type("Info", (), {"duration_s": 0.0, "frame_s": 1 / rate})()
    detector = Thumbnails(info, None, torch.device("cpu"))
    frames = np.full((rate, 270, 320), 128, np.uint8)
    seconds = MAX_FRAMES * 1.5  # 3 × MAX_FRAMES half-second slots
    for n in range(int(seconds)):
        detector.feed(Chunk(frames, np.arange(rate) / rate + n, n * rate, np.zeros(0, np.float32), 0))
    result = detector.finish({})
    # Doubled at 300 s (MAX_FRAMES half-second pictures) and again at 600 s (MAX_FRAMES one-second ones).
    assert result["interval_s"] == 2.0
    assert len(result["times"]) == seconds / 2
    gaps = np.diff(result["times"])
    assert np.allclose(gaps, result["interval_s"])


def test_the_sound_envelope_follows_the_level():
    info = type("Info", (), {"duration_s": 2.0, "frame_s": 1 / 25})()
    detector = Sound(info, None, torch.device("cpu"))
    t = np.arange(SAMPLE_RATE) / SAMPLE_RATE
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    detector.feed(Chunk(None, np.zeros(0), 0, np.concatenate([np.zeros(SAMPLE_RATE, np.float32), tone]), 0))
    envelope = detector.finish({})["peak_db_25hz"]
    assert len(envelope) == 50
    assert set(envelope[:25]) == {-60}
    assert all(-7 <= v <= -5 for v in envelope[26:])


@pytest.mark.slow
def test_500_clips_stay_under_20_mb(engine, shoot):
    """Size per clip from a cached run on a long cut: 500 such clips stay well under 20 MB."""
    _, path = shoot
    timeline = otio.adapters.read_from_file(str(path))
    video, audio = list(timeline.tracks)
    pictures, sounds = list(video.find_clips())[:2], list(audio.find_clips())
    long = otio.schema.Timeline(name="Long cut", global_start_time=timeline.global_start_time)
    v = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    a = otio.schema.Track(name="A1", kind=otio.schema.TrackKind.Audio)
    clips = 60
    for n in range(clips):
        v.append(pictures[n % 2].clone())
        a.append(sounds[n % 2].clone())
    long.tracks.extend([v, a])
    result = suggest_trims(engine, long.to_json_string(), TrimSettings(), path.parent, quiet(), report=True)
    page = Page(result.report_html)
    assert len(page.having("article", "clip")) == clips
    # Clips cut from the same takes share their pictures.
    assert len(page.image_classes()) <= 2 * 12
    assert len(result.report_html.encode()) / clips * 500 < 20e6 / 4


def bin_of_takes(shoot) -> str:
    """The two takes as one setup's takes 1 and 2 (by name); the second name is hostile."""
    clips = []
    for name, truth in zip(("S07C_T01", "S07C_T02 <b>best</b>"), shoot[0].takes[:2], strict=True):
        ref = otio.schema.ExternalReference(target_url=str(truth.path))
        clips.append(otio.schema.Clip(name=name, media_reference=ref))
    return otio.schema.SerializableCollection(name="Day <1>", children=clips).to_json_string()


@pytest.mark.slow
def test_selects_report_sets_takes_side_by_side(engine, shoot, trims):
    result = assemble_selects(engine, bin_of_takes(shoot), SelectsSettings(), None, quiet(), report=True)
    page = Page(result.report_html)
    assert len(page.having("article", "setup")) == 1
    takes = page.having("section", "take")
    assert len(takes) == 2
    assert [("selected" in t["class"]) for t in takes] == [True, False]
    text = " ".join(page.text)
    assert "S07C_T02 <b>best</b>" in text and "<b>best</b>" not in result.report_html
    assert "Day <1>" in text
    # Why the chosen one won, naming it, and every take's reasons as the selects log gives them.
    (won,) = re.findall(r'<p class="won">(.*?)</p>', result.report_html)
    rows = list(csv.DictReader(io.StringIO(result.table_csv)))
    (best,) = [r for r in rows if r["chosen"] == "True"]
    assert html.unescape(won).startswith(best["take"])
    for row in rows:
        for reason in row["why"].split("; "):
            assert (reason if reason != "clean" else "No problem found") in text
    assert len(page.having("svg", "wave")) == 2 and len(page.image_classes()) >= 6
    # The parts the assembly leaves out of each take are shaded.
    assert page.having("div", "cut")


@pytest.mark.slow
def test_cli_writes_the_report(shoot, engine, trims, tmp_path):
    _, path = shoot
    out = tmp_path / "trimmed.otio"
    report = tmp_path / "review.html"
    cache = str(engine.settings.cache_dir)
    result = run_workprint(
        "suggest-trims", str(path), "-o", str(out), "--cache-dir", cache, "--report", str(report), in_process=True
    )
    assert f"Wrote the review report {report}" in result.output
    assert Page(report.read_text()).image_classes() == Page(trims.report_html).image_classes()
    selects = tmp_path / "selects.html"
    bin_path = tmp_path / "bin.otio"
    bin_path.write_text(bin_of_takes(shoot))
    run_workprint(
        "assemble-selects",
        str(bin_path),
        "-o",
        str(tmp_path / "sel.otio"),
        "--cache-dir",
        cache,
        "--report",
        str(selects),
        in_process=True,
    )
    assert len(Page(selects.read_text()).having("section", "take")) == 2


@pytest.mark.slow
def test_cli_refuses_to_overwrite_the_input_with_the_report(shoot, engine, tmp_path):
    _, path = shoot
    result = run_workprint(
        "suggest-trims",
        str(path),
        "-o",
        str(tmp_path / "t.otio"),
        "--cache-dir",
        str(engine.settings.cache_dir),
        "--report",
        str(path),
        check=2,
        in_process=True,
    )
    assert "review report" in result.output
    assert otio.adapters.read_from_file(str(path)).name == "Report cut"


# In a real browser: Debian's chromium, headless.

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (apt-get install chromium; CI installs it from .ci/apt-packages)",
)
WIDTH = 1280

#: Added to a copy of the report: what the browser laid out, recorded on <html> for --dump-dom.
PROBE = """<style>.probe .card{content-visibility:visible!important}</style><script>
addEventListener('load', async () => {
  const root = document.documentElement;
  root.classList.add('probe');
  const cells = [...document.querySelectorAll('.film i')];
  const urls = new Set();
  let withImage = 0;
  for (const cell of cells) {
    const bg = getComputedStyle(cell).backgroundImage;
    if (bg.startsWith('url("data:image/jpeg;base64,')) { withImage++; urls.add(bg.slice(5, -2)); }
  }
  let decoded = 0;
  await Promise.all([...urls].map(u => { const im = new Image(); im.src = u;
    return im.decode().then(() => { if (im.naturalWidth === 96 && im.naturalHeight === 54) decoded++; }, () => {}); }));
  const over = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > innerWidth + 0.5 || r.left < -0.5)) over.push(el.tagName + '.' + el.className);
  }
  const shown = el => el.getBoundingClientRect().height > 0;
  root.dataset.probe = JSON.stringify({
    sections: [...document.querySelectorAll('section[id], main > section')].map(s => s.id).filter(Boolean),
    cards: [...document.querySelectorAll('article.card')].filter(shown).length,
    cells: cells.length, withImage, unique: urls.size, decoded,
    waves: [...document.querySelectorAll('svg.wave path')].filter(p => p.getBBox().width > 0).length,
    cuts: [...document.querySelectorAll('.cut')].filter(shown).length,
    takeTops: [...document.querySelectorAll('.take')].map(t => Math.round(t.getBoundingClientRect().top)),
    scripts: document.scripts.length - 1,
    scrollWidth: root.scrollWidth, innerWidth, over,
  });
});
</script>"""


def chromium(*args: str) -> subprocess.CompletedProcess:
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    return subprocess.run(command, capture_output=True, text=True, check=True)


def open_in_chromium(document: str, folder: Path) -> tuple[dict, np.ndarray]:
    """What the probe saw at 1280 px, and a screenshot of the report itself."""
    report = folder / "report.html"
    report.write_text(document, encoding="utf-8")
    probed = folder / "probed.html"
    probed.write_text(document.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    # The probe finishes after the images decode, which a loaded machine may not have done when
    # Chromium dumps the page: ask again (a readiness retry, not a time limit).
    for _ in range(3):
        dump = chromium(f"--window-size={WIDTH},900", "--virtual-time-budget=30000", "--dump-dom", probed.as_uri())
        found = re.findall(r'data-probe="([^"]*)"', dump.stdout)
        if found:
            break
    assert len(found) == 1, f"the probe did not report: {dump.stderr[-2000:]}"
    (found,) = found
    shot = folder / "report.png"
    chromium(f"--window-size={WIDTH},1600", f"--screenshot={shot}", report.as_uri())
    with av.open(str(shot)) as container:
        picture = next(container.decode(video=0)).to_ndarray(format="rgb24")
    return json.loads(html.unescape(found)), picture


@pytest.mark.slow
@needs_chromium
def test_trims_report_in_chromium(trims, tmp_path):
    seen, picture = open_in_chromium(trims.report_html, tmp_path)
    assert {"totals", "kinds", "warnings", "clips"} <= set(seen["sections"])
    assert seen["cards"] == 2
    assert seen["cells"] == seen["withImage"] == 24
    assert seen["decoded"] == seen["unique"] > 12
    assert seen["waves"] == 2 and seen["cuts"] == len(trims.suggestions)
    assert seen["scripts"] == 0
    # Nothing wider than the window.
    assert seen["scrollWidth"] <= WIDTH and seen["innerWidth"] == WIDTH and seen["over"] == []
    assert picture.shape[1] == WIDTH
    # A page with pictures in it, not a blank or an error page: many colours, a wide spread of levels.
    colours = np.unique(picture.reshape(-1, 3), axis=0)
    assert len(colours) > 2000 and picture.std() > 20


@pytest.mark.slow
@needs_chromium
def test_selects_report_in_chromium(engine, shoot, tmp_path):
    result = assemble_selects(engine, bin_of_takes(shoot), SelectsSettings(), None, quiet(), report=True)
    seen, picture = open_in_chromium(result.report_html, tmp_path)
    assert {"totals", "setups"} <= set(seen["sections"])
    assert seen["cards"] == 1 and seen["cells"] == seen["withImage"] == 12
    assert seen["decoded"] == seen["unique"] >= 6 and seen["waves"] == 2
    # The takes of the setup side by side, at 1280 px.
    assert len(seen["takeTops"]) == 2 and len(set(seen["takeTops"])) == 1
    assert seen["scrollWidth"] <= WIDTH and seen["over"] == []
    assert len(np.unique(picture.reshape(-1, 3), axis=0)) > 1000


def _spoken(*runs: tuple[float, str]) -> list:
    from workprint.engine.domain.words.tokens import Spoken

    return [
        Spoken(word, start + 0.3 * n, start + 0.3 * n + 0.25)
        for start, text in runs
        for n, word in enumerate(text.split())
    ]


def _take_facts(key: str, take: int, coverage) -> object:
    from workprint.engine.selects.ranking import TakeFacts

    return TakeFacts(
        key, str(take), take, False, 4.0, 2, 5.0, 1.0, 0.0, 0.5, True, 8.0, coverage=coverage
    )  # fmt: skip


@pytest.mark.parametrize("script", [False, True], ids=["consensus", "script"])
def test_selects_report_sets_each_setups_lines_against_its_takes(script):
    """Lines down, takes across: each cell says what the take did with the line, the chosen take marked."""
    from workprint.engine.domain.words.lines import Line
    from workprint.engine.report.model import SelectsReview, SetupReview, TakeReview
    from workprint.engine.report.render import render_selects
    from workprint.engine.report.selects import line_rows
    from workprint.engine.selects.ranking import rank_setup
    from workprint.engine.selects.spoken import setup_coverage

    one, two = "I told you we shouldn't have left before the storm.", "Nobody listens to me in this house."
    takes = {
        "t1": _spoken((1.0, one), (5.0, "Nobody listens"), (6.0, "sorry"), (7.0, two)),  # restarts line 2
        "t2": _spoken((1.0, one), (5.0, two)),  # clean, complete
        "t3": _spoken((1.0, one)),  # stops after line 1
        "t4": [],  # picture only
    }
    lines = [Line(1, one), Line(2, two)] if script else []
    coverage = setup_coverage(takes, {}, lines)
    verdicts = rank_setup([_take_facts(k, n, coverage.get(k)) for n, k in enumerate(takes, start=1)])
    rows, source = line_rows(verdicts)
    assert source == ("script" if script else "takes")
    assert [row.text for row in rows] == [one, two]
    by_take = {v.facts.key: [row.cells[n].state for row in rows] for n, v in enumerate(verdicts)}
    assert by_take == {
        "t1": ["said", "restarted"],
        "t2": ["said", "said"],
        "t3": ["said", "missing"],
        "t4": ["", ""] if not script else ["missing", "missing"],
    }
    restarted = rows[1].cells[[v.facts.key for v in verdicts].index("t1")]
    assert restarted.note.startswith("restarts line 2 at 0:")
    status = {v.facts.key: ("selected" if v.rank == 1 else "alternate" if v.usable else "unusable") for v in verdicts}
    assert status["t2"] == "selected"
    reviews = [
        TakeReview(v.facts.label, f"clip {v.facts.key}", f"{v.facts.key}.mov", "24 fps", v.rank, status[v.facts.key],
                   False, v.why, list(v.defects), list(v.notes), [], None, 0.0, 8.0)
        for v in verdicts
    ]  # fmt: skip
    setup = SetupReview("21A", "spoken slate", "take 2 is the only take without a problem.", reviews, rows, source)
    page = Page(render_selects(SelectsReview("Day", "assembly", 4, 1, 3, 8.0, [setup], [])))
    assert len(page.having("table", "lines")) == 1
    heads = page.having("th", "selected")
    assert len(heads) == 1 and heads[0]["title"] == "clip t2"
    assert len(page.having("td", "ln-restarted")) == 1 and len(page.having("td", "ln-missing")) >= 1
    text = " ".join(page.text)
    assert ("from the script" if script else "from what most takes say") in text
    assert one in text and "restarts line 2 at 0:" in text
