"""A call that waits for the user, in the thread under its reply: which server or Hearth it comes from, the tool, what
the tool says of itself, and the full arguments the model wrote (indented JSON in a box that wraps and scrolls,
never cut), so that what is approved is what was read. *Allow once* is the default; *Always allow this tool* holds
for this tool as it is now (asked again when its server, description or schema changes: the card then says so);
*Deny* tells the model it was declined. The answer goes to ``ChatSession.decide``; nothing else can give it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout

from assistant.core.chat.tool_round import ToolCallAsked
from assistant.core.tools.approvals import ALWAYS, DENY, ONCE
from assistant.core.tools.tool_spec import HEARTH
from assistant.core.storage.chat_markdown import pretty_arguments
from assistant.ui.chat.tool_blocks import CodeBox, plain_label
from assistant.ui.chat.icon_mark import IconMark
from assistant.ui.common.ui_language import Texts, Translatable


class ApprovalCard(Translatable, QFrame):
    decided = Signal(str, str)  # call id, "once" | "always" | "deny"

    def __init__(self, asked: ToolCallAsked, parent=None):
        super().__init__(parent)
        self.asked = asked
        self.texts = Texts(self)
        self.setObjectName("approvalCard")
        self.setFrameShape(QFrame.StyledPanel)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 12, 12, 12)
        box.setSpacing(6)
        self.title = plain_label(self, "approvalTitle")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        heading = QHBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(IconMark("wrench", self), 0, Qt.AlignTop)
        heading.addWidget(self.title, 1)
        self.source = plain_label(self, "approvalSource")
        self.description = plain_label(self, "approvalDescription")
        self.changed = plain_label(self, "approvalChanged")
        self.changed.setVisible(bool(asked.problem))
        self.arguments_title = plain_label(self)
        self.arguments = CodeBox(pretty_arguments(asked.call.arguments), "approvalArguments", self)
        box.addLayout(heading)
        for widget in (self.source, self.description, self.changed, self.arguments_title, self.arguments):
            box.addWidget(widget)
        self.allow_once = self._button("allowOnceButton", ONCE)
        self.always_allow = self._button("alwaysAllowButton", ALWAYS)
        self.deny = self._button("denyButton", DENY)
        self.allow_once.setDefault(True)  # Enter on it allows once: the safe choice, never "always"
        # Allow once is the card's one primary button (accent: chat.qss); the others are plain.
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.allow_once, self.always_allow, self.deny):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box.addSpacing(4)
        box.addLayout(buttons)
        self._show_texts()
        self.texts.on_change(self._show_texts)

    def _button(self, name: str, decision: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(lambda: self._decide(decision))
        return button

    def _decide(self, decision: str) -> None:
        for button in (self.allow_once, self.always_allow, self.deny):
            button.setEnabled(False)  # one answer: a second click would find no call waiting
        self.decided.emit(self.asked.call.id, decision)

    def _show_texts(self) -> None:
        spec, call = self.asked.spec, self.asked.call
        self.title.setText(self.tr("May the model run the tool “{tool}”?").format(tool=call.name))
        self.source.setText(self.tr("From Hearth's own tools.") if spec.source == HEARTH else
                            self.tr("From the MCP server “{server}”, a program on your computer.").format(
                                server=spec.source))
        self.description.setText(self.tr("What the tool says it does (its own words): {description}").format(
            description=spec.description.strip() or "-"))
        self.changed.setText(self.asked.problem)
        self.arguments_title.setText(self.tr("The arguments the model wrote, in full:"))
        self.allow_once.setText(self.tr("Allow once"))
        self.allow_once.setToolTip(self.tr("Run this call only (Enter)"))
        self.always_allow.setText(self.tr("Always allow this tool"))
        self.always_allow.setToolTip(self.tr("Run this tool's calls without asking, in every chat, until the "
                                             "tool or its server changes or you take it back (Tools → MCP "
                                             "servers…)"))
        self.deny.setText(self.tr("Deny"))
        self.deny.setToolTip(self.tr("Do not run it; the model is told you declined"))
        self.arguments.setAccessibleName(self.tr("Arguments of the call to {tool}").format(tool=call.name))
        self.setAccessibleName(self.title.text())

    def take_focus(self) -> None:
        """Focus *Allow once*, unless the user is typing elsewhere (a message being drafted): an Enter meant for
        their text must not answer a call they have not read."""
        def focus() -> None:
            typing = QApplication.focusWidget()
            drafting = isinstance(typing, (QPlainTextEdit, QLineEdit)) and not typing.isReadOnly() and bool(
                typing.toPlainText() if isinstance(typing, QPlainTextEdit) else typing.text())
            if not drafting and self.allow_once.isEnabled():
                self.allow_once.setFocus()
        QTimer.singleShot(0, self, focus)
