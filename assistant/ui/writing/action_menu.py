"""Drafting's actions: the menu of built-in actions and the user's own, Run, and (in More) adding or removing one."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Signal
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QWidget

from assistant.core.storage.settings import Settings, WritingChoices
from assistant.core.storage.write_failure import write_failure
from assistant.core.writing.drafting import (
    Action,
    add_custom_action,
    built_in_actions,
    custom_actions,
    remove_custom_action,
)
from assistant.core.writing.feedback import LEVELS, level_name
from assistant.core.writing.prompts import ui_wording
from assistant.ui.common import ui_language
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.profile_parts import ProfileMenuItems
from assistant.ui.writing.tool_buttons import more_button, primary_button


class ActionMenu(Translatable, QWidget):
    """The action chosen and Run, the pane's primary button beside it; adding and removing an action of one's own
    are in the More menu (``more_button``), as they are rarely done."""

    said = Signal(str)  # what came of adding or removing an action, for the pane's status line
    mistakes_requested = Signal()  # More › My recurring mistakes…

    def __init__(self, settings: Settings, parent=None):
        super().__init__(parent)
        self.settings = settings
        self.texts = Texts(self)
        self.action_box = QComboBox(self)
        self.action_box.setObjectName("actionBox")
        self.texts.bind(self.action_box.setAccessibleName, lambda: self.tr("Action"))
        self.texts.bind(self.action_box.setToolTip, lambda: self.tr("The action Run does"))
        self.run_button = primary_button(self, "runAction", lambda: self.tr("Run"))
        self.texts.bind(self.run_button.setToolTip, lambda: self.tr(
            "Run the action on the selected text, or on the whole draft when nothing is selected. You review the "
            "result before anything changes."))
        self.more_button, self.more_menu = more_button(self, "moreDraftActions", lambda: self.tr("More actions"))
        self.add_action_item = self.more_menu.addAction("")
        self.texts.bind(self.add_action_item.setText, lambda: self.tr("Add action…"))
        self.add_action_item.triggered.connect(self.add_action_dialog)
        self.remove_action_item = self.more_menu.addAction("")
        self.remove_action_item.triggered.connect(self.remove_selected_action)
        self._make_level_menu()
        self.profile_items = ProfileMenuItems(self.more_menu, settings, self)  # its switch, and suggestions
        self.action_box.currentIndexChanged.connect(self._action_chosen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["xs"])
        for widget in (self.action_box, self.run_button, self.more_button):
            layout.addWidget(widget)
        self.refresh_actions()
        self.texts.on_change(self._retranslate)

    def _make_level_menu(self) -> None:
        """Feedback's level (how much it flags, how it explains), kept in the settings: a learner sets it once."""
        self.more_menu.addSeparator()
        self.mistakes_item = self.more_menu.addAction("")
        self.texts.bind(self.mistakes_item.setText, lambda: self.tr("My recurring mistakes…"))
        self.mistakes_item.triggered.connect(self.mistakes_requested)
        self.level_menu = self.more_menu.addMenu("")
        self.texts.bind(self.level_menu.setTitle, lambda: self.tr("Feedback level"))
        group = QActionGroup(self.level_menu)
        chosen = self.settings.read(WritingChoices).feedback_level
        self.level_items = {}
        for level in LEVELS:
            item = self.level_menu.addAction("")
            item.setCheckable(True)
            item.setChecked(level == chosen)
            group.addAction(item)
            self.texts.bind(item.setText, lambda level=level: level_name(level))
            item.triggered.connect(lambda _checked=False, level=level: self.choose_level(level))
            self.level_items[level] = item

    def choose_level(self, level: str) -> None:
        try:
            self.settings.update(WritingChoices, feedback_level=level)
        except sqlite3.DatabaseError as exc:
            self.said.emit(self.tr("The level was not kept. {advice}").format(advice=write_failure(exc).advice()))
            return
        self.level_items[level].setChecked(True)
        self.said.emit(self.tr("Feedback now flags and explains for the {level} level.").format(
            level=level_name(level).lower()))

    def add_stop(self, button: QWidget) -> None:
        """Stop, in Run's place while the model writes (the pane shows one of them)."""
        self.layout().insertWidget(self.layout().indexOf(self.run_button) + 1, button)

    def current(self) -> Action | None:
        return self.action_box.currentData()

    def _retranslate(self) -> None:
        chosen = self.current()
        self.refresh_actions()
        if chosen is not None:
            self.select_action(chosen.id)
        self._action_chosen()

    def refresh_actions(self) -> None:
        """The actions in their groups (correcting, reshaping, tone, summing up, continuing, the user's own), a
        separator between groups, so eleven and more read as five or six choices."""
        self.action_box.clear()
        group = None
        for action in built_in_actions(ui_wording(ui_language.current())) + custom_actions(self.settings):
            if group is not None and action.group != group:
                self.action_box.insertSeparator(self.action_box.count())
            group = action.group
            self.action_box.addItem(self.tr("{action} (yours)").format(action=action.label) if action.custom
                                    else action.label, action)

    def _action_chosen(self) -> None:
        """Remove is offered for an action of one's own, and says which."""
        action = self.current()
        self.remove_action_item.setVisible(action is not None and action.custom)
        if action is not None and action.custom:
            self.remove_action_item.setText(self.tr("Remove the action “{action}”").format(action=action.label))

    def select_action(self, action_id: str) -> None:
        for index in range(self.action_box.count()):
            action = self.action_box.itemData(index)
            if action is not None and action.id == action_id:
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
        self.select_action(action.id)
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
