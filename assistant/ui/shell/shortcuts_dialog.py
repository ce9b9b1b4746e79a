"""Help › Keyboard shortcuts: every shortcut the menus define (read from them, so the list cannot drift), and the
keys that work inside a pane."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from assistant.core.i18n import translate
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import close_buttons
from assistant.ui.shell.command_palette import Command


def in_panes() -> list[tuple[str, str]]:
    """Keys that belong to one widget rather than to a menu."""
    return [
        (translate("ShortcutsDialog", "Chat › Send the message"), "Enter"),
        (translate("ShortcutsDialog", "Chat › New line in the message"), "Shift+Enter"),
        (translate("ShortcutsDialog", "Chat › Rename the selected conversation"), "F2"),
        (translate("ShortcutsDialog", "Chat › Delete the selected conversation"), "Del"),
        (translate("ShortcutsDialog", "Any list › Move"), "Up, Down, Page Up, Page Down"),
        (translate("ShortcutsDialog", "Anywhere › Next or previous control"), "Tab, Shift+Tab"),
    ]


class ShortcutsDialog(QDialog):
    def __init__(self, commands: list[Command], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = [(c.title, c.shortcut) for c in commands if c.shortcut] + in_panes()
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for row, (action, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(action))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = close_buttons(self)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(SPACING["l"],) * 4)
        layout.setSpacing(SPACING["l"])
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 520)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text()) for r in range(self.table.rowCount())]
