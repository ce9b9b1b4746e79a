"""Drafting's top row: a compact toolbar at the left (Compose, Open, Save as, Copy all: icons with tooltips), and at
the right the action chosen with Run, the pane's one primary button (Stop in its place while the model writes),
then More (adding and removing an action of one's own)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QWidget

from assistant.core.storage.settings import Settings
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.action_menu import ActionMenu
from assistant.ui.writing.tool_buttons import SameSize, icon_button


class DraftingHeader(Translatable, QWidget):
    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.texts = Texts(self)
        self.compose_button = icon_button(self, "composeButton", "pen-line", lambda: self.tr("Compose…"),
                                          lambda: self.tr("Compose a text from a brief…"))
        self.open_button = icon_button(self, "openDraftButton", "folder-open", lambda: self.tr("Open…"),
                                       lambda: self.tr("Open a .txt or .md file as a new draft…"))
        self.save_button = icon_button(self, "saveDraftButton", "save", lambda: self.tr("Save as…"),
                                       lambda: self.tr("Save the draft as a .txt or .md file…"))
        self.copy_button = icon_button(self, "copyDraftButton", "copy", lambda: self.tr("Copy all"),
                                       lambda: self.tr("Copy the whole draft"))
        self.actions = ActionMenu(settings, self)
        self.stop_button = self.text_button(lambda: self.tr("Stop"))
        self.stop_button.setObjectName("stopDraftRun")
        self.texts.bind(self.stop_button.setToolTip, lambda: self.tr("Stop the model writing (Esc)"))
        self.stop_button.hide()  # only while the model writes
        self.actions.add_stop(self.stop_button)
        self.run_stop_size = SameSize([self, self.actions], [self.actions.run_button, self.stop_button])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["xxs"])
        for button in (self.compose_button, self.open_button, self.save_button, self.copy_button):
            layout.addWidget(button)
        layout.addStretch(1)
        layout.addWidget(self.actions)

    def tab_order(self) -> list[QWidget]:
        actions = self.actions
        return [self.compose_button, self.open_button, self.save_button, self.copy_button, actions.action_box,
                actions.run_button, self.stop_button, actions.more_button]
