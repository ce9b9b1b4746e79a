"""The Drafting pane: drafts with versions, compose from a brief, actions reviewed as tracked changes, questions.

What it decides lives in core/writing/drafting_session.py (the open draft, saving, versions, the run and its review)
and core/writing/draft_run.py; the pane lays out the widgets and wires them to those."""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QSplitter, QVBoxLayout, QWidget

from assistant.core.engines.types import GenerationResult, LoadedModel
from assistant.core.storage.drafts import Drafts
from assistant.core.storage.mistakes import Mistakes
from assistant.core.storage.settings import Settings
from assistant.core.storage.write_failure import saving_said
from assistant.core.writing.draft_run import ACTION, COMPOSE, DraftRun
from assistant.core.writing.drafting import Brief, action_messages, ask_messages, compose_messages
from assistant.core.writing.profile import Profiles
from assistant.core.writing.drafting_session import FAILURE, VERSIONS, DraftingSession
from assistant.core.writing.prompts import prompts, ui_wording
from assistant.ui.common import ui_language
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.engine_client import EngineClient
from assistant.ui.common.generation import GenerationTask
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.compose_dialog import ComposeDialog
from assistant.ui.writing.documents_brief import DocumentsBrief
from assistant.ui.writing.draft_editor import DraftEditor
from assistant.ui.writing.drafting_header import DraftingHeader
from assistant.ui.writing.drafts_sidebar import DraftsSidebar
from assistant.ui.writing.feedback_parts import MistakesKeeper, feedback_request
from assistant.ui.writing.profile_parts import ProfileSuggester
from assistant.ui.writing.review_side import ReviewSide
from assistant.ui.writing.run_results import RunResults, replace_range
from assistant.ui.writing.text_files import TextFiles
from assistant.ui.writing.word_export import WordExport

AUTOSAVE_MS = 800


class DraftingPane(Translatable, QWidget):
    status_changed = Signal(str)
    find_models_requested = Signal()  # a run needs a model: the window shows where to load one

    def __init__(self, drafts: Drafts, settings: Settings, client: EngineClient, parent=None,
                 mistakes: Mistakes | None = None):
        """``mistakes``: where the corrections accepted from Feedback are kept, when the user keeps them."""
        super().__init__(parent)
        self.drafts = drafts
        self.settings, self.profiles = settings, Profiles(settings)
        self.session = DraftingSession(drafts)
        self.session.subscribe(self._session_changed)
        self.documents = None  # ui/documents_service.DocumentsService, given by the window (set_documents)
        self._loading = False
        self._last_action: str | None = None  # the action run last: Try again runs it again
        self.texts = Texts(self)
        self.task = GenerationTask(client, settings, self)
        # A model that cannot be told not to think (GPT-OSS, the R1 distills) thinks first; its thinking never
        # reaches the text, but the wait is explained.
        self.task.thinking_started.connect(
            lambda: self.status.setText(self.tr("The model is thinking before it writes…")))
        self.from_documents = DocumentsBrief(self.task, self.profiles, self)
        self.from_documents.said.connect(lambda text: self.status.setText(text))
        self.from_documents.searching_changed.connect(lambda _searching: self._update_buttons())
        self.files = TextFiles(self, "draft.md", lambda: self.editor.toPlainText(), self.new_draft, word=True)
        self.files.saved.connect(lambda path: self.status.setText(self.tr("Saved to {path}.").format(path=path)))
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_now)

        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING["s"])
        layout.addWidget(self._make_header())
        splitter = QSplitter(self)
        splitter.setObjectName("draftingSplitter")  # its sizes are kept between starts (MainWindow.save_window_state)
        for side in (self._make_sidebar(), self._make_editor(), self._make_review_side()):
            splitter.addWidget(side)
        splitter.setSizes([170, 480, 420])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.task.finished.connect(self._run_finished)  # said first, then what came of it (RunResults)
        self.task.failed.connect(self._run_failed)
        self.results = RunResults(self.session, self.task, self.editor, self.review, self.answer, self.sources_label,
                                  self)
        self.results.version = self._version
        self.word = WordExport(self, self.editor.toPlainText, lambda: self.review.review, lambda: self.files.word_source)
        self.keeper = MistakesKeeper(mistakes, settings, self)
        self.suggester = ProfileSuggester(client, settings, self)  # More › Suggest profile entries…
        for said in (self.word.said, self.keeper.said, self.suggester.said, self.actions.profile_items.said):
            said.connect(self.status.setText)
        self.review.word_requested.connect(self.word.save_dialog)
        self.actions.mistakes_requested.connect(lambda: self.keeper.show_dialog(self))
        self.actions.profile_items.suggest_requested.connect(
            lambda: self.suggester.suggest(self.editor.toPlainText(), self.task.model))
        self.results.accepted = lambda review: self.keeper.note(review, self.session.draft_id)
        self._start_with_a_draft()
        self._update_buttons()
        self.texts.on_change(self._retranslate)
        self._set_tab_order()

    def _make_header(self) -> DraftingHeader:
        header = DraftingHeader(self.settings, self)
        self.compose_button, self.open_button, self.save_button, self.copy_button = (
            header.compose_button, header.open_button, header.save_button, header.copy_button)
        self.actions, self.stop_button = header.actions, header.stop_button
        self.action_box, self.run_button, self.more_button = (self.actions.action_box, self.actions.run_button,
                                                              self.actions.more_button)
        self.compose_button.clicked.connect(self.compose_dialog)
        self.actions.said.connect(lambda text: self.status.setText(text))
        self.run_button.clicked.connect(self.run_selected_action)
        self.stop_button.clicked.connect(self.task.stop)
        self.open_button.clicked.connect(self.files.open_dialog)
        self.save_button.clicked.connect(self.files.save_dialog)
        self.copy_button.clicked.connect(self.copy_all)
        self.header = header
        return header

    def _make_sidebar(self) -> QWidget:
        self.sidebar = DraftsSidebar(self)
        self.sidebar.draft_chosen.connect(self._open)
        self.sidebar.new_button.clicked.connect(lambda: self.new_draft())  # not clicked's "checked" as the content
        self.sidebar.delete_button.clicked.connect(self.delete_draft)
        self.sidebar.restore_button.clicked.connect(self.restore_version)
        self.draft_list, self.version_list = self.sidebar.draft_list, self.sidebar.version_list
        self.new_button, self.delete_button = self.sidebar.new_button, self.sidebar.delete_button
        self.restore_button = self.sidebar.restore_button
        return self.sidebar

    def _make_editor(self) -> QWidget:
        column = self.editor_column = DraftEditor(self)
        self.editor, self.counts, self.status, self.sources_label = (column.editor, column.counts, column.status,
                                                                     column.sources_label)
        self.editor.textChanged.connect(self._text_changed)
        return column

    def _make_review_side(self) -> QWidget:
        side = ReviewSide(self)
        self.review, self.questions = side.review, side.questions
        self.review.run_requested.connect(lambda: (self.select_action("proofread"), self.run_selected_action()))
        self.review.retry_requested.connect(self._try_again)
        self.review.load_model_requested.connect(self.find_models_requested)
        self.question, self.ask_button, self.answer = (self.questions.question, self.questions.ask_button,
                                                       self.questions.answer)
        self.question.returnPressed.connect(self.ask)
        self.ask_button.clicked.connect(self.ask)
        return side

    def _set_tab_order(self) -> None:
        """Reading order: the tools above, then the drafts on the left, the text, the review and the questions."""
        review = self.review
        order = self.header.tab_order() + [
            self.new_button, self.delete_button, self.draft_list, self.version_list, self.restore_button, self.editor,
            review.browser, review.empty_action, review.accept_all_button, review.reject_all_button,
            review.apply_button, review.next_button, self.question, self.ask_button, self.answer]
        for first, second in zip(order, order[1:]):
            QWidget.setTabOrder(first, second)

    def _retranslate(self) -> None:
        self.status.clear()  # it said what happened in the language of then
        self.refresh_drafts(select=self.draft_id)
        self._refresh_versions()
        self.editor_column.show_counts()

    @property
    def draft_id(self) -> int | None:
        return self.session.draft_id

    @property
    def sources(self) -> list[dict]:
        """The passages the last text composed from documents was given."""
        return self.sources_label.sources

    def select_action(self, action_id: str) -> None:
        self.actions.select_action(action_id)

    def add_action(self, label: str, instruction: str) -> None:
        self.actions.add_action(label, instruction)

    # Drafts ------------------------------------------------------------------------------------------

    def _start_with_a_draft(self) -> None:
        self.refresh_drafts()
        if self.draft_list.count() == 0:
            self.new_draft()
        else:
            self.draft_list.setCurrentRow(0)

    def refresh_drafts(self, select: int | None = None) -> None:
        self.sidebar.show_drafts(self.session.list(), select)

    def new_draft(self, content: str = "") -> None:
        if not self.save_now():
            return  # the open draft keeps its text, and the status line says why
        draft = self.session.create(content)
        if draft is not None:
            self.refresh_drafts(select=draft.id)
            self._open(draft.id)

    def delete_draft(self) -> None:
        if self.draft_id is None:
            return
        answer = QMessageBox.question(self, self.tr("Delete draft"), self.tr("Delete this draft and all its versions?"),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes or not self.session.delete():
            return
        self.refresh_drafts()
        if self.draft_list.count():
            self.draft_list.setCurrentRow(0)
        else:
            self.new_draft()

    def _open(self, draft_id: int) -> None:
        """Another draft: the one open is saved on its way out; when that fails it stays open, with its text."""
        if not self.save_now():
            self.sidebar.highlight(self.draft_id)
            return
        draft = self.session.open(draft_id)
        if draft is None:
            return
        self._forget_draft_messages()
        self._loading = True
        self.editor.setPlainText(draft.content)
        self._loading = False
        if self.session.review is not None:  # a review not yet applied stayed with its draft
            self.review.show_review(self.session.review)
        self.editor_column.show_counts()

    def _forget_draft_messages(self) -> None:
        """What the pane says about a draft (its question and answer, "Saved to …", the last run's tokens, a
        review on display) leaves with it when another draft opens."""
        self.sources_label.hide()  # they were the last composed text's, in the draft that was open
        self.results.forget()
        self.review.clear()
        self.questions.forget()
        self.status.clear()
        self._announce("")

    def _announce(self, text: str) -> None:
        """The window's status line for this pane, shown while Drafting is open: the last run, or a failed save."""
        self.status_changed.emit(text)

    def _session_changed(self, what: str) -> None:
        if what == VERSIONS:
            self._refresh_versions()
        elif what == FAILURE:  # said where the user looks, the window's status line too
            self.status.setText(saving_said(self.session.failure))
            self._announce(self.status.text())

    def _refresh_versions(self) -> None:
        self.sidebar.show_versions(self.session.versions())  # those a failed save left to write are listed too

    def restore_version(self) -> None:
        chosen = self.sidebar.chosen_version()
        if chosen is not None:
            content, when = chosen
            replace_range(self.editor, 0, len(self.editor.toPlainText()), content)
            self._version(self.tr("Restored the version of {when}").format(when=when))

    def _text_changed(self) -> None:
        if not self._loading:
            self.autosave.start()
        self.editor_column.show_counts()

    def save_now(self) -> bool:
        """The open draft's text, now; False when the database refused it (the text stays in the editor)."""
        self.autosave.stop()
        if not self.session.save(self.editor.toPlainText()):
            return False
        self._show_title()
        return True

    def _show_title(self) -> None:
        if self.draft_id is not None:
            self.sidebar.set_title(self.draft_id, self.session.title(self.draft_id) or "")

    def _version(self, note: str) -> None:
        self.autosave.stop()
        if self.session.add_version(self.editor.toPlainText(), note):
            self._show_title()

    def open_file(self, path) -> bool:  # a .txt, .md or .docx file opens as a new draft
        return self.files.open(path)

    def save_file(self, path) -> bool:
        return self.files.save(path)

    def copy_all(self) -> None:
        self.files.copy()
        self.status.setText(self.tr("Copied the whole draft."))

    # Runs of the model -----------------------------------------------------------------------------------

    def _try_again(self) -> None:
        """After a run stopped or failed: the same action again, if it is still offered."""
        with suppress(KeyError):  # an action of one's own, removed since
            self.select_action(self._last_action or "")
        self.run_selected_action()

    def run_selected_action(self) -> None:
        action = self.actions.current()
        self._last_action = action.id
        cursor, text = self.editor.textCursor(), self.editor.toPlainText()
        start, end = (cursor.selectionStart(), cursor.selectionEnd()) if cursor.hasSelection() else (0, len(text))
        run = DraftRun.on_part(action, text, start, end)
        if run is None:
            self.status.setText(self.tr("There is no text to work on yet. Write something, or use Compose…."))
            return
        if run.gives_feedback:
            messages, choices = feedback_request(run, self.settings)
            self._start(run, messages, **choices)
        else:
            self._start(run, action_messages(action, run.original, self.profiles.for_task("rewrite")))

    def compose_dialog(self) -> None:
        dialog = ComposeDialog(self, documents=self.from_documents.available())
        if dialog.exec() and dialog.value().brief:
            self.compose(dialog.value(), from_documents=dialog.use_documents.isChecked())

    def compose(self, brief: Brief, from_documents: bool = False) -> None:
        """The text streams into the editor at the cursor. ``from_documents``: the brief's passages are looked up
        first, the model writes from them, and the text ends with their list."""
        if from_documents and self.documents is not None:
            self.from_documents.compose(brief, lambda messages, sources: self._start_compose(brief, messages,
                                                                                             sources))
        else:
            self._start_compose(brief, compose_messages(brief, self.profiles.for_task("compose")))

    def _start_compose(self, brief: Brief, messages: list[dict], sources: list[dict] | None = None) -> None:
        kind = prompts(ui_wording(ui_language.current()))["drafting"]["kinds"].get(brief.kind, brief.kind)
        label = self.tr("Composed {kind}").format(kind=kind)
        self._start(DraftRun.composing(label, self.editor.textCursor().position(), sources), messages)

    def set_documents(self, documents) -> None:
        self.documents = self.from_documents.documents = self.sources_label.documents = documents

    def ask(self) -> None:
        question, document = self.question.text().strip(), self.editor.toPlainText()
        if not question:
            return
        self.answer.show()
        if not document.strip():
            self.answer.setPlainText(self.tr("The draft is empty, so there is nothing to answer from."))
            return
        self._start(DraftRun.asking(self.tr("Answer")),
                    ask_messages(document, question, self.profiles.for_task("rewrite")), temperature=0.2)

    def _start(self, run: DraftRun, messages: list[dict], **params) -> None:
        self.session.start(run)
        if not self.task.start(messages, **params):
            return  # _on_failed has said why and ended the run
        # The last run's messages are over (a review on display stays, to be applied after a question, say).
        self.status.clear()
        self._announce("")
        if run.kind == ACTION:
            self.session.drop_review()  # its place shows the new action's text as it comes
            self.results.stream_into(self.review.start_writing(self.tr("{action}: the model is writing…").format(
                action=run.label)))
        elif run.kind == COMPOSE:
            if run.sources is None:
                self.sources_label.hide()  # they belong to the text composed before this one
            self.results.stream_into(self.editor.document(), run.start)
            self.editor.setReadOnly(True)  # the stream writes at a fixed place
        else:
            self.answer.clear()
            self.results.stream_into(self.answer.document())
        self._update_buttons()

    def _run_finished(self, result: GenerationResult) -> None:
        self.editor.setReadOnly(False)
        self._update_buttons()
        speed = (" · " + self.tr("{rate} tokens/s").format(rate=f"{result.tokens_per_second:.1f}")
                 if result.tokens_per_second else "")
        stopped = self.tr("Stopped.") + " " if result.stopped else ""
        self.status.setText(stopped + self.tr("%Ln tokens", "", result.generated_tokens) + speed)
        self._announce(self.status.text())

    def _run_failed(self, message: str) -> None:
        self.editor.setReadOnly(False)
        self._update_buttons()
        self.status.setText(message + " " + self.tr("Your text was not changed."))
        self._announce("")

    def _update_buttons(self) -> None:
        busy = self.task.busy or self.from_documents.searching
        # The model writes into this draft (or about it): another draft opens once it has finished or stopped.
        for widget in (self.compose_button, self.run_button, self.ask_button, self.restore_button,
                       self.new_button, self.delete_button, self.open_button, self.draft_list):
            widget.setEnabled(not busy)
        self.stop_button.setEnabled(self.task.busy)
        self.stop_button.setVisible(self.task.busy)  # only while the model writes, in Run's place
        self.run_button.setVisible(not self.task.busy)

    def observe(self, session) -> None:
        """Follow the model session (core/engines/model_session.py): the model loaded, or none."""
        session.subscribe(lambda s: s.model is not self.task.model and self.set_model(s.model))

    def set_model(self, model: LoadedModel | None) -> None:
        self.task.model = model
        self.review.set_model_loaded(model is not None)

    def shutdown(self) -> None:
        self.task.stop()
        self.save_now()
