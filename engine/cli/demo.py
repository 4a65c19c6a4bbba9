"""`workprint demo`: the main job, end to end, on a small shoot made on the spot."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("demo")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the shoot and the result go (default: ./workprint-demo).",
)
@click.pass_context
def demo_command(ctx: click.Context, out_dir: Path | None) -> None:
    """Make a small shoot and a rough cut over it, suggest trims on it, and write the review report."""
    from workprint.engine.cli.main import out, suggest_trims_command
    from workprint.engine.demo.shoot import make_shoot

    folder = (out_dir or Path("workprint-demo")).resolve()
    out.print(f"Making a small shoot in {folder} (three takes, a rough cut over them)…")
    shoot = make_shoot(folder)
    result = folder / "trimmed.otio"
    report = folder / "review.html"
    ctx.invoke(
        suggest_trims_command,
        source=shoot.timeline_path,
        output=result,
        edl_rate=24.0,
        engine_address=None,
        token=None,
        cache_dir=folder / "cache",
        pad_before=None,
        pad_after=None,
        min_pause=None,
        pauses=None,
        ripple=None,
        review_only=None,
        kinds=None,
        report_path=report,
    )
    out.print(f"The rough cut is {shoot.timeline_path}; the trimmed timeline is {result}.")
    # Without an editing application, the report is the thing to open: every change with its reason.
    out.print(f"Open the review report in a web browser: {report}")
