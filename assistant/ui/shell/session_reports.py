"""What the model session (core/engines/model_session.py) reports, shown by the window: the engine's news goes to
the session, which decides; loads, failures, crashes and task switches come back as notices, said in the status
line, in Chat's own state, or in a dialog where nothing on screen would say it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from assistant import APP_NAME
from assistant.core.engines import model_session as session_notice
from assistant.core.engines.hardware import HardwareReport
from assistant.core.engines.model_session import Notice
from assistant.core.engines.types import LoadedModel
from assistant.ui.models.task_models_dialog import task_label


class SessionReports(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._follow_session()

    def _follow_session(self) -> None:
        """The engine's news goes to the model session, which decides; the window shows what it reports."""
        client, session = self.window.client, self.window.session
        session.connect(client.load_model, client.scheduler.generating, self.window.library)
        client.model_loaded.connect(session.loaded)
        client.engine_recovered.connect(session.loaded)
        client.model_load_failed.connect(lambda _path, message, kept: session.failed(kept, message))
        client.model_gone.connect(lambda message: session.failed(None, message))
        client.engine_crashed.connect(session.crashed)
        client.load_planned.connect(session.planned)
        client.load_progress.connect(self.window.status.show_load_progress)
        client.generation_ended.connect(session.generation_ended)
        session.subscribe(lambda s: self.window.model_settings_action.setEnabled(s.model is not None))
        session.on_notice(self._show_notice)

    # What the session reports ------------------------------------------------------------------------------

    def _show_notice(self, notice: Notice) -> None:
        kind, status = notice.kind, self.window.status
        if kind == session_notice.LOADING:
            self.window.chat.save_partial_and_stop()  # its reply so far is kept, marked as stopped
            status.load_started()
            self.window.refresh_recent()
        elif kind == session_notice.LOADED:
            self._model_loaded(self.window.session.model)
        elif kind == session_notice.BAD_FILE:
            self._report_load_problem(self.tr("This file cannot be opened"), notice.message)
        elif kind == session_notice.LOAD_FAILED:
            self._report_load_problem(self.tr("The model could not be loaded"), notice.message)
            self.window.refresh_recent()
        elif kind == session_notice.ENGINE_CRASHED:
            status.forget_pane_lines()  # the speeds of a model that is gone: the line says what happened instead
            status.set_engine_note(notice.message)
        elif kind == session_notice.NOT_RESTORED:
            self._report_problem(
                self.tr("Model not loaded automatically"),
                self.tr("{app} closed unexpectedly while loading {file} last time, so it was not loaded again. You "
                        "can load it from Model → Recent models.").format(app=APP_NAME, file=Path(notice.path).name))
        elif kind == session_notice.TASK_MODEL_MISSING:
            status.message(self.tr("The model chosen for {task} is missing ({file}). Choose another under "
                                   "Model → Model for each task.").format(task=task_label(notice.task),
                                                                          file=Path(notice.path).name))
        elif kind == session_notice.SWITCH_WAITS:
            status.show_pending(self.tr("{task} uses {file}; it loads when the current reply or translation has "
                                        "finished.").format(task=task_label(notice.task), file=Path(notice.path).name))
        elif kind == session_notice.SWITCH_SETTLED:
            status.end_pending()

    def _model_loaded(self, model: LoadedModel) -> None:
        self.window.models.set_loaded_model(str(model.info.path))
        self.window.status.forget_pane_lines()  # speeds and context use of the model before
        self.window.status.set_engine_note(model.template_warning or "")
        for note in model.notes:  # the fallback ladder had to give something up: say what was used
            self.window.status.set_engine_note(note)
            self.window.status.message(note, 30000)
        self.window.refresh_recent()

    def _report_load_problem(self, title: str, message: str) -> None:
        """Chat says it inline, with what fixes it (choose another model, try again); elsewhere a dialog does."""
        if self.window.panes.currentWidget() is self.window.chat:
            self.window.status.message(message, 15000)
        else:
            self._report_problem(title, message)

    def _report_problem(self, title: str, message: str) -> None:
        self.window.status.message(message, 15000)
        box = QMessageBox(QMessageBox.Warning, title, message, QMessageBox.Ok, self.window)
        box.setWindowModality(Qt.WindowModal)
        box.open()

    def hardware_known(self, report: HardwareReport) -> None:
        if self.window.hardware is None:
            self.window.hardware = report
        self.window.models.installed.set_hardware(report)
        self.window.models.discover.hardware = report
        for warning in report.warnings():  # a GPU this build cannot use: never run silently on the CPU
            self.window.status.set_engine_note(
                self.tr("GPU not used: this build of llama.cpp is CPU-only (Help → Hardware)"))
            self.window.status.message(warning, 30000)
