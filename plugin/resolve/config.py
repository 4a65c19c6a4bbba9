"""What the installer recorded, and what the editor chose last time.

The installer writes workprint.json next to the menu scripts: which engine
environment to start, where the plugin's private library folder is, the
engine's address and the file holding its token. The editor's last
settings are kept in the data folder, so the next run (and a run without a
dialog) starts from them.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from dataclasses import dataclass, field

from workprint.plugin.protocol.contract import DEFAULT_ADDRESS

CONFIG_NAME = "workprint.json"
#: Points the scripts at another config file (tests, unusual installs).
CONFIG_ENV = "WORKPRINT_RESOLVE_CONFIG"


@dataclass
class PluginConfig:
    #: The engine environment's command, e.g. ["/path/venv/bin/python", "-m", "workprint.engine.cli.main"].
    engine_command: list[str] = field(default_factory=lambda: ["workprint"])
    address: str = DEFAULT_ADDRESS
    data_dir: str = ""
    token_file: str = ""
    lib_dir: str = ""
    #: How long to wait for an engine this plugin started (the first start loads models).
    start_timeout_s: float = 120.0
    #: Take the standard-library route even where grpcio loads.
    force_relay: bool = False
    #: The analysis cache of an engine this plugin starts (empty: the engine's default).
    cache_dir: str = ""
    path: str = ""

    def token(self) -> str:
        """The engine's token, made on first use and readable only by this user."""
        path = self.token_file or os.path.join(self.data_dir or default_data_dir(), "token")
        try:
            with open(path, encoding="utf-8") as handle:
                value = handle.read().strip()
            if value:
                return value
        except OSError:
            pass
        value = secrets.token_urlsafe(24)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(value)
        return value

    @property
    def data(self) -> str:
        return self.data_dir or default_data_dir()


def default_data_dir() -> str:
    home = os.path.expanduser("~")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Application Support", "Workprint", "resolve")
    if sys.platform.startswith("win"):
        return os.path.join(
            os.environ.get("APPDATA") or os.path.join(home, "AppData", "Roaming"), "Workprint", "resolve"
        )
    return os.path.join(home, ".local", "share", "workprint", "resolve")


def find_config(script_dir: str | None = None) -> str | None:
    candidates = [os.environ.get(CONFIG_ENV)]
    if script_dir:
        candidates.append(os.path.join(script_dir, CONFIG_NAME))
    return next((c for c in candidates if c and os.path.isfile(c)), None)


def load_config(path: str | None) -> PluginConfig:
    if not path:
        return PluginConfig()
    try:
        with open(path, encoding="utf-8") as handle:
            raw = json.load(handle)
    except (OSError, ValueError):
        return PluginConfig(path=path)
    known = {k: v for k, v in raw.items() if k in PluginConfig.__dataclass_fields__ and k != "path"}
    return PluginConfig(path=path, **known)


def _settings_path(config: PluginConfig) -> str:
    return os.path.join(config.data, "settings.json")


def load_settings(config: PluginConfig, job: str) -> dict:
    try:
        with open(_settings_path(config), encoding="utf-8") as handle:
            value = json.load(handle).get(job)
        return value if isinstance(value, dict) else {}
    except (OSError, ValueError, AttributeError):
        return {}


def save_settings(config: PluginConfig, job: str, values: dict) -> None:
    path = _settings_path(config)
    try:
        with open(path, encoding="utf-8") as handle:
            everything = json.load(handle)
    except (OSError, ValueError):
        everything = {}
    everything[job] = values
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(everything, handle, indent=2)
    except OSError:
        pass  # settings are a convenience: a read-only disk must not stop the job
