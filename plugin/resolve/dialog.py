"""The dialog inside Resolve, built with Fusion's UIManager.

UIManager has no progress bar: a label says what the engine does and a
disabled slider shows how far it is, both driven by a ui.Timer that polls
the job. Cancel stops the engine's job (nothing in Resolve has changed
until the answer is applied); at the end the summary is shown and, when a
review report was asked for, a button opens it.
"""

from __future__ import annotations

import os
import webbrowser
from collections.abc import Sequence
from pathlib import Path

from workprint.adapters.resolve.host import has_api
from workprint.engine import errors
from workprint.plugin.resolve.config import save_settings
from workprint.plugin.resolve.engine_link import EngineLink
from workprint.plugin.resolve.tasks import (
    SCRIPT_FILTER,
    KindChoice,
    RunningJob,
    SelectsChoices,
    SelectsTask,
    TrimChoices,
    TrimsTask,
    default_kinds,
    progress_text,
    trim_kinds_from_info,
)

WINDOW_ID = "WorkprintWindow"
TIMER_ID = "WorkprintPoll"
SLIDER_STEPS = 1000


def _trim_controls(ui, choices: TrimChoices, review: bool, kinds: Sequence[KindChoice] = ()) -> list:
    rows = [
        ui.HGroup(
            [
                ui.Label({"Text": "Frames kept before the first word"}),
                ui.SpinBox({"ID": "PadBefore", "Minimum": 0, "Maximum": 240, "Value": choices.pad_before_frames}),
            ]
        ),
        ui.HGroup(
            [
                ui.Label({"Text": "Frames kept after the last word"}),
                ui.SpinBox({"ID": "PadAfter", "Minimum": 0, "Maximum": 240, "Value": choices.pad_after_frames}),
            ]
        ),
        ui.HGroup(
            [
                ui.Label({"Text": "Close pauses longer than (seconds)"}),
                ui.DoubleSpinBox(
                    {"ID": "MinPause", "Minimum": 0.1, "Maximum": 60.0, "SingleStep": 0.1, "Value": choices.min_pause_s}
                ),
            ]
        ),
        ui.CheckBox(
            {"ID": "RemovePauses", "Text": "Remove long pauses inside takes", "Checked": choices.remove_pauses}
        ),
    ]
    if review:
        rows += [
            ui.CheckBox({"ID": "Ripple", "Text": "Close the gaps trims leave (ripple)", "Checked": choices.ripple}),
            ui.CheckBox(
                {"ID": "ReviewOnly", "Text": "Review only: add markers, change no edit", "Checked": choices.review_only}
            ),
            ui.Label({"Text": "Suggestions to make:"}),
        ]
        # Saved choices name kinds; none saved means the defaults (every kind but those off by default).
        chosen = set(choices.kinds or default_kinds(kinds))
        for start in range(0, len(kinds), 3):
            rows.append(
                ui.HGroup(
                    [
                        ui.CheckBox(
                            {
                                "ID": f"Kind_{kind.name}",
                                "Text": kind.label,
                                "ToolTip": kind.description,
                                "Checked": kind.name in chosen,
                            }
                        )
                        for kind in kinds[start : start + 3]
                    ]
                )
            )
    return rows


class Dialog:
    def __init__(self, fusion, bmd, task, link: EngineLink) -> None:
        self.fusion = fusion
        self.ui = fusion.UIManager
        self.disp = bmd.UIDispatcher(self.ui)
        self.task, self.link = task, link
        self.job: RunningJob | None = None
        self.report_path: str | None = None
        self.exit_code = 0
        if isinstance(task, TrimsTask):
            # The engine's table of kinds when one already runs; the plugin's own otherwise.
            task.kinds = trim_kinds_from_info(link.info())
        self.window = self.disp.AddWindow(
            {"ID": WINDOW_ID, "WindowTitle": f"Workprint – {task.title}", "Geometry": [200, 200, 520, 560]},
            [self.ui.VGroup({"Spacing": 6}, self._controls())],
        )
        self.items = self.window.GetItems()
        self.timer = self.ui.Timer({"ID": TIMER_ID, "Interval": 200})
        self.window.On[WINDOW_ID].Close = self.on_close
        self.window.On.Run.Clicked = self.on_run
        self.window.On.Cancel.Clicked = self.on_cancel
        self.window.On.OpenReport.Clicked = self.on_open_report
        if isinstance(task, SelectsTask):
            self.window.On.PickScript.Clicked = self.on_pick_script
            self.window.On.ClearScript.Clicked = self.on_clear_script
        self.disp.On.Timeout = self.on_timer

    def _controls(self) -> list:
        ui, task = self.ui, self.task
        if isinstance(task, TrimsTask):
            rows = _trim_controls(ui, task.choices, review=True, kinds=task.kinds)
        else:
            rows = [
                ui.HGroup([ui.Label({"Text": "Lay out"}), ui.ComboBox({"ID": "Mode"})]),
                ui.HGroup([ui.Label({"Text": "Alternates"}), ui.ComboBox({"ID": "Alternates"})]),
                ui.HGroup(
                    [
                        ui.Label({"Text": "Script"}),
                        ui.LineEdit(
                            {
                                "ID": "Script",
                                "Text": task.script_path,
                                "PlaceholderText": "none: each setup's lines from what its takes say",
                                "ToolTip": "Plain text, Fountain or Final Draft (.fdx): each take's lines are "
                                "checked against it. Remembered for this project.",
                            }
                        ),
                        ui.Button({"ID": "PickScript", "Text": "Choose…"}),
                        ui.Button({"ID": "ClearScript", "Text": "None"}),
                    ]
                ),
                *_trim_controls(ui, task.trims, review=False),
            ]
        rows += [
            ui.CheckBox({"ID": "Report", "Text": "Write the review report", "Checked": task.choices.report}),
            ui.Label({"ID": "Status", "Text": "Ready.", "WordWrap": True}),
            ui.Slider({"ID": "Progress", "Minimum": 0, "Maximum": SLIDER_STEPS, "Value": 0, "Enabled": False}),
            ui.TextEdit({"ID": "Summary", "ReadOnly": True, "Text": ""}),
            ui.HGroup(
                [
                    ui.Button({"ID": "OpenReport", "Text": "Open report", "Enabled": False}),
                    ui.Button({"ID": "Cancel", "Text": "Close"}),
                    ui.Button({"ID": "Run", "Text": "Run", "Default": True}),
                ]
            ),
        ]
        return rows

    def _fill_combos(self) -> None:
        if isinstance(self.task, SelectsTask):
            for combo, values, current in (
                ("Mode", ("assembly", "stringout"), self.task.choices.mode),
                ("Alternates", ("tracks", "takes"), self.task.choices.alternates),
            ):
                for value in values:
                    self.items[combo].AddItem(value)
                self.items[combo].CurrentIndex = values.index(current)

    def run(self) -> int:
        self._fill_combos()
        self.window.Show()
        self.disp.RunLoop()
        self.window.Hide()
        return self.exit_code

    def _read_trims(self, choices: TrimChoices, review: bool) -> TrimChoices:
        items = self.items
        choices.pad_before_frames = int(items["PadBefore"].Value)
        choices.pad_after_frames = int(items["PadAfter"].Value)
        choices.min_pause_s = float(items["MinPause"].Value)
        choices.remove_pauses = bool(items["RemovePauses"].Checked)
        if review:
            choices.ripple = bool(items["Ripple"].Checked)
            choices.review_only = bool(items["ReviewOnly"].Checked)
            offered = [kind.name for kind in self.task.kinds]
            kinds = [name for name in offered if items[f"Kind_{name}"].Checked]
            if not kinds:
                raise errors.InputError("choose at least one kind of suggestion")
            # The defaults are saved as none named, so a later engine's defaults apply.
            choices.kinds = [] if kinds == default_kinds(self.task.kinds) else kinds
        return choices

    def _read_choices(self) -> None:
        task = self.task
        if isinstance(task, TrimsTask):
            task.choices = self._read_trims(task.choices, review=True)
            task.choices.report = bool(self.items["Report"].Checked)
            save_settings(task.config, task.settings_key, vars(task.choices))
        else:
            items = self.items
            task.choices = SelectsChoices(
                str(items["Mode"].CurrentText), str(items["Alternates"].CurrentText), bool(items["Report"].Checked)
            )
            task.trims = self._read_trims(task.trims, review=False)
            task.script_path = str(items["Script"].Text or "").strip()
            save_settings(task.config, task.settings_key, task.saved())

    def _status(self, text: str) -> None:
        self.items["Status"].Text = text

    def _busy(self, busy: bool) -> None:
        self.items["Run"].Enabled = not busy
        self.items["Cancel"].Text = "Cancel" if busy else "Close"

    def on_run(self, event=None) -> None:
        try:
            self._read_choices()
            self._status("Reading from Resolve…")
            request = self.task.request()
            self._status(f"Sending to the engine at {self.link.config.address}…")
            self.job = RunningJob(self.link.start(self.task.call, request))
        except errors.WorkprintError as exc:
            self._fail(exc)
            return
        self.items["Summary"].Text = ""
        self.items["Progress"].Value = 0
        self._busy(True)
        self.timer.Start()

    def on_timer(self, event=None) -> None:
        job = self.job
        if job is None:
            return
        for update in job.poll():
            text, fraction = progress_text(update)
            if text:
                self._status(text)
            if fraction is not None:
                self.items["Progress"].Value = int(fraction * SLIDER_STEPS)
        if not job.done:
            return
        self.timer.Stop()
        self.job = None
        self._busy(False)
        if job.error is not None:
            self._fail(errors.JobCancelled("cancelled; nothing was changed") if job.cancelled else job.error)
            return
        try:
            self._status("Applying in Resolve…")
            summary = self.task.finish(job.result, job.warnings)
        except errors.WorkprintError as exc:
            self._fail(exc)
            return
        self.items["Progress"].Value = SLIDER_STEPS
        self._status("Done.")
        self.items["Summary"].Text = summary.text()
        self.report_path = summary.report_path
        self.items["OpenReport"].Enabled = bool(summary.report_path)
        self.exit_code = 0

    def _fail(self, exc: errors.WorkprintError) -> None:
        self._status(f"Stopped: {exc}")
        self.items["Summary"].Text = str(exc)
        self.exit_code = exc.exit_code

    def on_cancel(self, event=None) -> None:
        if self.job is not None:
            self._status("Cancelling…")
            self.job.cancel()
            return
        self.disp.ExitLoop()

    def on_close(self, event=None) -> None:
        if self.job is not None:
            self.job.cancel()
            self.job.wait(30)
            self.timer.Stop()
        self.disp.ExitLoop()

    def on_pick_script(self, event=None) -> None:
        """Fusion's own file requester, starting in the folder of the script chosen last."""
        if not has_api(self.fusion, "RequestFile"):
            self._status("This Resolve offers no file requester: type the script's path")
            return
        current = str(self.items["Script"].Text or "").strip()
        folder = os.path.dirname(current) if current else os.path.expanduser("~")
        chosen = self.fusion.RequestFile(
            folder, "", {"FReqS_Filter": SCRIPT_FILTER, "FReqS_Title": "Choose the script of these dailies"}
        )
        if chosen:
            self.items["Script"].Text = str(chosen)

    def on_clear_script(self, event=None) -> None:
        self.items["Script"].Text = ""

    def on_open_report(self, event=None) -> None:
        if self.report_path:
            webbrowser.open(Path(self.report_path).as_uri())


def run_dialog(fusion, bmd, task, link: EngineLink) -> int:
    return Dialog(fusion, bmd, task, link).run()
