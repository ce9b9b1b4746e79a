"""The main window: menus, model loading, the panes (Chat, Models) and the status bar."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QByteArray, QLocale, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMenu,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from assistant import APP_NAME, __version__
from assistant.core.engines.types import LoadedModel
from assistant.core.engines.hardware import HardwareReport, hardware_report
from assistant.core.library.gguf_file import BadModelFile, read_gguf
from assistant.core.storage.drafts import Drafts
from assistant.core.library.models import InstalledModel
from assistant.core.engines.remote.server_list import is_remote, split_target
from assistant.core.engines.model_session import LAST_MODEL_KEY, ModelSession, available
from assistant.core.units import human_size
from assistant.ui.chat.chat_pane import ChatPane
from assistant.ui.chat.chat_transfer import ChatTransfer
from assistant.ui.writing.drafting_pane import DraftingPane
from assistant.ui.common.elided_label import ElidedLabel
from assistant.ui.writing.translation_pane import TranslationPane
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.shell.services import Services
from assistant.ui.shell.settings_dialog import SettingsDialog
from assistant.ui.models.model_settings_dialog import ModelSettingsDialog
from assistant.ui.models.models_pane import ModelsPane
from assistant.ui.shell.command_palette import plain_label
from assistant.ui.common.resources import app_icon
from assistant.ui.models.task_models_dialog import TaskModelsDialog, task_label
from assistant.ui.api.api_service import ApiService
from assistant.ui.servers.models_on_servers import ServerModels
from assistant.ui.documents.documents_dialog import DocumentsDialog
from assistant.ui.servers.servers_dialog import ServersDialog

WINDOW_STATE_KEY = "window_state"  # size and place, splitter positions, the pane and conversation in front
WELCOME_DONE_KEY = "welcome_done"  # the first-start welcome was finished or skipped: it does not open by itself


class MainWindow(Translatable, QMainWindow):
    def __init__(self, services: Services):
        super().__init__()
        self.services = services
        history = self.history = services.history
        settings = self.settings = services.settings
        self.library = services.library
        self.access = services.access
        self.session = services.session
        self.client = services.client
        self.installed: list[InstalledModel] = []
        self.settings_dialog: SettingsDialog | None = None
        self.task_dialog: TaskModelsDialog | None = None
        self.hardware_box: QMessageBox | None = None
        self.welcome_dialog = None
        # Not "palette": that would hide QWidget.palette() on this window.
        self.command_palette = None  # made at its first use
        self.hardware: HardwareReport | None = None
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.texts = Texts(self)
        self.texts.on_change(self._show_model_state)
        # A pane's line is in the language it was written in: a language change lets the finished ones go (a reply
        # being written sends its next line in the new language).
        self.texts.on_change(self._forget_pane_status)
        self.resize(1100, 760)
        self._fitted_on_screen = False

        self.client.model_loaded.connect(self._on_model_loaded)
        self.client.model_load_failed.connect(self._on_model_failed)
        self.client.load_progress.connect(self._show_load_progress)
        self.client.load_planned.connect(self.session.planned)
        self.client.engine_crashed.connect(self._on_engine_crashed)
        self.client.engine_recovered.connect(self._on_model_loaded)
        self.client.model_gone.connect(lambda message: self._on_model_failed("", message))

        self.chat = ChatPane(history, settings, self.client, self)
        self.chat.status_changed.connect(lambda text: self._set_pane_status(self.chat, text))
        self.chat.open_model_requested.connect(self.open_model_dialog)
        self.chat.set_documents(services.documents)
        self.chat.manage_documents_requested.connect(self.show_documents)
        services.documents.changed.connect(self.chat.show_documents_choice)
        self.chat.load_recent_requested.connect(self.load_model)
        self.chat.find_models_requested.connect(self.show_models)
        self.chat.recommendation_requested.connect(self._open_recommendation)

        self.drafting = DraftingPane(Drafts(history.conn), settings, self.client, self)
        self.drafting.status_changed.connect(lambda text: self._set_pane_status(self.drafting, text))
        self.drafting.set_documents(services.documents)
        self.translation = TranslationPane(history.conn, settings, self.client, self)
        self.translation.status_changed.connect(lambda text: self._set_pane_status(self.translation, text))

        self.models = ModelsPane(services, self)
        self.models.load_requested.connect(self._load_installed)
        self.models.installed_changed.connect(self._installed_changed)
        self.models.message.connect(self._show_message)

        # A slim list of panes on the left, as LM Studio and Jan have.
        self.nav = QListWidget(self)
        self.nav.setObjectName("paneList")
        self.texts.bind(self.nav.setAccessibleName, lambda: self.tr("Panes"))
        self.nav.setFixedWidth(124)
        self.panes = QStackedWidget(self)
        for _name, pane in self._named_panes():
            self.nav.addItem("")
            self.panes.addWidget(pane)
        # Named by row each time: a Python reference kept to a list item outlives the item when Qt deletes the
        # list, and PySide then releases it twice (a crash when the window is deleted).
        self._name_panes()
        self.texts.on_change(self._name_panes)
        self.nav.currentRowChanged.connect(self.panes.setCurrentIndex)
        self.panes.currentChanged.connect(lambda _index: self._show_status_line())
        for pane in (self.chat, self.drafting, self.translation):
            pane.observe(self.session)
        self.session.subscribe(self._session_changed)
        self.client.generation_ended.connect(self._generation_ended)
        self.nav.setCurrentRow(0)
        # Connected after the first pane is shown: at start-up restore_last_model decides what loads.
        self.nav.currentRowChanged.connect(self._pane_opened)
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.panes, 1)
        self.setCentralWidget(central)

        self.model_label = QLabel()
        self.model_label.setObjectName("modelLabel")
        self.statusBar().addWidget(self.model_label)
        # What the open pane's reply did (speed, context use, why it ended), or else a note about the engine. Each
        # pane's line is its own: it shows while that pane is open, and a model loaded makes them all history.
        self._pane_status: dict[QWidget, str] = {}
        self._engine_note = ""
        self._pending_note = ""  # "… loads when the current reply has finished": leaves when that happens
        self.generation_label = ElidedLabel()
        self.generation_label.setObjectName("generationLabel")
        self.generation_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.statusBar().addPermanentWidget(self.generation_label, 1)
        self.load_progress = QProgressBar(self)
        self.load_progress.setObjectName("loadProgress")
        self.load_progress.setRange(0, 100)
        self.load_progress.setMaximumWidth(120)
        self.load_progress.hide()
        self.statusBar().addWidget(self.load_progress)
        self.api_label = QLabel()
        self.api_label.setObjectName("apiLabel")
        self.statusBar().addPermanentWidget(self.api_label)
        self.api = ApiService(settings, self.client, self.session, self)
        self.api.state_changed.connect(self._show_api_state)
        self.api.activity.connect(lambda _active: self._show_api_state())
        self.texts.on_change(self._show_api_state)
        self.server_models = ServerModels(services.servers, self.models.background, self)
        self.transfer = ChatTransfer(history, self.models.background, self)
        self.transfer.imported.connect(self._chats_imported)
        self.chat.conversations.export_requested.connect(self.export_chat)
        self._build_menus()
        self.server_models.changed.connect(lambda: self.server_models.fill(self.server_menu, self.load_model))
        self.server_models.fill(self.server_menu, self.load_model)
        self.server_models.refresh()
        self._show_api_state()
        self._show_model_state()
        self._refresh_recent()
        # NVML takes a moment: find out about the hardware off the GUI thread, without loading llama.cpp yet.
        self.models.background.run("hardware", lambda: hardware_report(ask_llama=False), self._hardware_known,
                                   self._show_message)

    # Menus -------------------------------------------------------------------------------------------------

    def _menu(self, parent, title) -> QMenu:
        menu = parent.addMenu("")
        self.texts.bind(menu.setTitle, title)
        return menu

    def _action(self, menu, text, triggered, shortcut=None) -> QAction:
        action = QAction(self, triggered=triggered)
        if shortcut is not None:
            action.setShortcut(shortcut)
        self.texts.bind(action.setText, text)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = self._menu(bar, lambda: self.tr("&File"))
        self._action(file_menu, lambda: self.tr("&New chat"), self.chat.new_conversation, QKeySequence.New)
        self._action(file_menu, lambda: self.tr("&Open model file…"), self.open_model_dialog, QKeySequence.Open)
        self._action(file_menu, lambda: self.tr("&Documents…"), self.show_documents)
        file_menu.addSeparator()
        self._action(file_menu, lambda: self.tr("&Import chats…"), self.transfer.ask_import)
        self._action(file_menu, lambda: self.tr("&Export this chat…"), self.export_current_chat)
        self._action(file_menu, lambda: self.tr("Export &all chats…"), self.export_all_chats)
        file_menu.addSeparator()
        settings_action = self._action(file_menu, lambda: self.tr("&Settings…"), self.edit_settings)
        # The platform's own key where it has one (Cmd+, on macOS); Linux and Windows have none, so Ctrl+, there.
        settings_action.setShortcuts(QKeySequence.keyBindings(QKeySequence.Preferences) or [QKeySequence("Ctrl+,")])
        file_menu.addSeparator()
        self._action(file_menu, lambda: self.tr("&Quit"), self.close, QKeySequence.Quit)

        view_menu = self._menu(bar, lambda: self.tr("&View"))
        for number, (_name, pane) in enumerate(self._named_panes(), start=1):
            self._action(view_menu, lambda row=number - 1: self._named_panes()[row][0],
                         lambda _checked=False, p=pane: self.show_pane(p), QKeySequence(f"Ctrl+{number}"))
        view_menu.addSeparator()
        self._action(view_menu, lambda: self.tr("&Focus the text box"), self.focus_input, QKeySequence("Ctrl+L"))
        self._action(view_menu, lambda: self.tr("Search &chats…"), self.search_chats, QKeySequence("Ctrl+Shift+F"))
        view_menu.addSeparator()
        self._action(view_menu, lambda: self.tr("Command &palette…"), self.show_command_palette,
                     QKeySequence("Ctrl+K"))

        reply_menu = self._menu(bar, lambda: self.tr("&Reply"))
        # Esc stops whichever pane is writing; a window-wide action, so that it works wherever the focus is.
        self._action(reply_menu, lambda: self.tr("&Stop writing"), self.stop_generating,
                     QKeySequence(Qt.Key_Escape))
        self._action(reply_menu, lambda: self.tr("&Regenerate the last reply"), self.regenerate_reply,
                     QKeySequence("Ctrl+R"))

        self.model_menu = self._menu(bar, lambda: self.tr("&Model"))
        self._action(self.model_menu, lambda: self.tr("&Find and download models…"), self.show_models,
                     QKeySequence("Ctrl+Shift+M"))
        self.installed_menu = self._menu(self.model_menu, lambda: self.tr("&Installed models"))
        self.recent_menu = self._menu(self.model_menu, lambda: self.tr("&Recent models"))
        self.server_menu = self._menu(self.model_menu, lambda: self.tr("Models on s&ervers"))
        self._action(self.model_menu, lambda: self.tr("Ser&vers…"), self.show_servers)
        self.model_menu.addSeparator()
        self.model_settings_action = self._action(self.model_menu, lambda: self.tr("Model &settings…"),
                                                  self.edit_model_settings)
        self._action(self.model_menu, lambda: self.tr("Model for each &task…"), self.edit_task_models)

        help_menu = self._menu(bar, lambda: self.tr("&Help"))
        self._action(help_menu, lambda: self.tr("&Welcome…"), lambda _checked=False: self.show_welcome())
        self._action(help_menu, lambda: self.tr("&Keyboard shortcuts"), self.show_shortcuts, QKeySequence("Ctrl+/"))
        self._action(help_menu, lambda: self.tr("&Hardware…"), self.show_hardware)
        self._action(help_menu, lambda: self.tr("&About {app}").format(app=APP_NAME), self.show_about)

    def _refresh_recent(self) -> None:
        models = self.library.recent()
        self.recent_menu.clear()
        for model in models:
            label = f"{model.name} · {model.quantization} · {human_size(model.size_bytes)}"
            action = self.recent_menu.addAction(label if model.available
                                                else self.tr("{model} (file missing)").format(model=label))
            action.setToolTip(str(model.path))
            action.setEnabled(model.available)
            action.triggered.connect(lambda _checked=False, p=str(model.path): self.load_model(p))
        self.recent_menu.setEnabled(bool(models))
        self.chat.set_recent_models(models)
        self.model_settings_action.setEnabled(self.session.model is not None)

    def _installed_changed(self, models: list[InstalledModel]) -> None:
        self.installed = [m for m in models if m.problem is None]
        self.installed_menu.clear()
        for model in self.installed:
            action = self.installed_menu.addAction(
                f"{model.name} · {model.quantization} · {human_size(model.size_bytes)}")
            action.setToolTip(str(model.path))
            action.triggered.connect(lambda _checked=False, p=str(model.path): self.load_model(p))
        self.installed_menu.setEnabled(bool(self.installed))
        self.chat.set_installed_models(self.installed)

    # Models ------------------------------------------------------------------------------------------------

    @property
    def model(self) -> LoadedModel | None:
        return self.session.model

    def show_pane(self, pane: QWidget) -> None:
        self.nav.setCurrentRow(self.panes.indexOf(pane))

    def _name_panes(self) -> None:
        for row, (name, _pane) in enumerate(self._named_panes()):
            self.nav.item(row).setText(plain_label(name))

    def _named_panes(self) -> list[tuple[str, QWidget]]:
        return [(self.tr("&Chat"), self.chat), (self.tr("&Drafting"), self.drafting),
                (self.tr("&Translation"), self.translation), (self.tr("&Models"), self.models)]

    # Keyboard ----------------------------------------------------------------------------------------------

    def focus_input(self) -> None:
        """The text box of the pane in front: the message, the draft, the source text, the Hub search."""
        pane = self.panes.currentWidget()
        target = {self.chat: self.chat.input, self.drafting: self.drafting.editor,
                  self.translation: self.translation.source, self.models: self.models.discover.search_box}[pane]
        target.setFocus(Qt.ShortcutFocusReason)

    def search_chats(self):
        """The text of every conversation (ui/chat/chat_search.py); one dialog, brought back with its last query."""
        from assistant.ui.chat.chat_search import ChatSearchDialog

        if getattr(self, "chat_search", None) is None:
            self.chat_search = ChatSearchDialog(self.history, self)
            self.chat_search.chosen.connect(self._show_search_hit)
        self.chat_search.show()
        self.chat_search.raise_()
        self.chat_search.activateWindow()
        self.chat_search.search()  # new messages since it was last open
        self.chat_search.query.setFocus(Qt.ShortcutFocusReason)
        self.chat_search.query.selectAll()
        return self.chat_search

    def export_current_chat(self) -> None:
        self.export_chat(self.chat.conversation_id)

    def export_chat(self, conversation_id: int | None) -> None:
        conversation = self.history.conversation(conversation_id) if conversation_id is not None else None
        self.transfer.export([conversation_id] if conversation else [], conversation.title if conversation else "")

    def export_all_chats(self) -> None:
        ids = [summary.id for summary in self.history.list_conversations()]
        self.transfer.export(ids, self.tr("Hearth chats"))

    def _chats_imported(self, conversation_ids: list[int]) -> None:
        if conversation_ids:
            self.show_pane(self.chat)
            self.chat.open_conversation(conversation_ids[0])
        self.chat.conversations.reload(select_id=conversation_ids[0] if conversation_ids else None)

    def _show_search_hit(self, conversation_id: int, message_id: int, query: str) -> None:
        self.show_pane(self.chat)
        self.chat.show_message(conversation_id, message_id, query)

    def stop_generating(self) -> None:
        pane = self.panes.currentWidget()
        if pane is self.chat:
            self.chat.stop()
        elif pane in (self.drafting, self.translation):
            pane.task.stop()

    def regenerate_reply(self) -> None:
        self.show_pane(self.chat)
        self.chat.regenerate_last()

    def commands(self) -> list:
        """What the command palette offers: every menu action, then the conversations, newest first."""
        from assistant.ui.shell.command_palette import Command, menu_commands

        found = menu_commands(self._menus())
        for summary in self.history.list_conversations()[:200]:
            found.append(Command(self.tr("Conversation › {title}").format(title=summary.title),
                                 lambda cid=summary.id: self._open_conversation(cid)))
        return found

    def _menus(self) -> list:
        return [action.menu() for action in self.menuBar().actions() if action.menu()]

    def _open_conversation(self, conversation_id: int) -> None:
        self.show_pane(self.chat)
        self.chat.open_conversation(conversation_id)

    def show_command_palette(self) -> None:
        from assistant.ui.shell.command_palette import CommandPalette

        if self.command_palette is None:
            self.command_palette = CommandPalette(self.commands(), self)
        else:  # one palette, filled afresh: menus and conversations change between openings
            self.command_palette.reset(self.commands())
        geometry = self.geometry()
        self.command_palette.move(geometry.x() + (geometry.width() - self.command_palette.width()) // 2,
                                  geometry.y() + 80)
        self.command_palette.show()
        self.command_palette.query.setFocus()

    def show_shortcuts(self) -> None:
        from assistant.ui.shell.command_palette import menu_commands
        from assistant.ui.shell.shortcuts_dialog import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(menu_commands(self._menus(), include_disabled=True), self)
        self.shortcuts_dialog.setAttribute(Qt.WA_DeleteOnClose)  # made afresh each time: the menus may change
        self.shortcuts_dialog.show()

    # First start ---------------------------------------------------------------------------------------------

    def first_start(self) -> bool:
        """Nothing to chat with yet and the welcome never finished or skipped: a new user."""
        if self.settings.get(WELCOME_DONE_KEY) or self.settings.get(LAST_MODEL_KEY) or self.session.loading_path:
            return False
        if self.model is not None or self.library.recent():
            return False
        return not any(self.models.models_dir.rglob("*.gguf"))

    def maybe_welcome(self) -> None:
        if self.first_start():
            self.show_welcome()

    def show_welcome(self, choices=None) -> None:
        from assistant.ui.models.welcome_dialog import WelcomeDialog

        dialog = WelcomeDialog(self.models, self.load_model, choices, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        self.client.model_loaded.connect(dialog.loaded)
        self.client.model_load_failed.connect(dialog.load_failed)
        dialog.open_file_requested.connect(self.open_model_dialog)
        dialog.skipped.connect(lambda: self.settings.set(WELCOME_DONE_KEY, True))
        dialog.accepted.connect(self._welcome_done)
        self.welcome_dialog = dialog
        dialog.open()

    def _welcome_done(self) -> None:
        self.settings.set(WELCOME_DONE_KEY, True)
        self.show_pane(self.chat)
        self.chat.input.setFocus()

    def show_models(self) -> None:
        self.show_pane(self.models)

    def _open_recommendation(self, entry) -> None:
        self.show_models()
        self.models.show_recommendation(entry)

    def _load_installed(self, path: str) -> None:
        self.show_pane(self.chat)
        self.load_model(path)

    # A model per task --------------------------------------------------------------------------------

    def task_of(self, pane: QWidget) -> str | None:
        return {self.chat: "chat", self.drafting: "drafting", self.translation: "translation"}.get(pane)

    def _pane_opened(self, _row: int) -> None:
        task = self.task_of(self.panes.currentWidget())
        wanted = self.session.task_model(task)
        if wanted and wanted != self.session.current_path and not available(wanted):
            self._show_message(self.tr("The model chosen for {task} is missing ({file}). Choose another under "
                                       "Model → Model for each task.").format(task=task_label(task),
                                                                              file=Path(wanted).name))
            return
        path = self.session.switch_for(task, self._generating())
        if path:
            self.load_model(path)
        elif self.session.pending_switch:
            self._pending_note = self.tr("{task} uses {file}; it loads when the current reply or translation has "
                                         "finished.").format(task=task_label(task),
                                                             file=Path(self.session.pending_switch).name)
            self.statusBar().showMessage(self._pending_note)
            return
        self._end_pending_note()

    def _end_pending_note(self) -> None:
        if self._pending_note and self.statusBar().currentMessage() == self._pending_note:
            self.statusBar().clearMessage()
        self._pending_note = ""

    def _generating(self) -> bool:
        return self.chat.busy or self.drafting.task.busy or self.translation.task.busy

    def _generation_ended(self, *_args) -> None:
        # The panes hear about the end first (they connected earlier); a translation may start its next piece
        # right away, and then the switch keeps waiting.
        path = self.session.generation_ended(self._generating())
        if not self.session.pending_switch:
            self._end_pending_note()
        if path:
            self.load_model(path)

    def edit_task_models(self) -> None:
        choices = [(f"{m.name} · {m.quantization} · {human_size(m.size_bytes)}", str(m.path)) for m in self.installed]
        known = {path for _label, path in choices}
        choices += [(self.tr("{name} · {quantization} (opened file)").format(name=m.name, quantization=m.quantization),
                     str(m.path)) for m in self.library.recent()
                    if m.available and str(m.path) not in known]
        choices += [(self.tr("{model} (server)").format(model=label), target)
                    for label, target in self.server_models.choices()]
        self.task_dialog = TaskModelsDialog(self.settings, choices, self)
        self.task_dialog.accepted.connect(lambda: self._pane_opened(self.nav.currentRow()))
        self.task_dialog.open()

    def edit_settings(self) -> None:
        self.settings_dialog = SettingsDialog(self.access, self._with_system_info(self.hardware), self,
                                              self.models.background, api=self.api)
        self.settings_dialog.setAttribute(Qt.WA_DeleteOnClose)  # made afresh each time
        self.settings_dialog.accepted.connect(self.models.settings_changed)
        self.settings_dialog.open()

    def show_documents(self) -> DocumentsDialog:
        models = [(f"{m.name} · {m.quantization} · {human_size(m.size_bytes)}", str(m.path)) for m in self.installed]
        dialog = DocumentsDialog(self.services.documents, models, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_servers(self) -> ServersDialog:
        dialog = ServersDialog(self.services.servers, self.models.background, self.client.engine.forget, self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.models_listed.connect(self.server_models.update)
        dialog.use_model.connect(self.load_model)
        dialog.open()
        return dialog

    def _show_api_state(self) -> None:
        api = self.api
        if api.server is None:
            self.api_label.setText(self.tr("API: could not start") if api.error else "")
            self.api_label.setToolTip(api.error)
            self.api_label.setVisible(bool(api.error))
            return
        self.api_label.setVisible(True)
        self.api_label.setText(self.tr("API: answering %n request(s)", "", api.active) if api.active
                               else self.tr("API on"))
        self.api_label.setToolTip(self.tr("Other programs can use the loaded model at {url}").format(url=api.url))

    def open_model_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Open a GGUF model"), str(Path.home()), self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.load_model(path)

    def load_model(self, path: str) -> None:
        """Check the file here (fast, and a bad file never reaches the engine), then have the engine load it. A
        server's model (``URL#model-id``) is checked by the server."""
        if is_remote(path):
            self.chat.save_partial_and_stop()
            self.session.begin_load(path, split_target(path)[1])
            self.load_progress.setValue(0)
            self.load_progress.show()
            self.client.load_model(path, self.settings.model_settings(path))
            return
        try:
            info = read_gguf(path)
        except BadModelFile as exc:
            self._report_problem(self.tr("This file cannot be opened"), str(exc))
            return
        self.library.remember(info)
        self.chat.save_partial_and_stop()
        self.session.begin_load(str(info.path), info.name)  # the engine host plans it with what is free now
        self.load_progress.setValue(0)
        self.load_progress.show()
        self.client.load_model(str(info.path), self.settings.model_settings(str(info.path)))
        self._refresh_recent()

    def _on_engine_crashed(self, message: str) -> None:
        """The engine host died; it is being started again with the model loaded one step safer. The window stays,
        and the reply that was being written is kept, marked with what happened, by its pane."""
        self.session.crashed()
        self._set_engine_note(message)
        self.statusBar().showMessage(message, 30000)

    def _session_changed(self, session: ModelSession) -> None:
        self._show_model_state()
        if not session.loading:
            self.load_progress.hide()
        self.model_settings_action.setEnabled(session.model is not None)

    def _show_model_state(self) -> None:
        """The status bar's model line, composed afresh (also after a language change)."""
        session = self.session
        model = session.model
        if model is not None and is_remote(str(model.info.path)):
            info = model.info
            context = (self.tr("{context} tokens of context").format(context=QLocale().toString(model.context_length))
                       if model.context_length else self.tr("context length not told by the server"))
            self.model_label.setText(self.tr("{model} · on {server}").format(
                model=info.model_id, server=info.server.split("://", 1)[-1]))
            self.model_label.setToolTip(f"{info.server}\n{context} · {info.server_kind}")
        elif model is not None:
            backend = self.hardware.backend.name if self.hardware else "CPU"
            if model.n_gpu_layers < 0:
                where = self.tr("{backend}: all layers on GPU").format(backend=backend)
            elif model.n_gpu_layers:
                where = self.tr("{backend}: %n layers on GPU", "", model.n_gpu_layers).format(backend=backend)
            else:
                where = "CPU"
            self.model_label.setText(f"{model.info.name} · {model.info.quantization} · {where}")
            self.model_label.setToolTip(
                f"{model.info.path}\n" + self.tr("{context} tokens of context, KV cache {kv} · {threads} threads · "
                                                 "loaded in {seconds} s").format(
                    context=QLocale().toString(model.context_length), kv=model.kv_type, threads=model.n_threads,
                    seconds=f"{model.load_seconds:.1f}"))
        elif session.restarting:
            self.model_label.setText(self.tr("Restarting the engine…"))
            self.model_label.setToolTip("")
        elif session.loading_path:
            plan = session.plan
            planned = f" ({'; '.join(plan.lines()[:2])})" if plan else ""
            self.model_label.setText(self.tr("Loading {model}{plan}…").format(model=session.loading_name,
                                                                              plan=planned))
            self.model_label.setToolTip("")
        else:
            self.model_label.setText(self.tr("No model loaded"))
            self.model_label.setToolTip("")

    def _show_load_progress(self, share: float) -> None:
        self.load_progress.setValue(int(share * 100))

    def _on_model_loaded(self, model: LoadedModel) -> None:
        self.session.loaded(model)
        self.models.set_loaded_model(str(model.info.path))
        self._pane_status.clear()  # speeds and context use of the model before
        self._set_engine_note(model.template_warning or "")
        for note in model.notes:  # the fallback ladder had to give something up: say what was used
            self._set_engine_note(note)
            self.statusBar().showMessage(note, 30000)
        self._refresh_recent()

    def _on_model_failed(self, _path: str, message: str, kept=None) -> None:
        self.session.failed(kept)
        self._report_problem(self.tr("The model could not be loaded"), message)
        self._refresh_recent()

    def restore_last_model(self) -> None:
        """At start-up: reload the last model, unless loading it is what crashed the app last time."""
        crashed = self.session.crashed_while_loading_last_time()
        if crashed:
            self._report_problem(
                self.tr("Model not loaded automatically"),
                self.tr("{app} closed unexpectedly while loading {file} last time, so it was not loaded again. You "
                        "can load it from Model → Recent models.").format(app=APP_NAME, file=Path(crashed).name),
            )
            return
        last = self.session.model_to_restore()
        if last:
            self.load_model(last)

    def edit_model_settings(self) -> None:
        if self.model is None:
            return
        path = str(self.model.info.path)
        dialog = ModelSettingsDialog(self.settings.model_settings(path), self.model.info.context_length or 0, self,
                                     n_layers=self.model.info.block_count,
                                     plan_lines=self.session.plan.lines() if self.session.plan else None,
                                     # a server's template is not seen here: its thinking is not known beforehand
                                     thinking=None if is_remote(path) else (self.model.thinks,
                                                                            self.model.thinking_switch),
                                     remote=is_remote(path))
        if dialog.exec():
            previous = self.settings.model_settings(path)
            chosen = dialog.value()
            self.settings.set_model_settings(path, chosen)
            loading = ("context_length", "gpu_layers", "kv_type", "threads", "batch_size", "flash_attention")
            self.api.refresh_model()
            if any(getattr(chosen, name) != getattr(previous, name) for name in loading) and not is_remote(path):
                self.load_model(path)  # llama.cpp fixes these when it creates the context

    # Feedback ----------------------------------------------------------------------------------------------

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _set_pane_status(self, pane: QWidget, text: str) -> None:
        self._pane_status[pane] = text
        self._show_status_line()

    def _forget_pane_status(self) -> None:
        self._pane_status.clear()
        self._show_status_line()

    def _set_engine_note(self, text: str) -> None:
        self._engine_note = text
        self._show_status_line()

    def _show_status_line(self) -> None:
        self.generation_label.setText(self._pane_status.get(self.panes.currentWidget()) or self._engine_note)

    def _report_problem(self, title: str, message: str) -> None:
        self.statusBar().showMessage(message, 15000)
        box = QMessageBox(QMessageBox.Warning, title, message, QMessageBox.Ok, self)
        box.setWindowModality(Qt.WindowModal)
        box.open()

    def _hardware_known(self, report: HardwareReport) -> None:
        if self.hardware is None:
            self.hardware = report
        self.models.installed.set_hardware(report)
        self.models.discover.hardware = report
        for warning in report.warnings():  # a GPU this build cannot use: never run silently on the CPU
            self._set_engine_note(self.tr("GPU not used: this build of llama.cpp is CPU-only (Help → Hardware)"))
            self.statusBar().showMessage(warning, 30000)

    def show_hardware(self) -> None:
        # Off the GUI thread: NVML and the drivers can take their time.
        self.models.background.run("hardware-dialog", lambda: hardware_report(ask_llama=False),
                                   self._show_hardware_box, self._show_message)

    def _with_system_info(self, report: HardwareReport | None) -> HardwareReport | None:
        """The report with llama.cpp's own account of the build, which only the engine host can give."""
        info = self.client.engine.system_info
        if report is None or report.backend.system_info or not info:
            return report
        return replace(report, backend=replace(report.backend, system_info=info))

    def _show_hardware_box(self, report: HardwareReport) -> None:
        self.hardware = report = self._with_system_info(report)
        text = "\n".join(self.hardware.lines())
        plan = self.session.plan
        if plan is not None and self.model is not None:
            text += "\n\n" + self.tr("Plan for {model}:").format(model=self.model.info.name) + "\n"
            text += "\n".join(plan.lines())
        box = QMessageBox(QMessageBox.Information, self.tr("Hardware"), text, QMessageBox.Ok, self)
        box.setDetailedText(self.hardware.backend.system_info)
        box.setWindowModality(Qt.WindowModal)
        box.open()
        self.hardware_box = box

    def show_about(self) -> None:
        backend = self.hardware.backend.name if self.hardware else self.tr("not checked yet")
        QMessageBox.about(
            self,
            self.tr("About {app}").format(app=APP_NAME),
            f"<h3>{APP_NAME} {__version__}</h3><p>"
            + self.tr("A private, offline chat and writing assistant. Models run on this computer through "
                      "llama.cpp; nothing you type leaves it.")
            + "</p><p>" + self.tr("llama.cpp backend: {backend}").format(backend=backend) + "</p>",
        )

    def save_window_state(self) -> None:
        splitters = {s.objectName(): bytes(s.saveState().toBase64()).decode("ascii")
                     for s in self.findChildren(QSplitter) if s.objectName()}
        self.settings.set(WINDOW_STATE_KEY, {
            "geometry": bytes(self.saveGeometry().toBase64()).decode("ascii"),
            "pane": self.panes.currentIndex(),
            "conversation": self.chat.conversation_id,
            "splitters": splitters,
        })

    def restore_window_state(self) -> None:
        """As the window was left, within this screen. Anything unreadable (another Qt version, a deleted
        conversation) is skipped."""
        state = self.settings.get(WINDOW_STATE_KEY)
        if not isinstance(state, dict):
            self.fit_to_screen()  # the first size, 1100 x 760, is too big for a small screen too
            return
        try:
            if isinstance(state.get("geometry"), str):
                self.restoreGeometry(QByteArray.fromBase64(state["geometry"].encode("ascii")))
            self.fit_to_screen()
            for splitter in self.findChildren(QSplitter):
                saved = (state.get("splitters") or {}).get(splitter.objectName())
                if isinstance(saved, str):
                    splitter.restoreState(QByteArray.fromBase64(saved.encode("ascii")))
        except (UnicodeEncodeError, AttributeError):
            pass
        pane = state.get("pane")
        if isinstance(pane, int) and 0 <= pane < self.panes.count():
            # Quietly: switching panes by hand may load that task's model, which is restore_last_model's call here.
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(pane)
            self.nav.blockSignals(False)
            self.panes.setCurrentIndex(pane)
        conversation = state.get("conversation")
        if isinstance(conversation, int) and self.history.conversation(conversation) is not None:
            self.chat.open_conversation(conversation)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._fitted_on_screen:
            self._fitted_on_screen = True
            QTimer.singleShot(0, self.fit_to_screen)  # again once on screen, where the frame's size is known

    def fit_to_screen(self) -> None:
        """A size saved on a larger screen is cut down to this one's free area (less the taskbar), and the window
        moved onto it, so that no button or status line is left off screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_width, extra_height = frame.width() - self.width(), frame.height() - self.height()
        width = max(min(self.width(), room.width() - extra_width), self.minimumWidth())
        height = max(min(self.height(), room.height() - extra_height), self.minimumHeight())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.x(), room.x()), room.x() + room.width() - frame.width())
        y = min(max(frame.y(), room.y()), room.y() + room.height() - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            self.move(max(x, room.x()), max(y, room.y()))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        self.api.stop()  # before the engine: a request waiting in its queue is answered with an error, not lost
        self.chat.save_partial_and_stop()
        self.drafting.shutdown()
        self.translation.shutdown()
        self.services.shutdown()  # also ends a count the token counter's thread may be waiting for
        self.chat.token_counter.shutdown()
        super().closeEvent(event)
