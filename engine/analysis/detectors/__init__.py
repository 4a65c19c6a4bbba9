"""Every detector, one module each; importing this package registers them all."""

from workprint.engine.analysis.detectors import (  # noqa: F401 - imported to register
    black,
    blur,
    exposure,
    flash,
    motion,
    shots,
    signature,
    slate,
    sound,
    speech,
    thumbnails,
)
