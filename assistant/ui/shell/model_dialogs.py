"""The dialogs the window opens about models and where they come from: the loaded model's settings, the model of
each task, Settings, Documents (whose embedding model is one of the installed models) and Servers."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow

from assistant.core.engines.remote.server_list import is_remote
from assistant.ui.documents.documents_dialog import DocumentsDialog
from assistant.ui.models.model_settings_dialog import ModelSettingsDialog
from assistant.ui.models.task_models_dialog import TaskModelsDialog
from assistant.ui.servers.servers_dialog import ServersDialog
from assistant.ui.shell.settings_dialog import SettingsDialog
from assistant.ui.shell.window_menus import model_labels


class ModelDialogs(QObject):
    def __init__(self, window: QMainWindow):
        """``window``: the MainWindow (its session, settings, installed models, servers and API)."""
        super().__init__(window)
        self.window = window

    def edit_model_settings(self) -> None:
        window, session = self.window, self.window.session
        model = session.model
        if model is None:
            return
        path = str(model.info.path)
        dialog = ModelSettingsDialog(window.settings.model_settings(path), model.info.context_length or 0, window,
                                     n_layers=model.info.block_count,
                                     plan_lines=session.plan.lines() if session.plan else None,
                                     # a server's template is not seen here: its thinking is not known beforehand
                                     thinking=None if is_remote(path) else (model.thinks, model.thinking_switch),
                                     remote=is_remote(path))
        if dialog.exec():
            session.apply_model_settings(path, dialog.value())

    def edit_task_models(self) -> TaskModelsDialog:
        window = self.window
        choices = [(label, str(m.path)) for m, label in zip(window.installed, model_labels(window.installed))]
        known = {path for _label, path in choices}
        choices += [(self.tr("{name} · {quantization} (opened file)").format(name=m.name, quantization=m.quantization),
                     str(m.path)) for m in window.library.recent()
                    if m.available and str(m.path) not in known]
        choices += [(self.tr("{model} (server)").format(model=label), target)
                    for label, target in window.server_models.choices()]
        dialog = TaskModelsDialog(window.settings, choices, window)
        # The pane in front may now want another model.
        dialog.accepted.connect(window._pane_opened)
        dialog.open()
        return dialog

    def edit_settings(self) -> SettingsDialog:
        window = self.window
        dialog = SettingsDialog(window.access, window.hardware_view.with_system_info(window.hardware), window,
                                window.models.background, api=window.api,
                                plan=window.session.plan if window.session.model is not None else None)
        dialog.setAttribute(Qt.WA_DeleteOnClose)  # made afresh each time
        dialog.accepted.connect(window.models.settings_changed)
        dialog.accepted.connect(window.profile_changed)
        dialog.open()
        return dialog

    def show_documents(self) -> DocumentsDialog:
        window = self.window
        models = [(label, str(m.path)) for m, label in zip(window.installed, model_labels(window.installed))]
        dialog = DocumentsDialog(window.services.documents, models, window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_servers(self) -> ServersDialog:
        window = self.window
        dialog = ServersDialog(window.services.servers, window.models.background, window.client.engine.forget, window)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.models_listed.connect(window.server_models.update)
        dialog.use_model.connect(window.load_model)
        dialog.open()
        return dialog
