"""The Models and Servers dialogs each have one primary action, which is their default button; Enter in the
Servers dialog's address field checks and adds the server, and never uses a model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from assistant.core.engines.remote.server_list import ServerList, normalize_url
from assistant.core.storage.database import connect
from assistant.core.storage.settings import ModelSettings, Settings
from assistant.ui.common.background import Background
from assistant.ui.models.model_settings_dialog import ModelSettingsDialog
from assistant.ui.models.task_models_dialog import TaskModelsDialog
from assistant.ui.servers.servers_dialog import ServersDialog


def primaries(dialog) -> list[QPushButton]:
    return [button for button in dialog.findChildren(QPushButton) if button.property("primary")]


def test_model_settings_and_task_models_have_ok_as_their_one_primary_action(qtbot, tmp_path):
    settings = Settings(connect(tmp_path / "history.db"))
    for dialog in (ModelSettingsDialog(ModelSettings(), 8192, n_layers=30, plan_lines=["Fits on the CPU."]),
                   TaskModelsDialog(settings, [("SmolLM2", "/models/smollm2.gguf")])):
        qtbot.addWidget(dialog)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok)
        assert primaries(dialog) == [ok] and ok.isDefault()
        assert dialog.width() <= 900 and dialog.height() <= 600


def test_the_servers_dialog_uses_a_model_as_its_primary_and_enter_in_the_address_adds(qtbot, tmp_path):
    background = Background()
    dialog = ServersDialog(ServerList(Settings(connect(tmp_path / "history.db"))), background, lambda _url: None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert primaries(dialog) == [dialog.use_button] and dialog.use_button.isDefault()
    assert not dialog.use_button.isEnabled()  # no model to use yet
    dialog.url_edit.setFocus()
    dialog.url_edit.setText("ftp://not-a-server")
    with qtbot.assertNotEmitted(dialog.use_model):
        qtbot.keyClick(dialog.url_edit, Qt.Key_Return)
    with pytest.raises(ValueError) as refused:
        normalize_url("ftp://not-a-server")
    assert dialog.status.text() == str(refused.value)  # checked, as Check and add does
    assert dialog.isVisible()
    background.shutdown()


def words_fit(button: QPushButton) -> bool:
    """The button's words fit in the room its style leaves them (the style sheet's padding and border)."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    option = QStyleOptionButton()
    button.initStyleOption(option)
    room = button.style().subElementRect(QStyle.SE_PushButtonContents, option, button)
    return room.width() >= button.fontMetrics().horizontalAdvance(button.text())


def test_a_button_keeps_room_for_its_words_when_it_becomes_the_default_or_is_enabled(qtbot):
    """Qt works a button's size out once; the primary look must not need more room than the state before it had
    (the servers dialog's "Use this model" was cut to "Use this mode" once enabled)."""
    from PySide6.QtWidgets import QDialog, QHBoxLayout

    from assistant.ui.common import theme

    theme.apply("light")
    dialog = QDialog()
    qtbot.addWidget(dialog)
    row = QHBoxLayout(dialog)
    use, remove, run = (QPushButton(text, dialog) for text in ("Use this model", "Remove server", "Translate now"))
    run.setProperty("primary", True)
    use.setEnabled(False)
    run.setEnabled(False)
    for button in (use, remove, run):
        row.addWidget(button)
    dialog.show()
    qtbot.waitExposed(dialog)
    remove.setDefault(True)  # as a dialog makes the first button that takes the focus its default
    assert words_fit(remove)
    use.setEnabled(True)
    run.setEnabled(True)
    use.setDefault(True)
    assert use.isDefault() and all(words_fit(button) for button in (use, remove, run))
    remove.setDefault(True)  # and as its default moves to the button with the focus
    assert all(words_fit(button) for button in (use, remove, run))
