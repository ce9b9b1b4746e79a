"""Translation's options: the language pair (from, detected, swap, into), the header's centre; and the register and
the glossary (``formality_box``, ``glossary_button``), which the pane lays out below the texts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QStyle, QStyleOptionComboBox, QWidget

from assistant.core.writing.languages import LANGUAGES, detect, language, warm_up
from assistant.core.writing.translation_store import DETECT
from assistant.ui.common.background import Background
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.tool_buttons import icon_button


class TranslationOptions(Translatable, QWidget):
    changed = Signal()  # the source language or the register: the pane is saved
    target_changed = Signal()

    def __init__(self, target: str, text: Callable[[], str], background: Background, parent=None):
        """``target``: the language chosen last time; ``text()``: the text to translate, whose language is detected."""
        super().__init__(parent)
        self.background = background
        self.texts = Texts(self)
        self.text = text
        self.detected_code: str | None = None
        self.detect_when_shown = False  # a text kept from the last session: its language is shown once it is seen
        self._warmed_up = False
        self.detect_timer = QTimer(self)  # started as the text changes: detected once typing pauses
        self.detect_timer.setSingleShot(True)
        self.detect_timer.setInterval(400)
        self.detect_timer.timeout.connect(self.detect)
        self.source_box = self._languages("sourceLanguage", lambda: self.tr("Translate from"), with_detect=True)
        self.detected = QLabel(self)
        self.detected.setObjectName("detectedLanguage")
        self.swap_button = icon_button(self, "swapLanguages", "arrow-left-right", lambda: self.tr("Swap the languages"),
                                       lambda: self.tr("Swap the languages (and the texts)"))
        self.target_box = self._languages("targetLanguage", lambda: self.tr("Translate into"))
        self.formality_box = QComboBox(self)
        self.formality_box.setSizeAdjustPolicy(QComboBox.AdjustToContents)  # as wide as its words in each language
        self.texts.bind(self.formality_box.setToolTip, lambda: self.tr("Register: how formal the translation sounds"))
        self.texts.bind(self.formality_box.setAccessibleName, lambda: self.tr("Register"))
        for key in ("default", "formal", "informal"):
            self.formality_box.addItem("", key)
        self.glossary_button = icon_button(self, "glossaryButton", "book-a", lambda: self.tr("Glossary…"),
                                           lambda: self.tr("The glossary of these two languages…"))
        self.select(self.target_box, target)
        self.target_box.currentIndexChanged.connect(self.target_changed)
        self.source_box.currentIndexChanged.connect(self.changed)
        self.formality_box.currentIndexChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["xs"])
        for widget in (self.source_box, self.detected, self.swap_button, self.target_box):
            layout.addWidget(widget)
        self.retranslate()
        self.texts.on_change(self.retranslate)

    def _languages(self, name: str, accessible_name, with_detect: bool = False) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        self.texts.bind(box.setAccessibleName, accessible_name)
        if with_detect:
            box.addItem("", DETECT)
        for lang in LANGUAGES:
            box.addItem("", lang.code)
        box.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(10)
        # Each is as wide as the language chosen in it, not the longest in the list nor a cut-off name.
        box.currentIndexChanged.connect(lambda _index: fit_to_choice(box))
        return box

    def retranslate(self) -> None:
        """The language and register menus, in the language the app is shown in now."""
        self.source_box.setItemText(0, self.tr("Detect language"))
        for index, lang in enumerate(LANGUAGES):
            self.source_box.setItemText(index + 1, lang.menu_label())
            self.target_box.setItemText(index, lang.menu_label())
        names = {"default": self.tr("Default"), "formal": self.tr("Formal"), "informal": self.tr("Informal")}
        for index in range(self.formality_box.count()):
            self.formality_box.setItemText(index, names[self.formality_box.itemData(index)])
        self.show_detected(self.detected_code)
        for box in (self.source_box, self.target_box):
            fit_to_choice(box)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._warmed_up:
            # The detection model takes about 0.8 s and 60 MB to load: when the pane is first opened, off the GUI
            # thread, rather than at start-up or at the first keystroke.
            self._warmed_up = True
            self.background.run("language-detection", warm_up, lambda _done: None, lambda _error: None)
        if self.detect_when_shown:
            self.detect_when_shown = False
            self.detect_timer.start()

    def source_language(self) -> str | None:
        """The language chosen, or the one detected in the text; None when none is found."""
        chosen = self.source_box.currentData()
        if chosen != DETECT:
            return chosen
        found = detect(self.text())
        return found[0] if found else None

    def target_language(self) -> str:
        return self.target_box.currentData()

    def detect(self) -> None:
        if self.source_box.currentData() != DETECT:
            self.show_detected(None)
            return
        found = detect(self.text())
        self.show_detected(found[0] if found else None)
        if found is not None and found[0] == self.target_language():
            # pot does this too: translating into the same language is never meant
            self.select(self.target_box, "zh-Hans" if found[0] == "en" else "en")

    def swap(self) -> bool:
        """The languages change places; False when the source language is not known."""
        source = self.source_language()
        if source is None:
            return False
        target = self.target_language()
        self.select(self.source_box, target)
        self.select(self.target_box, source)
        return True

    @staticmethod
    def select(box: QComboBox, code: str) -> None:
        index = box.findData(code)
        if index >= 0:
            box.setCurrentIndex(index)

    def show_detected(self, code: str | None) -> None:
        """The language found in the text, beside "Detect language"; none when another language is chosen."""
        self.detected_code = code
        self.detected.setText(f"({language(code).ui_name()})" if code else "")


def fit_to_choice(box: QComboBox) -> None:
    """At least as wide as the text chosen in ``box``, measured as the style draws it, so a long language name is
    not cut off while the row has room."""
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    metrics = box.fontMetrics()
    needed = QSize(metrics.horizontalAdvance(box.currentText()) + 2, metrics.height())  # 2: rounding of the text
    box.setMinimumWidth(box.style().sizeFromContents(QStyle.CT_ComboBox, option, needed, box).width())
