"""Ctrl+K (Cmd+K on macOS): type a few letters of any action or conversation and press Enter. The list is built
from the window's own menu actions each time it opens, so it never drifts from the menus."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QMenu, QVBoxLayout, QWidget

from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.ui_language import Texts, Translatable

MAX_SHOWN = 50


@dataclass
class Command:
    title: str
    run: Callable[[], None]
    shortcut: str = ""


def score(query: str, title: str) -> int | None:
    """How well ``title`` matches what was typed: every word must occur in it; None when one does not. Lower is
    better: a title that starts with the first word comes first, then shorter titles."""
    words = query.lower().split()
    text = title.lower()
    if not all(word in text for word in words):
        return None
    if not words:
        return 0
    return (0 if text.startswith(words[0]) or f" {words[0]}" in text else 1000) + len(text)


def plain_label(text: str) -> str:
    """A menu text as the user reads it: no mnemonic "&" ("&&" is a real ampersand), nor the "(&F)" that Chinese
    menus add for it, and no trailing ellipsis."""
    text = re.sub(r"\s*\(&[^&]\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def menu_commands(menus: list[QMenu], include_disabled: bool = False) -> list[Command]:
    """Every action of these menus and their submenus, titled "Menu › Action"; only the enabled ones unless
    ``include_disabled`` (the shortcuts window lists them all)."""
    commands = []

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible() or not (action.isEnabled() or include_disabled):
                continue
            label = plain_label(action.text())
            if action.menu() is not None:
                walk(action.menu(), f"{path} › {label}")
            else:
                shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                commands.append(Command(f"{path} › {label}", action.trigger, shortcut))

    for menu in menus:
        walk(menu, plain_label(menu.title()))
    return commands


class CommandPalette(Translatable, QDialog):
    def __init__(self, commands: list[Command], parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Popup | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("commandPalette")
        texts = self.texts = Texts(self)
        texts.bind(self.setAccessibleName, lambda: self.tr("Command palette"))
        self.commands = commands
        self.chosen: Command | None = None
        self.query = QLineEdit(self)
        texts.bind(self.query.setPlaceholderText, lambda: self.tr("Type an action or a conversation…"))
        texts.bind(self.query.setAccessibleName, lambda: self.tr("Search actions and conversations"))
        self.query.textChanged.connect(self._filter)
        self.query.returnPressed.connect(self._run_current)
        self.query.installEventFilter(self)
        self.results = QListWidget(self)
        texts.bind(self.results.setAccessibleName, lambda: self.tr("Matching actions and conversations"))
        self.results.itemActivated.connect(lambda _item: self._run_current())
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing always goes to the search box
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(SPACING["m"],) * 4)
        layout.setSpacing(SPACING["s"])
        layout.addWidget(self.query)
        layout.addWidget(self.results)
        self.resize(560, 380)
        self._filter("")

    def reset(self, commands: list[Command]) -> None:
        self.commands = commands
        self.chosen = None
        self.query.clear()
        self._filter("")  # clear() does not signal when the box was already empty

    def shown_titles(self) -> list[str]:
        return [self.results.item(i).text().split("\t")[0] for i in range(self.results.count())]

    def _filter(self, text: str) -> None:
        ranked = sorted((s, i, c) for i, c in enumerate(self.commands) if (s := score(text, c.title)) is not None)
        self.results.clear()
        for _score, index, command in ranked[:MAX_SHOWN]:
            item = QListWidgetItem(f"{command.title}\t{command.shortcut}" if command.shortcut else command.title)
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.results.addItem(item)
        self.results.setCurrentRow(0)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8, Qt.Key.Key_PageUp: -8}.get(
                event.key())
            if step and self.results.count():
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)

    def _run_current(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.chosen = self.commands[item.data(Qt.ItemDataRole.UserRole)]
        self.accept()
        self.chosen.run()  # after the palette has closed, so that a dialog it opens gets the focus


class WindowCommands(QObject):
    """What a window's palette (Ctrl+K) and shortcuts list (Help › Keyboard shortcuts) show: its menus' actions,
    read from them each time, then its conversations, newest first."""

    def __init__(self, window: QWidget, menus: Callable[[], list[QMenu]], history,
                 open_conversation: Callable[[int], None]):
        super().__init__(window)
        self.window, self._menus, self.history, self._open_conversation = window, menus, history, open_conversation
        self.palette: CommandPalette | None = None  # made at its first use, filled afresh at each

    def commands(self) -> list[Command]:
        found = menu_commands(self._menus())
        for summary in self.history.list_conversations()[:200]:
            found.append(Command(self.tr("Conversation › {title}").format(title=summary.title),
                                 lambda cid=summary.id: self._open_conversation(cid)))
        return found

    def show_palette(self) -> CommandPalette:
        if self.palette is None:
            self.palette = CommandPalette(self.commands(), self.window)
        else:  # menus and conversations change between openings
            self.palette.reset(self.commands())
        geometry = self.window.geometry()
        self.palette.move(geometry.x() + (geometry.width() - self.palette.width()) // 2, geometry.y() + 80)
        self.palette.show()
        self.palette.query.setFocus()
        return self.palette

    def show_shortcuts(self) -> QDialog:
        from assistant.ui.shell.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(menu_commands(self._menus(), include_disabled=True), self.window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)  # made afresh each time: the menus may change
        dialog.show()
        return dialog
