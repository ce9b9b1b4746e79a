"""The Drafting pane: drafts with versions, compose from a brief, actions reviewed as tracked changes, questions."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assistant.core.writing.drafting import (
    Action,
    Brief,
    action_messages,
    add_custom_action,
    ask_messages,
    built_in_actions,
    clean_result,
    compose_messages,
    custom_actions,
    parse_proofreading,
    remove_custom_action,
)
from assistant.core.storage.drafts import CREATED, UNTITLED, Drafts
from assistant.core.engines.types import GenerationResult, LoadedModel
from assistant.core.writing.languages import LANGUAGES
from assistant.core.writing.lead_ins import LeadInWatch
from assistant.core.writing.prompts import prompts, ui_wording
from assistant.core.writing.revision import compare, tokens
from assistant.core.storage.settings import Settings
from assistant.ui.common.engine_client import EngineClient
from assistant.ui.common import ui_language
from assistant.ui.common.generation import GenerationTask
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.review_view import ReviewView
from assistant.ui.documents.source_view import open_source, source_place
from assistant.ui.common.text_stream import TextStream
from assistant.ui.writing.text_files import choose_file_to_open, choose_file_to_save, read_text, write_text

AUTOSAVE_MS = 800
APPENDING = {"continue", "summarize", "key_points"}  # their result goes after the text instead of replacing it


@dataclass
class _Pending:
    """What a running or reviewed action acts on; the document must still hold it when changes are applied."""

    kind: str  # "action", "compose" or "ask"
    label: str
    start: int
    end: int
    original: str
    action: Action | None = None
    text: str = ""
    stream: TextStream | None = None  # where the model's text goes while it writes
    lead_in: LeadInWatch | None = None  # a text written into the draft: its lead-in is taken back as it shows
    sources: list[dict] | None = None  # a text composed from the user's documents: the passages it was given


def count_words(text: str) -> int:
    """Words in alphabetic scripts, characters in Chinese, Japanese and Korean, as word processors count."""
    return sum(1 for token in tokens(text) if token[0].isalnum() or token[0] == "_")


class ComposeDialog(QDialog):
    def __init__(self, parent=None, documents: bool = False):
        """``documents``: the user has documents to write from (File → Documents…)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compose"))
        wording = prompts(ui_wording(ui_language.current()))["drafting"]
        self.kind = QComboBox(self)
        for key, label in wording["kinds"].items():
            self.kind.addItem(label, key)
        self.tone = QComboBox(self)
        for key, label in wording["tones"].items():
            self.tone.addItem(label, key)
        self.length = QComboBox(self)
        names = {"short": self.tr("short"), "medium": self.tr("medium"), "long": self.tr("long")}
        for key, description in wording["lengths"].items():
            self.length.addItem(f"{names.get(key, key)} ({description})", key)
        self.audience = QLineEdit(self)
        self.audience.setPlaceholderText(self.tr("e.g. customers, my team, a hiring manager"))
        self.language = QComboBox(self)
        for lang in LANGUAGES:
            self.language.addItem(lang.native, lang.code)
        # Chinese readers most often write Chinese; everyone else starts from English.
        self.language.setCurrentIndex(self.language.findData("zh-Hans" if ui_language.current() == "zh_CN" else "en"))
        self.brief = QPlainTextEdit(self)
        self.brief.setObjectName("composeBrief")
        self.brief.setPlaceholderText(self.tr("What should it say? A few lines are enough."))
        form = QFormLayout()
        form.addRow(self.tr("Kind of text"), self.kind)
        form.addRow(self.tr("Tone"), self.tone)
        form.addRow(self.tr("Length"), self.length)
        form.addRow(self.tr("Audience"), self.audience)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Brief"), self.brief)
        self.use_documents = QCheckBox(self.tr("Write from my documents, citing them as [1], [2]"), self)
        self.use_documents.setObjectName("composeFromDocuments")
        self.use_documents.setVisible(documents)
        form.addRow("", self.use_documents)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Write"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def value(self) -> Brief:
        return Brief(self.kind.currentData(), self.tone.currentData(), self.length.currentData(),
                     self.audience.text().strip(), self.language.currentData(), self.brief.toPlainText().strip())


class DraftingPane(Translatable, QWidget):
    status_changed = Signal(str)

    def __init__(self, drafts: Drafts, settings: Settings, client: EngineClient, parent=None):
        super().__init__(parent)
        self.drafts = drafts
        self.settings = settings
        self.draft_id: int | None = None
        self.pending: _Pending | None = None
        self.documents = None  # ui/documents_service.DocumentsService, given by the window (set_documents)
        self._retrieving = False  # a brief's passages are being looked up before the text is written
        self.sources: list[dict] = []  # the passages the last text composed from documents was given
        self._reviewing: _Pending | None = None  # the action whose result is on review
        self._applied_at: int | None = None  # the editor's undo steps just after a review was applied
        self.task = GenerationTask(client, settings, self)
        self.task.text.connect(self._on_text)
        # A model that cannot be told not to think (GPT-OSS, the R1 distills) thinks first; its thinking never
        # reaches the text, but the wait is explained.
        self.task.thinking_started.connect(
            lambda: self.status.setText(self.tr("The model is thinking before it writes…")))
        self.task.finished.connect(self._on_finished)
        self.task.failed.connect(self._on_failed)
        self.texts = Texts(self)

        # Drafts and versions
        self.draft_list = QListWidget(self)
        self.draft_list.setObjectName("draftList")
        self.texts.bind(self.draft_list.setAccessibleName, lambda: self.tr("Drafts"))
        self.draft_list.setMinimumWidth(150)
        self.draft_list.currentItemChanged.connect(self._draft_chosen)
        self.new_button = self.text_button(lambda: self.tr("New draft"))
        self.new_button.clicked.connect(lambda: self.new_draft())  # not clicked's "checked" as the content
        self.delete_button = self.text_button(lambda: self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_draft)
        self.version_list = QListWidget(self)
        self.version_list.setObjectName("versionList")
        self.texts.bind(self.version_list.setAccessibleName, lambda: self.tr("Versions of the draft"))
        for box in (self.draft_list, self.version_list):
            # A long title or note ends in "…" (the whole of it in the tooltip), not in a scroll bar under a narrow list.
            box.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
            box.setTextElideMode(Qt.ElideRight)
        self.restore_button = self.text_button(lambda: self.tr("Restore version"))
        self.restore_button.clicked.connect(self.restore_version)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        left_layout.addLayout(row)
        left_layout.addWidget(self.draft_list, 2)
        self.versions_label = versions_label = QLabel(self)
        self.texts.bind(versions_label.setText, lambda: self.tr("Versions"))
        left_layout.addWidget(versions_label)
        left_layout.addWidget(self.version_list, 1)
        left_layout.addWidget(self.restore_button)

        # The editor and its tools
        self.compose_button = self.text_button(lambda: self.tr("Compose…"))
        self.compose_button.clicked.connect(self.compose_dialog)
        self.action_box = QComboBox(self)
        self.action_box.setObjectName("actionBox")
        self.run_button = self.text_button(lambda: self.tr("Run"))
        self.run_button.setObjectName("runAction")
        self.texts.bind(self.run_button.setToolTip, lambda: self.tr(
            "Run the action on the selected text, or on the whole draft when nothing is selected. You review the "
            "result before anything changes."))
        self.run_button.clicked.connect(self.run_selected_action)
        self.add_action_button = self.text_button(lambda: self.tr("Add action…"))
        self.add_action_button.clicked.connect(self.add_action_dialog)
        self.remove_action_button = self.text_button(lambda: self.tr("Remove action"))
        self.texts.bind(self.remove_action_button.setToolTip, lambda: self.tr("Remove the selected action of your own"))
        self.remove_action_button.clicked.connect(self.remove_selected_action)
        self.action_box.currentIndexChanged.connect(self._action_chosen)
        self.stop_button = self.text_button(lambda: self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.task.stop)
        self.open_button = self.text_button(lambda: self.tr("Open…"))
        self.open_button.clicked.connect(self.open_file_dialog)
        self.save_button = self.text_button(lambda: self.tr("Save as…"))
        self.save_button.clicked.connect(self.save_file_dialog)
        self.copy_button = self.text_button(lambda: self.tr("Copy all"))
        self.copy_button.clicked.connect(self.copy_all)
        tools = QHBoxLayout()
        for widget in (self.compose_button, self.action_box, self.run_button, self.add_action_button,
                       self.remove_action_button, self.stop_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        for widget in (self.open_button, self.save_button, self.copy_button):
            tools.addWidget(widget)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("draftEditor")
        # Tab moves on to the next control: a text box that keeps the Tab key is a trap for keyboard users
        # (Qt's QPlainTextEdit has no other key to leave by). Indent with spaces.
        self.editor.setTabChangesFocus(True)
        self.texts.bind(self.editor.setAccessibleName, lambda: self.tr("Draft text"))
        self.texts.bind(self.editor.setPlaceholderText, lambda: self.tr(
            "Write here, or press Compose… to start from a brief."))
        self.editor.textChanged.connect(self._text_changed)
        self.counts = QLabel(self)
        self.counts.setObjectName("draftCounts")
        self.status = QLabel(self)
        self.status.setObjectName("draftStatus")
        self.status.setWordWrap(True)
        center = QWidget(self)
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.addWidget(self.editor, 1)
        status_row = QHBoxLayout()
        status_row.addWidget(self.counts)
        status_row.addWidget(self.status, 1)
        center_layout.addLayout(status_row)
        self.sources_label = QLabel(self)
        self.sources_label.setObjectName("draftSources")
        self.sources_label.setWordWrap(True)
        self.sources_label.setTextInteractionFlags(Qt.LinksAccessibleByMouse | Qt.LinksAccessibleByKeyboard)
        self.sources_label.linkActivated.connect(lambda link: self.open_source(int(link.split(":")[-1])))
        self.sources_label.hide()
        center_layout.addWidget(self.sources_label)

        # Review and questions
        self.review = ReviewView(self)
        self.review.applied.connect(self._apply_review)
        self.review.discarded.connect(self._review_discarded)
        self.question = QLineEdit(self)
        self.question.setObjectName("draftQuestion")
        self.texts.bind(self.question.setAccessibleName, lambda: self.tr("Question about the draft"))
        self.texts.bind(self.question.setPlaceholderText, lambda: self.tr(
            "Ask about this draft, e.g. “What date does it give?”"))
        self.question.returnPressed.connect(self.ask)
        self.ask_button = self.text_button(lambda: self.tr("Ask"))
        self.ask_button.clicked.connect(self.ask)
        self.answer = QTextBrowser(self)
        self.answer.setObjectName("draftAnswer")
        self.texts.bind(self.answer.setAccessibleName, lambda: self.tr("Answer about the draft"))
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.review, 3)
        ask_row = QHBoxLayout()
        ask_row.addWidget(self.question, 1)
        ask_row.addWidget(self.ask_button)
        right_layout.addLayout(ask_row)
        right_layout.addWidget(self.answer, 1)
        self.answer.hide()  # until a question is asked: an empty box says nothing

        splitter = QSplitter(self)
        splitter.setObjectName("draftingSplitter")  # its sizes are kept between starts (MainWindow.save_window_state)
        splitter.addWidget(left)
        splitter.addWidget(center)
        splitter.addWidget(right)
        splitter.setSizes([170, 480, 420])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)

        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_now)
        self._loading = False
        self.refresh_actions()
        self.refresh_drafts()
        if self.draft_list.count() == 0:
            self.new_draft()
        else:
            self.draft_list.setCurrentRow(0)
        self._update_buttons()
        self.texts.on_change(self._retranslate)
        # Reading order: the tools above, then the drafts on the left, the text, the review and the questions.
        order = [self.compose_button, self.action_box, self.run_button, self.add_action_button,
                 self.remove_action_button, self.stop_button, self.open_button, self.save_button, self.copy_button,
                 self.new_button, self.delete_button, self.draft_list, self.version_list, self.restore_button,
                 self.editor, self.review.browser, self.review.accept_all_button, self.review.reject_all_button,
                 self.review.apply_button, self.question, self.ask_button, self.answer]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

    def _retranslate(self) -> None:
        chosen = self.action_box.currentData()
        self.refresh_actions()
        if chosen is not None:
            self.select_action(chosen.id)
        self.refresh_drafts(select=self.draft_id)
        self._refresh_versions()
        self._update_counts()

    # Drafts ------------------------------------------------------------------------------------------

    def refresh_drafts(self, select: int | None = None) -> None:
        self.draft_list.blockSignals(True)
        self.draft_list.clear()
        for draft in self.drafts.list():
            item = QListWidgetItem(self._title(draft.title))
            item.setToolTip(item.text())
            item.setData(Qt.UserRole, draft.id)
            self.draft_list.addItem(item)
            if draft.id == select:
                self.draft_list.setCurrentItem(item)
        self.draft_list.blockSignals(False)

    def _title(self, stored: str) -> str:
        return self.tr("Untitled draft") if stored == UNTITLED else stored

    def new_draft(self, content: str = "") -> None:
        self.save_now()
        draft = self.drafts.create(content)
        self.refresh_drafts(select=draft.id)
        self._open(draft.id)

    def delete_draft(self) -> None:
        if self.draft_id is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete draft"), self.tr("Delete this draft and all its versions?"),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        self.drafts.delete(self.draft_id)
        self.draft_id = None
        self.refresh_drafts()
        if self.draft_list.count():
            self.draft_list.setCurrentRow(0)
        else:
            self.new_draft()

    def _draft_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.save_now()
            self._open(item.data(Qt.UserRole))

    def _open(self, draft_id: int) -> None:
        draft = self.drafts.get(draft_id)
        if draft is None:
            return
        self.draft_id = draft_id
        self._forget_draft_messages()
        self._loading = True
        self.editor.setPlainText(draft.content)
        self._loading = False
        self._refresh_versions()
        self._update_counts()

    def _forget_draft_messages(self) -> None:
        """What the pane says about a draft (its review, question and answer, "Saved to …", the last run's
        tokens) leaves with it when another draft opens."""
        self.sources_label.hide()  # they were the last composed text's, in the draft that was open
        self._reviewing = None
        self._applied_at = None
        self.review.clear()
        self.question.clear()
        self.answer.clear()
        self.answer.hide()
        self.status.clear()
        self._announce("")

    def _announce(self, text: str) -> None:
        """The window's status line for this pane (its own: the window shows it while Drafting is open): this
        pane's last run, and nothing once that is over."""
        self.status_changed.emit(text)

    def _refresh_versions(self) -> None:
        self.version_list.clear()
        if self.draft_id is None:
            return
        for version in self.drafts.versions(self.draft_id):
            when = QLocale().toString(QDateTime.fromSecsSinceEpoch(int(version.created_at)), "d MMM HH:mm:ss")
            note = self.tr("Created") if version.note == CREATED else version.note
            item = QListWidgetItem(f"{when} · {note}")
            item.setToolTip(item.text())
            item.setData(Qt.UserRole, version.content)
            self.version_list.addItem(item)
        # A draft's first version has nothing to go back to: the section shows once there is.
        several = self.version_list.count() > 1
        for widget in (self.versions_label, self.version_list, self.restore_button):
            widget.setVisible(several)

    def restore_version(self) -> None:
        item = self.version_list.currentItem()
        if item is None:
            return
        self._replace_range(0, len(self.editor.toPlainText()), item.data(Qt.UserRole))
        self._version(self.tr("Restored the version of {when}").format(when=item.text().split(" · ")[0]))

    def _text_changed(self) -> None:
        if not self._loading:
            self.autosave.start()
        self._update_counts()
        self._check_undone()

    def _check_undone(self) -> None:
        """"Applied … Ctrl+Z undoes them." leaves once Ctrl+Z has undone them."""
        if self._applied_at is not None and self.editor.document().availableUndoSteps() < self._applied_at:
            self._applied_at = None
            self.review.clear()

    def save_now(self) -> None:
        self.autosave.stop()
        if self.draft_id is not None:
            self.drafts.save(self.draft_id, self.editor.toPlainText())
            # This draft's own row: when another draft has just been chosen, the list's current row is already
            # that one's, and this draft is being saved on its way out.
            row = self._row_of(self.draft_id)
            title = self._title(self.drafts.get(self.draft_id).title)
            if row is not None and row.text() != title:
                row.setText(title)
                row.setToolTip(title)

    def _row_of(self, draft_id: int) -> QListWidgetItem | None:
        for index in range(self.draft_list.count()):
            if self.draft_list.item(index).data(Qt.UserRole) == draft_id:
                return self.draft_list.item(index)
        return None

    def _version(self, note: str) -> None:
        self.save_now()
        self.drafts.add_version(self.draft_id, self.editor.toPlainText(), note)
        self._refresh_versions()

    def _update_counts(self) -> None:
        text = self.editor.toPlainText()
        self.counts.setText(self.tr("{words} words · {characters} characters").format(
            words=f"{count_words(text):,}", characters=f"{len(text):,}"))

    # Files ---------------------------------------------------------------------------------------------

    def open_file_dialog(self) -> None:
        path = choose_file_to_open(self)
        if path is not None:
            self.open_file(path)

    def open_file(self, path: Path) -> None:
        content = read_text(self, path)
        if content is not None:
            self.new_draft(content)

    def save_file_dialog(self) -> None:
        path = choose_file_to_save(self, "draft.md")
        if path is not None:
            self.save_file(path)

    def save_file(self, path: Path) -> None:
        if write_text(self, path, self.editor.toPlainText()):
            self.status.setText(self.tr("Saved to {path}.").format(path=path))

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.editor.toPlainText())
        self.status.setText(self.tr("Copied the whole draft."))

    # Actions -------------------------------------------------------------------------------------------

    def refresh_actions(self) -> None:
        self.action_box.clear()
        for action in built_in_actions(ui_wording(ui_language.current())) + custom_actions(self.settings):
            self.action_box.addItem(self.tr("{action} (yours)").format(action=action.label) if action.custom
                                    else action.label, action)

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
            self.status.setText(str(exc))
            return
        self.refresh_actions()
        self.action_box.setCurrentIndex(self.action_box.count() - 1)
        self.status.setText(self.tr("Added the action “{action}”.").format(action=action.label))

    def remove_selected_action(self) -> None:
        action: Action = self.action_box.currentData()
        if action is not None and action.custom:
            remove_custom_action(self.settings, action)
            self.refresh_actions()
            self.status.setText(self.tr("Removed the action “{action}”.").format(action=action.label))

    def _action_chosen(self) -> None:
        action = self.action_box.currentData()
        self.remove_action_button.setVisible(action is not None and action.custom)

    def select_action(self, action_id: str) -> None:
        for index in range(self.action_box.count()):
            if self.action_box.itemData(index).id == action_id:
                self.action_box.setCurrentIndex(index)
                return
        raise KeyError(action_id)

    def run_selected_action(self) -> None:
        action: Action = self.action_box.currentData()
        cursor = self.editor.textCursor()
        if cursor.hasSelection():
            start, end = cursor.selectionStart(), cursor.selectionEnd()
        else:
            start, end = 0, len(self.editor.toPlainText())
        original = self.editor.toPlainText()[start:end]
        if not original.strip():
            self.status.setText(self.tr("There is no text to work on yet. Write something, or use Compose…."))
            return
        self.pending = _Pending("action", action.label, start, end, original, action)
        if self.task.start(action_messages(action, original)):
            self._started()
            # The text shows as it comes; it becomes tracked changes once the model has finished.
            document = self.review.start_writing(self.tr("{action}: the model is writing…").format(
                action=action.label))
            self.pending.stream = TextStream(document)
            self._update_buttons()

    def _started(self) -> None:
        """A run began: the last run's messages are over (a review on display stays, to be applied after a
        question, say)."""
        self.status.clear()
        self._announce("")

    def compose_dialog(self) -> None:
        dialog = ComposeDialog(self, documents=self.documents is not None and bool(self.documents.sources.all()))
        if dialog.exec() and dialog.value().brief:
            self.compose(dialog.value(), from_documents=dialog.use_documents.isChecked())

    def compose(self, brief: Brief, from_documents: bool = False) -> None:
        """The text streams into the editor at the cursor. ``from_documents``: the brief's passages are looked up
        first, the model writes from them, and the text ends with their list."""
        if not from_documents or self.documents is None:
            self._start_compose(brief, compose_messages(brief))
            return
        if self.task.model is None:
            self.status.setText(self.tr("Load a model first."))
            return
        self._retrieving = True
        self._update_buttons()
        self.status.setText(self.tr("Searching your documents…"))

        def found(hits) -> None:
            self._retrieving = False
            self._update_buttons()
            if not hits:
                self.status.setText(self.tr("Nothing in your documents matches the brief, so nothing was written. "
                                            "Try other words, or compose without documents."))
                return
            if self.task.model is None:
                self.status.setText(self.tr("Load a model first."))
                return
            from assistant.core.documents.answer import grounded_compose

            context = self.task.model.context_length
            budget = max(512, context // 2) if context else 2048  # as Chat gives a question's passages
            messages, used = grounded_compose(compose_messages(brief), hits, budget)
            self._start_compose(brief, messages, [source.record() for source in used])

        def failed(message: str) -> None:
            self._retrieving = False
            self._update_buttons()
            self.status.setText(self.tr("Your documents could not be searched: {error}").format(error=message))

        self.documents.retrieve(brief.brief, None, found, failed, receiver=self)

    def _start_compose(self, brief: Brief, messages: list[dict], sources: list[dict] | None = None) -> None:
        position = self.editor.textCursor().position()
        kind = prompts(ui_wording(ui_language.current()))["drafting"]["kinds"].get(brief.kind, brief.kind)
        self.pending = _Pending("compose", self.tr("Composed {kind}").format(kind=kind), position, position, "",
                                sources=sources)
        if self.task.start(messages):
            self._started()
            if sources is None:
                self.sources_label.hide()  # they belong to the text composed before this one
            self.pending.stream = TextStream(self.editor.document(), position)
            self.pending.lead_in = LeadInWatch()
            self.editor.setReadOnly(True)  # the stream writes at a fixed place
            self._update_buttons()

    def set_documents(self, documents) -> None:
        self.documents = documents

    def _list_sources(self, pending: _Pending) -> None:
        """After a text composed from documents: its sources, as the app found them, end the text (where they stay
        with the draft) and are listed under it, each opening its passage."""
        self.sources = pending.sources or []
        if pending.text.strip():
            listing = "\n\n" + self.tr("Sources") + "\n" + "\n".join(
                f"[{source['number']}] {source_place(source)}" for source in self.sources)
            self._replace_range(pending.end, pending.end, listing)
        links = " · ".join(f"<a href='source:{int(source['number'])}'>[{int(source['number'])}] "
                           f"{html.escape(source_place(source))}</a>" for source in self.sources)
        self.sources_label.setText(f"<b>{html.escape(self.tr('Sources'))}</b>: {links}")
        self.sources_label.setVisible(bool(self.sources))

    def open_source(self, number: int) -> None:
        source = next((s for s in self.sources if s.get("number") == number), None)
        if source is not None:
            open_source(source, self, self.documents)

    def ask(self) -> None:
        question = self.question.text().strip()
        document = self.editor.toPlainText()
        if not question:
            return
        self.answer.show()
        if not document.strip():
            self.answer.setPlainText(self.tr("The draft is empty, so there is nothing to answer from."))
            return
        self.pending = _Pending("ask", self.tr("Answer"), 0, 0, "")
        if self.task.start(ask_messages(document, question), temperature=0.2):
            self._started()
            self.answer.clear()
            self.pending.stream = TextStream(self.answer.document())
            self._update_buttons()

    # The model's answers -------------------------------------------------------------------------------

    def _on_text(self, text: str) -> None:
        pending = self.pending
        if pending is None:
            return
        pending.text += text
        if pending.kind == "compose":
            pending.end += len(text)
        pending.stream.append(text)
        if pending.lead_in is not None:
            self._take_back_lead_in(pending, pending.lead_in.feed(text))

    def _take_back_lead_in(self, pending: _Pending, length: int) -> None:
        """A composed text's first characters turned out to be the model's lead-in ("Here's the email:"): out of
        the draft, so neither the text nor its version keeps it."""
        if not length:
            return
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(pending.start)
        cursor.setPosition(pending.start + length, QTextCursor.KeepAnchor)
        cursor.removeSelectedText()
        pending.text = pending.text[length:]
        pending.end -= length

    def _on_finished(self, result: GenerationResult) -> None:
        pending, self.pending = self.pending, None
        self.editor.setReadOnly(False)
        self._update_buttons()
        speed = (" · " + self.tr("{rate} tokens/s").format(rate=f"{result.tokens_per_second:.1f}")
                 if result.tokens_per_second else "")
        stopped = self.tr("Stopped.") + " " if result.stopped else ""
        self.status.setText(stopped + self.tr("%Ln tokens", "", result.generated_tokens) + speed)
        self._announce(self.status.text())
        if pending is None:
            return
        if pending.lead_in is not None:
            self._take_back_lead_in(pending, pending.lead_in.finish())
        if pending.kind == "compose":
            if pending.sources is not None:
                self._list_sources(pending)
            if pending.text.strip():
                self._version(self.tr("{action} (stopped)").format(action=pending.label) if result.stopped
                              else pending.label)
            return
        if pending.kind == "ask":
            self.answer.setPlainText(clean_result(pending.text) or self.tr("(no answer)"))
            return
        if result.stopped:
            self.review.show_streaming(self.tr("{action} stopped; nothing was changed.").format(action=pending.label),
                                       pending.text)
            return
        self._review(pending)

    def _review(self, pending: _Pending) -> None:
        reasons: dict = {}
        if pending.action is not None and pending.action.id == "proofread":
            proposed, reasons = parse_proofreading(pending.text, pending.original)
        else:
            proposed = clean_result(pending.text, pending.original)
        if not proposed:
            self.review.show_streaming(self.tr("{action}: the model gave no text; nothing was changed.").format(
                action=pending.label), "")
            return
        if pending.action is not None and pending.action.id in APPENDING:
            gap = "\n\n" if pending.action.id != "continue" else ("" if pending.original[-1:].isspace() else " ")
            proposed = pending.original + gap + proposed
        self._reviewing = pending
        self.review.show_revision(pending.label, compare(pending.original, proposed, reasons))

    def _apply_review(self, new_text: str, accepted: int, total: int) -> None:
        pending, self._reviewing = self._reviewing, None
        if pending is None or accepted == 0:
            self.review.show_applied(0, total)
            return
        if self.editor.toPlainText()[pending.start:pending.end] != pending.original:
            self.review.clear()
            QMessageBox.warning(self, self.tr("Not applied"), self.tr(
                "The text changed while the model was working on it, so the changes were not applied. Run the action "
                "again."))
            return
        self._replace_range(pending.start, pending.end, new_text)
        self._applied_at = self.editor.document().availableUndoSteps()
        self.review.show_applied(accepted, total)
        self._version(self.tr("{action}: accepted {accepted} of {all}").format(action=pending.label, accepted=accepted,
                                                                              all=total))
        # The review's buttons are gone: the editor has the keyboard, so Ctrl+Z undoes what was applied.
        self.editor.setFocus(Qt.OtherFocusReason)

    def _review_discarded(self) -> None:
        self._reviewing = None

    def _replace_range(self, start: int, end: int, text: str) -> None:
        """One undoable edit, so Ctrl+Z takes back an accepted change in one step."""
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.KeepAnchor)
        cursor.insertText(text)
        cursor.endEditBlock()

    def _on_failed(self, message: str) -> None:
        pending, self.pending = self.pending, None
        self.editor.setReadOnly(False)
        self._update_buttons()
        self.status.setText(message + " " + self.tr("Your text was not changed."))
        self._announce("")
        if pending is not None and pending.kind == "action":
            self.review.show_streaming(self.tr("{action} failed; nothing was changed.").format(action=pending.label),
                                       message)

    def _update_buttons(self) -> None:
        busy = self.task.busy or self._retrieving
        # The model writes into this draft (or about it): another draft opens once it has finished or stopped.
        for widget in (self.compose_button, self.run_button, self.ask_button, self.restore_button,
                       self.new_button, self.delete_button, self.open_button, self.draft_list):
            widget.setEnabled(not busy)
        self.stop_button.setEnabled(self.task.busy)
        self.stop_button.setVisible(self.task.busy)  # only while the model writes

    def observe(self, session) -> None:
        """Follow the model session (core/engines/model_session.py): the model loaded, or none."""
        session.subscribe(lambda s: s.model is not self.task.model and self.set_model(s.model))

    def set_model(self, model: LoadedModel | None) -> None:
        self.task.model = model

    def shutdown(self) -> None:
        self.task.stop()
        self.save_now()
