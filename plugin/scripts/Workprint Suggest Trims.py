"""Workprint Suggest Trims – a DaVinci Resolve script (Workspace ▸ Scripts ▸ Edit).

Tightens every clip of the current timeline: slates, claps, calls, dead air and long pauses come off,
dialogue never; every change gets a marker that says why. The timeline as it was is kept as a backup.

This file is only a launcher: the installer (`workprint install resolve`) puts it in Resolve's Scripts
folder with workprint.json beside it, which says where Workprint's light modules and client are kept
for the Python Resolve runs. Standard library only, so it runs in any Python Resolve finds. The two
launchers differ only in JOB: Resolve runs each script file on its own, before anything of
Workprint's can be imported, so what finds the package has to be in each.
"""

import json
import os
import sys

JOB = "suggest-trims"
CONFIG_NAME = "workprint.json"


def _here():
    try:
        return os.path.dirname(os.path.abspath(__file__))
    except NameError:  # Resolve may run a script without __file__
        return None


def _user_script_dirs():
    home = os.path.expanduser("~")
    if sys.platform == "darwin":
        base = os.path.join(home, "Library", "Application Support", "Blackmagic Design", "DaVinci Resolve")
        return [os.path.join(base, "Fusion", "Scripts", "Edit")]
    if sys.platform.startswith("win"):
        appdata = os.environ.get("APPDATA") or os.path.join(home, "AppData", "Roaming")
        return [os.path.join(appdata, "Blackmagic Design", "DaVinci Resolve", "Support", "Fusion", "Scripts", "Edit")]
    return [os.path.join(home, ".local", "share", "DaVinciResolve", "Fusion", "Scripts", "Edit")]


def _config_path(here):
    override = os.environ.get("WORKPRINT_RESOLVE_CONFIG")
    if override:
        return override
    for folder in [here, *_user_script_dirs()]:
        if folder and os.path.isfile(os.path.join(folder, CONFIG_NAME)):
            return os.path.join(folder, CONFIG_NAME)
    return None


def _run(script_globals):
    path = _config_path(_here())
    if path:
        try:
            with open(path, encoding="utf-8") as handle:
                lib_dir = json.load(handle).get("lib_dir") or ""
        except (OSError, ValueError) as exc:
            print(f"Workprint: cannot read {path} ({exc}); run `workprint install resolve` again")
            return 2
        # The private folder first: its workprint and client are the ones installed for this Python.
        for folder in (os.path.join(lib_dir, "site"), lib_dir):
            if folder and os.path.isdir(folder) and folder not in sys.path:
                sys.path.insert(0, folder)
    try:
        from workprint.plugin.resolve.main import main
    except ImportError as exc:
        print(
            f"Workprint is not installed for this Python ({sys.executable}): {exc}. "
            "Run `workprint install resolve` and restart DaVinci Resolve."
        )
        return 2
    return main(JOB, script_globals, os.path.dirname(path) if path else _here())


status = _run(globals())
