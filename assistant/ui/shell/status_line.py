"""The window's status bar: the model (loaded, loading, restarting), the open pane's own line or else a note about
the engine, the load's progress, and whether the API is answering.

Each pane's line is its own: it shows while that pane is open, and a model loaded makes them all history. A
language change lets the finished ones go (a reply being written sends its next line in the new language)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QLocale, QObject, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QWidget

from assistant.core.engines.hardware import HardwareReport
from assistant.core.engines.model_session import ModelSession
from assistant.core.engines.remote.server_list import is_remote
from assistant.core.engines.types import LoadedModel
from assistant.ui.api.api_service import ApiService
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.elided_label import ElidedLabel
from assistant.ui.common.ui_language import Texts, Translatable


class StatusLine(Translatable, QObject):
    def __init__(self, window: QMainWindow, session: ModelSession, api: ApiService,
                 open_pane: Callable[[], QWidget], hardware: Callable[[], HardwareReport | None]):
        """``open_pane()``: the pane in front, whose line shows; ``hardware()``: the report, once known."""
        super().__init__(window)
        self.bar = window.statusBar()
        self.session, self.api, self._open_pane, self._hardware = session, api, open_pane, hardware
        self._pane_lines: dict[QWidget, str] = {}
        self._engine_note = ""
        self._pending_note = ""  # "… loads when the current reply has finished": leaves when that happens
        # The model's name may be long (a server's model is often a path): cut with "…", whole in its tooltip.
        self.model_label = ElidedLabel()
        self.model_label.setObjectName("modelLabel")
        self.bar.addWidget(self.model_label)
        self.bar.installEventFilter(self)  # its width: the model's line takes at most half of it
        self.generation_label = ElidedLabel()
        self.generation_label.setObjectName("generationLabel")
        self.generation_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.bar.addPermanentWidget(self.generation_label, 1)
        # Compact, beside the model's line: the chat pane shows the load's progress where the user looks.
        self.load_progress = QProgressBar(window)
        self.load_progress.setObjectName("loadProgress")
        self.load_progress.setRange(0, 100)
        self.load_progress.setTextVisible(False)
        self.load_progress.setFixedWidth(SPACING["xxl"] * 3)
        self.load_progress.setMaximumHeight(SPACING["s"] + SPACING["xxs"])
        self.load_progress.hide()
        self.bar.addWidget(self.load_progress)
        self.api_label = QLabel()
        self.api_label.setObjectName("apiLabel")
        self.bar.addPermanentWidget(self.api_label)
        self.texts = Texts(self)
        self.texts.bind(self.load_progress.setAccessibleName, lambda: self.tr("Loading the model"))
        # Selectable, so it takes the focus: a screen reader names it even while it is empty.
        self.texts.bind(self.generation_label.setAccessibleName, lambda: self.tr("The open pane's last reply"))
        self.texts.on_change(self.show_model_state)
        self.texts.on_change(self.forget_pane_lines)
        self.texts.on_change(self.show_api_state)
        api.state_changed.connect(self.show_api_state)
        api.activity.connect(lambda _active: self.show_api_state())
        session.subscribe(self._session_changed)
        self.show_api_state()
        self.show_model_state()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.bar and event.type() == QEvent.Type.Resize:
            self.model_label.setMaximumWidth(max(SPACING["xxl"] * 4, self.bar.width() // 2))
        return False

    # The line of the pane in front, or the engine's note ----------------------------------------------------

    def set_pane_line(self, pane: QWidget, text: str) -> None:
        self._pane_lines[pane] = text
        self.show_line()

    def forget_pane_lines(self) -> None:
        self._pane_lines.clear()
        self.show_line()

    def set_engine_note(self, text: str) -> None:
        self._engine_note = text
        self.show_line()

    def show_line(self) -> None:
        self.generation_label.setText(self._pane_lines.get(self._open_pane()) or self._engine_note)

    def message(self, text: str, milliseconds: int = 10000) -> None:
        self.bar.showMessage(text, milliseconds)

    def show_pending(self, text: str) -> None:
        """A task's model waits for the reply under way: said until it loads or no longer waits."""
        self._pending_note = text
        self.bar.showMessage(text)

    def end_pending(self) -> None:
        if self._pending_note and self.bar.currentMessage() == self._pending_note:
            self.bar.clearMessage()
        self._pending_note = ""

    # The model ------------------------------------------------------------------------------------------------

    def load_started(self) -> None:
        self.load_progress.setValue(0)
        self.load_progress.show()

    def show_load_progress(self, share: float) -> None:
        self.load_progress.setValue(int(share * 100))

    def _session_changed(self, session: ModelSession) -> None:
        self.show_model_state()
        if not session.loading:
            self.load_progress.hide()

    def show_model_state(self) -> None:
        """The model's line, composed afresh (also after a language change)."""
        session = self.session
        model = session.model
        if model is not None and is_remote(str(model.info.path)):
            info = model.info
            context = (self.tr("{context} tokens of context").format(context=QLocale().toString(model.context_length))
                       if model.context_length else self.tr("context length not told by the server"))
            text = self.tr("{model} · on {server}").format(
                model=info.model_id, server=info.server.split("://", 1)[-1]) + self._sight(model)
            self._model_line(text, f"{text}\n{info.server}\n{context} · {info.server_kind}" + self._sight_tip(model))
        elif model is not None:
            hardware = self._hardware()
            backend = hardware.backend.name if hardware else "CPU"
            if model.n_gpu_layers < 0:
                where = self.tr("{backend}: all layers on GPU").format(backend=backend)
            elif model.n_gpu_layers:
                where = self.tr("{backend}: %n layers on GPU", "", model.n_gpu_layers).format(backend=backend)
            else:
                where = "CPU"
            text = f"{model.info.name} · {model.info.quantization} · {where}{self._sight(model)}"
            self._model_line(text, f"{text}\n{model.info.path}\n" + self.tr(
                "{context} tokens of context, KV cache {kv} · {threads} threads · loaded in {seconds} s").format(
                    context=QLocale().toString(model.context_length), kv=model.kv_type, threads=model.n_threads,
                    seconds=f"{model.load_seconds:.1f}") + self._sight_tip(model))
        elif session.restarting:
            self._model_line(self.tr("Restarting the engine…"))
        elif session.loading_path:
            plan = session.plan
            planned = f" ({'; '.join(plan.lines()[:2])})" if plan else ""
            self._model_line(self.tr("Loading {model}{plan}…").format(model=session.loading_name, plan=planned))
        else:
            self._model_line(self.tr("No model loaded"))

    def _model_line(self, text: str, tooltip: str = "") -> None:
        """``tooltip``: shown whether or not the line is cut; without one, the whole line when it is cut."""
        self.model_label.set_full_text(text, tooltip)
        self.model_label.setAccessibleName(text)  # the whole line, not what fits on screen

    def _sight(self, model: LoadedModel) -> str:
        """Said after the model's name when it reads images, as the Models pane says of it."""
        return " · " + self.tr("reads images") if model.sees else ""

    def _sight_tip(self, model: LoadedModel) -> str:
        if not model.sees:
            return ""
        if model.projector:
            return "\n" + self.tr("Reads images, with the projector {file}.").format(file=model.projector)
        return "\n" + self.tr("Reads images: the server's model has vision.")

    # The API ----------------------------------------------------------------------------------------------------

    def show_api_state(self) -> None:
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
