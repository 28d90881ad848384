"""The smaller defects of issue 16, each checked in the real window or view: the list's
highlight follows the shown conversation after a right-click, "1 result", "Run the model
on" as a choice, the restart notice only for a real change and on its own page, the model
from AGENTIC_DESK_MODEL shown as in use, the Models cards keep their size after "Check
Hugging Face again", the privacy levels explained, and the API server's plain message
when there is no keyring."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from agentic_desk.core.privacy.levels import Privacy
from agentic_desk.core.secrets import KeyringUnavailable
from agentic_desk.ui.api_server_box import ApiServerBox
from agentic_desk.ui.models.panel import INSTALLED
from agentic_desk.ui.settings.common import PRIVACY_HELP, PRIVACY_LABELS
from agentic_desk.ui.sidebar import ROLE_ID
from gui_helpers import Jobs, reload_list, send, settings_file


def row_of(window: Any, conv_id: str) -> int:
    return int(window.list_model.row_of(conv_id))


def test_a_right_click_leaves_the_highlight_on_the_shown_chat(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, "first chat about apples")
    shown = window.current_id
    window.new_chat()
    send(qtbot, window, "second chat about pears")
    reload_list(qtbot, window, window.refresh_list)
    with qtbot.waitSignal(window.view_ready, timeout=30_000):
        window.open_conversation(shown)
    other = next(
        window.list_model.index(r).data(ROLE_ID)
        for r in range(window.list_model.rowCount())
        if window.list_model.index(r).data(ROLE_ID) not in (None, shown)
    )
    sidebar = window.sidebar
    menus: list[list[str]] = []
    sidebar.run_menu = lambda menu, _where: menus.append([a.text() for a in menu.actions()])
    view = sidebar.list_view
    rect = view.visualRect(window.list_model.index(row_of(window, other)))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=rect.center())
    if not menus:  # a platform that opens context menus on release only: ask for it
        view.customContextMenuRequested.emit(rect.center())
    assert menus and "Rename…" in menus[0]
    assert window.current_id == shown
    assert view.currentIndex().data(ROLE_ID) == shown


def test_search_says_one_result_plainly(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    send(qtbot, window, "notes about the lighthouse keeper")
    window.new_chat()
    send(qtbot, window, "something else about cats")
    reload_list(
        qtbot,
        window,
        lambda: window.search.setText("lighthouse"),
        "lighthouse",
        until=lambda: window.list_model.rowCount() == 2,
    )
    header = window.list_model.index(0).data(Qt.ItemDataRole.DisplayRole)
    assert header == "1 result"
    reload_list(qtbot, window, lambda: window.search.setText("about"), "about")
    assert window.list_model.index(0).data(Qt.ItemDataRole.DisplayRole) == "2 results"


# ---- settings ---------------------------------------------------------------------------


def test_run_the_model_on_is_a_choice_in_order(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    view = window.settings_view
    jobs = Jobs(qtbot, view)
    combo = view.general.rows["engine.execution_providers"].editor
    assert combo.metaObject().className() == "QComboBox"
    choices = [combo.itemData(i) for i in range(combo.count())]
    assert choices[0] == "auto" and "cuda,cpu" in choices and "cpu" in choices
    assert combo.currentData() == "auto"
    jobs.run(lambda: combo.setCurrentIndex(combo.findData("cuda,cpu")), "save")
    assert settings_file()["engine"]["execution_providers"] == ["cuda", "cpu"]
    assert not view.general.rows["engine.execution_providers"].error.isVisible()


def test_restart_notice_only_for_a_real_change_and_on_its_page(
    qtbot: Any, make_window: Any
) -> None:
    window = make_window()
    window.show_settings()
    view = window.settings_view
    jobs = Jobs(qtbot, view)
    row = view.general.rows["engine.max_context_tokens"]
    before = row.editor.text()

    def retype(text: str) -> None:
        row.editor.setText(text)
        row._commit(row, row._value_of(text))  # as editingFinished with a typed value

    restarts: list[str] = []
    view.restart_needed.connect(restarts.append)
    jobs.run(lambda: retype(before), "save")  # the same value typed again
    assert restarts == [] and not view.restart_banner.isVisibleTo(view)
    jobs.run(lambda: retype("4096"), "save")
    assert restarts == ["longest conversation"]
    assert view.restart_banner.isVisibleTo(view)
    view.show_section("Privacy & cloud")  # not this page's setting: no notice here
    assert not view.restart_banner.isVisibleTo(view)
    view.show_section("General")
    assert view.restart_banner.isVisibleTo(view)
    jobs.run(lambda: retype(before), "save")  # back to what the app runs with
    assert not view.restart_banner.isVisibleTo(view)


def test_the_privacy_levels_are_explained(qtbot: Any, make_window: Any) -> None:
    window = make_window()
    chat = window.chat
    for index in range(chat.privacy.count()):
        level = Privacy(chat.privacy.itemData(index))
        tip = chat.privacy.itemData(index, Qt.ItemDataRole.ToolTipRole)
        assert tip == PRIVACY_HELP[level] and tip
    explained = chat.privacy_help.toolTip()
    for level in Privacy:
        assert f"{PRIVACY_LABELS[level]}: {PRIVACY_HELP[level]}" in explained
    assert "Never leaves this computer" in PRIVACY_HELP[Privacy.LOCAL_ONLY]
    local = chat.message_private.findData(Privacy.LOCAL_ONLY.value)
    assert chat.message_private.itemData(local, Qt.ItemDataRole.ToolTipRole)
    row = window.settings_view.privacy.rows["privacy.default_level"]
    assert "Local only" in row.help.text()
    assert row.editor.itemData(0, Qt.ItemDataRole.ToolTipRole)


# ---- models -----------------------------------------------------------------------------


def test_the_model_from_the_environment_shows_as_in_use(
    qtbot: Any, make_window: Any, scripted_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTIC_DESK_MODEL", str(scripted_model))
    window = make_window()
    panel = window.models_panel
    with qtbot.waitSignal(panel.installed_ready, timeout=30_000):
        panel.refresh_installed()
    assert panel.tabs.tabText(INSTALLED) == "Installed (0) · 1 in use"
    table = panel.installed_table
    assert table.rowCount() == 1
    assert table.item(0, 6).text() == "In use"  # (English: no translator installed)
    assert table.item(0, 6).toolTip() == "In use (from AGENTIC_DESK_MODEL)"
    table.selectRow(0)
    assert not panel.remove_button.isEnabled()  # no store action on it


def test_the_models_cards_keep_their_size_after_asking_the_hub_again(
    qtbot: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens: offline
    window = make_window()
    window.show_models()
    panel = window.models_panel
    qtbot.waitExposed(panel)
    # the catalog as the window read it at start (not asked: a short text)
    qtbot.waitUntil(panel.recommended.refresh_button.isEnabled, timeout=30_000)
    assert "offline" not in panel.recommend_text.text()

    def sizes() -> tuple[int, int, int, int]:
        return (
            panel.recommended.width(),
            panel.hardware.width(),
            panel.recommended.height(),
            panel.tabs.y(),
        )

    for _ in range(3):  # the layout settled (its requests are posted events), as after
        QApplication.processEvents()
    window.layout().activate()
    before = sizes()
    with qtbot.waitSignal(panel.catalog_ready, timeout=60_000):
        qtbot.mouseClick(panel.recommended.refresh_button, Qt.MouseButton.LeftButton)
    assert "offline" in panel.recommend_text.text()
    assert "ConnectError" not in panel.recommend_text.text()
    assert ").)" not in panel.recommend_text.text()
    window.layout().activate()
    assert sizes() == before


# ---- the API server without a keyring ---------------------------------------------------

TECHNICAL = (
    "No OS keyring is available to store API keys: keyring.backends.fail.Keyring "
    "(secretstorage.exceptions.SecretServiceNotAvailableError: Could not connect to "
    "org.freedesktop.secrets over the D-Bus session bus at unix:path=/run/user/1000/bus)."
)


def test_no_keyring_is_said_plainly_with_details_on_request(qtbot: Any) -> None:
    def make_server() -> Any:
        raise KeyringUnavailable(TECHNICAL, "Install and start gnome-keyring-daemon (…).")

    box = ApiServerBox(make_server)
    qtbot.addWidget(box)
    box.show()
    with qtbot.waitSignal(box.failed, timeout=30_000):
        box.switch.setChecked(True)
    status = box.status.text()
    assert "keyring" in status and "turn this on again" in status
    assert status.count(".") <= 3 and len(status) < 260
    for jargon in ("D-Bus", "secretstorage", "backends", "Error"):
        assert jargon not in status
    assert box.details_button.isVisible() and not box.details.isVisible()
    qtbot.mouseClick(box.details_button, Qt.MouseButton.LeftButton)
    assert box.details.isVisible() and TECHNICAL in box.details.text()
    assert not box.switch.isChecked()
