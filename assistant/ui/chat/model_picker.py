"""The Chat pane's model picker, in its header where the eye is: the loaded model's short name, and a menu of the
installed chat models, the files opened recently, opening a model file and finding one. What it offers is decided
in core/chat/model_choices.py; loading is the window's (the pane's signals)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from assistant.core.chat.model_choices import ModelChoice, model_choices
from assistant.core.engines.types import LoadedModel, short_model_name
from assistant.ui.chat.icon_buttons import IconButton
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable

NAME_CHARACTERS = 40  # in average characters of the font: a longer name is cut with …, and is whole in the tooltip


class ModelPicker(Translatable, IconButton):
    load_requested = Signal(str)  # a path
    open_requested = Signal()
    find_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("chevron-down", parent, "modelPicker")
        self.texts = Texts(self)
        # The chevron after the name: the button lays out right to left; its menu does not.
        self.setLayoutDirection(Qt.RightToLeft)
        self.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.setAutoRaise(True)
        self.setPopupMode(QToolButton.InstantPopup)
        self.choices = QMenu(self)
        self.choices.setObjectName("modelMenu")
        self.choices.setLayoutDirection(Qt.LeftToRight)
        self.choices.aboutToShow.connect(self.fill)
        self.setMenu(self.choices)
        self.installed: list = []
        self.recent: list = []
        self.model: LoadedModel | None = None
        self.loading_name = ""
        self.texts.on_change(self.show_model)
        self.show_model()

    def set_models(self, installed: list | None = None, recent: list | None = None) -> None:
        if installed is not None:
            self.installed = installed
        if recent is not None:
            self.recent = recent

    def set_model(self, model: LoadedModel | None, loading_name: str = "") -> None:
        self.model, self.loading_name = model, loading_name
        self.show_model()

    def show_model(self) -> None:
        if self.model is not None:
            full = self.model.info.name
            name = short_model_name(full)
            metrics = self.fontMetrics()
            text = metrics.elidedText(name, Qt.ElideRight, metrics.averageCharWidth() * NAME_CHARACTERS)
            tip = self.tr("{model} is loaded. Choose another model…").format(model=full)
            self.setAccessibleName(self.tr("Model: {model}").format(model=full))
        elif self.loading_name:
            text = self.tr("Loading…")
            tip = self.tr("Loading {model}… Choose another model…").format(model=self.loading_name)
            self.setAccessibleName(self.tr("Model: loading {model}").format(model=self.loading_name))
        else:
            text = self.tr("Choose a model")
            tip = self.tr("No model is loaded. Choose one to chat with.")
            self.setAccessibleName(text)
        self.setText(text)
        self.setToolTip(tip)
        self.setAccessibleDescription(tip)

    def current_path(self) -> str | None:
        return str(self.model.info.path) if self.model is not None else None

    def fill(self) -> None:
        menu = self.choices
        menu.clear()
        installed, recent = model_choices(self.installed, self.recent, self.current_path())
        for title, choices in ((self.tr("Installed models"), installed), (self.tr("Recently opened files"), recent)):
            if choices:
                menu.addSection(title)
                for choice in choices:
                    self._add(choice)
        if not installed and not recent:
            none = menu.addAction(self.tr("No models yet"))
            none.setEnabled(False)
        menu.addSeparator()
        open_file = menu.addAction(icon("folder-open"), self.tr("Open a model file…"))
        open_file.setObjectName("openModelFile")
        open_file.triggered.connect(self.open_requested)
        find = menu.addAction(icon("download"), self.tr("Find models…"))
        find.setObjectName("findModels")
        find.triggered.connect(self.find_requested)

    def _add(self, choice: ModelChoice) -> None:
        action = self.choices.addAction(f"{choice.name}  ·  {choice.detail}")
        action.setObjectName("modelChoice")
        action.setData(choice.path)
        action.setToolTip(choice.path)
        action.setCheckable(True)
        action.setChecked(choice.current)
        action.triggered.connect(lambda _checked=False, path=choice.path, current=choice.current:
                                 None if current else self.load_requested.emit(path))
