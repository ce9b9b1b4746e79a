"""What the chat shows while no model is loaded: installed models to start with, or how to get one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assistant import APP_NAME
from assistant.core.engines.hardware import system_memory
from assistant.core.engines.memory_fit import Verdict, need_from_size, verdict
from assistant.core.library.models import InstalledModel, KnownModel
from assistant.core.library.recommended import Recommendation, recommendations
from assistant.core.units import human_size
from assistant.ui.common.ui_language import Texts, Translatable


class WelcomePage(Translatable, QWidget):
    open_requested = Signal()
    find_requested = Signal()
    recent_requested = Signal(str)  # a path to load
    recommendation_requested = Signal(object)  # Recommendation

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("welcomePage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.texts = Texts(self)
        text = QLabel(self)
        self.texts.bind(text.setText, self._explanation)
        text.setWordWrap(True)
        text.setTextFormat(Qt.RichText)
        text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(text)
        buttons = QHBoxLayout()
        self.find_button = QPushButton(self)
        self.find_button.setObjectName("welcomeFind")
        self.texts.bind(self.find_button.setText, lambda: self.tr("Find and download a model…"))
        self.find_button.clicked.connect(self.find_requested)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("welcomeOpen")
        self.texts.bind(self.open_button.setText, lambda: self.tr("Open a GGUF file…"))
        self.open_button.clicked.connect(self.open_requested)
        buttons.addWidget(self.find_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel(self)
        self.status.setObjectName("welcomeStatus")
        layout.addWidget(self.status)
        self._models_box = QVBoxLayout()
        layout.addLayout(self._models_box)
        layout.addStretch(1)
        self._installed: list[InstalledModel] = []
        self._recent: list[KnownModel] = []
        self._loading = False
        self._rebuild()
        self.texts.on_change(lambda: self.set_loading(self._loading))

    def _explanation(self) -> str:
        return (
            "<h2>" + self.tr("Welcome to {app}").format(app=APP_NAME) + "</h2><p>"
            + self.tr("{app} runs a language model on this computer. Nothing you type leaves it.").format(app=APP_NAME)
            + "</p><p>"
            + self.tr("Pick a model below, or find one on the Hugging Face Hub: {app} downloads it, checks it, and "
                      "tells you whether it fits this computer's memory. A <b>Q4_K_M</b> file is a good balance of "
                      "size and quality.").format(app=APP_NAME)
            + "</p>"
        )

    def set_loading(self, loading: bool) -> None:
        self._loading = loading
        self.status.setText(self.tr("Loading the model…") if loading else "")
        self.open_button.setEnabled(not loading)
        self._rebuild()

    def set_installed(self, models: list[InstalledModel]) -> None:
        self._installed = models
        self._rebuild()

    def set_recent(self, models: list[KnownModel]) -> None:
        self._recent = models
        self._rebuild()

    def _rebuild(self) -> None:
        while self._models_box.count():
            widget = self._models_box.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # off the page now; deleted when the event loop next runs
                widget.deleteLater()
        if self._installed:
            self._models_box.addWidget(QLabel("<b>" + self.tr("Installed models") + "</b>", self))
            for model in self._installed[:8]:
                self._add_button(f"{model.name} · {model.quantization} · {human_size(model.size_bytes)}",
                                 str(model.path))
        installed_paths = {str(m.path) for m in self._installed}
        recent = [m for m in self._recent if m.available and str(m.path) not in installed_paths]
        if recent:
            self._models_box.addWidget(QLabel("<b>" + self.tr("Recently opened files") + "</b>", self))
            for model in recent[:5]:
                self._add_button(f"{model.name} · {model.quantization} · {human_size(model.size_bytes)}",
                                 str(model.path))
        if not self._installed:
            suggestions = _fitting_suggestions()
            if suggestions:
                self._models_box.addWidget(QLabel("<b>" + self.tr("Good first models for this computer") + "</b>",
                                                  self))
            for entry in suggestions:
                button = QPushButton(self.tr("{model} · about {size} GB · {uses}").format(
                    model=entry.title, size=f"{entry.size_gb:.1f}", uses=", ".join(entry.use_labels())), self)
                button.setToolTip(f"{entry.repo_id}\n{entry.file}\n{entry.note_text()}")
                button.clicked.connect(lambda _checked=False, e=entry: self.recommendation_requested.emit(e))
                self._models_box.addWidget(button, 0, Qt.AlignLeft)

    def _add_button(self, label: str, path: str) -> None:
        button = QPushButton(label, self)
        button.setToolTip(path)
        button.setEnabled(not self._loading)
        button.clicked.connect(lambda _checked=False, p=path: self.recent_requested.emit(p))
        self._models_box.addWidget(button, 0, Qt.AlignLeft)


def _fitting_suggestions(limit: int = 3) -> list[Recommendation]:
    memory = system_memory()
    fitting = [entry for entry in recommendations() if "chat" in entry.uses
               and verdict(need_from_size(int(entry.size_gb * 1e9), "Q4_K_M"), memory) is Verdict.FITS]
    return fitting[:limit]
