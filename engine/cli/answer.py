"""The engine's answer on the command's side: the timeline as it came (in pieces, or whole from an older
engine), kept apart from the rest of the result so the message that carried it is let go before the file
is written; and a bad file sent unparsed named as the file."""

from __future__ import annotations

from workprint.adapters.formats import Document
from workprint.engine.cli.render import EventView
from workprint.engine.cli.session import follow
from workprint.engine.errors import InputError
from workprint.plugin.client import Job
from workprint.plugin.protocol import workprint_pb2 as pb

#: The engine's resulting timeline: its UTF-8 pieces as they came, or its text (from an engine that sends it
#: whole: one older than TimelinePart).
Answer = list[bytes] | str


def follow_reading(
    document: Document | None, job: Job, view: EventView, parts: list[bytes]
) -> tuple[pb.JobResult, list[pb.MediaAnalysis]]:
    """follow(), and where the engine refused an .otio file sent unparsed, the file read here to name it and
    what is wrong with it (the engine speaks of "the timeline")."""
    try:
        return follow(job, view, parts)
    except InputError:
        if document is not None:
            _ = document.obj  # raises the file's own error, when it is the file
        raise


def of(result: pb.JobResult, parts: list[bytes]) -> Answer:
    return parts if parts else result.timeline_otio_json


def text(answer: Answer) -> str:
    return answer if isinstance(answer, str) else b"".join(answer).decode("utf-8")


def for_printing(result: pb.JobResult) -> pb.JobResult:
    """What the command prints or writes of the result besides its timeline: the summary, the report, the
    selects log. The timeline (kept apart) and the suggestions (the timeline's markers say each) are let go
    with the message that carried them."""
    return pb.JobResult(summary=result.summary, table_csv=result.table_csv, report_html=result.report_html)
