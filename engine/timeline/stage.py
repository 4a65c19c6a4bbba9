"""What the first stages of a job found: the media behind each clip, and each media file's analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import opentimelineio as otio

from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.timeline.media import MediaSource


@dataclass
class MediaStage:
    """Media per clip (by the clip object's identity) and analysis per file: the lookup decisions use."""

    sources: dict[int, MediaSource] = field(default_factory=dict)
    analyses: dict[Path, MediaAnalysis] = field(default_factory=dict)

    def source_of(self, clip: otio.schema.Clip) -> MediaSource | None:
        return self.sources.get(id(clip))

    def analysis_of(self, clip: otio.schema.Clip) -> MediaAnalysis | None:
        source = self.source_of(clip)
        return self.analyses.get(source.path) if source else None

    def media_of(self, clip: otio.schema.Clip) -> tuple[MediaAnalysis, str] | None:
        """The clip's analysis and its media file's key (clips of one file may belong together), or None."""
        source = self.source_of(clip)
        analysis = self.analyses.get(source.path) if source else None
        return (analysis, str(source.path)) if source is not None and analysis is not None else None
