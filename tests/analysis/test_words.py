"""Words on generated takes: calls and a slate heard at their times, nothing over room tone, the model
check, the cache. Speech is made by espeak-ng (installed in CI from .ci/apt-packages)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from speech_scoring import HOMOPHONES, normalised, read_wav, write_wav

from workprint.engine.analysis import asr_model

RATE = 16_000
ESPEAK = shutil.which("espeak-ng")
needs_espeak = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed (apt-get install espeak-ng)")


def spoken(text: str, tmp: Path, speed_wpm: int = 150) -> np.ndarray:
    """`text` spoken by espeak-ng at 16 kHz, its leading and trailing silence cut off."""
    out = tmp / f"say-{abs(hash(text))}.wav"
    subprocess.run([ESPEAK, "-v", "en-us", "-s", str(speed_wpm), "-w", str(out), text], check=True)
    samples, rate = read_wav(out)
    resampled = np.interp(np.arange(0, len(samples) * RATE / rate) * rate / RATE, np.arange(len(samples)), samples)
    loud = np.flatnonzero(np.abs(resampled) > 0.02)
    return (resampled[loud[0] : loud[-1] + 1] * 0.5).astype(np.float32)


def room_tone(seconds: float, level_db: float = -55.0, seed: int = 4) -> np.ndarray:
    rng = np.random.default_rng(seed)
    noise = rng.normal(0, 1, int(seconds * RATE))
    # Room tone is mostly low rumble: noise through a one-pole low-pass, and a faint mains hum.
    rumble = np.zeros_like(noise)
    for i in range(1, len(noise)):
        rumble[i] = 0.97 * rumble[i - 1] + 0.03 * noise[i]
    rumble /= np.sqrt(np.mean(rumble**2))
    hum = np.sin(2 * np.pi * 50 * np.arange(len(noise)) / RATE)
    return ((rumble + 0.3 * hum) * 10 ** (level_db / 20)).astype(np.float32)


def take(tmp: Path, lines: list[tuple[float, str]], seconds: float) -> tuple[Path, dict[str, tuple[float, float]]]:
    """A sound-only take: each line spoken at its time over room tone; the truth is where each line lies."""
    sound = room_tone(seconds)
    truth = {}
    for at, text in lines:
        voice = spoken(text, tmp)
        start = int(at * RATE)
        sound[start : start + len(voice)] += voice
        truth[text] = (at, at + len(voice) / RATE)
    return write_wav(tmp / "take.wav", sound), truth


@pytest.fixture(scope="module")
def slate_take(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("slate-take")
    lines = [(1.0, "Scene four apple, take two."), (4.5, "Mark."), (7.0, "Action!"), (14.5, "Cut!")]
    lines.insert(3, (9.0, "I told you I would come back, and here I am."))
    return take(tmp, lines, 17.0)


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    from workprint.engine.analysis import Analyzer

    return Analyzer(cache_dir=tmp_path_factory.mktemp("words-cache"))


def heard_in(words: list[dict], start: float, end: float) -> list[str]:
    return [t for w in words if w["end_s"] > start and w["start_s"] < end for t in normalised(w["text"])]


@needs_espeak
def test_calls_and_a_slate_are_heard_as_words_at_their_times(analyzer, slate_take):
    path, truth = slate_take
    analysis = analyzer.analyze(path)
    assert analysis.words_model and "tiny.en" in analysis.words_model
    # Where it ran is said with the model (the engine's info lists these).
    (loaded,) = [m for m in analyzer.models_loaded if "tiny.en" in m]
    assert ("cuda float16" if analyzer.device.startswith("cuda") else "cpu int8") in loaded, loaded
    for text, (start, end) in truth.items():
        near = [HOMOPHONES.get(t, t) for t in heard_in(analysis.words, start - 0.3, end + 0.3)]
        expected = [HOMOPHONES.get(t, t) for t in normalised(text)]
        missing = [t for t in expected if t not in near]
        # One word of a slate may be misheard (espeak's "apple" is not an actor's); calls must be exact.
        allowed = 1 if len(expected) > 3 else 0
        assert len(missing) <= allowed, f"{text!r} at {start:.2f}-{end:.2f}: heard {near} ({analysis.words})"
    for call in ("Action!", "Cut!", "Mark."):
        start, end = truth[call]
        (word,) = [w for w in analysis.words if normalised(w["text"]) == normalised(call)]
        assert word["start_s"] == pytest.approx(start, abs=0.3) and word["end_s"] == pytest.approx(end, abs=0.35)
        assert 0 < word["confidence"] <= 1
    # Nothing is heard between the lines, where there is only room tone.
    for (_a, b), (c, _) in zip(sorted(truth.values()), sorted(truth.values())[1:], strict=False):
        assert not heard_in(analysis.words, b + 0.4, c - 0.4), analysis.words
    # The transcript has each piece of speech with its time.
    said = " ".join(piece["text"] for piece in analysis.transcript)
    assert "action" in normalised(said) and "cut" in normalised(said)
    assert all(p["start_s"] < p["end_s"] for p in analysis.transcript)


@needs_espeak
def test_words_are_cached_per_media_and_model(tmp_path, slate_take):
    from workprint.engine.analysis import Analyzer

    path, _ = slate_take
    first = Analyzer(cache_dir=tmp_path)
    heard = first.analyze(path).words
    assert first.detector_runs["words"] == 1 and heard
    second = Analyzer(cache_dir=tmp_path)
    again = second.analyze(path)
    assert again.from_cache and second.decodes == 0 and second.detector_runs["words"] == 0
    assert again.words == heard
    # The same weights in a folder the user names are another model as far as the cache knows: recognised
    # again (and only the words: every other detector's result is read from the cache).
    folder = tmp_path / "my-whisper.en"
    shutil.copytree(asr_model.packaged_model_dir(), folder)
    named = Analyzer(cache_dir=tmp_path, params={"words": {"model": str(folder)}})
    redone = named.analyze(path)
    assert named.detector_runs == {"words": 1}
    assert [w["text"] for w in redone.words] == [w["text"] for w in heard]
    assert redone.words_model == str(folder)


def test_nothing_is_heard_over_a_long_stretch_of_room_tone(analyzer, tmp_path):
    path = write_wav(tmp_path / "room-tone.wav", room_tone(25.0, level_db=-48.0))
    analysis = analyzer.analyze(path)
    assert analysis.words == [] and analysis.transcript == [], analysis.words
    assert analysis.words_model is not None  # words were on: nothing was said


def test_an_altered_model_is_refused_with_a_clear_message(tmp_path, monkeypatch):
    from workprint.engine.analysis import Analyzer

    folder = tmp_path / "model"
    shutil.copytree(asr_model.packaged_model_dir(), folder)
    with (folder / "model.bin").open("r+b") as weights:
        weights.seek(1_000_000)
        weights.write(b"\x00" * 64)
    monkeypatch.setattr(asr_model, "packaged_model_dir", lambda: folder)
    warnings: list[str] = []
    analyzer = Analyzer(cache_dir=tmp_path / "cache")
    assert analyzer.words_off and "not the one checked in" in analyzer.words_off and "model.bin" in analyzer.words_off
    path = write_wav(tmp_path / "tone.wav", room_tone(2.0))
    analysis = analyzer.analyze(path, warn=warnings.append)
    analyzer.analyze(write_wav(tmp_path / "tone2.wav", room_tone(2.5, seed=5)), warn=warnings.append)
    assert analysis.words == [] and analysis.words_model is None and analysis.to_json_dict()["words"] == []
    # Said once, with the reason, not once per file.
    assert len(warnings) == 1 and "words are off" in warnings[0] and "reinstall" in warnings[0]


def test_a_missing_model_is_named(tmp_path, monkeypatch):
    from workprint.engine.analysis import Analyzer

    folder = tmp_path / "model"
    shutil.copytree(asr_model.packaged_model_dir(), folder)
    (folder / "model.bin").unlink()
    monkeypatch.setattr(asr_model, "packaged_model_dir", lambda: folder)
    analyzer = Analyzer(cache_dir=tmp_path / "cache")
    assert analyzer.words_off and "missing" in analyzer.words_off and str(folder / "model.bin") in analyzer.words_off
    missing = Analyzer(cache_dir=tmp_path / "cache", params={"words": {"model": str(tmp_path / "nowhere")}})
    assert missing.words_off and "does not exist" in missing.words_off


def test_a_named_folder_that_does_not_load_turns_words_off_not_the_analysis(tmp_path):
    from workprint.engine.analysis import Analyzer

    folder = tmp_path / "broken-whisper"
    shutil.copytree(asr_model.packaged_model_dir(), folder)
    (folder / "model.bin").write_bytes((folder / "model.bin").read_bytes()[:4096])
    analyzer = Analyzer(cache_dir=tmp_path / "cache", params={"words": {"model": str(folder)}})
    warnings: list[str] = []
    analysis = analyzer.analyze(write_wav(tmp_path / "tone.wav", room_tone(2.0)), warn=warnings.append)
    assert analysis.words_model is None and analysis.duration_s == pytest.approx(2.0, abs=0.05)
    assert analyzer.words_off and "does not load" in analyzer.words_off and len(warnings) == 1


def test_an_english_only_model_refuses_another_language(tmp_path):
    from workprint.engine.analysis import Analyzer

    analyzer = Analyzer(cache_dir=tmp_path, params={"words": {"language": "fr"}})
    assert analyzer.words_off and "English only" in analyzer.words_off and "--asr-model" in analyzer.words_off


@needs_espeak
def test_recognition_beside_the_decode_hears_what_recognition_at_the_end_does(tmp_path):
    from workprint.engine.analysis import Analyzer
    from workprint.engine.analysis.schema.words import WordsResult

    # Over the speech detector's first 30 s block, lines far enough apart to be pieces of their own; packs
    # of at most 2.5 s (a line each) in batches of two, so that the packs of what is closed at 30 s are
    # recognised while the decode goes on, the rest when it has ended.
    lines = [(1.0 + 5.0 * i, text) for i, text in enumerate(["Action!", "Where were you?", "Out.", "Cut!", "Mark."])]
    lines.append((30.5, "Scene four apple, take two."))
    path, _ = take(tmp_path, lines, 33.0)
    params = {"words": {"batch_size": 2, "max_piece_s": 2.5}}
    beside = Analyzer(cache_dir=tmp_path / "beside", params=params).analyze(path)
    # Speech from the cache: words alone, recognised when the decode has ended.
    at_end = Analyzer(cache_dir=tmp_path / "at-end", params=params, words=False)
    at_end.analyze(path)
    later = Analyzer(cache_dir=tmp_path / "at-end", params=params)
    after = later.analyze(path)
    assert later.detector_runs == {"words": 1}
    overlapped, plain = beside.result(WordsResult), after.result(WordsResult)
    assert overlapped and plain and overlapped.recognised_during_decode >= 2 and plain.recognised_during_decode == 0
    assert beside.words and beside.words == after.words and beside.transcript == after.transcript
    assert beside.speech == after.speech and beside.speech_likely == after.speech_likely


def test_pieces_are_packed_into_windows_unless_asked_not_to():
    from workprint.engine.analysis.detectors.words import packed
    from workprint.engine.analysis.schema.words import WordsParams

    pieces = [(0.5, 2.0), (4.0, 5.0), (6.5, 9.0)]
    assert packed(pieces, WordsParams()) == [pieces]
    assert packed(pieces, WordsParams(pack=False)) == [[p] for p in pieces]
    # A pack holds at most max_piece_s of sound and gaps: the next piece starts another.
    assert packed(pieces, WordsParams(max_piece_s=4.0)) == [[(0.5, 2.0), (4.0, 5.0)], [(6.5, 9.0)]]


def test_a_piece_of_a_pack_is_heard_again_unless_its_words_account_for_its_speech():
    from workprint.engine.analysis.detectors.words import heard_whole
    from workprint.engine.analysis.schema.words import Word, WordsParams

    params = WordsParams()  # heard again past 0.5 s of speech without a word

    def words(*spans: tuple[float, float]) -> list[Word]:
        return [Word("word", a, b, 0.9) for a, b in spans]

    # A piece with two stretches of speech (a pause between them), its margins either side.
    piece, speech = (10.0, 14.0), [[10.3, 11.6], [12.0, 13.7], [20.0, 21.0]]
    every_word = words((10.3, 10.8), (10.9, 11.6), (12.0, 12.7), (12.8, 13.6))
    assert heard_whole(piece, every_word, speech, params)
    assert not heard_whole(piece, [], speech, params), "nothing heard in speech"
    assert not heard_whole(piece, every_word[:2], speech, params), "the second stretch lost"
    assert not heard_whole(piece, every_word[2:], speech, params), "the first stretch lost"
    assert not heard_whole(piece, every_word[:3], speech, params), "the last words lost"
    # Word edges a little off the speech detector's are not lost words; nor is a pause without speech.
    assert heard_whole(piece, words((10.5, 11.3), (12.2, 13.4)), speech, params)
    # The first words lost, the word after them stretched over their sound (Whisper's alignment gives the
    # first word it heard the sound before it): what is left uncovered still shows the loss.
    assert not heard_whole(piece, words((11.2, 12.0), (12.0, 13.6)), speech, params)
