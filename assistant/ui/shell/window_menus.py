"""The main window's menu bar: File, View, Reply, Model and Help, with their keys, and the model lists in the Model
menu (installed, recent, on servers). Each action calls the window; the command palette and the shortcuts list
are made from these menus, so they never drift from them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from assistant import APP_NAME
from assistant.core.library.models import InstalledModel
from assistant.core.units import human_size
from assistant.ui.common.ui_language import Texts, Translatable


def model_label(model) -> str:
    return f"{model.name} · {model.quantization} · {human_size(model.size_bytes)}"


def model_labels(models: list) -> list[str]:
    """``model_label`` of each; where two would read the same (one GGUF from two repositories), the repository, or
    the file's name, tells them apart."""
    labels = [model_label(model) for model in models]
    twice = {label for label in labels if labels.count(label) > 1}
    return [f"{label} · {model.repo_id or model.path.name}" if label in twice else label
            for label, model in zip(labels, models)]


class WindowMenus(Translatable, QObject):
    def __init__(self, window: QMainWindow):
        """``window``: the MainWindow, whose methods the actions call."""
        super().__init__(window)
        self.window = window
        self.texts = Texts(self)
        bar = window.menuBar()
        self._file_menu(bar)
        self._view_menu(bar)
        self._reply_menu(bar)
        self._model_menu(bar)
        self._help_menu(bar)

    def _menu(self, parent, title: Callable[[], str]) -> QMenu:
        menu = parent.addMenu("")
        self.texts.bind(menu.setTitle, title)
        return menu

    def _action(self, menu: QMenu, text: Callable[[], str], triggered, shortcut=None) -> QAction:
        action = QAction(self.window, triggered=triggered)
        if shortcut is not None:
            action.setShortcut(shortcut)
        self.texts.bind(action.setText, text)
        menu.addAction(action)
        return action

    def _file_menu(self, bar) -> None:
        w = self.window
        menu = self._menu(bar, lambda: self.tr("&File"))
        self._action(menu, lambda: self.tr("&New chat"), w.chat.new_conversation, QKeySequence.New)
        self._action(menu, lambda: self.tr("&Open model file…"), w.open_model_dialog, QKeySequence.Open)
        self._action(menu, lambda: self.tr("&Documents…"), w.show_documents)
        menu.addSeparator()
        self._action(menu, lambda: self.tr("&Import chats…"), w.transfer.ask_import)
        self._action(menu, lambda: self.tr("&Export this chat…"),
                     lambda _checked=False: w.transfer.export_chat(w.chat.conversation_id))
        self._action(menu, lambda: self.tr("Export &all chats…"), w.transfer.export_all)
        self._action(menu, lambda: self.tr("&Back up all data…"), w.backup.ask)
        menu.addSeparator()
        settings_action = self._action(menu, lambda: self.tr("&Settings…"), w.edit_settings)
        # The platform's own key where it has one (Cmd+, on macOS); Linux and Windows have none, so Ctrl+, there.
        settings_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.Preferences) or [QKeySequence("Ctrl+,")])
        menu.addSeparator()
        self._action(menu, lambda: self.tr("&Quit"), w.close, QKeySequence.Quit)

    def _view_menu(self, bar) -> None:
        w = self.window
        menu = self._menu(bar, lambda: self.tr("&View"))
        for row in range(len(w.pane_names())):
            self._action(menu, lambda row=row: w.pane_names()[row],
                         lambda _checked=False, row=row: w.show_pane_at(row), QKeySequence(f"Ctrl+{row + 1}"))
        menu.addSeparator()
        self._action(menu, lambda: self.tr("&Focus the text box"), w.focus_input, QKeySequence("Ctrl+L"))
        self._action(menu, lambda: self.tr("Search &chats…"), w.search_chats, QKeySequence("Ctrl+Shift+F"))
        menu.addSeparator()
        self._action(menu, lambda: self.tr("Command &palette…"), w.show_command_palette, QKeySequence("Ctrl+K"))

    def _reply_menu(self, bar) -> None:
        w = self.window
        menu = self._menu(bar, lambda: self.tr("&Reply"))
        # Esc stops whichever pane is writing; a window-wide action, so that it works wherever the focus is.
        self._action(menu, lambda: self.tr("&Stop writing"), w.stop_generating, QKeySequence(Qt.Key_Escape))
        self._action(menu, lambda: self.tr("&Regenerate the last reply"), w.regenerate_reply, QKeySequence("Ctrl+R"))

    def _model_menu(self, bar) -> None:
        w = self.window
        menu = self.model_menu = self._menu(bar, lambda: self.tr("&Model"))
        self._action(menu, lambda: self.tr("&Find and download models…"), w.show_models, QKeySequence("Ctrl+Shift+M"))
        self.installed_menu = self._menu(menu, lambda: self.tr("&Installed models"))
        self.recent_menu = self._menu(menu, lambda: self.tr("&Recent models"))
        self.server_menu = self._menu(menu, lambda: self.tr("Models on s&ervers"))
        self._action(menu, lambda: self.tr("Ser&vers…"), w.show_servers)
        menu.addSeparator()
        self.model_settings_action = self._action(menu, lambda: self.tr("Model &settings…"), w.edit_model_settings)
        self._action(menu, lambda: self.tr("Model for each &task…"), w.edit_task_models)

    def _help_menu(self, bar) -> None:
        w = self.window
        menu = self._menu(bar, lambda: self.tr("&Help"))
        self._action(menu, lambda: self.tr("&Welcome…"), lambda _checked=False: w.show_welcome())
        self._action(menu, lambda: self.tr("&Keyboard shortcuts"), w.show_shortcuts, QKeySequence("Ctrl+/"))
        self._action(menu, lambda: self.tr("&Hardware…"), w.show_hardware)
        self._action(menu, lambda: self.tr("&About {app}").format(app=APP_NAME), w.show_about)

    def menus(self) -> list[QMenu]:
        return [action.menu() for action in self.window.menuBar().actions() if action.menu()]

    # The model lists ------------------------------------------------------------------------------------------

    def show_recent(self, models: list, load: Callable[[str], None]) -> None:
        self.recent_menu.clear()
        for model in models:
            label = model_label(model)
            action = self.recent_menu.addAction(label if model.available
                                                else self.tr("{model} (file missing)").format(model=label))
            action.setToolTip(str(model.path))
            action.setEnabled(model.available)
            action.triggered.connect(lambda _checked=False, p=str(model.path): load(p))
        self.recent_menu.setEnabled(bool(models))

    def show_installed(self, models: list[InstalledModel], load: Callable[[str], None]) -> None:
        self.installed_menu.clear()
        for model, label in zip(models, model_labels(models)):
            action = self.installed_menu.addAction(label)
            action.setToolTip(str(model.path))
            action.triggered.connect(lambda _checked=False, p=str(model.path): load(p))
        self.installed_menu.setEnabled(bool(models))
