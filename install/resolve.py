"""Installing the Workprint plugin for DaVinci Resolve, and removing it again.

What goes where (per user, nothing system-wide):
- the two menu scripts and workprint.json into Resolve's Scripts/Edit folder
  (Resolve lists them under Workspace ▸ Scripts after a restart);
- a private folder (the data folder) holding a copy of Workprint's light
  modules (lib/) and, installed with `pip --target` for the very Python
  Resolve runs, the light client grpcio, protobuf and opentimelineio
  (lib/site/) — that Python's own site-packages are never touched;
- the engine's token, made once, readable by this user only.
workprint.json records which engine environment to start (this one).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from workprint.engine.errors import ConfigError
from workprint.install import light
from workprint.plugin.protocol.contract import DEFAULT_ADDRESS

OSES = ("macos", "windows", "linux")
SCRIPTS = ("Workprint Suggest Trims.py", "Workprint Auto-Assemble Selects.py")
CONFIG_NAME = "workprint.json"
MANIFEST = "install-manifest.json"
DISTRIBUTION = "workprint"


def current_os() -> str:
    if sys.platform == "darwin":
        return "macos"
    if sys.platform.startswith("win"):
        return "windows"
    return "linux"


@dataclass(frozen=True)
class Layout:
    os_name: str
    home: Path
    #: Resolve's per-user Scripts folder (README.txt, "Specific user").
    scripts: Path
    data: Path

    @property
    def edit_scripts(self) -> Path:
        return self.scripts / "Edit"

    @property
    def lib(self) -> Path:
        return self.data / "lib"


def layout(os_name: str | None = None, home: Path | None = None) -> Layout:
    os_name = os_name or current_os()
    if os_name not in OSES:
        raise ConfigError(f"unknown OS {os_name!r} (known: {', '.join(OSES)})")
    explicit_home = home is not None
    home = Path(home) if home is not None else Path.home()
    if os_name == "macos":
        support = home / "Library" / "Application Support"
        return Layout(
            os_name,
            home,
            support / "Blackmagic Design" / "DaVinci Resolve" / "Fusion" / "Scripts",
            support / "Workprint" / "resolve",
        )
    if os_name == "windows":
        appdata = home / "AppData" / "Roaming"
        if not explicit_home and os.environ.get("APPDATA"):
            appdata = Path(os.environ["APPDATA"])
        return Layout(
            os_name,
            home,
            appdata / "Blackmagic Design" / "DaVinci Resolve" / "Support" / "Fusion" / "Scripts",
            appdata / "Workprint" / "resolve",
        )
    share = home / ".local" / "share"
    return Layout(os_name, home, share / "DaVinciResolve" / "Fusion" / "Scripts", share / "workprint" / "resolve")


def resolve_python_candidates(os_name: str) -> list[str]:
    """Where Resolve looks for Python 3, in its order (Resolve 18.5–20; 21.1 brings its own)."""
    found: list[str] = []
    if os_name == "windows":
        for variable in ("FUSION_PYTHON3_HOME", "PYTHONHOME"):
            if os.environ.get(variable):
                found.append(str(Path(os.environ[variable]) / "python.exe"))
        found += _windows_registry_pythons()
    else:
        if os.environ.get("PYTHONHOME"):
            found.append(str(Path(os.environ["PYTHONHOME"]) / "bin" / "python3"))
        if os_name == "macos":
            found += [
                "/usr/local/bin/python3",
                "/Library/Frameworks/Python.framework/Versions/Current/bin/python3",
                "/opt/homebrew/bin/python3",
            ]
        else:
            found += ["/usr/bin/python3", "/usr/local/bin/python3"]
    return found


def _windows_registry_pythons() -> list[str]:
    if sys.platform != "win32":
        return []  # the registry is Windows' own (and its module exists only there)
    import winreg

    found = []
    for root in (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE):
        try:
            with winreg.OpenKey(root, r"Software\Python\PythonCore") as core:
                for n in range(winreg.QueryInfoKey(core)[0]):
                    version = winreg.EnumKey(core, n)
                    try:
                        with winreg.OpenKey(core, version + r"\InstallPath") as key:
                            found.append(str(Path(winreg.QueryValue(key, "")) / "python.exe"))
                    except OSError:
                        continue
        except OSError:
            continue
    return sorted(found, reverse=True)


def find_resolve_python(os_name: str) -> str | None:
    return next((c for c in resolve_python_candidates(os_name) if Path(c).is_file()), None)


def python_version(python: str) -> tuple[int, int]:
    try:
        done = subprocess.run(
            [python, "-c", "import sys; print(sys.version_info[0], sys.version_info[1])"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"cannot run {python}: {exc}") from exc
    if done.returncode != 0:
        raise ConfigError(f"{python} does not run: {done.stderr.strip()}")
    major, minor = done.stdout.split()
    return int(major), int(minor)


def client_requirements() -> list[str]:
    """The light client the plugin needs in Resolve's Python: the installed package's own base requirements.

    Read from this installation's metadata (pyproject's `dependencies`, no extras), so the pins exist once.
    """
    try:
        declared = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError as exc:
        raise ConfigError(
            f"{DISTRIBUTION} is not installed in {sys.executable}'s environment, so the client "
            "Resolve's Python needs is unknown; install it (pip install .) and run this again"
        ) from exc
    # A requirement with a marker naming an extra belongs to that extra ("torch<3; extra == 'engine'").
    return [line for line in declared if "extra" not in line.partition(";")[2]]


def client_install_command(python: str, target: Path) -> list[str]:
    """pip for Resolve's Python, into the private folder only (never that Python's site-packages)."""
    return [
        python,
        "-m",
        "pip",
        "install",
        "--target",
        str(target),
        "--upgrade",
        "--no-user",
        "--disable-pip-version-check",
        "--no-warn-script-location",
        *client_requirements(),
    ]


def engine_command() -> list[str]:
    """How the plugin starts this environment's engine and relay."""
    return [sys.executable, "-m", "workprint.engine.cli.main"]


def _copy_light_modules(lib: Path) -> list[str]:
    """The import closure of the menu scripts (install/light.py), and nothing else."""
    entries = light.script_entries([_scripts_source() / name for name in SCRIPTS])
    copied = []
    for source, relative in light.files_to_copy(light.closure(entries)):
        target = lib / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied.append(str(target))
    return copied


def _scripts_source() -> Path:
    import workprint.plugin

    here = Path(workprint.plugin.__path__[0]) / "scripts"
    if not here.is_dir():
        raise ConfigError(f"the Resolve scripts are missing from this installation ({here})")
    return here


@dataclass
class Report:
    lines: list[str]
    client_installed: bool


def install(
    os_name: str | None = None,
    home: Path | None = None,
    python: str | None = None,
    client: bool = True,
    address: str = DEFAULT_ADDRESS,
    run=subprocess.run,
) -> Report:
    where = layout(os_name, home)
    lines: list[str] = []
    where.edit_scripts.mkdir(parents=True, exist_ok=True)
    where.data.mkdir(parents=True, exist_ok=True)
    if where.lib.exists():
        shutil.rmtree(where.lib)
    created = []
    for name in SCRIPTS:
        shutil.copy2(_scripts_source() / name, where.edit_scripts / name)
        created.append(str(where.edit_scripts / name))
    _copy_light_modules(where.lib)
    token = where.data / "token"
    if not token.exists():
        descriptor = os.open(token, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(24))
    python = python or (find_resolve_python(where.os_name) if client else None)
    installed = False
    if client and python:
        major, minor = python_version(python)
        if (major, minor) < (3, 10):
            lines.append(
                f"{python} is Python {major}.{minor}; Workprint needs 3.10 or later for the plugin. "
                "Install a newer Python 3 where Resolve looks for it and run this again."
            )
        else:
            done = run(client_install_command(python, where.lib / "site"), capture_output=True, text=True)
            installed = done.returncode == 0
            if installed:
                lines.append(
                    f"Installed the client (grpcio, protobuf, opentimelineio) for {python} into {where.lib / 'site'}"
                )
            else:
                tail = (done.stderr or done.stdout or "").strip().splitlines()[-1:]
                lines.append(
                    f"Could not install the client for {python} ({' '.join(tail)}); the plugin will use "
                    "its standard-library route to the engine instead."
                )
    elif client:
        lines.append(
            "Found no Python 3 where Resolve looks for one; the plugin will use its standard-library route. "
            "Pass --python PATH to install the client for Resolve's Python."
        )
    config = {
        "version": 1,
        "engine_command": engine_command(),
        "address": address,
        "data_dir": str(where.data),
        "token_file": str(token),
        "lib_dir": str(where.lib),
        "resolve_python": python or "",
        "installed": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    (where.edit_scripts / CONFIG_NAME).write_text(json.dumps(config, indent=2), encoding="utf-8")
    created.append(str(where.edit_scripts / CONFIG_NAME))
    (where.data / MANIFEST).write_text(
        json.dumps({"files": created, "data": str(where.data)}, indent=2), encoding="utf-8"
    )
    lines.insert(0, f"Installed the Workprint scripts into {where.edit_scripts}")
    lines.append(
        "Restart DaVinci Resolve to list them under Workspace ▸ Scripts: "
        "'Workprint Suggest Trims' and 'Workprint Auto-Assemble Selects'."
    )
    return Report(lines, installed)


def uninstall(os_name: str | None = None, home: Path | None = None) -> Report:
    where = layout(os_name, home)
    removed = 0
    for path in [where.edit_scripts / name for name in SCRIPTS] + [where.edit_scripts / CONFIG_NAME]:
        if path.exists():
            path.unlink()
            removed += 1
    if where.data.exists():
        shutil.rmtree(where.data)
        removed += 1
    # Leave Resolve's own folders unless this left them empty.
    for folder in (where.edit_scripts, where.data.parent):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    lines = [
        f"Removed Workprint from {where.edit_scripts} and {where.data}"
        if removed
        else "Workprint was not installed for Resolve here; nothing to remove."
    ]
    if removed:
        lines.append("Restart DaVinci Resolve to drop the scripts from its menu.")
    return Report(lines, False)
