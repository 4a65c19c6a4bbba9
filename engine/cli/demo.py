"""`workprint demo`: the main job, end to end, on a small shoot made on the spot."""

from __future__ import annotations

import click


@click.command("demo")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Where the shoot and the result go (default: a new folder under ./workprint-demo).")
def demo_command(out_dir) -> None:
    """Make a small shoot, cut a rough timeline over it, and suggest trims."""
    raise click.ClickException("the demo shoot is not available yet")
