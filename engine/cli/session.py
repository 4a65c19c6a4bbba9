"""Reaching an engine from the command line: embedded by default, or one already running."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from workprint.engine.cli.render import EventView
from workprint.engine.errors import EngineFault
from workprint.engine.settings import EngineSettings
from workprint.plugin.client import EngineClient, Job
from workprint.plugin.protocol import workprint_pb2 as pb


@contextlib.contextmanager
def connect(
    address: str | None,
    token: str | None,
    cache_dir: Path | None = None,
    asr_model: Path | None = None,
    language: str | None = None,
    cluster: str | None = None,
) -> Iterator[EngineClient]:
    """A client for the engine at address, or for one started inside this process (with the recognition
    model and language given; an engine already running uses its own)."""
    if address:
        with EngineClient(address, token) as client:
            client.wait_ready()
            yield client
        return
    from workprint.adapters.formats import known_extensions
    from workprint.engine.server.app import embedded

    with (
        embedded(
            EngineSettings(cache_dir=cache_dir, asr_model=asr_model, language=language, cluster=cluster),
            known_extensions(),
        ) as (local, local_token),
        EngineClient(local, local_token) as client,
    ):
        client.wait_ready()
        yield client


def follow(job: Job, view: EventView, parts: list[bytes] | None = None) -> tuple[pb.JobResult, list[pb.MediaAnalysis]]:
    """Drain the job's events into the view; the result, and any analyses reported. The timeline's pieces,
    when the request asked for it in parts, go into `parts` as they come (each message let go at once)."""
    result: pb.JobResult | None = None
    analyses: list[pb.MediaAnalysis] = []
    try:
        with view:
            for event in job:
                kind = event.WhichOneof("event")
                if kind == "progress":
                    view.progress(event.progress)
                elif kind == "warning":
                    view.warning(event.warning)
                elif kind == "analysis":
                    analyses.append(event.analysis)
                elif kind == "timeline_part":
                    if parts is None:
                        raise EngineFault("the engine sent the timeline in parts, which this call did not ask for")
                    parts.append(event.timeline_part.data)
                elif kind == "result":
                    result = event.result
    except KeyboardInterrupt:
        job.cancel()
        raise
    if result is None:
        raise EngineFault("the engine ended the job without a result")
    return result, analyses
