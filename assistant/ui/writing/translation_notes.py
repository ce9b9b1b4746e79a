"""Under the translation: the checks of what came back (each finding its paragraph) and the alternatives for a
sentence (each to use). Each list shows only when it has something in it: a new user sees two texts, not a grid of
empty boxes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.text_boxes import titled_list


class TranslationNotes(Translatable, QWidget):
    check_chosen = Signal(int)  # the paragraph a check is about
    alternative_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.texts = Texts(self)
        self.checks_label, self.checks = self._list("translationChecks", lambda: self.tr(
            "Checks (click one to find its paragraph)"), lambda: self.tr("Checks of the translation"))
        self.checks.itemClicked.connect(lambda item: self.check_chosen.emit(item.data(Qt.UserRole)))
        self.alternatives_label, self.alternatives_list = self._list("alternatives", lambda: self.tr(
            "Alternatives (double-click one to use it)"), lambda: self.tr("Alternative translations"))
        self.alternatives_list.itemDoubleClicked.connect(lambda item: self.alternative_chosen.emit(item.text()))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, box, stretch in ((self.checks_label, self.checks, 3),
                                    (self.alternatives_label, self.alternatives_list, 2)):
            side = QVBoxLayout()
            side.addWidget(label)
            side.addWidget(box)
            layout.addLayout(side, stretch)
        self._show_what_applies()

    def _list(self, name: str, title, accessible_name) -> tuple[QLabel, QListWidget]:
        label, box = titled_list(self, self.texts, name, title, accessible_name)
        for signal in (box.model().rowsInserted, box.model().rowsRemoved, box.model().modelReset):
            signal.connect(self._show_what_applies)
        return label, box

    def _show_what_applies(self, *_args) -> None:
        for label, box in ((self.checks_label, self.checks), (self.alternatives_label, self.alternatives_list)):
            label.setVisible(box.count() > 0)
            box.setVisible(box.count() > 0)
        self.setVisible(self.checks.count() > 0 or self.alternatives_list.count() > 0)

    def show_checks(self, checks: list[tuple[int, str]]) -> None:
        """(paragraph, problem) pairs, as "¶2: …", instead of those shown."""
        self.checks.clear()
        self.add_checks(checks)

    def add_checks(self, checks: list[tuple[int, str]]) -> None:
        for paragraph, problem in checks:
            item = QListWidgetItem(f"¶{paragraph + 1}: {problem}")
            item.setData(Qt.UserRole, paragraph)
            self.checks.addItem(item)
