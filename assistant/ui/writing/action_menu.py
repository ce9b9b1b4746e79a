"""Drafting's actions: the menu of built-in actions and the user's own, Run, and adding or removing an action."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QWidget

from assistant.core.storage.settings import Settings
from assistant.core.storage.write_failure import write_failure
from assistant.core.writing.drafting import (
    Action,
    add_custom_action,
    built_in_actions,
    custom_actions,
    remove_custom_action,
)
from assistant.core.writing.prompts import ui_wording
from assistant.ui.common import ui_language
from assistant.ui.common.ui_language import Texts, Translatable


class ActionMenu(Translatable, QWidget):
    said = Signal(str)  # what came of adding or removing an action, for the pane's status line

    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.texts = Texts(self)
        self.action_box = QComboBox(self)
        self.action_box.setObjectName("actionBox")
        self.run_button = self.text_button(lambda: self.tr("Run"))
        self.run_button.setObjectName("runAction")
        self.texts.bind(self.run_button.setToolTip, lambda: self.tr(
            "Run the action on the selected text, or on the whole draft when nothing is selected. You review the "
            "result before anything changes."))
        self.add_action_button = self.text_button(lambda: self.tr("Add action…"))
        self.add_action_button.clicked.connect(self.add_action_dialog)
        self.remove_action_button = self.text_button(lambda: self.tr("Remove action"))
        self.texts.bind(self.remove_action_button.setToolTip, lambda: self.tr("Remove the selected action of your own"))
        self.remove_action_button.clicked.connect(self.remove_selected_action)
        self.action_box.currentIndexChanged.connect(self._action_chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.action_box, self.run_button, self.add_action_button, self.remove_action_button):
            layout.addWidget(widget)
        self.refresh_actions()
        self.texts.on_change(self._retranslate)

    def current(self) -> Action | None:
        return self.action_box.currentData()

    def _retranslate(self) -> None:
        chosen = self.current()
        self.refresh_actions()
        if chosen is not None:
            self.select_action(chosen.id)

    def refresh_actions(self) -> None:
        self.action_box.clear()
        for action in built_in_actions(ui_wording(ui_language.current())) + custom_actions(self.settings):
            self.action_box.addItem(self.tr("{action} (yours)").format(action=action.label) if action.custom
                                    else action.label, action)

    def _action_chosen(self) -> None:
        action = self.current()
        self.remove_action_button.setVisible(action is not None and action.custom)

    def select_action(self, action_id: str) -> None:
        for index in range(self.action_box.count()):
            if self.action_box.itemData(index).id == action_id:
                self.action_box.setCurrentIndex(index)
                return
        raise KeyError(action_id)

    def add_action_dialog(self) -> None:
        label, ok = QInputDialog.getText(self, self.tr("Add an action"), self.tr("Name of the action:"))
        if not ok or not label.strip():
            return
        instruction, ok = QInputDialog.getMultiLineText(
            self, self.tr("Add an action"), self.tr("What should the model do with the text? For example: “Rewrite "
                                                    "the text as a polite reply to a customer.”"))
        if ok:
            self.add_action(label, instruction)

    def add_action(self, label: str, instruction: str) -> None:
        try:
            action = add_custom_action(self.settings, label, instruction)
        except ValueError as exc:
            self.said.emit(str(exc))
            return
        except sqlite3.DatabaseError as exc:  # a full disk, a locked file: said, and the dialog can be used again
            self.said.emit(self.tr("The action was not added. {advice}").format(advice=write_failure(exc).advice()))
            return
        self.refresh_actions()
        self.action_box.setCurrentIndex(self.action_box.count() - 1)
        self.said.emit(self.tr("Added the action “{action}”.").format(action=action.label))

    def remove_selected_action(self) -> None:
        action = self.current()
        if action is not None and action.custom:
            try:
                remove_custom_action(self.settings, action)
            except sqlite3.DatabaseError as exc:
                self.said.emit(self.tr("The action was not removed. {advice}").format(
                    advice=write_failure(exc).advice()))
                return
            self.refresh_actions()
            self.said.emit(self.tr("Removed the action “{action}”.").format(action=action.label))
