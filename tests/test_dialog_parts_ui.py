"""The shared dialog parts (ui/common/dialog_parts.py) on real widgets: a row keeps its items in order with their
stretch and the space that grows; a button's words follow the app's language and a click runs its action; the foot
buttons close the dialog the way they say."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QSpacerItem

from assistant.ui.common import ui_language
from assistant.ui.common.dialog_parts import (
    STRETCH,
    action_button,
    close_buttons,
    column,
    note_label,
    ok_cancel_buttons,
    row,
    text_label,
)
from assistant.ui.common.ui_language import Texts, Translatable


class Sample(Translatable, QDialog):
    def __init__(self):
        super().__init__()
        self.texts = Texts(self)
        self.words = "Check"
        self.clicks = 0


def test_a_row_keeps_its_items_in_order_with_their_stretch(qtbot):
    dialog = Sample()
    qtbot.addWidget(dialog)
    edit, label = QLineEdit(dialog), QLabel(dialog)
    layout = row((edit, 2), STRETCH, (label, 0, Qt.AlignTop), column(None, QLabel(dialog)))
    assert layout.count() == 4
    assert layout.itemAt(0).widget() is edit and layout.stretch(0) == 2
    assert isinstance(layout.itemAt(1), QSpacerItem) and layout.stretch(1) == 1
    assert layout.itemAt(2).widget() is label and layout.itemAt(2).alignment() == Qt.AlignTop
    assert layout.itemAt(3).layout() is not None
    outer = column(dialog, layout, margins=False)
    assert dialog.layout() is outer and outer.contentsMargins().left() == 0


def test_a_button_follows_the_language_and_runs_its_action(qtbot):
    dialog = Sample()
    qtbot.addWidget(dialog)
    button = action_button(dialog, lambda: dialog.words, lambda: setattr(dialog, "clicks", dialog.clicks + 1),
                           "checkButton")
    label = text_label(dialog, lambda: dialog.words + "?")
    assert (button.text(), label.text(), button.objectName()) == ("Check", "Check?", "checkButton")
    dialog.words = "检查"
    ui_language.notifier().changed.emit()  # what ui_language.apply announces once a language is installed
    assert (button.text(), label.text()) == ("检查", "检查?")
    qtbot.mouseClick(button, Qt.LeftButton)
    assert dialog.clicks == 1
    note = note_label(dialog, "status", selectable=True)
    assert note.objectName() == "status" and note.wordWrap()
    assert note.textInteractionFlags() & Qt.TextSelectableByMouse


def test_the_foot_buttons_close_the_dialog_as_they_say(qtbot):
    for make, which, result in ((close_buttons, QDialogButtonBox.Close, QDialog.Rejected),
                                (ok_cancel_buttons, QDialogButtonBox.Ok, QDialog.Accepted),
                                (ok_cancel_buttons, QDialogButtonBox.Cancel, QDialog.Rejected)):
        dialog = Sample()
        qtbot.addWidget(dialog)
        buttons = make(dialog)
        dialog.open()
        with qtbot.waitSignal(dialog.finished) as finished:
            buttons.button(which).click()
        assert finished.args == [result]
