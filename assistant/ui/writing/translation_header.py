"""Translation's top row, the same for a text, a file and a picture: what is translated at the left (a compact
segmented switch: text, a file, a picture), the language pair in the centre ([from ▾] ⇄ [into ▾]), and at the right
the progress and the pane's one primary button: Translate; Stop in its place while translating, Resume while a
stopped translation can go on."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QProgressBar, QToolButton, QWidget

from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.tool_buttons import SameSize, icon_button, primary_button
from assistant.ui.writing.translation_options import TranslationOptions

TEXT, FILE, IMAGE = "text", "file", "image"


class TranslationHeader(Translatable, QWidget):
    def __init__(self, options: TranslationOptions, parent=None):
        super().__init__(parent)
        self.texts = Texts(self)
        self.options = options
        self.modes = QFrame(self)
        self.modes.setObjectName("modeSwitch")
        self.text_mode_button = icon_button(self, "textModeButton", "type", lambda: self.tr("Translate text"),
                                            lambda: self.tr("Translate text: type or paste it, or open a .txt or .md "
                                                            "file"), parent=self.modes)
        self.mode_buttons: dict[str, QToolButton] = {TEXT: self.text_mode_button}
        modes = QHBoxLayout(self.modes)
        modes.setContentsMargins(SPACING["xxs"], SPACING["xxs"], SPACING["xxs"], SPACING["xxs"])
        modes.setSpacing(SPACING["xxs"])
        modes.addWidget(self.text_mode_button)
        self.translate_button = primary_button(self, "translateButton", lambda: self.tr("Translate"))
        self.stop_button = self.text_button(lambda: self.tr("Stop"))
        self.stop_button.setObjectName("stopTranslationButton")
        self.texts.bind(self.stop_button.setToolTip, lambda: self.tr("Stop translating (Esc)"))
        self.resume_button = primary_button(self, "resumeTranslationButton", lambda: self.tr("Resume"))
        self.texts.bind(self.resume_button.setToolTip, lambda: self.tr(
            "Go on from the first paragraph not yet translated"))
        self.progress = QProgressBar(self)
        self.progress.setObjectName("translationProgress")
        self.texts.bind(self.progress.setAccessibleName, lambda: self.tr("Translated so far"))
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(90)
        # The pair stays where it is while the progress comes and goes and one button takes another's place: the
        # buttons have one size, the progress keeps its room when hidden, and both sides share the rest equally.
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.progress.setSizePolicy(policy)
        self.progress.hide()  # until a translation runs: an empty bar reads as a text field
        self.primary_size = SameSize([self], [self.translate_button, self.stop_button, self.resume_button])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["s"])
        self.left_side, self.right_side = QWidget(self), QWidget(self)
        left, right = QHBoxLayout(self.left_side), QHBoxLayout(self.right_side)
        for side in (left, right):
            side.setContentsMargins(0, 0, 0, 0)
            side.setSpacing(SPACING["s"])
        left.addWidget(self.modes)
        left.addStretch(1)
        right.addStretch(1)
        for widget in (self.progress, self.translate_button, self.stop_button, self.resume_button):
            right.addWidget(widget)
        layout.addWidget(self.left_side, 1)
        layout.addWidget(options)
        layout.addWidget(self.right_side, 1)
        self.show_mode(TEXT)

    def add_modes(self, file_button: QToolButton, image_button: QToolButton) -> None:
        """A file and a picture, whose buttons their own parts make (file_mode.py, image_source.py)."""
        for mode, button in ((FILE, file_button), (IMAGE, image_button)):
            button.setParent(self.modes)
            self.modes.layout().addWidget(button)
            self.mode_buttons[mode] = button
        self.show_mode(TEXT)

    def tab_order(self) -> list[QWidget]:
        options = self.options
        return [*self.mode_buttons.values(), options.source_box, options.swap_button, options.target_box,
                self.translate_button, self.stop_button, self.resume_button]

    def show_mode(self, mode: str) -> None:
        """The switch shows what is translated now."""
        for name, button in self.mode_buttons.items():
            button.setCheckable(True)
            button.setChecked(name == mode)
