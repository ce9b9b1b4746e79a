"""A reply's tool calls in the thread: one collapsed line per call ("Called calculator: 2+2 → 4"), which opens on a
click to where the tool comes from, what the user decided, the full arguments and the result; the result is marked
as the tool's output, untrusted. A call that did not run (denied, malformed, past the reply's limit, stopped) says
so and shows what the model was told instead. The steps are the history's (core/chat/tool_steps); while a reply is
written, a call waiting for the user shows its approval card (approval_card.py) below the steps, and a running one
a line that says so."""

from __future__ import annotations

import json

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontDatabase, QTextOption
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.core.chat.tool_steps import ALWAYS, CAPPED, DENIED, GRANTED, INVALID, ONCE, RAN, STOPPED
from assistant.core.storage.chat_markdown import pretty_arguments
from assistant.core.tools.tool_spec import HEARTH
from assistant.ui.chat.icon_buttons import disclosure
from assistant.ui.chat.icon_mark import IconMark
from assistant.ui.common.tab_order import place_after, tab_order, tab_stops
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable

SUMMARY_CHARS = 60


def short(text: str, limit: int = SUMMARY_CHARS) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


def arguments_summary(arguments: str) -> str:
    """One argument's value alone (2+2), else key=value pairs; on one line, cut short."""
    try:
        value = json.loads(arguments)
    except (ValueError, TypeError):
        return short(arguments)
    if isinstance(value, dict) and len(value) == 1:
        only = next(iter(value.values()))
        return short(only if isinstance(only, str) else json.dumps(only, ensure_ascii=False))
    if isinstance(value, dict):
        return short(", ".join(f"{key}={json.dumps(item, ensure_ascii=False)}" for key, item in value.items()))
    return short(json.dumps(value, ensure_ascii=False))


class CodeBox(QPlainTextEdit):
    """Read-only text in the fixed-width font, wrapped at the box's width, as tall as its text up to a limit and
    scrolled past it: arguments and results are shown whole, never cut."""

    MAX_LINES = 16

    def __init__(self, text: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setReadOnly(True)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.setPlainText(text)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, _size=None) -> None:
        lines = min(max(1, int(self.document().size().height())), self.MAX_LINES)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded if lines >= self.MAX_LINES else Qt.ScrollBarAlwaysOff)
        height = lines * self.fontMetrics().lineSpacing() + 2 * self.frameWidth() + 8
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()


def plain_label(parent: QWidget, name: str = "") -> QLabel:
    """A wrapping line for text from a model or a tool: plain text always, so no markup in it is obeyed."""
    label = QLabel(parent)
    label.setTextFormat(Qt.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class ElidedToggle(QToolButton):
    """A toggle whose words end in "…" where the line is too narrow for them, with the whole of them in its tooltip:
    a call's summary never widens the thread. ``text()`` is the whole text."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""
        self._tip = ""
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Fixed)  # a tool button's is Fixed: it could not shrink

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._full = text
        self._elide()
        self.updateGeometry()

    def text(self) -> str:
        return self._full

    def set_tip(self, tip: str) -> None:
        self._tip = tip
        self._elide()

    def _room(self) -> int:
        return self.iconSize().width() + 4 * self.fontMetrics().averageCharWidth() + 8  # icon, gap and padding

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + self._room(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(min(self.sizeHint().width(), self._room() + self.fontMetrics().horizontalAdvance("M…") * 4),
                     super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.ElideRight, max(self.width() - self._room(), 0))
        super().setText(shown)
        self.setToolTip(self._tip if shown == self._full else f"{self._full}\n\n{self._tip}")


class ToolBlock(Translatable, QWidget):
    """One call of a reply, collapsed to a line; its details are made on the first click."""

    def __init__(self, step: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.step = step
        self.texts = Texts(self)
        self.setObjectName("toolBlock")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        line = QHBoxLayout()
        line.setSpacing(4)
        # What became of the call, as a mark before its words: it ran (check), or it failed or did not run (x).
        self.mark = IconMark("check" if step.get("decision") in RAN and step.get("ok") else "x", self)
        line.addWidget(self.mark)
        self.toggle = disclosure(ElidedToggle(self), "toolToggle", self._expand)
        self.texts.bind(self.toggle.set_tip, lambda: self.tr("Show or hide this call's arguments and result"))
        self.texts.bind(self.toggle.setAccessibleDescription,
                        lambda: self.tr("Show or hide this call's arguments and result"))
        line.addWidget(self.toggle, 1, Qt.AlignLeft)
        box.addLayout(line)
        self.details: QWidget | None = None
        self._show_texts()
        self.texts.on_change(self._show_texts)

    @property
    def call(self) -> dict:
        return self.step.get("call", {})

    def tool_name(self) -> str:
        source, name = self.step.get("source", ""), self.call.get("name", "")
        return name if source in ("", HEARTH) else self.tr("{tool} ({server})").format(tool=name, server=source)

    def summary(self) -> str:
        tool, decision = self.tool_name(), self.step.get("decision", "")
        arguments, result = arguments_summary(self.call.get("arguments", "")), self.step.get("result", "")
        if result.startswith(f"{arguments} = "):  # the calculator says its expression again: the value is enough
            result = result[len(arguments) + 3:]
        result = short(result)
        if decision in RAN and self.step.get("ok"):
            return self.tr("Called {tool}: {arguments} → {result}").format(tool=tool, arguments=arguments,
                                                                           result=result)
        if decision in RAN:
            return self.tr("Called {tool}: {arguments} → failed: {result}").format(tool=tool, arguments=arguments,
                                                                                   result=result)
        if decision == DENIED:
            return self.tr("You denied {tool}: {arguments}").format(tool=tool, arguments=arguments)
        if decision == INVALID:
            return self.tr("Not run, the call was malformed: {tool}: {arguments}").format(tool=tool,
                                                                                        arguments=arguments)
        if decision == CAPPED:
            return self.tr("Not run, past this reply's limit of calls: {tool}").format(tool=tool)
        return self.tr("Not run, the reply was stopped: {tool}").format(tool=tool)

    def decision_text(self) -> str:
        decision = self.step.get("decision", "")
        return {ONCE: self.tr("You allowed it once."),
                ALWAYS: self.tr("You allowed it, and always allow this tool."),
                GRANTED: self.tr("It ran without asking: you always allow this tool."),
                DENIED: self.tr("You denied it: it did not run."),
                INVALID: self.tr("It did not run: the model wrote it in a way that cannot run."),
                CAPPED: self.tr("It did not run: the reply had made as many calls as it may."),
                STOPPED: self.tr("It did not finish: you stopped the reply.")}.get(decision, "")

    def source_text(self) -> str:
        source = self.step.get("source", "")
        if source in ("", HEARTH):
            return self.tr("From Hearth's own tools.")
        return self.tr("From the MCP server “{server}”.").format(server=source)

    def result_title(self) -> str:
        if self.step.get("decision") in RAN:
            return self.tr("Result: the tool's output, untrusted. The model reads it as data; it cannot approve "
                           "anything.")
        return self.tr("What the model was told:")

    def _show_texts(self) -> None:
        summary = self.summary()
        self.toggle.setText(summary)
        self.toggle.setAccessibleName(summary)
        if self.details is not None:
            for label, text in zip(self._labels, self._label_texts()):
                label.setText(text)

    def _label_texts(self) -> list[str]:
        return [f"{self.source_text()} {self.decision_text()}", self.tr("Arguments:"), self.result_title()]

    def _expand(self, shown: bool) -> None:
        self.toggle.setIcon(icon("chevron-down" if shown else "chevron-right"))
        if shown and self.details is None:
            self._make_details()
        if self.details is not None:
            self.details.setVisible(shown)

    def _make_details(self) -> None:
        self.details = QFrame(self)
        self.details.setObjectName("toolDetails")
        self.details.setFrameShape(QFrame.StyledPanel)
        box = QVBoxLayout(self.details)
        box.setContentsMargins(12, 8, 12, 12)
        box.setSpacing(4)
        self._labels = [plain_label(self.details) for _ in range(3)]
        box.addWidget(self._labels[0])
        box.addWidget(self._labels[1])
        box.addWidget(CodeBox(pretty_arguments(self.call.get("arguments", "")), "toolArguments", self.details))
        if self.call.get("problem"):
            problem = plain_label(self.details, "toolProblem")
            problem.setText(self.call["problem"])
            box.addWidget(problem)
        box.addWidget(self._labels[2])
        box.addWidget(CodeBox(self.step.get("result", ""), "toolResult", self.details))
        self.layout().addWidget(self.details)
        place_after(self.toggle, self.details)  # made on the first opening: its boxes follow the line that opened it
        self._show_texts()


class ToolSteps(Translatable, QWidget):
    """A reply's blocks, then the cards of the calls waiting for the user, then what runs now."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.texts = Texts(self)
        self.blocks: list[ToolBlock] = []
        self.cards: dict[str, QWidget] = {}  # call id -> its approval card
        self._running_tool = ""
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(4)
        self.running_line = QWidget(self)
        running = QHBoxLayout(self.running_line)
        running.setContentsMargins(0, 0, 0, 0)
        running.setSpacing(4)
        running.addWidget(IconMark("wrench", self.running_line))
        self.running = plain_label(self.running_line, "toolRunning")
        running.addWidget(self.running, 1)
        self.running_line.hide()
        self.box.addWidget(self.running_line)
        self.notice = plain_label(self, "toolsNotice")  # a server whose tools this reply could not have
        self.notice.hide()
        self.box.addWidget(self.notice)
        self.texts.on_change(self._show_running)
        self.hide()

    def steps(self) -> list[dict]:
        return [block.step for block in self.blocks]

    def show_steps(self, steps: list[dict]) -> None:
        """The reply's steps as stored; the blocks already shown for the same first steps are kept (open or not)."""
        keep = 0
        while keep < min(len(steps), len(self.blocks)) and self.blocks[keep].step == steps[keep]:
            keep += 1
        for block in self.blocks[keep:]:
            self.box.removeWidget(block)
            block.deleteLater()
        del self.blocks[keep:]
        for step in steps[keep:]:
            self.add_step(step)
        self._show()

    def add_step(self, step: dict) -> ToolBlock:
        block = ToolBlock(step, self)
        self.box.insertWidget(len(self.blocks), block)
        self.blocks.append(block)
        self.set_running("")
        self._chain()
        return block

    def add_card(self, call_id: str, card: QWidget) -> None:
        self.cards[call_id] = card
        self.box.insertWidget(self.box.indexOf(self.running_line), card)
        self._show()
        self._chain()

    def _chain(self) -> None:
        """Blocks and cards made while the reply is written would join the end of the window's Tab order (after
        the composer): they are put where they are seen, after the stops of the message card above them."""
        stops = [stop for index in range(self.box.count()) if (part := self.box.itemAt(index).widget())
                 for stop in ([part] if part.focusPolicy() & Qt.TabFocus else []) + tab_stops(part)]
        card = self.parentWidget()
        if not stops or card is None:
            return
        above = None
        for stop in tab_stops(card):  # in the order made: the card's header and thinking come before the steps
            if stop is self or self.isAncestorOf(stop):
                break
            above = stop
        if above is not None:
            tab_order(above, *stops)

    def keep_cards(self, call_ids: set[str]) -> None:
        """Only the cards of calls that still wait stay."""
        for call_id in [key for key in self.cards if key not in call_ids]:
            card = self.cards.pop(call_id)
            self.box.removeWidget(card)
            card.hide()
            card.deleteLater()
        self._show()

    def set_running(self, tool: str) -> None:
        self._running_tool = tool
        self._show_running()
        self._show()

    def _show_running(self) -> None:
        self.running.setText(self.tr("Running {tool}…").format(tool=self._running_tool))
        self.running_line.setVisible(bool(self._running_tool))

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self._show()

    def _show(self) -> None:
        self.setVisible(bool(self.blocks or self.cards or self._running_tool or self.notice.text()))
