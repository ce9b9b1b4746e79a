"""The main window: the panes (Chat, Drafting, Translation, Models) and their list, laid out and wired together.

It decides nothing about models: the model session (core/engines/model_session.py) decides what loads and when,
and the window shows what it reports (session_reports), as dialogs and status lines. Its parts are in modules of
their own: the panes' stack, two of them built when first shown (pane_stack), the menus (window_menus), the status
bar (status_line), the welcome (welcome_flow), the palette (command_palette), the hardware report (hardware_view),
the dialogs about models (model_dialogs), the backup (data_backup) and its size and place (window_state).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QMainWindow, QWidget

from assistant import APP_NAME
from assistant.core.engines.hardware import HardwareReport
from assistant.core.engines.types import LoadedModel
from assistant.core.library.models import InstalledModel
from assistant.ui.chat.chat_pane import ChatPane
from assistant.ui.chat.chat_search import ChatSearchDialog
from assistant.ui.chat.chat_transfer import ChatTransfer
from assistant.ui.common.icons import icon
from assistant.ui.common.resources import app_icon
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.models.models_pane import ModelsPane
from assistant.ui.shell import window_state
from assistant.ui.shell.command_palette import WindowCommands, plain_label
from assistant.ui.shell.data_backup import DataBackup
from assistant.ui.shell.hardware_view import HardwareView
from assistant.ui.shell.model_dialogs import ModelDialogs
from assistant.ui.shell.pane_stack import PaneStack
from assistant.ui.shell.pane_rail import PaneRail
from assistant.ui.shell.services import Services
from assistant.ui.shell.session_reports import SessionReports
from assistant.ui.shell.status_line import StatusLine
from assistant.ui.shell.welcome_flow import WelcomeFlow
from assistant.ui.shell.window_menus import WindowMenus

if TYPE_CHECKING:
    from assistant.ui.writing.drafting_pane import DraftingPane
    from assistant.ui.writing.translation_pane import TranslationPane


PICTURES_CLEANED_AFTER_MS = 10_000
PANE_ICONS = ("message-square", "pen-line", "languages", "box")  # Chat, Drafting, Translation, Models
DRAFTING, TRANSLATION = 1, 2  # their rows: built when first shown (pane_stack)


class MainWindow(Translatable, QMainWindow):
    def __init__(self, services: Services):
        super().__init__()
        self.services = services
        self.history, self.settings, self.library = services.history, services.settings, services.library
        self.access, self.session, self.client = services.access, services.session, services.client
        self.installed: list[InstalledModel] = []
        self.hardware: HardwareReport | None = None
        # The dialogs last opened, kept for tests. Not "palette": that would hide QWidget.palette() on this window.
        self.settings_dialog = self.task_dialog = self.hardware_box = self.welcome_dialog = None
        self.chat_search = self.command_palette = self.shortcuts_dialog = None
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(app_icon())
        self.texts = Texts(self)
        self.resize(1100, 760)
        self._fitted_on_screen = False
        self._make_panes()
        self._make_pane_list()
        self.api = services.api
        self.status = StatusLine(self, self.session, self.api, self.panes.currentWidget, lambda: self.hardware)
        self.model_label, self.generation_label = self.status.model_label, self.status.generation_label
        self.load_progress, self.api_label = self.status.load_progress, self.status.api_label
        self.chat.status_changed.connect(lambda text: self.status.set_pane_line(self.chat, text))
        self.panes.currentChanged.connect(lambda _index: self.status.show_line())
        self.server_models = services.server_models
        self.transfer = ChatTransfer(self.history, self.models.background, self, images=services.images)
        self.transfer.imported.connect(self._chats_imported)
        self.chat.conversations.export_requested.connect(self.transfer.export_chat)
        self.backup = DataBackup(self.history.conn, self.models.background, self)
        self.backup.said.connect(lambda text: self.status.message(text, 15000))
        self.welcome = WelcomeFlow(self.settings, self.session, self.models, self.client, self.open_model_dialog, self)
        self.welcome.finished.connect(self._welcome_done)
        self.hardware_view, self.dialogs = HardwareView(self), ModelDialogs(self)
        self.menus = WindowMenus(self)
        self.installed_menu, self.recent_menu = self.menus.installed_menu, self.menus.recent_menu
        self.server_menu, self.model_settings_action = self.menus.server_menu, self.menus.model_settings_action
        self.palettes = WindowCommands(self, self.menus.menus, self.history, self._open_conversation)
        self.server_models.changed.connect(lambda: self.server_models.fill(self.server_menu, self.load_model))
        self.server_models.fill(self.server_menu, self.load_model)
        self.server_models.refresh()
        self.reports = SessionReports(self)  # what the model session decides, shown
        self.refresh_recent()
        self.hardware_view.check(self.reports.hardware_known)
        # Pictures left behind last time (taken out of the composer, or in a conversation deleted while they were
        # new) go once the window has settled; those of the last ten minutes stay (core/chat/chat_session).
        QTimer.singleShot(PICTURES_CLEANED_AFTER_MS, self, self.chat.session.remove_unused_images)

    def _make_panes(self) -> None:
        services, history, settings = self.services, self.history, self.settings
        self.chat = ChatPane(history, settings, self.client, self, images=services.images, ocr=services.ocr)
        self.chat.open_model_requested.connect(self.open_model_dialog)
        self.chat.set_documents(services.documents)
        self.chat.tools.set_toolboxes(services.toolboxes)
        self.chat.manage_documents_requested.connect(self.show_documents)
        services.documents.changed.connect(self.chat.show_documents_choice)
        self.chat.load_recent_requested.connect(self.load_model)
        self.chat.find_models_requested.connect(self.show_models)
        self.chat.recommendation_requested.connect(self._open_recommendation)
        self.models = ModelsPane(services, self)
        self.models.load_requested.connect(self._load_installed)
        self.models.installed_changed.connect(self._installed_changed)
        self.models.message.connect(lambda text: self.status.message(text))
        self.chat.observe(self.session)

    @property
    def drafting(self) -> DraftingPane:
        return self.panes.pane(DRAFTING)

    @property
    def translation(self) -> TranslationPane:
        return self.panes.pane(TRANSLATION)

    def _build_drafting(self) -> DraftingPane:
        from assistant.ui.writing.drafting_pane import DraftingPane  # here: its modules are a tenth of start-up

        pane = DraftingPane(self.services.drafts, self.settings, self.client, self, mistakes=self.services.mistakes)
        pane.set_documents(self.services.documents)
        return self._wire_writing_pane(pane)

    def _build_translation(self) -> TranslationPane:
        from assistant.ui.writing.translation_pane import TranslationPane

        services = self.services
        pane = TranslationPane(services.translations, self.settings, self.client, services.background, self,
                               images=services.images, ocr=services.ocr, files=services.file_translations)
        pane.task_model_chosen.connect(lambda _path: self.session.pane_opened("translation"))
        pane.model_hint.show_for(self.installed)
        return self._wire_writing_pane(pane)

    def _wire_writing_pane(self, pane):
        pane.find_models_requested.connect(self._models_to_load)  # its "Load a model", where a run needs one
        pane.status_changed.connect(lambda text: self.status.set_pane_line(pane, text))
        pane.observe(self.session)
        if self.session.model is not None:  # loaded before the pane was built: observe hears only what follows
            pane.set_model(self.session.model)
        return pane

    def _make_pane_list(self) -> None:
        self.nav = PaneRail(self)
        self.texts.bind(self.nav.setAccessibleName, lambda: self.tr("Panes"))
        self.panes = PaneStack([self.chat, self._build_drafting, self._build_translation, self.models], self)
        for name in PANE_ICONS:
            self.nav.add_pane(icon(name, plain_when_selected=True))
        # Named by row each time: a Python reference kept to a list item outlives the item when Qt deletes the
        # list, and PySide then releases it twice (a crash when the window is deleted).
        self._name_panes()
        self.texts.on_change(self._name_panes)
        self.nav.currentRowChanged.connect(self.show_pane_at)
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

    # Models ------------------------------------------------------------------------------------------------

    @property
    def model(self) -> LoadedModel | None:
        return self.session.model

    def load_model(self, path: str) -> None:
        self.session.load(path)

    def restore_last_model(self) -> None:
        """At start-up: reload the last model, unless loading it is what crashed the app last time."""
        self.session.restore()

    def open_model_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Open a GGUF model"), str(Path.home()), self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.load_model(path)

    def refresh_recent(self) -> None:
        models = self.library.recent()
        self.menus.show_recent(models, self.load_model)
        self.chat.set_recent_models(models)
        self.model_settings_action.setEnabled(self.session.model is not None)

    def _installed_changed(self, models: list[InstalledModel]) -> None:
        self.installed = [m for m in models if m.problem is None]
        if self.panes.built(TRANSLATION) is not None:
            self.translation.model_hint.show_for(self.installed)
        self.menus.show_installed(self.installed, self.load_model)
        self.chat.set_installed_models(self.installed)

    def show_models(self) -> None:
        self.show_pane(self.models)

    def _models_to_load(self) -> None:
        """Models, on the tab where one is loaded: Installed when there are some, else Discover to get one; not
        whichever tab was used last (Downloads)."""
        self.show_models()
        self.models.tabs.setCurrentWidget(self.models.installed if self.installed else self.models.discover)

    def _open_recommendation(self, entry) -> None:
        self.show_models()
        self.models.show_recommendation(entry)

    def _load_installed(self, path: str) -> None:
        self.show_pane(self.chat)
        self.load_model(path)

    def edit_model_settings(self) -> None:
        self.dialogs.edit_model_settings()

    def edit_task_models(self) -> None:
        self.task_dialog = self.dialogs.edit_task_models()

    def edit_settings(self) -> None:
        self.settings_dialog = self.dialogs.edit_settings()

    def profile_changed(self) -> None:
        """Settings closed: Translation's switch shows whether a profile is in use (Drafting's menu asks itself)."""
        if self.panes.built(TRANSLATION) is not None:
            self.translation.profile_toggle.refresh()

    def show_documents(self):
        return self.dialogs.show_documents()

    def show_servers(self):
        return self.dialogs.show_servers()

    def show_hardware(self) -> None:
        self.hardware_view.show()

    def show_about(self) -> None:
        self.hardware_view.show_about()

    # Panes -------------------------------------------------------------------------------------------------

    def pane_names(self) -> list[str]:
        return [self.tr("&Chat"), self.tr("&Drafting"), self.tr("&Translation"), self.tr("&Models")]

    def named_panes(self) -> list[tuple[str, QWidget]]:
        """Each pane with its name, all of them built."""
        return [(name, self.panes.pane(row)) for row, name in enumerate(self.pane_names())]

    def _name_panes(self) -> None:
        for row, name in enumerate(self.pane_names()):
            self.nav.name_item(row, plain_label(name), QKeySequence(f"Ctrl+{row + 1}"))  # as in the View menu

    def show_pane(self, pane: QWidget) -> None:
        self.nav.setCurrentRow(self.panes.indexOf(pane))

    def show_pane_at(self, row: int) -> None:
        self.panes.show_row(row)
        if 0 <= row < self.panes.count() and self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)

    def task_of(self, pane: QWidget) -> str | None:
        for row, task in ((0, "chat"), (DRAFTING, "drafting"), (TRANSLATION, "translation")):
            if pane is not None and pane is self.panes.built(row):
                return task
        return None

    def _pane_opened(self, _row: int = -1) -> None:
        self.session.pane_opened(self.task_of(self.panes.currentWidget()))  # its task's model may load

    def focus_input(self) -> None:
        """The text box of the pane in front: the message, the draft, the source text, the Hub search."""
        pane = self.panes.currentWidget()
        if pane is self.chat:
            target = self.chat.input
        elif pane is self.models:
            target = self.models.discover.search_box
        else:
            target = pane.editor if pane is self.panes.built(DRAFTING) else pane.source
        target.setFocus(Qt.ShortcutFocusReason)

    def stop_generating(self) -> None:
        pane = self.panes.currentWidget()
        if pane is self.chat:
            self.chat.stop()
        elif pane in (self.panes.built(DRAFTING), self.panes.built(TRANSLATION)):
            pane.task.stop()

    def regenerate_reply(self) -> None:
        self.show_pane(self.chat)
        self.chat.regenerate_last()

    # Chats: search, the palette, export and import --------------------------------------------------------------

    def search_chats(self) -> ChatSearchDialog:
        """The text of every conversation; one dialog, brought back with its last query."""
        if self.chat_search is None:
            self.chat_search = ChatSearchDialog(self.history, self)
            self.chat_search.chosen.connect(self._show_search_hit)
        self.chat_search.bring_back()
        return self.chat_search

    def _show_search_hit(self, conversation_id: int, message_id: int, query: str) -> None:
        self.show_pane(self.chat)
        self.chat.show_message(conversation_id, message_id, query)

    def _open_conversation(self, conversation_id: int) -> None:
        self.show_pane(self.chat)
        self.chat.open_conversation(conversation_id)

    def _chats_imported(self, conversation_ids: list[int]) -> None:
        if conversation_ids:
            self._open_conversation(conversation_ids[0])
        self.chat.conversations.reload(select_id=conversation_ids[0] if conversation_ids else None)

    def commands(self) -> list:
        """What the command palette offers: every menu action, then the conversations, newest first."""
        return self.palettes.commands()

    def show_command_palette(self) -> None:
        self.command_palette = self.palettes.show_palette()

    def show_shortcuts(self) -> None:
        self.shortcuts_dialog = self.palettes.show_shortcuts()

    # First start ---------------------------------------------------------------------------------------------

    def first_start(self) -> bool:
        return self.welcome.first_start()

    def maybe_welcome(self) -> None:
        if self.first_start():
            self.show_welcome()

    def show_welcome(self, choices=None) -> None:
        self.welcome_dialog = self.welcome.show(choices)

    def _welcome_done(self) -> None:
        self.show_pane(self.chat)
        self.chat.input.setFocus()

    # The window itself -----------------------------------------------------------------------------------------

    def save_window_state(self) -> None:
        window_state.save_window_state(self)

    def restore_window_state(self) -> None:
        window_state.restore_window_state(self)

    def fit_to_screen(self) -> None:
        window_state.fit_to_screen(self)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._fitted_on_screen:
            self._fitted_on_screen = True
            QTimer.singleShot(0, self.fit_to_screen)  # again once on screen, where the frame's size is known

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_window_state()
        self.api.stop()  # before the engine: a request waiting in its queue is answered with an error, not lost
        self.chat.save_partial_and_stop()
        for pane in (self.panes.built(DRAFTING), self.panes.built(TRANSLATION)):
            if pane is not None:  # never built: nothing to stop or save
                pane.shutdown()
        self.services.shutdown()  # also ends a count the token counter's thread may be waiting for
        self.chat.shutdown()  # its token count, pictures being prepared, thumbnails and text read from pictures
        super().closeEvent(event)
