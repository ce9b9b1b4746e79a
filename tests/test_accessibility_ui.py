"""Every control a user can reach has a name that a screen reader can say, read from Qt's accessibility tree."""

from __future__ import annotations

from conftest import open_main_window
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)


def unnamed_controls(top: QWidget) -> list[str]:
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView):
            continue
        parent = widget.parentWidget()
        # Qt's own parts of a control: a line edit's clear button, a combo box's popup list, a table's corner.
        if widget.objectName().startswith("qt_") or isinstance(parent, QLineEdit) or (
                parent is not None and parent.inherits("QComboBoxPrivateContainer")):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Name).strip():
            found.append(f"{type(widget).__name__} {widget.objectName() or '(no object name)'} in "
                         f"{type(parent).__name__}")
    return found


def test_every_control_in_every_pane_has_an_accessible_name(qtbot):
    window = open_main_window(qtbot)
    for index in range(window.panes.count()):
        window.show_pane_at(index)
    assert unnamed_controls(window) == []
    window.close()


def test_the_settings_dialog_names_its_controls_too(qtbot):
    window = open_main_window(qtbot)
    window.edit_settings()
    assert unnamed_controls(window.settings_dialog) == []
    window.settings_dialog.reject()
    window.close()


def test_every_other_dialog_names_its_controls(qtbot, model_path):
    from assistant.core.library.recommended import recommendations
    from assistant.ui.writing.drafting_pane import ComposeDialog
    from assistant.ui.models.model_settings_dialog import ModelSettingsDialog
    from assistant.ui.writing.translation_pane import GlossaryDialog

    window = open_main_window(qtbot, model_path)
    window.edit_task_models()
    window.show_shortcuts()
    window.show_command_palette()
    window.show_welcome(recommendations())
    dialogs = [window.task_dialog, window.shortcuts_dialog, window.command_palette, window.welcome_dialog,
               ComposeDialog(window), GlossaryDialog(window.translation.glossary(), "English → Chinese", window),
               ModelSettingsDialog(window.settings.model_settings(str(model_path)), 8192, window, n_layers=30)]
    unnamed = {type(dialog).__name__: unnamed_controls(dialog) for dialog in dialogs}
    assert unnamed == {type(dialog).__name__: [] for dialog in dialogs}
    for dialog in dialogs:
        dialog.close()
    window.close()
