"""What the command does so that a timeline of thousands of clips costs it little: an .otio file sent to a
running engine as its text, the answer in parts written as it came (atomically), warnings grouped by kind.

Against the session's engine, on timelines whose media is missing (no analysis: each job takes moments)."""

from __future__ import annotations

import io

import opentimelineio as otio
import pytest
from rich.console import Console

from conftest import run_workprint
from otio_samples import media_clip, rich_timeline
from workprint.adapters.formats import read_document, write_pieces
from workprint.engine.cli.render import WARNINGS_SHOWN, EventView
from workprint.engine.errors import InputError
from workprint.engine.server.servicer import TIMELINE_PART_CHARS, timeline_parts
from workprint.engine.timeline import otio_json
from workprint.plugin.protocol import workprint_pb2 as pb


def offline_cut(clips: int) -> otio.schema.Timeline:
    """A cut whose every clip's media is missing: one media-missing warning each."""
    timeline = otio.schema.Timeline(name="offline")
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    track.extend(media_clip(f"C{n:03d}", f"/nonexistent/C{n:03d}.mov", 10, 24) for n in range(clips))
    timeline.tracks.append(track)
    return timeline


def test_the_timeline_in_parts_joins_to_the_whole_one(engine):
    text = otio_json.dump(rich_timeline())
    whole, parted = (
        pb.SuggestTrimsRequest(timeline_otio_json=text, timeline_in_parts=in_parts) for in_parts in (False, True)
    )
    with engine.client() as client:
        sent_whole = list(client.suggest_trims(whole))
        sent_parted = list(client.suggest_trims(parted))
    kinds = [e.WhichOneof("event") for e in sent_parted]
    assert kinds[-1] == "result" and "timeline_part" in kinds
    assert all(kind != "timeline_part" for kind in kinds[kinds.index("result") :])
    joined = b"".join(e.timeline_part.data for e in sent_parted if e.HasField("timeline_part")).decode()
    assert joined == sent_whole[-1].result.timeline_otio_json
    assert sent_parted[-1].result.timeline_otio_json == ""
    assert sent_parted[-1].result.summary == sent_whole[-1].result.summary


def test_parts_split_on_characters_not_bytes():
    text = "é—" * TIMELINE_PART_CHARS + "x"  # two- and three-byte characters across every boundary
    parts = [event.timeline_part.data for event in timeline_parts(text)]
    assert len(parts) == 3 and all(len(part) <= 4 * TIMELINE_PART_CHARS for part in parts)
    assert b"".join(parts).decode("utf-8") == text and all(part.decode("utf-8") for part in parts)


def test_an_otio_file_goes_to_a_running_engine_unparsed_and_comes_back_as_the_engine_wrote_it(engine, tmp_path):
    source = tmp_path / "offline.otio"
    text = otio_json.dump(offline_cut(3))
    source.write_text(text)
    with read_document(source, parse=False) as document:
        assert document._obj is None and document.json_text == text and document.one_timeline
    with engine.client() as client:
        expected = list(client.suggest_trims(pb.SuggestTrimsRequest(timeline_otio_json=text)))[-1]
    output = tmp_path / "out.otio"
    output.write_text("the last run's")
    run_workprint(
        "suggest-trims", str(source), "-o", str(output), "--engine", engine.address, "--token", engine.token,
        in_process=True,
    )  # fmt: skip
    assert output.read_text() == expected.result.timeline_otio_json
    assert sorted(p.name for p in tmp_path.iterdir()) == ["offline.otio", "out.otio"]  # no partial file left


def test_host_metadata_is_still_translated_on_the_way(tmp_path):
    source = tmp_path / "resolve.otio"
    source.write_text(otio_json.dump(rich_timeline()))
    with read_document(source, parse=False) as document:
        assert document._obj is not None  # Resolve's keys: read and made neutral, as before
        assert document.original_text is not None


@pytest.mark.parametrize(
    "content, expected",
    [
        ('{"OTIO_SCHEMA": "Timeline.1", "tracks": [', "not valid JSON"),
        ('{"OTIO_SCHEMA": "Timeline.1", "name": "t", "tracks": {"OTIO_SCHEMA": "Spaceship.7"}}', "readable OTIO"),
        ('{"OTIO_SCHEMA": "SerializableCollection.1", "name": "b", "metadata": {}, "children": []}', "not a timeline"),
    ],
)
def test_a_bad_otio_file_sent_unparsed_is_still_named(engine, tmp_path, content, expected):
    source = tmp_path / "bad.otio"
    source.write_text(content)
    done = run_workprint(
        "suggest-trims", str(source), "-o", str(tmp_path / "out.otio"), "--engine", engine.address,
        "--token", engine.token, check=2,
    )  # fmt: skip
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and str(source) in lines[0] and expected in lines[0], done.stderr
    assert not (tmp_path / "out.otio").exists()


def test_a_failed_write_leaves_what_was_there(tmp_path):
    output = tmp_path / "out.otio"
    output.write_text("the editor's earlier result")

    def pieces():
        yield b'{"OTIO_SCHEMA": '
        raise OSError(28, "No space left on device")

    with pytest.raises(InputError, match=r"out\.otio: cannot write it"):
        write_pieces(output, pieces())
    assert output.read_text() == "the editor's earlier result"
    assert [p.name for p in tmp_path.iterdir()] == ["out.otio"]


def test_warnings_of_one_kind_are_shown_a_few_then_counted():
    screen = io.StringIO()
    view = EventView(Console(file=screen, width=200, color_system=None))
    with view:
        for n in range(WARNINGS_SHOWN + 7):
            view.warning(pb.JobWarning(code="media-missing", message=f"C{n} (V1 #{n + 1}): media not found [x]"))
        view.warning(pb.JobWarning(code="unsupported-clip", message="C9: left as it is"))
    lines = screen.getvalue().splitlines()
    assert len(lines) == WARNINGS_SHOWN + 2
    assert lines[0] == "warning C0 (V1 #1): media not found [x]"  # the message as written, brackets and all
    assert lines[-1] == "warning ... and 7 more media-missing warnings like this"
    assert view.held_back == 7 and len(view.warning_lines()) == WARNINGS_SHOWN + 8


def test_the_command_writes_every_warning_beside_the_output(engine, tmp_path):
    source = tmp_path / "offline.otio"
    source.write_text(otio_json.dump(offline_cut(WARNINGS_SHOWN + 3)))
    output = tmp_path / "out.otio"
    done = run_workprint(
        "suggest-trims", str(source), "-o", str(output), "--engine", engine.address, "--token", engine.token,
        in_process=True,
    )  # fmt: skip
    shown = [line for line in done.stderr.splitlines() if line.startswith("warning ")]
    assert len(shown) == WARNINGS_SHOWN + 1 and shown[-1] == "warning ... and 3 more media-missing warnings like this"
    listed = (tmp_path / "out.warnings.txt").read_text().splitlines()
    assert len(listed) == WARNINGS_SHOWN + 3 and all(line.startswith("media-missing: C") for line in listed)
    assert f"Every warning ({WARNINGS_SHOWN + 3}) is listed in {tmp_path / 'out.warnings.txt'}" in done.stdout
