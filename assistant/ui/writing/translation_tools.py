"""Translation's rows under the texts: the status line, with the action that fixes a failure (Load a model); under it
the register, the glossary and how a picture is read at the left, and the text's own tools at the right
(Alternatives…, History, then Open, Save and Copy as icons)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QVBoxLayout, QWidget

from assistant.core.writing.pane_state import LOAD_MODEL, PaneState

from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.style_flag import set_flag
from assistant.ui.writing.text_boxes import status_line
from assistant.ui.writing.tool_buttons import icon_button
from assistant.ui.writing.translation_history import TranslationHistoryMenu


class TranslationTools(Translatable, QWidget):
    def __init__(self, history: Callable, options: list[QWidget], parent=None):
        """``history(limit)``: the translations to offer again; ``options``: the register, the glossary and how a
        picture is read, at the left of the tools."""
        super().__init__(parent)
        self.texts = Texts(self)
        self.shown: tuple[PaneState, QPlainTextEdit] | None = None  # said again in a new language
        self.texts.on_change(lambda: self.shown and self.show_state(*self.shown))
        self.status = status_line(self, "translationStatus")
        self.load_model_button = self.text_button(lambda: self.tr("Load a model"))
        self.load_model_button.setObjectName("translationLoadModel")
        self.alternatives_button = self.text_button(lambda: self.tr("Alternatives…"))
        self.texts.bind(self.alternatives_button.setToolTip, lambda: self.tr(
            "Other ways to translate the sentence selected in the source text"))
        # A push button with a menu leaves room for the menu's arrow; a tool button drew it over the text.
        self.history_button = self.text_button(lambda: self.tr("History"))
        self.history_button.setObjectName("translationHistoryButton")
        self.history_menu = TranslationHistoryMenu(history, self)
        self.history_button.setMenu(self.history_menu)
        self.open_button = icon_button(self, "openTranslationFile", "folder-open", lambda: self.tr("Open…"),
                                       lambda: self.tr("Open a .txt or .md file to translate…"))
        self.save_button = icon_button(self, "saveTranslation", "save", lambda: self.tr("Save…"),
                                       lambda: self.tr("Save the translation as a .txt or .md file"))
        self.copy_button = icon_button(self, "copyTranslation", "copy", lambda: self.tr("Copy"),
                                       lambda: self.tr("Copy the whole translation"))
        state_row = QHBoxLayout()
        state_row.addWidget(self.status, 1)
        state_row.addWidget(self.load_model_button)
        tools = QHBoxLayout()
        tools.setSpacing(SPACING["xs"])
        for widget in options:
            tools.addWidget(widget)
        tools.addStretch(1)
        for widget in self.text_tools():
            tools.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["xs"])
        layout.addLayout(state_row)
        layout.addLayout(tools)

    def show_state(self, state: PaneState, target: QPlainTextEdit) -> None:
        """The pane's state (core/writing/pane_state.py): the status line speaks of it, with Load a model beside it
        where that is what moves on; the translation's place says what it is for, with or without a model."""
        self.shown = (state, target)
        self.load_model_button.setVisible(state.action == LOAD_MODEL)
        set_flag(self.status, "state", state.state)  # the state the status line speaks of, for writing.qss
        target.setPlaceholderText(self.tr("The translation appears here once a model is loaded: Models on the left, "
                                          "or File → Open model file.") if state.action == LOAD_MODEL else
                                  self.tr("The translation appears here, paragraph by paragraph."))

    def text_tools(self) -> list[QWidget]:
        """The tools of a text, which a file in translation has no use for."""
        return [self.alternatives_button, self.history_button, self.open_button, self.save_button, self.copy_button]
