"""A message card's actions, as icons at the right of its header: copy, and edit (a question) or regenerate (a reply),
which appear while the pointer is over the card or the keyboard is in it; and the versions (‹ 2/3 ›), always shown
when there are several.

The hidden actions are transparent, not hidden: they keep their place (nothing moves when they appear) and stay in
the focus chain, so Tab reaches them, and a focused one shows them all (issue 34: on hover AND by keyboard)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGraphicsOpacityEffect, QHBoxLayout, QLabel, QToolButton, QWidget

from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable

ICON_SIZE = QSize(16, 16)


def icon_button(parent: QWidget, texts: Texts, name: str, text: Callable[[], str], tip: Callable[[], str],
                slot: Callable[[], object]) -> QToolButton:
    """An icon-only button: ``text`` is its accessible name (and its text, not drawn), ``tip`` its tooltip and
    accessible description."""
    button = QToolButton(parent)
    button.setIcon(icon(name))
    button.setIconSize(ICON_SIZE)
    button.setToolButtonStyle(Qt.ToolButtonIconOnly)
    button.setAutoRaise(True)
    button.setProperty("messageAction", True)
    texts.bind(button.setText, text)
    texts.bind(button.setAccessibleName, text)
    texts.bind(button.setToolTip, tip)
    texts.bind(button.setAccessibleDescription, tip)
    button.clicked.connect(slot)
    return button


class MessageActions(Translatable, QWidget):
    def __init__(self, owner, user: bool, parent: QWidget | None = None):
        """``owner``: the card, whose methods the buttons call."""
        super().__init__(parent)
        self.setObjectName("messageActions")
        self.texts = texts = Texts(self)
        self._versions = (0, 1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.fading = QWidget(self)
        # Hidden while a reply is written, it keeps its room: the card's header does not grow when the reply ends.
        keep = self.fading.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.fading.setSizePolicy(keep)
        fading_row = QHBoxLayout(self.fading)
        fading_row.setContentsMargins(0, 0, 0, 0)
        fading_row.setSpacing(2)
        self.copy_button = icon_button(self.fading, texts, "copy", lambda: self.tr("Copy"),
                                       lambda: self.tr("Copy this message"), owner.copy_message)
        fading_row.addWidget(self.copy_button)
        if user:
            self.edit_button = icon_button(self.fading, texts, "pencil", lambda: self.tr("Edit"),
                                           lambda: self.tr("Edit and resend; the current version is kept"),
                                           owner.begin_edit)
            fading_row.addWidget(self.edit_button)
        else:
            self.regenerate_button = icon_button(
                self.fading, texts, "refresh-cw", lambda: self.tr("Regenerate"),
                lambda: self.tr("Write another version of this reply; this one is kept"), owner.request_regenerate)
            fading_row.addWidget(self.regenerate_button)
        self.opacity = QGraphicsOpacityEffect(self.fading)
        self.fading.setGraphicsEffect(self.opacity)
        row.addWidget(self.fading)

        self.previous_button = icon_button(self, texts, "chevron-left", lambda: self.tr("Previous version"),
                                           lambda: self.tr("Show the previous version of this message"),
                                           lambda: owner.step(-1))
        self.sibling_label = QLabel(self)
        self.sibling_label.setObjectName("siblingLabel")
        self.next_button = icon_button(self, texts, "chevron-right", lambda: self.tr("Next version"),
                                       lambda: self.tr("Show the next version of this message"), lambda: owner.step(1))
        for widget in (self.previous_button, self.sibling_label, self.next_button):
            row.addWidget(widget)
        self.show_actions(False)
        texts.on_change(self._name_versions)

    def buttons(self) -> list[QToolButton]:
        return self.fading.findChildren(QToolButton)

    def show_actions(self, shown: bool) -> None:
        self.opacity.setOpacity(1.0 if shown else 0.0)

    def actions_shown(self) -> bool:
        return self.fading.isVisible() and self.opacity.opacity() > 0

    def show_versions(self, index: int, count: int, busy: bool) -> None:
        """Position ``index`` (from 0) of ``count`` versions; the switcher only where there are several."""
        for widget in (self.previous_button, self.sibling_label, self.next_button):
            widget.setVisible(count > 1)
        self._versions = (index, count)
        self.sibling_label.setText(f"{index + 1}/{count}")
        self._name_versions()
        self.previous_button.setEnabled(not busy and index > 0)
        self.next_button.setEnabled(not busy and index < count - 1)

    def _name_versions(self) -> None:
        index, count = self._versions
        self.sibling_label.setAccessibleName(self.tr("Version {index} of {count}").format(index=index + 1,
                                                                                         count=count))
