# Install (or with -- --uninstall, remove) the Workprint scripts for DaVinci Resolve on Windows.
# Run it from the environment Workprint's engine is installed in; arguments go to `workprint install resolve`.
$ErrorActionPreference = "Stop"
if (Get-Command workprint -ErrorAction SilentlyContinue) {
    & workprint install resolve @args
} else {
    $python = if ($env:PYTHON) { $env:PYTHON } else { "python" }
    & $python -m workprint.engine.cli.main install resolve @args
}
exit $LASTEXITCODE
