"""The shell's dialogs each have one primary action, their default button, drawn in the accent in both themes; the
Settings dialog's controls are in titled groups, each a group a screen reader names."""

from __future__ import annotations

import pytest
from conftest import open_main_window
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtWidgets import QGroupBox, QPushButton

from assistant.ui.common import theme
from assistant.ui.common.design_tokens import tokens


def defaults(dialog) -> list[QPushButton]:
    return [button for button in dialog.findChildren(QPushButton) if button.isDefault()]


def centre_colour(button: QPushButton) -> str:
    image = button.grab().toImage()
    # Left of the words, halfway down: the button's face.
    return QColor(image.pixel(image.width() // 10, image.height() // 2)).name()


@pytest.mark.parametrize("dark", [False, True])
def test_each_dialog_has_one_primary_button_in_the_accent(qtbot, dark):
    window = open_main_window(qtbot)
    theme.apply("dark" if dark else "light")
    try:
        window.edit_settings()
        window.show_shortcuts()
        dialogs = {"settings": window.settings_dialog, "shortcuts": window.shortcuts_dialog}
        for name, dialog in dialogs.items():
            qtbot.waitExposed(dialog)
            window.activateWindow()  # no button of the dialog has the focus: the default is the dialog's own
            (primary,) = defaults(dialog)
            assert primary.text() == "Close", name
            assert centre_colour(primary) == tokens(dark)["accent"], name
            others = [b for b in dialog.findChildren(QPushButton) if b.isVisible() and b is not primary]
            assert all(centre_colour(b) != tokens(dark)["accent"] for b in others), name
        for dialog in dialogs.values():
            dialog.close()
    finally:
        theme.apply("light")
        window.close()


def test_settings_groups_have_titles_that_name_them(qtbot):
    window = open_main_window(qtbot)
    try:
        window.edit_settings()
        groups = window.settings_dialog.findChildren(QGroupBox)
        names = {group.objectName(): QAccessible.queryAccessibleInterface(group).text(QAccessible.Text.Name)
                 for group in groups}
        assert names == {"appearanceGroup": "Language and theme", "tokenGroup": "Hugging Face Hub",
                         "connectionGroup": "Connection", "hardwareGroup": "This computer",
                         "sourceGroup": "Where models come from"}
        window.settings_dialog.reject()
    finally:
        window.close()
