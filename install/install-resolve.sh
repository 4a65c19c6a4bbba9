#!/bin/sh
# Install (or with --uninstall, remove) the Workprint scripts for DaVinci Resolve on macOS or Linux.
# Run it from the environment Workprint's engine is installed in; options go to `workprint install resolve`.
set -e
if command -v workprint >/dev/null 2>&1; then
    exec workprint install resolve "$@"
fi
exec "${PYTHON:-python3}" -m workprint.engine.cli.main install resolve "$@"
