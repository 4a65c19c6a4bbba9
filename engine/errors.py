"""The one exception hierarchy of Workprint.

Domain code raises these; the gRPC servicer maps them to status codes
(engine/server/status.py), the command line to messages and exit codes
(engine/cli/main.py), and the client maps status codes back to them
(plugin/client.py). Only entry points exit. This module imports nothing
heavy: the in-host client uses it too.
"""

from __future__ import annotations


class WorkprintError(Exception):
    """Base of every error a user may see. The message is for people."""

    #: Exit status of the command line for this kind of error.
    exit_code = 1


class InputError(WorkprintError):
    """The input is not what the job needs: malformed file, wrong OTIO object, unknown format."""

    exit_code = 2


class MediaError(WorkprintError):
    """A media file is missing, unreadable or not media at all."""

    exit_code = 3


class ModelError(WorkprintError):
    """A model's weights are missing, altered or cannot be loaded (they come from installed packages)."""

    exit_code = 7


class ConfigError(WorkprintError):
    """A setting that cannot work (a public address without a token, a bad value)."""

    exit_code = 2


class HostError(InputError):
    """The host (Resolve...) is not in a state the job can work with: no project, no timeline, too old."""


class ApplyError(WorkprintError):
    """Applying the engine's answer in the host failed; the message says what was kept."""

    exit_code = 6


class EngineUnavailable(WorkprintError):
    """The engine cannot be reached, or stopped answering."""

    exit_code = 4


class AuthError(WorkprintError):
    """The engine refused the call's token."""

    exit_code = 5


class JobCancelled(WorkprintError):
    """The job was cancelled, or its deadline passed, before it finished."""

    exit_code = 130


class EngineFault(WorkprintError):
    """Something inside the engine failed that is not the input's fault."""

    exit_code = 70
