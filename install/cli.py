"""`workprint install resolve`: put the plugin where Resolve looks, or take it away."""

from __future__ import annotations

from pathlib import Path

import click

from workprint.install.resolve import OSES
from workprint.plugin.protocol.contract import DEFAULT_ADDRESS


@click.group("install")
def install_group() -> None:
    """Install the plugin into a host application."""


@install_group.command("resolve")
@click.option("--uninstall", is_flag=True, help="Remove the scripts, the private library and the token.")
@click.option(
    "--python", "python", metavar="PATH", help="The Python DaVinci Resolve runs (default: where Resolve looks for one)."
)
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Install for the user whose home folder this is (default: yours).",
)
@click.option("--os", "os_name", type=click.Choice(OSES), help="The folder layout to use (default: this machine's).")
@click.option(
    "--no-client",
    is_flag=True,
    help="Do not install grpcio & co. for Resolve's Python "
    "(the plugin then reaches the engine through this environment).",
)
@click.option(
    "--address",
    default=DEFAULT_ADDRESS,
    show_default=True,
    metavar="HOST:PORT",
    help="Where the plugin finds (or starts) the engine.",
)
def install_resolve_command(uninstall: bool, python, home, os_name, no_client: bool, address: str) -> None:
    """Install the Workprint scripts for DaVinci Resolve (Workspace ▸ Scripts)."""
    from workprint.install import resolve

    if uninstall:
        report = resolve.uninstall(os_name, home)
    else:
        report = resolve.install(os_name, home, python, client=not no_client, address=address)
    for line in report.lines:
        click.echo(line)
