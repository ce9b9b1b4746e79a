"""What the Chat pane shows in each of its states, decided in core/chat/pane_state.py: above the page, a note about
the model (loading, with its progress where the user looks; loading again after the engine crashed; a load that
failed, with the actions that move on from it), and the page of an empty conversation: what can be asked, with a
few examples that fill the message box."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from assistant.core.chat import pane_state
from assistant.ui.chat.icon_buttons import IconButton
from assistant.ui.chat.icon_mark import IconMark
from assistant.ui.chat.input_row import wrapping_label
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.style_flag import set_flag


class ModelNote(Translatable, QFrame):
    choose_requested = Signal()
    retry_requested = Signal()
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("modelNote")
        self.texts = Texts(self)
        self.icon = IconMark("box", self, self.fontMetrics().height())  # drawn when painted, in the theme's colour
        self.text = wrapping_label("modelNoteText", self)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("modelLoadProgress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(160)
        self.texts.bind(self.progress.setAccessibleName, lambda: self.tr("Loading the model"))
        self.choose_button = QPushButton(self)
        self.choose_button.setObjectName("chooseModel")
        self.texts.bind(self.choose_button.setText, lambda: self.tr("Choose another model"))
        self.choose_button.clicked.connect(self.choose_requested)
        self.retry_button = QPushButton(icon("refresh-cw"), "", self)
        self.retry_button.setObjectName("retryLoad")
        self.texts.bind(self.retry_button.setText, lambda: self.tr("Try again"))
        self.retry_button.clicked.connect(self.retry_requested)
        self.close_button = IconButton("x", self, "dismissNote")
        self.texts.bind(self.close_button.setAccessibleName, lambda: self.tr("Dismiss"))
        self.texts.bind(self.close_button.setToolTip, lambda: self.tr("Dismiss"))
        self.close_button.clicked.connect(self.dismissed)
        top = QHBoxLayout()
        top.setSpacing(SPACING["s"])
        top.addWidget(self.icon, 0, Qt.AlignTop)
        top.addWidget(self.text, 1)
        top.addWidget(self.progress)
        top.addWidget(self.close_button, 0, Qt.AlignTop)
        actions = QHBoxLayout()
        actions.setSpacing(SPACING["s"])
        actions.addStretch(1)
        actions.addWidget(self.retry_button)
        actions.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING["m"], SPACING["s"], SPACING["s"], SPACING["s"])
        layout.setSpacing(SPACING["s"])
        layout.addLayout(top)
        layout.addLayout(actions)
        self.state: str | None = ""  # none shown yet: the first show_state lays it out
        self.model_name = self.message = ""
        self.can_retry = False
        self.texts.on_change(self._say)
        self.show_state(None)

    def show_state(self, note: str | None, share: float | None = None, model_name: str = "", message: str = "",
                   can_retry: bool = True) -> None:
        """``note``: pane_state's LOADING, RECOVERING or FAILED, or None (hidden); ``share`` of the load done (None:
        not known yet); ``message``: what the engine said (a crash, or why the load failed)."""
        if note == pane_state.LOADING:
            self.progress.setRange(0, 0 if share is None else 100)  # busy until the engine says how far
            self.progress.setValue(round((share or 0) * 100))
        if (note, model_name, message, can_retry) == (self.state, self.model_name, self.message, self.can_retry):
            return  # only how far the load is: the rest stands (the pane asks at each step of a load)
        self.state, self.model_name, self.message, self.can_retry = note, model_name, message, can_retry
        self.setVisible(note is not None)
        set_flag(self, "state", note or "")
        self.progress.setVisible(note == pane_state.LOADING)
        failed = note == pane_state.FAILED
        self.choose_button.setVisible(failed)
        self.retry_button.setVisible(failed and can_retry)
        self.close_button.setVisible(failed)
        self.icon.set_icon({pane_state.FAILED: "circle-alert", pane_state.RECOVERING: "refresh-cw"}.get(note or "", "box"))
        self._say()

    def _say(self) -> None:
        if self.state == pane_state.LOADING:
            text = self.tr("Loading {model}…").format(model=self.model_name) if self.model_name else self.tr(
                "Loading the model…")
        elif self.state == pane_state.RECOVERING:
            text = self.tr("The engine stopped and is loading the model again; your conversation is kept.")
            if self.message:
                text += "\n" + self.message
        elif self.state == pane_state.FAILED:
            text = self.tr("The model could not be loaded.")
            if self.message:
                text += "\n" + self.message
        else:
            text = ""
        self.text.setText(text)
        self.setAccessibleName(text.split("\n")[0])


class EmptyConversation(Translatable, QWidget):
    """A conversation with no message yet: a quiet prompt in the middle, and examples that fill the box."""

    example_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emptyConversation")
        self.texts = Texts(self)
        self.title = QLabel(self)
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignCenter)
        self.title.setWordWrap(True)
        self.texts.bind(self.title.setText, lambda: self.tr("What can I help with?"))
        self.hint = QLabel(self)
        self.hint.setObjectName("emptyHint")
        self.hint.setAlignment(Qt.AlignCenter)
        self.hint.setWordWrap(True)
        self.texts.bind(self.hint.setText, lambda: self.tr(
            "Ask a question, paste a text to summarise or translate, or attach a picture. Everything stays on this "
            "computer."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACING["xl"], SPACING["xl"], SPACING["xl"], SPACING["xl"])
        layout.setSpacing(SPACING["m"])
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addSpacing(SPACING["s"])
        self.examples: list[QPushButton] = []
        for number, text in enumerate(self._example_texts()):
            button = QPushButton(self)
            button.setObjectName("examplePrompt")
            button.clicked.connect(lambda _checked=False, n=number: self.example_chosen.emit(
                self._example_texts()[n]))
            self.examples.append(button)
            layout.addWidget(button, 0, Qt.AlignHCenter)
        layout.addStretch(2)
        self.texts.on_change(self._name_examples)
        self._name_examples()

    def _example_texts(self) -> list[str]:
        return [self.tr("Explain how a rainbow forms, in three sentences."),
                self.tr("Write a short, polite email asking to move a meeting to Friday."),
                self.tr("Give me five names for a small bakery.")]

    def _name_examples(self) -> None:
        for button, text in zip(self.examples, self._example_texts()):
            button.setText(text)
            button.setToolTip(self.tr("Put this in the message box"))
