"""The Resolve dialog's kinds of suggestion: the engine's GetInfo answer over either route, else the plugin's table."""

from __future__ import annotations

import copy
import sys

import pytest
from resolve.fake_ui import FakeBmd, FakeFusionUI

from conftest import TOKEN, free_port
from workprint.engine.domain.kinds import DEFAULT_TRIM_KINDS, KINDS, TRIM_KINDS
from workprint.plugin.resolve.config import PluginConfig
from workprint.plugin.resolve.dialog import Dialog
from workprint.plugin.resolve.engine_link import EngineLink
from workprint.plugin.resolve.tasks import TrimChoices, TrimsTask


def plugin_config(tmp_path, address: str, force_relay: bool = False) -> PluginConfig:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "token").write_text(TOKEN)
    return PluginConfig(
        engine_command=[sys.executable, "-m", "workprint.engine.cli.main"],
        address=address,
        data_dir=str(data),
        token_file=str(data / "token"),
        force_relay=force_relay,
    )


def kind_boxes(dialog: Dialog) -> dict[str, str]:
    """The kind checkboxes the dialog shows: name → the text beside it."""
    return {
        widget_id[len("Kind_") :]: item.Text
        for widget_id, item in dialog.items.items()
        if widget_id.startswith("Kind_")
    }


def trims_dialog(config: PluginConfig, link: EngineLink | None = None) -> Dialog:
    task = TrimsTask(None, config, TrimChoices())
    return Dialog(FakeFusionUI(), FakeBmd(), task, link or EngineLink(config))


@pytest.mark.parametrize("force_relay", [False, True], ids=["grpc", "relay"])
def test_the_dialogs_kinds_are_the_engines(engine, tmp_path, force_relay):
    config = plugin_config(tmp_path, engine.address, force_relay)
    link = EngineLink(config)
    assert link.transport.route == ("relay" if force_relay else "grpc")
    info = link.info()
    # The answer carries the whole table, colours included, whichever route it took.
    assert [row["name"] for row in info["kinds"]] == [kind.name for kind in KINDS]
    assert {row["name"]: row["resolve_colour"] for row in info["kinds"]} == {k.name: k.resolve_colour for k in KINDS}
    dialog = trims_dialog(config, link)
    expected = {kind.name: kind.label for kind in KINDS if kind.name in TRIM_KINDS}
    assert kind_boxes(dialog) == expected
    # A kind off by default (filler words) is offered unticked; the rest ticked.
    assert [row["name"] for row in info["kinds"] if row.get("off_by_default")] == ["filler"]
    assert {name for name in TRIM_KINDS if dialog.items[f"Kind_{name}"].Checked} == set(DEFAULT_TRIM_KINDS)
    # Ticked, it is asked for; the defaults are asked for as none named.
    dialog.items["Kind_filler"].Checked = True
    dialog._read_choices()
    assert dialog.task.choices.kinds == list(TRIM_KINDS)
    dialog.items["Kind_filler"].Checked = False
    dialog._read_choices()
    assert dialog.task.choices.kinds == []


class NewerEngineLink(EngineLink):
    """The real engine's answer as a newer engine would give it: one kind more, one fewer."""

    def info(self, wait_s: float = 5.0):
        answer = copy.deepcopy(super().info(wait_s))
        answer["kinds"] = [row for row in answer["kinds"] if row["name"] != "unsteady"]
        answer["kinds"].append(
            {
                "name": "flub",
                "label": "Flubbed line",
                "job": "trims",
                "applies": "where",
                "description": "a line the actor stumbled on",
            }
        )
        return answer


def test_the_dialog_follows_the_engines_answer_not_its_own_table(engine, tmp_path):
    config = plugin_config(tmp_path, engine.address)
    dialog = trims_dialog(config, NewerEngineLink(config))
    boxes = kind_boxes(dialog)
    assert "unsteady" not in boxes and boxes["flub"] == "Flubbed line"
    assert dialog.items["Kind_flub"].ToolTip == "a line the actor stumbled on"
    # Reading the dialog back: the request names what the engine offered, a kind the plugin never heard of too.
    dialog.items["Kind_slate"].Checked = False
    dialog._read_choices()
    chosen = dialog.task.choices.kinds
    assert "flub" in chosen and "slate" not in chosen and "unsteady" not in chosen
    assert dialog.task.choices.message([kind.name for kind in dialog.task.kinds])["kinds"] == chosen


def test_without_an_engine_the_dialog_uses_the_plugins_own_table(tmp_path):
    config = plugin_config(tmp_path, f"127.0.0.1:{free_port()}")
    link = EngineLink(config)
    assert link.info() is None  # nothing listens, and nothing was started to find out
    assert link.started is None
    dialog = trims_dialog(config, link)
    assert kind_boxes(dialog) == {kind.name: kind.label for kind in KINDS if kind.name in TRIM_KINDS}
    dialog.items["Kind_pause"].Checked = False
    dialog._read_choices()
    assert dialog.task.choices.kinds == [name for name in DEFAULT_TRIM_KINDS if name != "pause"]


def test_the_selects_dialog_picks_a_script_remembered_for_its_project(takes, tmp_path):
    """Choose… opens Fusion's file requester; the script goes with the job and is offered again for this
    project (not for another); None clears it; a script gone from disk is a clear message."""
    from resolve.conftest import media_spec
    from resolve.fake_resolve import build

    from workprint.adapters.resolve.host import context
    from workprint.plugin.resolve.config import load_settings
    from workprint.plugin.resolve.main import _task

    script = tmp_path / "lighthouse.fountain"
    script.write_text("INT. LIGHTHOUSE - NIGHT\n\nMARA\nNobody listens to me in this house.\n")
    config = plugin_config(tmp_path, f"127.0.0.1:{free_port()}")

    def dailies(project: str):
        spec = {"project": project, "fps": 24, "media": media_spec(takes), "timelines": [], "current_folder": "Dailies"}
        return context(build(spec))

    ctx = dailies("Lighthouse")
    fusion = FakeFusionUI(chosen_file=str(script))
    dialog = Dialog(fusion, FakeBmd(), _task("assemble-selects", ctx, config), EngineLink(config))
    dialog._fill_combos()  # as run() does before the window shows
    assert dialog.items["Script"].Text == ""
    dialog.on_pick_script()
    ((_, _, options),) = fusion.requests
    assert "*.fountain" in options["FReqS_Filter"] and "*.fdx" in options["FReqS_Filter"]
    assert dialog.items["Script"].Text == str(script)
    dialog._read_choices()
    settings = dialog.task.request()["settings"]
    assert settings["script_name"] == "lighthouse.fountain" and "Nobody listens" in settings["script_text"]
    assert load_settings(config, "assemble-selects")["scripts"] == {"Lighthouse": str(script)}
    # Remembered for this project, console runs included; another project starts without one.
    assert _task("assemble-selects", dailies("Lighthouse"), config).script_path == str(script)
    other = Dialog(FakeFusionUI(), FakeBmd(), _task("assemble-selects", dailies("Harbour"), config), EngineLink(config))
    assert other.items["Script"].Text == ""
    other.on_pick_script()  # cancelled: nothing chosen
    other._read_choices()
    assert "script_text" not in other.task.request()["settings"]
    assert load_settings(config, "assemble-selects")["scripts"] == {"Lighthouse": str(script)}
    # A script moved away since: the job stops before anything is sent, naming the file.
    script.unlink()
    again = Dialog(
        FakeFusionUI(), FakeBmd(), _task("assemble-selects", dailies("Lighthouse"), config), EngineLink(config)
    )
    again.on_run()
    assert str(script) in again.items["Status"].Text and again.job is None
    again.on_clear_script()
    again._read_choices()
    assert "scripts" in load_settings(config, "assemble-selects")
    assert load_settings(config, "assemble-selects")["scripts"] == {}
