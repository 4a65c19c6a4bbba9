"""What ranking and grouping need from one take's analysis."""

from __future__ import annotations

import numpy as np

from workprint.engine.analysis.result import MediaAnalysis
from workprint.engine.selects.naming import TakeName
from workprint.engine.selects.ranking import TakeFacts
from workprint.engine.trims.plan import ClipPlan


def take_facts(key: str, name: TakeName, analysis: MediaAnalysis, plan: ClipPlan) -> TakeFacts:
    """Dialogue as the trims logic sees it (calls excluded), picture and sound quality over the take."""
    dialogue = plan.dialogue
    spoken = sum(s.duration for s in dialogue)
    start = dialogue[0].start if dialogue else 0.0
    end = dialogue[-1].end if dialogue else analysis.duration_s
    clipping = sum(max(0.0, min(e.end_s, end) - max(e.start_s, start)) for e in analysis.events if e.kind == "clipping")
    return TakeFacts(
        key=key,
        label=name.label,
        take_number=name.take,
        good=name.good,
        dialogue_s=round(spoken, 3),
        utterances=len(dialogue),
        dialogue_span_s=round(end - start, 3) if dialogue else 0.0,
        sharpness=analysis.mean_sharpness(start, end) if analysis.has_video else None,
        clipping_s=round(clipping, 3),
        exposure=analysis.mean_luma(start, end) if analysis.has_video else None,
        has_picture=analysis.has_video,
        duration_s=analysis.duration_s,
    )


def signature(analysis: MediaAnalysis) -> np.ndarray | None:
    sig = analysis.signature() if analysis.has_video else None
    return None if sig is None else np.asarray(sig, dtype=np.float32)
