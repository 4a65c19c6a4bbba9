"""The analysis layer on media the tests make: speech, cuts, events, odd files, the cache."""

from __future__ import annotations

import dataclasses
import shutil
import threading
from fractions import Fraction

import pytest

from generated_media import cutting_video, dissolve_video, full_take, short_take, variable_rate_video
from workprint.engine.analysis.analyzer import Analyzer
from workprint.engine.analysis.cache import media_identity
from workprint.engine.analysis.catalogue import KINDS
from workprint.engine.errors import MediaError

FRAME = 1 / 24


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory) -> Analyzer:
    return Analyzer(cache_dir=tmp_path_factory.mktemp("cache"), device="cpu")


@pytest.fixture(scope="module")
def take(tmp_path_factory, analyzer):
    truth = full_take(tmp_path_factory.mktemp("media") / "S03A_T02.mp4")
    return truth, analyzer.analyze(truth.path)


def boundaries(analysis) -> list[float]:
    return [start for start, _ in analysis.shots[1:]]


def events_of(analysis, kind: str):
    return [e for e in analysis.events if e.kind == kind]


def test_facts_in_seconds_and_frames(take):
    _, analysis = take
    assert analysis.duration_s == pytest.approx(18.0, abs=FRAME)
    assert analysis.frame_rate_exact == "24/1"
    assert analysis.start_timecode == "01:02:03:04"
    assert analysis.frame_at(10.0) == 240
    available = analysis.available_range()
    assert available.start_time.value == ((1 * 60 + 2) * 60 + 3) * 24 + 4
    assert available.duration.value == 18 * 24
    # Shots cover the file, end to end, without gaps.
    assert analysis.shots[0][0] == 0.0
    assert analysis.shots[-1][1] == pytest.approx(18.0, abs=FRAME)
    for (_, end), (start, _) in zip(analysis.shots, analysis.shots[1:], strict=False):
        assert end == pytest.approx(start)


def test_speech_within_a_tenth_of_a_second(take):
    truth, analysis = take
    assert len(truth.speech) == 3
    for start, end in truth.speech:
        found = [s for s in analysis.speech if s[1] > start - 0.3 and s[0] < end + 0.3]
        assert found, f"no speech found for the line at {start:.2f}-{end:.2f}: {analysis.speech}"
        assert found[0][0] == pytest.approx(start, abs=0.1)
        assert found[-1][1] == pytest.approx(end, abs=0.1)
    # Nothing heard where nobody speaks (the clap and room tone are not speech).
    spoken = sum(e - s for s, e in analysis.speech)
    assert spoken == pytest.approx(sum(e - s for s, e in truth.speech), abs=0.4)


def test_every_hard_cut_found_and_no_false_cut(take):
    truth, analysis = take
    found = boundaries(analysis)
    for cut in truth.cuts:
        assert any(abs(b - cut) <= FRAME + 1e-6 for b in found), f"cut at {cut} s missed: {found}"
    # Black to slate is a change of picture too; nothing else is: not the slow drift, the soft
    # stretch or the single flash frame.
    allowed = [*truth.cuts, 0.5]
    for boundary in found:
        assert any(abs(boundary - a) <= FRAME + 1e-6 for a in allowed), f"false cut at {boundary} s"


def test_a_dissolve_is_one_cut_inside_it(tmp_path, analyzer):
    # Mid-dissolve the pictures just either side of any frame are alike, as around a flash frame:
    # the dissolve must still count as the change of shot it is, once.
    path, start, end = dissolve_video(tmp_path / "dissolve.mp4")
    found = boundaries(analyzer.analyze(path))
    assert len(found) == 1, found
    assert start - FRAME <= found[0] <= end + FRAME


def test_events_at_the_right_times(take):
    _, analysis = take
    (black,) = events_of(analysis, "black")
    assert black.start_s == pytest.approx(0.0, abs=FRAME) and black.end_s == pytest.approx(0.5, abs=FRAME)
    (flash,) = events_of(analysis, "flash")
    assert flash.start_s == pytest.approx(12.0, abs=FRAME) and flash.end_s - flash.start_s <= 3 * FRAME
    (clap,) = events_of(analysis, "clap")
    assert clap.start_s == pytest.approx(1.6, abs=0.02)
    (slate,) = events_of(analysis, "slate")
    assert slate.start_s == pytest.approx(0.5, abs=0.1) and slate.end_s == pytest.approx(2.0, abs=0.1)
    clipping = events_of(analysis, "clipping")
    assert clipping and all(e.start_s >= 13.0 - 0.1 and e.end_s <= 14.6 for e in clipping)
    (soft,) = events_of(analysis, "soft")
    assert soft.start_s == pytest.approx(8.0, abs=0.25) and soft.end_s == pytest.approx(10.0, abs=0.25)
    unsteady = events_of(analysis, "unsteady")
    assert unsteady and all(e.start_s >= 1.9 and e.end_s <= 2.8 for e in unsteady)
    for event in analysis.events:
        assert 0 < event.confidence <= 1


CODECS = [
    ("a.mp4", "h264", Fraction(24000, 1001), None),
    ("b.mov", "mjpeg", Fraction(25), "10:00:00:00"),
    ("c.mov", "mpeg4", Fraction(30000, 1001), "01:00:00;00"),
    ("d.mov", "prores_ks", Fraction(24), "23:59:50:00"),
    ("e.mov", "dnxhd", Fraction(50), None),
    ("f.mp4", "hevc", Fraction(60000, 1001), None),
]


@pytest.mark.parametrize(("name", "codec", "fps", "timecode"), CODECS, ids=[c[1] for c in CODECS])
def test_codecs_and_frame_rates(tmp_path, analyzer, name, codec, fps, timecode):
    truth = short_take(tmp_path / name, codec, fps, timecode)
    analysis = analyzer.analyze(truth.path)
    assert Fraction(analysis.frame_rate_exact) == fps
    assert analysis.start_timecode == timecode
    assert analysis.duration_s == pytest.approx(4.0, abs=float(1 / fps) + 1e-6)
    (cut,) = boundaries(analysis)
    assert cut == pytest.approx(2.0, abs=float(1 / fps) + 1e-6)
    (line,) = truth.speech
    assert analysis.speech[0][0] == pytest.approx(line[0], abs=0.1)
    assert analysis.speech[-1][1] == pytest.approx(line[1], abs=0.1)


def test_variable_frame_rate(tmp_path, analyzer):
    path, cuts = variable_rate_video(tmp_path / "phone.mp4")
    analysis = analyzer.analyze(path)
    (cut,) = boundaries(analysis)
    assert cut == pytest.approx(cuts[0], abs=0.06)
    times = analysis.series["frame_times"]
    assert times == sorted(times) and times[-1] < 4.1


def test_sound_only_and_picture_only(tmp_path, analyzer):
    sound = short_take(tmp_path / "sound.wav", "pcm_s16le", Fraction(24), video=False)
    analysis = analyzer.analyze(sound.path)
    assert not analysis.has_video and analysis.has_audio and analysis.frame_rate is None
    assert analysis.speech and analysis.speech[0][0] == pytest.approx(sound.speech[0][0], abs=0.1)
    picture = short_take(tmp_path / "mute.mov", "mjpeg", Fraction(25), audio=False)
    analysis = analyzer.analyze(picture.path)
    assert analysis.has_video and not analysis.has_audio and analysis.speech == []
    assert len(analysis.shots) == 2


def test_truncated_file_gives_what_could_be_read(tmp_path, analyzer):
    whole = short_take(tmp_path / "whole.mkv", "mjpeg", Fraction(24))
    data = whole.path.read_bytes()
    cut_short = tmp_path / "truncated.mkv"
    cut_short.write_bytes(data[: len(data) * 2 // 3])
    warnings: list[str] = []
    analysis = analyzer.analyze(cut_short, warn=warnings.append)
    assert analysis.has_video
    assert 1.5 < analysis.duration_s < 3.9
    assert boundaries(analysis) == [pytest.approx(2.0, abs=FRAME)]
    assert warnings and "truncated.mkv" in warnings[0]
    assert analysis.warnings == warnings


def test_corrupt_middle_is_read_past_with_a_warning(tmp_path, analyzer):
    whole = short_take(tmp_path / "whole.mkv", "mjpeg", Fraction(24))
    data = bytearray(whole.path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4000] = bytes(range(256)) * 15 + bytes(160)
    damaged = tmp_path / "damaged.mkv"
    damaged.write_bytes(bytes(data))
    analysis = analyzer.analyze(damaged, warn=lambda message: None)
    # Whatever the demuxer makes of the damage, the start of the take is there.
    assert analysis.has_video and analysis.duration_s > 1.5
    assert analysis.speech


def test_unreadable_files_say_which(tmp_path, analyzer):
    junk = tmp_path / "A001_C004.mov"
    junk.write_bytes(b"not a movie at all" * 100)
    with pytest.raises(MediaError, match=r"A001_C004\.mov"):
        analyzer.analyze(junk)
    with pytest.raises(MediaError, match=r"missing\.mov"):
        analyzer.analyze(tmp_path / "missing.mov")
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(MediaError, match=r"empty\.mp4"):
        analyzer.analyze(empty)


def test_second_run_does_not_decode(tmp_path, take, monkeypatch):
    truth, _ = take
    analyzer = Analyzer(cache_dir=tmp_path / "cache", device="cpu")
    fresh = analyzer.analyze(truth.path)
    assert analyzer.decodes == 1 and not fresh.from_cache
    again = analyzer.analyze(truth.path)
    assert analyzer.decodes == 1 and again.from_cache
    assert again.to_json_dict(series=True) | {"from_cache": False} == fresh.to_json_dict(series=True)
    # Another engine process on the same cache, and the file moved: still no decode.
    moved = tmp_path / "elsewhere" / "renamed.mp4"
    moved.parent.mkdir()
    shutil.copy(truth.path, moved)
    other = Analyzer(cache_dir=tmp_path / "cache", device="cpu")
    assert other.analyze(moved).from_cache and other.decodes == 0
    # The same content under a changed detector (its version bumped in its kind): only it is redone.
    blur = KINDS["blur"]
    monkeypatch.setitem(KINDS, "blur", dataclasses.replace(blur, version=blur.version + 100))
    redone = other.analyze(moved)
    assert other.decodes == 1 and not redone.from_cache
    assert redone.speech == fresh.speech
    assert other.analyze(moved).from_cache and other.decodes == 1


def test_a_changed_file_is_analysed_again(tmp_path):
    truth = short_take(tmp_path / "take.mov", "mjpeg", Fraction(24))
    analyzer = Analyzer(cache_dir=tmp_path / "cache", device="cpu")
    analyzer.analyze(truth.path)
    short_take(truth.path, "mjpeg", Fraction(25))
    again = analyzer.analyze(truth.path)
    assert analyzer.decodes == 2 and again.frame_rate_exact == "25/1"


def test_a_lost_entry_no_analysis_holds_is_made_again(tmp_path):
    # Thumbnails are only looked for, not read, when the rest comes from the cache: one gone is still missed.
    truth = short_take(tmp_path / "take.mov", "mjpeg", Fraction(24))
    analyzer = Analyzer(cache_dir=tmp_path / "cache", device="cpu")
    analyzer.analyze(truth.path)
    thumbnails = KINDS["thumbnails"]
    identity = media_identity(truth.path)
    entry = analyzer.cache.entry_path(identity, "thumbnails", thumbnails.version)
    assert entry.is_file()
    entry.unlink()
    again = analyzer.analyze(truth.path)
    assert analyzer.decodes == 2 and not again.from_cache and entry.is_file()
    assert analyzer.analyze(truth.path).from_cache and analyzer.decodes == 2


def test_concurrent_jobs_on_one_file_analyse_it_once(tmp_path):
    truth = short_take(tmp_path / "take.mov", "mjpeg", Fraction(24))
    analyzer = Analyzer(cache_dir=tmp_path / "cache", device="cpu")
    results = []
    threads = [threading.Thread(target=lambda: results.append(analyzer.analyze(truth.path))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 3 and analyzer.decodes == 1
    assert sum(not r.from_cache for r in results) == 1


def test_a_mute_file_is_not_decoded_twice(tmp_path):
    picture = short_take(tmp_path / "mute.mov", "mjpeg", Fraction(25), audio=False)
    analyzer = Analyzer(cache_dir=tmp_path / "cache", device="cpu")
    analyzer.analyze(picture.path)
    assert analyzer.analyze(picture.path).from_cache and analyzer.decodes == 1


def test_every_window_the_network_judges_is_made_of_its_own_frames(tmp_path, analyzer, monkeypatch):
    # A new picture every 48 frames: candidates at every chunk's first frames too, whose windows
    # reach back into the chunk before. None may be padded with repeated frames inside the file.
    from workprint.engine.analysis.detectors import shots
    from workprint.engine.analysis.schema.shots import ShotsParams

    half = ShotsParams().window_frames // 2
    path = cutting_video(tmp_path / "cuts.mp4", 9.0, every=48)
    short_of_frames: list[int] = []
    judged: list[int] = []
    window = shots.Shots._window

    def checked(self, centre):
        judged.append(centre)
        first, last = centre - half, centre + half - 1
        if (
            first >= 0
            and last < self.count
            and (first < self.buffer_start or last >= self.buffer_start + len(self.history))
        ):
            short_of_frames.append(centre)
        return window(self, centre)

    monkeypatch.setattr(shots.Shots, "_window", checked)
    analyzer.analyze(path)
    assert any(centre >= 96 and centre % 96 < half for centre in judged), judged  # at chunk starts
    assert not short_of_frames, judged
