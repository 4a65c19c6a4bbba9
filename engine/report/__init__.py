"""The review report: one self-contained HTML file to judge every suggestion by eye and ear.

Per changed clip, a filmstrip across its original range with what would go
shaded, the waveform under it with speech marked, and each change's reason
and confidence; for selects, each setup's takes side by side with why the
chosen one won. Pictures and waveforms come from the analysis cache (the
one decode pass), handed in as a PreviewShelf, embedded so the file can be mailed.
"""

from workprint.engine.report.previews import PreviewShelf
from workprint.engine.report.selects import selects_report
from workprint.engine.report.trims import trims_report

__all__ = ["PreviewShelf", "selects_report", "trims_report"]
