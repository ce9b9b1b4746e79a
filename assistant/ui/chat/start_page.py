"""What the chat shows while no model is loaded: what to do first, with the button that does it; the installed chat
models and the files opened recently as cards to start with, or good first models for this computer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from assistant import APP_NAME
from assistant.core.chat.model_choices import chat_models
from assistant.core.engines.hardware import system_memory
from assistant.core.engines.memory_fit import Verdict, need_from_size, verdict
from assistant.core.library.models import InstalledModel, KnownModel
from assistant.core.library.recommended import Recommendation, recommendations
from assistant.core.units import human_size
from assistant.ui.chat.icon_buttons import OnAccentIcon
from assistant.ui.chat.icon_mark import IconMark
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.style_flag import set_flag

COLUMN_CHARACTERS = 90  # the page's column, centred, in average characters: lines short enough to read, at any text size
NAME_CHARACTERS = 60


class WelcomePage(Translatable, QScrollArea):
    open_requested = Signal()
    find_requested = Signal()
    recent_requested = Signal(str)  # a path to load
    recommendation_requested = Signal(object)  # Recommendation

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("welcomePage")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # the cards fit the width; nothing scrolls sideways
        self.texts = Texts(self)
        # A screen reader names the page (it takes the focus, to scroll by keyboard) as it is titled.
        self.texts.bind(self.setAccessibleName, lambda: self.tr("Welcome to {app}").format(app=APP_NAME))
        page = QWidget(self)
        page.setObjectName("welcomeContent")
        column = QWidget(page)
        outer = QHBoxLayout(page)
        outer.setContentsMargins(SPACING["xl"], SPACING["xl"], SPACING["xl"], SPACING["xl"])
        outer.addStretch(1)
        outer.addWidget(column, 100)  # as wide as the page allows, up to the column's width, in the middle
        outer.addStretch(1)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["m"])
        title = QLabel(column)
        title.setObjectName("welcomeTitle")
        title.setWordWrap(True)
        self.texts.bind(title.setText, lambda: self.tr("Welcome to {app}").format(app=APP_NAME))
        text = QLabel(column)
        text.setObjectName("welcomeText")
        self.texts.bind(text.setText, self._explanation)
        text.setWordWrap(True)
        text.setTextFormat(Qt.RichText)
        text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(title)
        layout.addWidget(text)
        buttons = QHBoxLayout()
        buttons.setSpacing(SPACING["s"])
        self.find_button = QPushButton(icon("download"), "", column)
        self.find_button.setObjectName("welcomeFind")
        self.texts.bind(self.find_button.setText, lambda: self.tr("Find and download a model…"))
        self.find_button.clicked.connect(self.find_requested)
        self.open_button = QPushButton(icon("folder-open"), "", column)
        self.open_button.setObjectName("welcomeOpen")
        self.texts.bind(self.open_button.setText, lambda: self.tr("Open a GGUF file…"))
        self.open_button.clicked.connect(self.open_requested)
        buttons.addWidget(self.find_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel(column)
        self.status.setObjectName("welcomeStatus")
        layout.addWidget(self.status)
        self._models_box = QVBoxLayout()
        self._models_box.setSpacing(SPACING["s"])
        layout.addLayout(self._models_box)
        layout.addStretch(1)
        self.column = column
        self._fit_column()
        self.setWidget(page)
        self._installed: list[InstalledModel] = []
        self._recent: list[KnownModel] = []
        self._loading = False
        self._refresh()
        self.texts.on_change(self._refresh)


    def _fit_column(self) -> None:
        self.column.setMaximumWidth(self.fontMetrics().averageCharWidth() * COLUMN_CHARACTERS)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FontChange:  # the user's text size: the column grows with it
            self._fit_column()
        super().changeEvent(event)

    def _explanation(self) -> str:
        return (
            "<p>" + self.tr("{app} runs a language model on this computer. Nothing you type leaves it.").format(
                app=APP_NAME)
            + "</p><p>"
            + self.tr("Pick a model below, or find one on the Hugging Face Hub: {app} downloads it, checks it, and "
                      "tells you whether it fits this computer's memory. A <b>Q4_K_M</b> file is a good balance of "
                      "size and quality.").format(app=APP_NAME)
            + "</p>"
        )

    def set_loading(self, loading: bool) -> None:
        if loading != self._loading:  # the pane says so at each change of its state: the cards are made again only here
            self._loading = loading
            self._refresh()

    def _refresh(self) -> None:
        self.status.setText(self.tr("Loading the model…") if self._loading else "")
        self.status.setVisible(self._loading)
        self.open_button.setEnabled(not self._loading)
        self._rebuild()

    def set_installed(self, models: list[InstalledModel]) -> None:
        self._installed = chat_models(models)
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
        installed_paths = {str(m.path) for m in self._installed}
        recent = [m for m in self._recent if m.available and str(m.path) not in installed_paths]
        # The one thing to do first is the primary button: a model to start with, or finding one.
        primary = not self._installed and not recent
        if self.find_button.property("primary") != primary:
            self.find_button.setIcon(QIcon(OnAccentIcon(icon("download"))) if primary else icon("download"))
        set_flag(self.find_button, "primary", primary)
        if self._installed:
            self._section(self.tr("Installed models"))
            for model in self._installed[:8]:
                self._add_card(model.name, f"{model.quantization} · {human_size(model.size_bytes)}", str(model.path))
        if recent:
            self._section(self.tr("Recently opened files"))
            for model in recent[:5]:
                self._add_card(model.name, f"{model.quantization} · {human_size(model.size_bytes)}", str(model.path))
        if not self._installed:
            suggestions = _fitting_suggestions()
            if suggestions:
                self._section(self.tr("Good first models for this computer"))
            for entry in suggestions:
                button = self._card("download", entry.title, self.tr("about {size} GB · {uses}").format(
                    size=f"{entry.size_gb:.1f}", uses=self.tr(", ").join(entry.use_labels())))  # Chinese lists with 、
                button.setToolTip(f"{entry.repo_id}\n{entry.file}\n{entry.note_text()}")
                button.clicked.connect(lambda _checked=False, e=entry: self.recommendation_requested.emit(e))

    def _section(self, title: str) -> None:
        label = QLabel(title, self.column)
        label.setObjectName("welcomeSection")
        self._models_box.addWidget(label)

    def _card(self, icon_name: str, name: str, detail: str) -> QPushButton:
        """A card: the model's name on its first line, in bold, the details under it; the whole card is the button."""
        button = QPushButton(self.column)
        button.setObjectName("modelCard")
        button.setAccessibleName(f"{name}, {detail}")
        button.setCursor(Qt.PointingHandCursor)
        picture = IconMark(icon_name, button, self.fontMetrics().height())  # drawn when painted, in the theme's colour
        title = QLabel(name if len(name) <= NAME_CHARACTERS else name[:NAME_CHARACTERS - 1] + "…", button)
        title.setObjectName("cardTitle")
        line = QLabel(detail, button)
        line.setObjectName("cardDetail")
        words = QVBoxLayout()
        words.setSpacing(SPACING["xxs"])
        words.addWidget(title)
        words.addWidget(line)
        layout = QHBoxLayout(button)
        layout.setContentsMargins(SPACING["m"], SPACING["s"], SPACING["m"], SPACING["s"])
        layout.setSpacing(SPACING["m"])
        layout.addWidget(picture)
        layout.addLayout(words, 1)
        layout.setSizeConstraint(QLayout.SetMinimumSize)  # as tall as its two lines, at any text size
        for part in (picture, title, line):
            part.setAttribute(Qt.WA_TransparentForMouseEvents)  # a click anywhere on the card presses it
        self._models_box.addWidget(button)
        return button

    def _add_card(self, name: str, detail: str, path: str) -> None:
        button = self._card("box", name, detail)
        button.setToolTip(path)
        button.setEnabled(not self._loading)
        button.clicked.connect(lambda _checked=False, p=path: self.recent_requested.emit(p))


def _fitting_suggestions(limit: int = 3) -> list[Recommendation]:
    memory = system_memory()
    fitting = [entry for entry in recommendations() if "chat" in entry.uses
               and verdict(need_from_size(int(entry.size_gb * 1e9), "Q4_K_M"), memory) is Verdict.FITS]
    return fitting[:limit]
