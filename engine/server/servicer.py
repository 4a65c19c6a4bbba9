"""gRPC servicer: translates between protocol messages and the jobs, nothing more."""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import grpc

from workprint.engine.core import PROTOCOL_VERSION, Engine, engine_version
from workprint.engine.domain.kinds import KINDS, Kind
from workprint.engine.errors import ConfigError, InputError, JobCancelled, WorkprintError
from workprint.engine.jobs import events
from workprint.engine.jobs.analyze import analyze
from workprint.engine.jobs.assemble_selects import assemble_selects
from workprint.engine.jobs.suggest_trims import suggest_trims
from workprint.engine.server.status import error_metadata, status_for
from workprint.engine.settings import SelectsSettings, TrimSettings
from workprint.plugin.protocol import workprint_pb2 as pb
from workprint.plugin.protocol import workprint_pb2_grpc as pb_grpc

log = logging.getLogger("workprint.engine")

_DONE = object()


def trim_settings_from(message: pb.TrimSettings) -> TrimSettings:
    """Fields the client left unset keep the engine's defaults."""
    given = {
        name: getattr(message, name)
        for name in ("pad_before_frames", "pad_after_frames", "min_pause_s", "remove_pauses", "ripple", "review_only")
        if message.HasField(name)
    }
    if message.kinds:
        given["kinds"] = frozenset(message.kinds)
    with _request_input():
        return TrimSettings(**given)


def selects_settings_from(message: pb.SelectsSettings) -> SelectsSettings:
    given: dict = {"trims": trim_settings_from(message.trims)}
    if message.HasField("mode"):
        given["mode"] = message.mode
    if message.script_text:
        given["script_text"], given["script_name"] = message.script_text, message.script_name
    with _request_input():
        return SelectsSettings(**given)


@contextlib.contextmanager
def _request_input() -> Iterator[None]:
    """A setting the request carries that cannot work is the caller's bad input (INVALID_ARGUMENT, InputError)."""
    try:
        yield
    except ConfigError as exc:
        raise InputError(str(exc)) from exc


def _time(t) -> pb.RationalTime:
    return pb.RationalTime(value=t.value, rate=t.rate)


#: Characters of the resulting timeline's text a TimelinePart carries (at most 4 MiB of UTF-8).
TIMELINE_PART_CHARS = 1 << 20


def timeline_parts(text: str) -> Iterator[pb.JobEvent]:
    """A result's timeline as TimelinePart events, in order."""
    for start in range(0, len(text), TIMELINE_PART_CHARS):
        yield pb.JobEvent(timeline_part=pb.TimelinePart(data=text[start : start + TIMELINE_PART_CHARS].encode()))


def event_to_proto(event: events.Event, *, timeline: bool = True) -> pb.JobEvent:
    if isinstance(event, events.Progress):
        return pb.JobEvent(
            progress=pb.Progress(stage=event.stage, done=event.done, total=event.total, message=event.message)
        )
    if isinstance(event, events.Warning):
        return pb.JobEvent(
            warning=pb.JobWarning(
                code=event.code,
                message=event.message,
                clip_name=event.clip_name,
                clip_location=event.clip_location,
                media_path=event.media_path,
            )
        )
    if isinstance(event, events.AnalysisReport):
        return pb.JobEvent(
            analysis=pb.MediaAnalysis(
                media_path=event.media_path, analysis_json=json.dumps(event.analysis), from_cache=event.from_cache
            )
        )
    if isinstance(event, events.Result):
        return pb.JobEvent(
            result=pb.JobResult(
                timeline_otio_json=event.timeline_otio_json if timeline else "",
                summary=event.summary,
                table_csv=event.table_csv,
                report_html=event.report_html,
                suggestions=[
                    pb.Suggestion(
                        clip_name=s.clip_name,
                        clip_location=s.clip_location,
                        kind=s.kind,
                        source_range_removed=pb.TimeRange(
                            start_time=_time(s.source_range_removed.start_time),
                            duration=_time(s.source_range_removed.duration),
                        ),
                        reason=s.reason,
                        confidence=s.confidence,
                    )
                    for s in event.suggestions
                ],
            )
        )
    raise TypeError(f"not a job event: {event!r}")


def kind_to_proto(kind: Kind) -> pb.SuggestionKind:
    return pb.SuggestionKind(
        name=kind.name,
        label=kind.label,
        description=kind.description,
        job=kind.job,
        otio_colour=kind.otio_colour,
        resolve_colour=kind.resolve_colour,
        report_colour=kind.report_colour,
        confidence=kind.confidence,
        applies=kind.applies,
        off_by_default=kind.off_by_default,
    )


class WorkprintServicer(pb_grpc.WorkprintServicer):
    def __init__(self, engine: Engine, file_formats: Sequence[str] = ()) -> None:
        self.engine = engine
        # Handed in by whoever builds the server (the command line): the engine knows no file adapter.
        self.file_formats = list(file_formats)

    def GetInfo(self, request, context):
        return pb.EngineInfo(
            engine_version=engine_version(),
            protocol_version=PROTOCOL_VERSION,
            device=self.engine.device(),
            models_loaded=self.engine.models_loaded(),
            cache_dir=str(self.engine.cache_dir()),
            active_jobs=self.engine.active_jobs,
            file_formats=self.file_formats,
            kinds=[kind_to_proto(kind) for kind in KINDS],
        )

    def SuggestTrims(self, request, context):
        def job(ctx: events.JobContext) -> events.Result:
            return suggest_trims(
                self.engine,
                request.timeline_otio_json,
                trim_settings_from(request.settings),
                _base_dir(request.base_dir),
                ctx,
                report=request.report,
            )

        yield from self._stream("SuggestTrims", job, context, in_parts=request.timeline_in_parts)

    def AssembleSelects(self, request, context):
        def job(ctx: events.JobContext) -> events.Result:
            return assemble_selects(
                self.engine,
                request.bin_otio_json,
                selects_settings_from(request.settings),
                _base_dir(request.base_dir),
                ctx,
                report=request.report,
            )

        yield from self._stream("AssembleSelects", job, context, in_parts=request.timeline_in_parts)

    def Analyze(self, request, context):
        def job(ctx: events.JobContext) -> events.Result:
            return analyze(self.engine, list(request.media_paths), ctx)

        yield from self._stream("Analyze", job, context)

    def _stream(
        self,
        name: str,
        job: Callable[[events.JobContext], events.Result],
        context: grpc.ServicerContext,
        in_parts: bool = False,
    ) -> Iterator[pb.JobEvent]:
        """Run the job on its own thread and stream what it reports (the result's timeline in parts before it,
        when the request asked for that).

        The job stops at its next check when the call ends early: the client
        cancelled, went away, or the deadline passed (gRPC runs the callback).
        """
        outbox: queue.Queue = queue.Queue()
        cancel = threading.Event()
        context.add_callback(cancel.set)
        ctx = events.JobContext(outbox.put, cancel)

        def work() -> None:
            try:
                outbox.put(job(ctx))
            except JobCancelled as exc:
                # Said here: when the client cancelled, the stream below may be gone already.
                log.info("%s cancelled", name)
                outbox.put(exc)
            except BaseException as exc:  # handed to the streaming thread to report
                outbox.put(exc)
            finally:
                self.engine.job_finished()
                outbox.put(_DONE)

        self.engine.job_started()
        log.info("%s started", name)
        threading.Thread(target=work, name=f"job-{name}", daemon=True).start()
        try:
            while (item := outbox.get()) is not _DONE:
                if isinstance(item, BaseException):
                    self._fail(name, item, context)
                if in_parts and isinstance(item, events.Result):
                    yield from timeline_parts(item.timeline_otio_json)
                    yield event_to_proto(item, timeline=False)
                    continue
                yield event_to_proto(item)
            log.info("%s finished", name)
        finally:
            cancel.set()

    @staticmethod
    def _fail(name: str, exc: BaseException, context: grpc.ServicerContext) -> None:
        if isinstance(exc, JobCancelled):
            pass  # the job's thread said so
        elif isinstance(exc, WorkprintError):
            log.warning("%s failed: %s", name, exc)
        else:
            log.exception("%s failed inside the engine", name, exc_info=exc)
        message = str(exc) if isinstance(exc, WorkprintError) else f"engine fault: {type(exc).__name__}: {exc}"
        context.set_trailing_metadata(error_metadata(exc))
        context.abort(status_for(exc), message)


def _base_dir(text: str) -> Path | None:
    return Path(text) if text else None
