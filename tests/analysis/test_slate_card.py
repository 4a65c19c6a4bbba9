"""The slate card read in picture: the text reader on cards as the demo shoot draws them, the detector on a
take written to a file (frames found again by seeking), and the analysis going on when the reader is absent."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import torch
from speech_scoring import write_wav

from workprint.engine.analysis import analyzer as analyzer_module
from workprint.engine.analysis import reading
from workprint.engine.analysis.media_info import probe
from workprint.engine.analysis.models import Models
from workprint.engine.analysis.result import Event
from workprint.engine.analysis.schema.slate import SlateResult
from workprint.engine.analysis.schema.slate_card import SlateCardParams
from workprint.engine.demo.synth import Picture, SlateCard, TakeScript, _slate_image, write_take
from workprint.engine.domain.slate_card import read_card

pytest.importorskip("rapidocr_onnxruntime", reason="the slate-card reader (rapidocr-onnxruntime) is not installed")

DEVICE = torch.device("cpu")


@pytest.fixture(scope="module")
def models() -> Models:
    return Models(DEVICE)


def grey(card: SlateCard, size=(320, 180)) -> np.ndarray:
    rgb = _slate_image(*size, card)
    return (255 * (0.2126 * rgb[..., 0] + 0.7152 * rgb[..., 1] + 0.0722 * rgb[..., 2])).astype(np.uint8)


@pytest.mark.parametrize(
    ("card", "scene", "shot", "take"),
    [
        (SlateCard("21A", 3, layout="columns"), "21", "A", 3),
        (SlateCard("104", 12, layout="inline"), "104", None, 12),
    ],
)
def test_a_card_in_a_small_picture_is_read(models, card, scene, shot, take):
    from workprint.engine.analysis.detectors.slate_card import read_lines

    lines = read_lines(models.card_reader(1), grey(card), SlateCardParams())
    fields = read_card(lines)
    assert (fields.scene, fields.shot, fields.take) == (scene, shot, take), lines
    assert fields.confidence > 0.8


def test_the_detector_reads_the_slates_frames_from_the_file(models, tmp_path):
    from workprint.engine.analysis.detectors.slate_card import SlateCard as Reader

    path = tmp_path / "A001C007_261123_0182.mov"
    card = SlateCard("7B", 4, roll="A001", layout="stacked")
    script = TakeScript(
        duration_s=2.0,
        pictures=[Picture("scene", 0.0, 0.6, 1), Picture("slate", 0.6, 1.6, card=card), Picture("scene", 1.6, 2.0, 1)],
        fps=Fraction(25),
        codec="mpeg4",
        audio=False,
    )
    write_take(path, script)
    detector = Reader(probe(path), models, DEVICE, SlateCardParams())
    result = detector.finish({"slate": SlateResult(events=[Event("slate", 0.6, 1.6, 0.8)])})
    assert len(result.cards) == 1 and "rapidocr-onnxruntime" in result.reader
    read = result.cards[0]
    assert read.label == "7B-4" and read.start_s == 0.6 and 0.6 <= read.frame_s <= 1.6, read
    # Nothing to read where the slate detector found no card.
    assert detector.finish({"slate": SlateResult()}).cards == []


def test_without_the_reader_the_analysis_goes_on_and_says_so_once(tmp_path, monkeypatch):
    monkeypatch.setattr(reading, "reader_missing", lambda: "the rapidocr-onnxruntime package is not installed")
    analyzer = analyzer_module.Analyzer(cache_dir=tmp_path / "cache", words=False)
    assert analyzer.cards_off and "rapidocr-onnxruntime" in analyzer.cards_off
    warnings: list[str] = []
    tone = [0.01 * math.sin(i / 7) for i in range(16_000)]
    for n in range(2):
        analysis = analyzer.analyze(
            write_wav(tmp_path / f"tone{n}.wav", np.asarray(tone, np.float32)), warn=warnings.append
        )
        assert analysis.duration_s == pytest.approx(1.0, abs=0.05)
    said = [w for w in warnings if "slate cards" in w]
    assert len(said) == 1 and "slate cards are not read" in said[0] and "rapidocr" in said[0], warnings


def test_cards_read_again_without_decoding_the_take_again(tmp_path):
    # A cache from before the card reader (or with other reading parameters): only the cards are read again,
    # from the frames the cached slate result names; the take is not decoded a second time.
    path = tmp_path / "A001C008_261123_0183.mov"
    script = TakeScript(
        duration_s=3.0,
        pictures=[Picture("scene", 0.0, 0.6, 1), Picture("slate", 0.6, 2.2, card=SlateCard("8", 2)),
                  Picture("scene", 2.2, 3.0, 1)],
        fps=Fraction(25),
        codec="mpeg4",
        audio=False,
    )  # fmt: skip
    write_take(path, script)
    first = analyzer_module.Analyzer(cache_dir=tmp_path / "cache", words=False)
    before = first.analyze(path)
    again = analyzer_module.Analyzer(
        cache_dir=tmp_path / "cache", words=False, params={"slate_card": {"frames_per_slate": 1}}
    )
    after = again.analyze(path)
    assert again.decodes == 0 and again.detector_runs == {"slate_card": 1}
    assert after.duration_s == before.duration_s and after.to_json_dict().keys() == before.to_json_dict().keys()
