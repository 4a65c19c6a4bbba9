"""The `workprint` command line."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from workprint.engine.errors import InputError, JobCancelled, WorkprintError
from workprint.engine.settings import DEFAULT_TRIM_KINDS, SELECTS_MODES, TRIM_KINDS, EngineSettings
from workprint.plugin.protocol import workprint_pb2 as pb
from workprint.plugin.protocol.contract import DEFAULT_ADDRESS, TOKEN_ENV

if TYPE_CHECKING:
    from workprint.engine.cli.render import EventView

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

engine_option = click.option(
    "--engine",
    "engine_address",
    metavar="HOST:PORT",
    help="Use an engine already running there instead of one inside this command.",
)
token_option = click.option("--token", envvar=TOKEN_ENV, help=f"The engine's token (or ${TOKEN_ENV}).")
cache_option = click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where analysis is kept (default: the user cache folder).",
)

cluster_option = click.option(
    "--cluster",
    metavar="ADDRESS",
    default=None,
    help="Analyse the media the cache lacks on this Ray cluster (its head's HOST:PORT, or local to start one "
    "here); the cache must be a folder every node mounts (docs/cluster.md). Needs workprint[cluster].",
)


def _check_cluster(cluster: str | None, engine_address: str | None) -> None:
    """Say now, before any work, what --cluster cannot do here."""
    if cluster is None:
        return
    if engine_address:
        raise InputError(
            "--cluster is for the engine this command starts; an engine already running uses its own "
            "(workprint engine serve --cluster ADDRESS)"
        )
    from workprint.engine.cluster.runtime import import_ray

    import_ray()


def asr_options(func):
    """The recognition model and language, for every command that analyses."""
    func = click.option(
        "--language",
        metavar="CODE",
        default=None,
        help="Language spoken in the footage, a Whisper code such as en or fr (default en).",
    )(func)
    return click.option(
        "--asr-model",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        metavar="DIR",
        help="A CTranslate2 Whisper model folder to hear words with (default: the Whisper tiny.en the engine ships).",
    )(func)


report_option = click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the review report (one self-contained HTML file) here.",
)


def trim_options(func):
    """The settings an editor may change, shared by every command that trims."""
    options = [
        click.option(
            "--pad-before",
            type=click.IntRange(min=0),
            metavar="FRAMES",
            help="Frames kept before the first word (default 6).",
        ),
        click.option(
            "--pad-after",
            type=click.IntRange(min=0),
            metavar="FRAMES",
            help="Frames kept after the last word (default 12).",
        ),
        click.option(
            "--min-pause",
            type=click.FloatRange(min=0, min_open=True),
            metavar="SECONDS",
            help="Close pauses inside a take at least this long (default 1.5).",
        ),
        click.option("--pauses/--no-pauses", default=None, help="Remove long pauses inside takes (default on)."),
        click.option(
            "--ripple/--no-ripple", default=None, help="Close the gaps trims leave (default) or leave them as gaps."
        ),
        click.option("--review-only", is_flag=True, default=None, help="Only add markers; change no edit."),
        click.option(
            "--only",
            "kinds",
            metavar="KIND,...",
            help=f"Only these kinds of suggestion: {', '.join(TRIM_KINDS)}; +KIND adds one to the defaults "
            f"(all but {', '.join(k for k in TRIM_KINDS if k not in DEFAULT_TRIM_KINDS)}, off unless named).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def trim_settings(pad_before, pad_after, min_pause, pauses, ripple, review_only, kinds) -> pb.TrimSettings:
    """Only what the user said: the engine keeps its own defaults for the rest."""
    message = pb.TrimSettings()
    for name, value in (
        ("pad_before_frames", pad_before),
        ("pad_after_frames", pad_after),
        ("min_pause_s", min_pause),
        ("remove_pauses", pauses),
        ("ripple", ripple),
        ("review_only", review_only),
    ):
        if value is not None:
            setattr(message, name, value)
    if kinds:
        named = [k.strip() for k in kinds.split(",") if k.strip()]
        # "+filler": the defaults and filler words; a bare name lists exactly the kinds to make.
        added = [k[1:].strip() for k in named if k.startswith("+")]
        chosen = [k for k in named if not k.startswith("+")]
        if added:
            chosen = [k for k in DEFAULT_TRIM_KINDS if k not in chosen] + chosen
        chosen = list(dict.fromkeys(chosen + added))
        unknown = sorted(set(chosen) - set(TRIM_KINDS))
        if unknown:
            raise InputError(f"--only: unknown kind(s) {', '.join(unknown)} (known: {', '.join(TRIM_KINDS)})")
        message.kinds.extend(chosen)
    return message


class WorkprintGroup(click.Group):
    """Errors become one clear line and an exit status, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except WorkprintError as exc:
            # Escaped: a message may hold brackets (a pip extra, a list) that are not markup.
            err.print(f"[red]workprint:[/red] {escape(str(exc))}")
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            err.print("workprint: stopped")
            ctx.exit(JobCancelled.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            err.print(
                f"[red]workprint: internal error:[/red] {type(exc).__name__}: {exc} (run with --debug for details)"
            )
            ctx.exit(70)


@click.group(cls=WorkprintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what the engine does.")
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings, errors and where results went.")
@click.option("--debug", is_flag=True, hidden=True)
@click.version_option(package_name="workprint")
@click.pass_context
def cli(ctx: click.Context, verbose: bool, quiet: bool, debug: bool) -> None:
    """Workprint: suggests trims and assembles selects from your own footage."""
    ctx.obj = {"quiet": quiet, "debug": debug}
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )


def _view(ctx: click.Context):
    from workprint.engine.cli.render import EventView

    return EventView(err, quiet=ctx.obj["quiet"])


def _check_output(source: Path, output: Path) -> None:
    from workprint.adapters.formats import format_of

    format_of(output)
    if output.resolve() == source.resolve():
        raise InputError(f"{output}: that is the input; write the result to another file so the original is kept")
    if source.is_dir() and output.resolve().is_relative_to(source.resolve()):
        # An .fcpxmld bundle is a folder: its Info.fcpxml is the editor's document.
        raise InputError(f"{output}: that is inside the input {source.name}; write the result outside it")


def _check_report(report_path: Path | None, *kept: Path) -> None:
    if report_path is not None and any(report_path.resolve() == path.resolve() for path in kept):
        raise InputError(f"{report_path}: the review report would overwrite that file; name another")


def _write_report(result: pb.JobResult, report_path: Path | None) -> None:
    if report_path is None:
        return
    try:
        report_path.write_text(result.report_html, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{report_path}: cannot write the review report ({exc})") from exc
    out.print(f"Wrote the review report {report_path}")


def _print_summary(result: pb.JobResult, warnings: int) -> None:
    for line in result.summary.splitlines():
        out.print(line)
    if warnings:
        out.print(f"{warnings} warning{'s' if warnings != 1 else ''} (see above)")


@cli.command("suggest-trims")
@click.argument("source", metavar="INPUT", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="Where the trimmed timeline goes; its extension picks the format.",
)
@click.option(
    "--edl-rate",
    type=float,
    default=None,
    help="Frame rate of an EDL input, such as 23.976 or 29.97 (default: read from the list's timecodes, else 24).",
)
@click.option("--project", default=None, metavar="NAME", help="The project of an FCPXML library or event to work on.")
@trim_options
@report_option
@engine_option
@token_option
@cache_option
@asr_options
@cluster_option
@click.pass_context
def suggest_trims_command(
    ctx,
    source: Path,
    output: Path,
    edl_rate: float | None,
    project: str | None,
    engine_address,
    token,
    cache_dir,
    asr_model: Path | None,
    language: str | None,
    report_path: Path | None = None,
    cluster: str | None = None,
    **settings,
) -> None:
    """Tighten every clip of the timeline in INPUT and write the result to OUTPUT.

    INPUT and OUTPUT may be .otio, .otioz, .fcpxml (or an .fcpxmld bundle), .xml (FCP 7 / Premiere),
    .edl, .aaf or .kdenlive. An .xml, .fcpxml or .edl written from one of its own kind is that file with the
    changes in it.

    The first five warnings of each kind are printed, then how many more; when any were held back, every
    one is listed in OUTPUT's folder as NAME.warnings.txt.
    """
    from workprint.adapters.formats import passes_through, preflight, read_document, write_document, write_pieces
    from workprint.engine.cli import answer
    from workprint.engine.cli.session import connect

    _check_output(source, output)
    _check_report(report_path, source, output)
    _check_cluster(cluster, engine_address)
    request_settings = trim_settings(**settings)
    # With an engine already running, an .otio file goes as its text, unparsed: the engine reads it anyway,
    # and refuses a bad one as quickly. An engine started here takes seconds first, so the file is read now.
    with read_document(source, edl_rate=edl_rate, project=project, parse=not engine_address) as document:
        timelines: list = [None] if document.one_timeline else _timelines_in(document.obj, source)
        for line in [*document.notices, *preflight(document, output)]:
            err.print(f"workprint: {line}", markup=False)
        if len(timelines) > 1:
            names = "; ".join(t.name for t in timelines)
            err.print(f"workprint: {source.name}: every project ({names}); --project NAME for one", markup=False)
        view = _view(ctx)
        results: list[pb.JobResult] = []
        answers: list[answer.Answer] = []
        with connect(engine_address, token, cache_dir, asr_model, language, cluster) as client:
            for timeline in timelines:
                request = pb.SuggestTrimsRequest(
                    timeline_otio_json=document.json_text if timeline is None else _dump(timeline),
                    settings=request_settings,
                    base_dir=str(document.base_dir),
                    report=report_path is not None,
                    timeline_in_parts=True,
                )
                parts: list[bytes] = []
                result, _ = answer.follow_reading(document, client.suggest_trims(request), view, parts)
                del request
                answers.append(answer.of(result, parts))
                results.append(answer.for_printing(result))
                del result, parts
        if len(answers) == 1 and isinstance(answers[0], list) and passes_through(document, output):
            # The engine's text goes into the file as it came, piece by piece: never one string of it all.
            write_pieces(output, answers.pop())
            notes: list[str] = []
        else:
            texts = [answer.text(each) for each in answers]
            del answers
            joined = texts[0] if len(texts) == 1 else _collection(document.obj, texts)
            del texts
            notes = write_document(joined, output, base_dir=document.base_dir, source=document)
            del joined
    for line in notes:
        err.print(f"[yellow]warning:[/yellow] {line}", markup=False)
    for timeline, result in zip(timelines, results, strict=True):
        if timeline is not None and len(results) > 1:
            out.print(f"{timeline.name}:", markup=False)
        _print_summary(result, 0)
        project_name = timeline.name if timeline is not None and len(results) > 1 else None
        _write_report(result, _report_for(report_path, project_name))
    _write_warnings(view, output, report_path)
    if view.warnings or notes:
        n = len(view.warnings) + len(notes)
        out.print(f"{n} warning{'s' if n != 1 else ''} (see above)")
    out.print(f"Wrote {output}")


def _write_warnings(view: EventView, output: Path, report_path: Path | None) -> None:
    """When the screen showed only the first warnings of a kind, every one goes into a file beside the output
    (the review report lists them too)."""
    if not view.held_back:
        return
    log_path = output.with_name(output.stem + ".warnings.txt")
    try:
        log_path.write_text("".join(f"{line}\n" for line in view.warning_lines()), encoding="utf-8")
    except OSError as exc:
        err.print(f"[yellow]warning:[/yellow] {log_path}: cannot write the warnings ({exc})", markup=False)
        return
    also = f" and in the review report {report_path}" if report_path is not None else ""
    out.print(f"Every warning ({len(view.warnings)}) is listed in {log_path}{also}", markup=False)


def _timelines_in(obj, source: Path) -> list:
    """The timeline a file holds, or every project of a Final Cut Pro library or event."""
    import opentimelineio as otio

    if isinstance(obj, otio.schema.Timeline):
        return [obj]
    children = list(obj) if isinstance(obj, otio.schema.SerializableCollection) else []
    if children and all(isinstance(child, otio.schema.Timeline) for child in children):
        return children
    raise InputError(f"{source}: holds a {obj.schema_name()}, not a timeline")


def _dump(obj) -> str:
    from workprint.engine.timeline import otio_json

    return otio_json.dump(obj)


def _collection(original, answers: list[str]) -> str:
    """Every project's result, together as the file held them."""
    import opentimelineio as otio

    from workprint.engine.timeline import otio_json

    children = [otio_json.parse(answer, source="the engine's result") for answer in answers]
    return otio_json.dump(otio.schema.SerializableCollection(name=original.name, children=children))


def _report_for(report_path: Path | None, project: str | None) -> Path | None:
    """With several projects, one report each: NAME.PROJECT.html."""
    if report_path is None or project is None:
        return report_path
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in project)
    return report_path.with_name(f"{report_path.stem}.{safe}{report_path.suffix}")


@cli.command("assemble-selects")
@click.argument("bin_path", metavar="BIN", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="Where the assembly timeline goes; its extension picks the format.",
)
@click.option(
    "--mode",
    type=click.Choice(SELECTS_MODES),
    default=None,
    help="Best take of each setup (assembly, default) or every usable take (stringout).",
)
@click.option(
    "--log",
    "log_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Where the selects log (CSV) goes (default: beside OUTPUT, NAME.selects.csv).",
)
@click.option(
    "--script",
    "script_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The script (plain text, Fountain or Final Draft .fdx): each take's lines are checked against it.",
)
@trim_options
@report_option
@engine_option
@token_option
@cache_option
@asr_options
@cluster_option
@click.pass_context
def assemble_selects_command(
    ctx,
    bin_path: Path,
    output: Path,
    mode,
    log_path,
    script_path: Path | None,
    engine_address,
    token,
    cache_dir,
    asr_model: Path | None,
    language: str | None,
    report_path: Path | None = None,
    cluster: str | None = None,
    **settings,
) -> None:
    """Build an assembly of the best takes from BIN: a folder of media or an OTIO file of clips.

    The first five warnings of each kind are printed, then how many more; when any were held back, every
    one is listed in OUTPUT's folder as NAME.warnings.txt.
    """
    from workprint.adapters.formats import format_of, passes_through, read_document, write_document, write_pieces
    from workprint.adapters.media_folder import read_folder
    from workprint.engine.cli import answer
    from workprint.engine.cli.session import connect
    from workprint.engine.timeline import otio_json

    format_of(output)
    _check_report(report_path, bin_path, output)
    _check_cluster(cluster, engine_address)
    if bin_path.is_dir():
        bin_json, base_dir, document = otio_json.dump(read_folder(bin_path)), bin_path.resolve(), None
    else:
        document = read_document(bin_path, parse=not engine_address)
        bin_json, base_dir = document.json_text, document.base_dir
    try:
        selects = pb.SelectsSettings(trims=trim_settings(**settings))
        if mode:
            selects.mode = mode
        if script_path is not None:
            try:
                selects.script_text = script_path.read_text(encoding="utf-8", errors="replace")
            except OSError as exc:
                raise InputError(f"{script_path}: cannot read the script ({exc})") from exc
            selects.script_name = script_path.name
        request = pb.AssembleSelectsRequest(
            bin_otio_json=bin_json,
            settings=selects,
            base_dir=str(base_dir),
            report=report_path is not None,
            timeline_in_parts=True,
        )
        view = _view(ctx)
        parts: list[bytes] = []
        with connect(engine_address, token, cache_dir, asr_model, language, cluster) as client:
            result, _ = answer.follow_reading(document, client.assemble_selects(request), view, parts)
        del request
        assembly = answer.of(result, parts)
        result = answer.for_printing(result)
        del parts
        if isinstance(assembly, list) and passes_through(None, output):
            write_pieces(output, assembly)
        else:
            write_document(answer.text(assembly), output, base_dir=base_dir)
        del assembly
    finally:
        if document is not None:
            document.close()
    log_path = log_path or output.with_name(output.stem + ".selects.csv")
    try:
        log_path.write_text(result.table_csv, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{log_path}: cannot write the selects log ({exc})") from exc
    _write_warnings(view, output, report_path)
    _print_summary(result, len(view.warnings))
    out.print(f"Wrote {output} and the selects log {log_path}")
    _write_report(result, report_path)


@cli.command("analyze")
@click.argument("media", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per file, one per line.")
@engine_option
@token_option
@cache_option
@asr_options
@cluster_option
@click.pass_context
def analyze_command(
    ctx, media: tuple[Path, ...], as_json: bool, engine_address, token, cache_dir, asr_model, language, cluster
) -> None:
    """Analyse MEDIA files into the cache and show what they hold."""
    from workprint.engine.cli.session import connect, follow

    _check_cluster(cluster, engine_address)
    request = pb.AnalyzeRequest(media_paths=[str(p.resolve()) for p in media])
    view = _view(ctx)
    with connect(engine_address, token, cache_dir, asr_model, language, cluster) as client:
        result, analyses = follow(client.analyze(request), view)
    reports = [json.loads(a.analysis_json) for a in analyses]
    if as_json:
        for report in reports:
            out.print(json.dumps(report), soft_wrap=True, markup=False)
    else:
        _print_analysis_table(reports)
        _print_summary(result, len(view.warnings))
    if not analyses:
        ctx.exit(3)


def _print_analysis_table(reports: list[dict]) -> None:
    table = Table("file", "length", "fps", "start TC", "speech", "shots", "events")
    for report in reports:
        speech = sum(end - start for start, end in report.get("speech", []))
        kinds: dict[str, int] = {}
        for event in report.get("events", []):
            kinds[event["kind"]] = kinds.get(event["kind"], 0) + 1
        table.add_row(
            Path(report["path"]).name,
            f"{report['duration_s']:.2f}s",
            f"{report['frame_rate'] or '-'}",
            report.get("start_timecode") or "-",
            f"{speech:.1f}s",
            str(len(report.get("shots", []))),
            ", ".join(f"{k}×{n}" for k, n in sorted(kinds.items())) or "-",
        )
    out.print(table)
    for report in reports:
        _print_transcript(report)


def _print_transcript(report: dict) -> None:
    """What was said in each file, piece by piece with its time, as an assistant reads a transcript."""
    if report.get("words_model") is None:
        return
    name = Path(report["path"]).name
    pieces = report.get("transcript", [])
    if not pieces:
        out.print(f"{name}: no words heard", markup=False)
        return
    out.print(f"{name} ({len(report.get('words', []))} words, {report['words_model']}):", markup=False)
    for piece in pieces:
        out.print(f"  {_clock(piece['start_s'])}–{_clock(piece['end_s'])}  {piece['text']}", markup=False)


def _clock(seconds: float) -> str:
    minutes, rest = divmod(max(0.0, seconds), 60)
    return f"{int(minutes)}:{rest:05.2f}"


@cli.group("engine")
def engine_group() -> None:
    """Run the engine, or ask one about itself."""


@engine_group.command("serve")
@click.option(
    "--address",
    default=DEFAULT_ADDRESS,
    show_default=True,
    metavar="HOST:PORT",
    help="Where to listen. Beyond loopback only with a token.",
)
@token_option
@cache_option
@click.option(
    "--device", type=click.Choice(["cpu", "cuda"]), default=None, help="Compute device (default: CUDA when present)."
)
@asr_options
@cluster_option
@click.option(
    "--analysis-process/--analysis-in-engine",
    default=True,
    show_default=True,
    help="Analyse in a process of its own beside the engine, which gives the models' memory back when idle "
    "(the engine itself never loads torch), or in the engine's own process.",
)
@click.option(
    "--analysis-idle",
    type=click.FloatRange(min=1.0),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="How long the analysis process waits for the next file before it stops.",
)
def serve_command(
    address: str, token, cache_dir, device, asr_model, language, cluster, analysis_process, analysis_idle
) -> None:
    """Serve the engine until stopped (Ctrl-C or SIGTERM)."""
    from workprint.adapters.formats import known_extensions
    from workprint.engine.server.app import serve

    _check_cluster(cluster, None)
    if logging.getLogger().level > logging.INFO:
        logging.getLogger("workprint").setLevel(logging.INFO)
    settings = EngineSettings(
        address=address,
        token=token or None,
        cache_dir=cache_dir,
        device=device,
        asr_model=asr_model,
        language=language,
        cluster=cluster,
        analysis_process=analysis_process,
        analysis_idle_s=analysis_idle,
    )
    serve(settings, known_extensions())


@engine_group.command("info")
@engine_option
@token_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def info_command(engine_address, token, as_json: bool) -> None:
    """What the engine is: versions, device, models, cache, the kinds of suggestion it makes."""
    from google.protobuf.json_format import MessageToDict

    from workprint.engine.cli.session import connect

    with connect(engine_address, token) as client:
        info = MessageToDict(client.info(), preserving_proto_field_name=True)
    if as_json:
        out.print(json.dumps(info, indent=2), markup=False)
        return
    for key, value in info.items():
        if key == "kinds":
            continue
        out.print(f"{key}: {', '.join(value) if isinstance(value, list) else value}")
    kinds = info.get("kinds") or []
    if kinds:
        # What each one is (its description) is in --json; the table stays narrow enough for a terminal.
        table = Table("kind", "label", "job", "OTIO", "Resolve", "report", "confidence")
        for kind in kinds:
            table.add_row(
                kind.get("name", ""),
                kind.get("label", ""),
                kind.get("job", ""),
                kind.get("otio_colour", ""),
                kind.get("resolve_colour", ""),
                kind.get("report_colour", ""),
                f"{float(kind.get('confidence', 0.0)):.2f}",
            )
        out.print("kinds of suggestion:")
        out.print(table)


def _register_extra_commands() -> None:
    from workprint.engine.cli.demo import demo_command
    from workprint.engine.cli.relay import relay_command

    cli.add_command(demo_command)
    cli.add_command(relay_command)
    from workprint.install.cli import install_group

    cli.add_command(install_group)


_register_extra_commands()


def main() -> None:
    cli(prog_name="workprint")


if __name__ == "__main__":
    main()
