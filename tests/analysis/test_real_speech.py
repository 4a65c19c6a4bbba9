"""Speech and words on real recordings annotated by people (../shared/data/real-speech, beside the checkout).

The meeting excerpts (AMI) are split in two: the speech detector's defaults were tuned on trn*.wav, and
are checked here on dev*.wav, which tuning never saw. The word recordings cover read, spontaneous,
disfluent, whispered, falsetto, breathy and laughing speech and a meeting headset.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from speech_scoring import REAL_SPEECH, coverage, rttm_speech, word_scores

MEETINGS = REAL_SPEECH / "meetings"
WORDS = REAL_SPEECH / "words"

pytestmark = pytest.mark.skipif(
    not (MEETINGS / "dev.rttm").is_file() or not (WORDS / "words.json").is_file(),
    reason=f"the real recordings are not beside the checkout ({REAL_SPEECH.resolve()})",
)


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    from workprint.engine.analysis import Analyzer

    return Analyzer(cache_dir=tmp_path_factory.mktemp("real-speech-cache"))


@pytest.fixture(scope="module")
def meeting_scores(analyzer) -> tuple[float, float]:
    """Recall and precision of annotated speech over the checking part, in 10 ms steps."""
    truth = rttm_speech(MEETINGS / "dev.rttm")
    hits = false_alarms = misses = 0
    for name, turns in sorted(truth.items()):
        analysis = analyzer.analyze(MEETINGS / f"{name}.wav")
        h, f, m = coverage(analysis.speech, turns, analysis.duration_s)
        hits, false_alarms, misses = hits + h, false_alarms + f, misses + m
    return hits / (hits + misses), hits / (hits + false_alarms)


def test_speech_on_meetings_it_was_not_tuned_on(meeting_scores):
    recall, precision = meeting_scores
    # At the old defaults (0.5 / 0.35 / 0.1 s) recall here was 0.72.
    assert recall >= 0.88, f"recall of annotated speech {recall:.3f} (precision {precision:.3f})"
    assert precision >= 0.90, f"precision {precision:.3f} (recall {recall:.3f})"


@pytest.mark.xfail(
    strict=True,
    reason="0.890 here: the settings that reach 0.95 either pad each span (moving clean dialogue's edges past the "
    "tenth of a second test_analysis holds them to) or hold speech through pauses under about a second (joining "
    "the head and tail calls of the generated dailies to their dialogue, so selects keep them)",
)
def test_speech_on_meetings_reaches_the_issue_target(meeting_scores):
    recall, precision = meeting_scores
    assert recall >= 0.95 and precision >= 0.90


@pytest.fixture(scope="module")
def heard(analyzer) -> dict[str, tuple[dict, list[dict]]]:
    annotations = json.loads((WORDS / "words.json").read_text())
    return {name: (entry, analyzer.analyze(WORDS / name).words) for name, entry in sorted(annotations.items())}


@pytest.mark.slow
def test_words_on_real_speech_of_every_condition(heard):
    errors = total = 0
    edges: list[float] = []
    per_condition = []
    for name, (entry, words) in heard.items():
        e, n, edge = word_scores(entry["words"], words)
        errors, total, edges = errors + e, total + n, edges + edge
        per_condition.append(f"{entry['condition']} ({name}): WER {e / n:.2f}")
    wer = errors / total
    assert wer <= 0.20, f"WER {wer:.3f} over {total} words: " + "; ".join(per_condition)
    assert statistics.median(edges) <= 0.15, f"median word-edge error {statistics.median(edges):.3f} s"


@pytest.mark.slow
def test_no_condition_is_deaf(heard):
    # A condition can be hard (whisper, falsetto) but never silent: words heard in every recording.
    deaf = [name for name, (_, words) in heard.items() if not words]
    assert not deaf, f"no words heard in {deaf}"


def test_the_data_is_read_where_it_lies():
    # The recordings are used in place, never copied into the project.
    project = Path(__file__).resolve().parents[2]
    assert not list(project.glob("**/trn0*.wav")) and not list(project.glob("**/mfa_whisper.wav"))
