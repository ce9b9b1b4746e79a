"""The Chat pane's model: the conversation on screen, sending a question, the reply under way and what the user is
told about them. Qt-free; the pane lays out and wires, and observes this (``subscribe``), as napari's Qt view
observes its viewer model.

It decides: what a question is sent with (prompt.turn_messages: the system prompt, the thread, the question's
passages when the conversation answers from documents), the reply's life in the history (reply_turn.ReplyTurn), and
what a storage failure means for what was typed: a question that could not be stored leaves nothing behind (the
pane keeps it in the box) and the user is told why and what to do (storage_problem).

A question may come with images (kept in the image store, named in the history by their sha256). A model that sees
gets their files; for one that cannot, their text is read first (image_reading, in the background step before the
reply, as the documents are searched) and sent instead, and the reply says so in a note.

The engine and the documents are given as plain callables, so a test drives this with the real scheduler (or a
stub) and no event loop: ``generate(messages, params, on_event)`` starts a reply whose scheduler events (Prompt,
Text, Thinking, Finished, Failed) are to be handed to ``on_event`` on the caller's thread, and returns something
with ``stop()``; ``offload(work, on_done, on_error)`` runs ``work`` off the caller's thread and answers on it (by
default, for tests and the command lines, it runs there and then).

Tools (tool_round) are off until the user switches them on for a conversation (``set_tools``). Then the reply is
asked with the chosen tools, and a reply that ends in calls goes on in rounds: each call is put to the user
(``ToolCallAsked``; ``decide`` answers) unless an "Always allow" grant holds, run through ``offload``, told back
(``ToolCallFinished``), and the model asked again in the same reply. ``toolboxes(choice)`` gives the toolboxes for a
conversation's choice (the window's: Hearth's own tools with its picked files, and the MCP servers')."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from assistant.core.chat.documents_choice import DocumentsChoice, Passages
from assistant.core.chat.image_reading import ImageReading
from assistant.core.chat.prompt import passage_budget, turn_messages
from assistant.core.chat.reply_turn import ReplyTurn
from assistant.core.chat.storage_problem import STORAGE_ERRORS, database_folder, describe
# The tool rounds' events are heard through ``subscribe`` with the others, and may be imported from here.
from assistant.core.chat.tool_round import (ToolCallAsked, ToolCallFinished, ToolCallRunning,  # noqa: F401
                                            ToolRound, offered_tools)
from assistant.core.chat.tool_steps import steps_messages
from assistant.core.documents.answer import sources_for
from assistant.core.engines.context_window import reply_reserve
from assistant.core.engines.scheduler import Failed, Finished, Prompt, Text, Thinking
from assistant.core.engines.types import TOOLS_NONE, GenerationParams, LoadedModel
from assistant.core.i18n import language, translate
from assistant.core.images.image_store import ImageStore, StoredImage
from assistant.core.images.ocr import Ocr
from assistant.core.storage.history import COMPLETE, History, Message, ToolsChoice, chat_title
from assistant.core.storage.settings import Settings, ToolChoices
from assistant.core.tools.approvals import ApprovalPolicy
from assistant.core.tools.tool_spec import Toolbox, ToolSpec
from assistant.core.writing.profile import Profiles, chat_system_prompt
from assistant.core.writing.prompts import ui_wording

log = logging.getLogger(__name__)

TITLE_LENGTH = 48
# A picture added this recently is kept when a conversation is deleted, used or not: one in another pane, or in an
# import that has not reached the history yet.
IMAGE_GRACE_S = 600.0
Generate = Callable[[list, GenerationParams, Callable[[object], None]], object]
Offload = Callable[[Callable[[], object], Callable[[object], None], Callable[[str], None]], None]
Toolboxes = Callable[[ToolsChoice], Sequence[Toolbox]]


def run_here(work: Callable[[], object], on_done: Callable[[object], None], on_error: Callable[[str], None]) -> None:
    on_done(work())


# What the pane hears (``subscribe``) ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Changed:
    """Busy or not, a model or none: what the buttons show."""


@dataclass(frozen=True)
class ConversationCreated:
    conversation_id: int


@dataclass(frozen=True)
class ThreadChanged:
    conversation_id: int  # its messages in the history changed: read them again if it is on screen


@dataclass(frozen=True)
class Searching:
    """The question's passages are being looked up before the reply starts."""


@dataclass(frozen=True)
class ReadingImages:
    """The text of the question's images is being read (OCR), for a model that cannot see them."""


@dataclass(frozen=True)
class SearchEnded:
    """The step before a reply (reading images, searching the documents) ended without one."""
    error: str | None = None  # why the documents could not be searched


@dataclass(frozen=True)
class ReplyStarted:
    turn: ReplyTurn


@dataclass(frozen=True)
class PromptRead:
    turn: ReplyTurn


@dataclass(frozen=True)
class Streamed:
    turn: ReplyTurn
    text: str
    thinking: bool = False  # more of the model's reasoning, not of the answer
    first: bool = False  # the first piece of its kind


@dataclass(frozen=True)
class ReplyEnded:
    turn: ReplyTurn  # its status, error and result say how


@dataclass(frozen=True)
class StorageProblem:
    message: str | None  # what failed and what to do; None once saving works again


@dataclass(frozen=True)
class ToolsUnavailable:
    message: str  # a toolbox (an MCP server) could not give its tools: the reply goes on without them


class ChatSession:
    def __init__(self, history: History, settings: Settings, generate: Generate,
                 clock: Callable[[], float] = time.monotonic, images: ImageStore | None = None,
                 offload: Offload = run_here, ocr: Ocr | None = None):
        self.history, self.settings, self._generate, self.clock = history, settings, generate, clock
        self.images = images  # where a question's images are kept (None: they are left out of the prompt)
        self._offload = offload
        self.reading = ImageReading(images, ocr)
        self.model: LoadedModel | None = None
        self.loading = False
        self.conversation_id: int | None = None
        self.active: ReplyTurn | None = None
        self.retrieving = False
        self.reading_images = False
        self.listing_tools = False
        self.documents = DocumentsChoice(history)
        self.passages: Passages | None = None  # the user's documents, once the window has them
        self.problem: str | None = None  # the storage failure the user was last told of
        self._unsaved: list[ReplyTurn] = []  # replies whose end could not be saved yet
        self._listeners: list[Callable[[object], None]] = []
        self.toolboxes: Toolboxes = lambda choice: []  # given by the window
        self.approvals = ApprovalPolicy(history)
        self.tool_round: ToolRound | None = None  # the active reply's calls, while they wait or run
        self._new_chat_tools = ToolsChoice()  # for a conversation not created yet: off, as every new chat

    def subscribe(self, listener: Callable[[object], None]) -> None:
        self._listeners.append(listener)

    def _tell(self, event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # State -------------------------------------------------------------------------------------------------

    def set_model(self, model: LoadedModel | None, loading: bool = False) -> None:
        self.model, self.loading = model, loading
        self._tell(Changed())

    @property
    def ready(self) -> bool:
        return self.model is not None and not self.loading

    @property
    def busy(self) -> bool:
        return self.active is not None or self.retrieving or self.reading_images or self.listing_tools

    def documents_choice(self) -> dict:
        return self.documents.read(self.conversation_id, self.passages)

    def set_documents_choice(self, on: bool, sources: list[str] | None = None) -> None:
        self._write(lambda: self.documents.write(self.conversation_id, on, sources))

    def toggle_source(self, source: str, checked: bool) -> None:
        on, sources = self.documents.toggled(self.documents_choice(), self.passages, source, checked)
        self.set_documents_choice(on, sources)

    # Tools -------------------------------------------------------------------------------------------------

    def tools_choice(self) -> ToolsChoice:
        """The conversation's tools: off until switched on; which (None: all there are); the files picked."""
        if self.conversation_id is None:
            return self._new_chat_tools
        try:
            return self.history.tools_choice(self.conversation_id) or ToolsChoice()
        except STORAGE_ERRORS as exc:
            log.warning("the conversation's tools could not be read: %s", exc)
            return ToolsChoice()

    def set_tools(self, enabled: bool, tools: Sequence[str] | None = None,
                  files: Sequence[str] | None = None) -> bool:
        """Tools on or off for the conversation on screen (or the new chat): ``tools`` names those on by
        ``tool_key`` (None: all), ``files`` the files the model may read (None: as they were)."""
        files = self.tools_choice().files if files is None else [str(path) for path in files]
        choice = ToolsChoice(enabled, None if tools is None else list(tools), list(files))
        if self.conversation_id is None:
            self._new_chat_tools = choice
            return True
        return self._write(lambda: self.history.set_tools_choice(self.conversation_id, choice))

    def available_tools(self) -> list[ToolSpec]:
        """Every tool the conversation could switch on, with its picked files. Blocking while an MCP server starts
        (run it on a worker)."""
        choice = replace(self.tools_choice(), on=True, tools=None)
        return [spec for spec, _box in offered_tools(self._toolboxes(choice), choice)[0].values()]

    def decide(self, call_id: str, decision: str) -> bool:
        """The user's answer to a call asked about (``ToolCallAsked``): "once", "always" or "deny". The only way a
        call is approved. False when no call of that id waits."""
        return self.tool_round is not None and self.tool_round.decide(call_id, decision)

    def asked(self) -> list[ToolCallAsked]:
        """The calls waiting for the user in the conversation on screen."""
        active = self.active
        if self.tool_round is None or active is None or active.conversation_id != self.conversation_id:
            return []
        return self.tool_round.asked()

    def _toolboxes(self, choice: ToolsChoice, new_turn: bool = False) -> list[Toolbox]:
        """The window's toolboxes for ``choice`` (none while tools are off); ``new_turn``: for a new reply (the
        documents' passages numbered from [1] again)."""
        if not choice.on:
            return []
        try:
            toolboxes = list(self.toolboxes(choice))
            for toolbox in toolboxes if new_turn else ():
                if hasattr(toolbox, "new_turn"):
                    toolbox.new_turn()
        except Exception as exc:  # noqa: BLE001 - the window's toolboxes; the reply goes on without tools
            log.warning("the toolboxes could not be made", exc_info=True)
            self._tell(ToolsUnavailable(str(exc)))
            return []
        return toolboxes

    # Conversations -----------------------------------------------------------------------------------------

    def new_conversation(self) -> None:
        self.documents.carry_over(self.documents_choice())  # a new chat starts as the one before it
        self._new_chat_tools = ToolsChoice()  # but with tools off: they are switched on for each conversation
        self.conversation_id = None

    def open(self, conversation_id: int) -> bool:
        if self.history.conversation(conversation_id) is None:
            return False
        self.conversation_id = conversation_id
        return True

    def thread(self) -> list[Message]:
        """The visible messages of the conversation on screen, the reply under way in it as far as it has come."""
        active = self.active
        if active is not None and active.conversation_id == self.conversation_id:
            # The database may be up to a second behind the stream; the view is rebuilt from it.
            active.save_progress()
            self._saved(active)
        thread = self.history.thread(self.conversation_id) if self.conversation_id else []
        held = {turn.message_id: turn for turn in [*self._unsaved, active] if turn is not None and not turn.saved}
        for message in thread:  # what could not be saved yet is shown as the app holds it
            if message.id in held:
                turn = held[message.id]
                message.content, message.thinking, message.status, message.error = \
                    turn.text, turn.thinking, turn.status, turn.error
                message.tool_steps, message.sources = list(turn.steps), turn.sources
        return thread

    def last_reply(self) -> Message | None:
        thread = self.history.thread(self.conversation_id) if self.conversation_id else []
        return thread[-1] if thread and thread[-1].role == "assistant" else None

    def show_branch(self, message_id: int) -> bool:
        """A search result's branch, unless a reply is being written in its conversation."""
        message = self.history.message(message_id)
        if message is None or (self.active is not None and self.active.conversation_id == message.conversation_id):
            return False
        return self._write(lambda: self.history.show_branch(message_id))

    def show_sibling(self, message_id: int, step: int) -> bool:
        siblings = self.history.sibling_ids(message_id)
        index = siblings.index(message_id) + step if message_id in siblings else -1
        if self.busy or not 0 <= index < len(siblings):
            return False
        return self._write(lambda: self.history.show_branch(siblings[index]))

    def set_system_prompt(self, text: str) -> bool:
        return self.conversation_id is not None and \
            self._write(lambda: self.history.set_system_prompt(self.conversation_id, text))

    def set_profile_on(self, on: bool) -> bool:
        """Whether the user's profile goes with this conversation's system prompt (when one is in use)."""
        return self.conversation_id is not None and \
            self._write(lambda: self.history.set_profile_on(self.conversation_id, on))

    def system_prompt(self, conversation_id: int) -> str:
        """What the model is told first: the conversation's system prompt, then the profile in use if the
        conversation's switch is on, worded in the window's language."""
        conversation = self.history.conversation(conversation_id)
        profile = Profiles(self.settings).active() if conversation.profile_on else None
        return chat_system_prompt(conversation.system_prompt, profile, ui_wording(language()))

    def forget(self, conversation_id: int, keep: Iterable[str] = ()) -> None:
        """The conversation was deleted: a reply being written in it stops, and the image files no message uses any
        more are removed, except ``keep`` (the sha256s of pictures waiting in the composer)."""
        if self.active is not None and self.active.conversation_id == conversation_id:
            self.active.stop()
        self.remove_unused_images(keep)

    def remove_unused_images(self, keep: Iterable[str] = ()) -> int:
        """The image files nothing uses removed (but those added in the last IMAGE_GRACE_S); how many went."""
        if self.images is None:
            return 0
        try:
            used = self.history.image_references() | set(keep)
        except STORAGE_ERRORS as exc:  # what is used cannot be told: nothing is removed
            log.warning("the images in use could not be read: %s", exc)
            return 0
        return self.images.remove_unused(used, grace_s=IMAGE_GRACE_S)

    # Asking ------------------------------------------------------------------------------------------------

    def send(self, text: str, images: Sequence[StoredImage] = ()) -> bool:
        """Store ``text`` and ``images`` (kept in the image store already) as the next question and answer it. False
        when it was not stored (empty, not ready, busy, or the history could not be written: then nothing of it is
        left in the history, and the user was told why)."""
        if not (text.strip() or images) or not self.ready or self.busy:
            return False
        self._save_unsaved()
        created = None
        try:
            if self.conversation_id is None:
                title = chat_title(text, TITLE_LENGTH) or translate("ChatSession", "Image")
                created = self.history.create_conversation(title)
                self.documents.keep_for(created)
                self.history.set_tools_choice(created, self._new_chat_tools)
            thread = self.history.thread(created or self.conversation_id)
            self.history.add_message(created or self.conversation_id, thread[-1].id if thread else None, "user", text,
                                     images=[image.sha256 for image in images])
        except STORAGE_ERRORS as exc:
            if created is not None:
                self._undo_conversation(created)
            self._storage_failed(exc)
            return False
        if created is not None:
            self.conversation_id = created
            self._tell(ConversationCreated(created))
        self._storage_works()
        self._answer()
        return True

    def edit(self, message_id: int, text: str, images: Sequence[StoredImage] | None = None) -> bool:
        """An edited question, sent as a new version beside the old one, which stays reachable. It keeps the
        original's images unless ``images`` gives others (empty: none)."""
        original = self.history.message(message_id)
        if original is None or not self.ready or self.busy:
            return False
        names = original.images if images is None else [image.sha256 for image in images]
        if not self._write(lambda: self.history.add_message(original.conversation_id, original.parent_id, "user",
                                                            text, images=names)):
            return False
        self._answer()
        return True

    def regenerate(self, message_id: int) -> bool:
        reply = self.history.message(message_id)
        if reply is None or reply.role != "assistant" or not self.ready or self.busy:
            return False
        if not self._write(lambda: self.history.set_leaf(reply.conversation_id, reply.parent_id)):
            return False
        self._answer()
        return True

    def stop(self) -> None:
        if self.active is not None:
            self.active.stop()

    def keep_partial_and_stop(self) -> None:
        """On quit or a model switch: keep what the reply has so far, marked as stopped, and what earlier replies
        could not save (what still fails stays "streaming" in the file, and the next start marks it interrupted)."""
        if self.active is not None:
            self.active.keep_as_stopped()
        self._save_unsaved()

    def _answer(self) -> None:
        """For a model that cannot see, read the text of the thread's images not read yet; with documents on, find
        the question's passages (``passages.retrieve``); then start the reply."""
        unread = [] if self.model.sees else self.reading.unread(self.history.thread(self.conversation_id))
        if not unread:
            self._search()
            return
        self.reading_images = True
        self._tell(Changed())
        self._tell(ReadingImages())
        conversation = self.conversation_id

        def read(texts) -> None:
            self.reading.keep(texts)
            self.reading_images = False
            if conversation == self.conversation_id and self.ready:
                self._search()
            else:  # as after a search: the question stays, Regenerate answers it
                self._tell(SearchEnded())
            self._tell(Changed())

        def failed(message: str) -> None:  # the reading itself never raises; a worker that failed says why
            self.reading_images = False
            self._tell(Changed())
            self._tell(SearchEnded(message))

        self._offload(lambda: self.reading.read(unread), read, failed)

    def _search(self) -> None:
        choice = self.documents_choice()
        on = self.passages is not None and choice.get("on")
        thread = self.history.thread(self.conversation_id) if on else []
        question = thread[-1].content if thread else ""
        if not question.strip():  # documents off; or a picture without words, asked about itself, not looked up
            self._start_reply(None)
            return
        self.retrieving = True
        self._tell(Changed())
        self._tell(Searching())
        conversation = self.conversation_id

        def found(hits) -> None:
            self.retrieving = False
            if conversation == self.conversation_id and self.ready:
                self._start_reply(hits)
            else:  # the model went or the user moved on meanwhile: the question stays, Regenerate answers it
                self._tell(SearchEnded())
            self._tell(Changed())

        def failed(message: str) -> None:
            self.retrieving = False
            self._tell(Changed())
            self._tell(SearchEnded(message))

        self.passages.retrieve(question, choice.get("sources"), found, failed)

    def _start_reply(self, hits) -> None:
        """The reply row under the visible leaf (a question), and the engine asked for it. ``hits``: the passages
        found in the documents, when the conversation uses them (empty: nothing matched)."""
        conversation_id = self.conversation_id
        thread = self.history.thread(conversation_id)
        if hits is not None and not hits:
            # Nothing to answer from: said plainly, instead of letting the model guess (nothing is generated).
            nothing = translate("ChatSession", "Nothing in your documents matches this question, so there is no answer "
                                               "from them. Try other words, choose other sources, or turn documents "
                                               "off for this conversation.")
            if self._write(lambda: self.history.add_message(conversation_id, thread[-1].id, "assistant", nothing,
                                                            status=COMPLETE)):
                self._tell(ThreadChanged(conversation_id))
            self._tell(SearchEnded())
            return
        toolboxes = self._toolboxes(self.tools_choice(), new_turn=True)
        if not toolboxes:
            self._reply(hits, {})
            return
        # Listed off this thread: an MCP server not started yet starts now, which may take seconds.
        self.listing_tools = True
        self._tell(Changed())
        choice = self.tools_choice()

        def listed(found) -> None:
            self.listing_tools = False
            offered, problems = found
            for problem in problems:
                self._tell(ToolsUnavailable(problem))
            if conversation_id == self.conversation_id and self.ready:
                self._reply(hits, offered)
            else:  # as after a search: the question stays, Regenerate answers it
                self._tell(SearchEnded())
            self._tell(Changed())

        def failed(message: str) -> None:
            listed(({}, [message]))

        self._offload(lambda: offered_tools(toolboxes, choice), listed, failed)

    def _reply(self, hits, offered: dict) -> None:
        """The reply row and the engine asked, with the passages found and the tools ``offered`` (by name)."""
        conversation_id = self.conversation_id
        thread = self.history.thread(conversation_id)
        system_prompt = self.system_prompt(conversation_id)
        settings = self.settings.model_settings(str(self.model.info.path))
        sees = self.model.sees
        pictures = dict(images=self.images) if sees else dict(read=self.reading.texts)
        sources: list[dict] = []
        if hits:
            earlier = turn_messages(system_prompt, thread[:-1], **pictures)
            budget = passage_budget(self.model.context_length,
                                    reply_reserve(self.model.context_length, settings.max_tokens), earlier)
            question = thread[-1].content
            sources = [s.record() for s in sources_for(question, hits, budget)]
        messages = turn_messages(system_prompt, thread, sources, **pictures)
        notes = self.reading.notes(thread[-1], sees)
        try:
            turn = ReplyTurn.open(self.history, conversation_id, thread[-1].id, self.model.info.name, sources,
                                  self.clock, notes)
        except STORAGE_ERRORS as exc:
            self._storage_failed(exc)
            self._tell(ThreadChanged(conversation_id))
            return
        self.active = turn
        params = GenerationParams.from_settings(settings)
        turn.tools = offered
        params.tools = [spec.openai() for spec, _box in turn.tools.values()]
        turn.messages, turn.params = messages, params
        turn.stop = getattr(self._generate(messages, params, lambda event: self._on_event(turn, event)), "stop")
        self._tell(ReplyStarted(turn))
        self._tell(Changed())

    # Tool rounds ------------------------------------------------------------------------------------------------

    def _call_tools(self, turn: ReplyTurn, result) -> None:
        """The reply ended in calls: they are asked about and run (tool_round), and the reply goes on after."""
        text_before = turn.end_round(result)
        self._saved(turn)
        tool_round = ToolRound(turn, list(result.tool_calls), text_before, self.approvals,
                               self.settings.read(ToolChoices), self._offload, self._tell,
                               lambda: self._tools_done(turn, tool_round))
        self.tool_round = tool_round
        turn.stop = lambda: self._stop_tools(turn, tool_round)
        tool_round.start()

    def _tools_done(self, turn: ReplyTurn, tool_round: ToolRound) -> None:
        """Every call told back: the model is asked again with them, in the same reply (without tools once the
        reply has made as many calls as it may, or after a round past that limit: then it ends)."""
        if turn is not self.active or tool_round is not self.tool_round:
            return
        self.tool_round = None
        if turn.params.tool_choice == TOOLS_NONE or not self.ready:
            self._ended(turn, between_rounds=True, stopped=not self.ready)
            return
        turn.next_round()
        params = replace(turn.params)
        if turn.calls_made >= self.settings.read(ToolChoices).calls_per_turn:
            params.tool_choice = TOOLS_NONE
        turn.params = params
        messages = turn.messages + steps_messages(turn.steps)
        turn.stop = getattr(self._generate(messages, params, lambda event: self._on_event(turn, event)), "stop")
        self._tell(Changed())

    def _stop_tools(self, turn: ReplyTurn, tool_round: ToolRound) -> None:
        tool_round.stop()
        if turn is self.active and tool_round is self.tool_round:
            self.tool_round = None
            self._ended(turn, between_rounds=True)

    # The reply's events --------------------------------------------------------------------------------------

    def _on_event(self, turn: ReplyTurn, event) -> None:
        if turn is not self.active:
            return  # a reply that has ended already (its engine may still report)
        if isinstance(event, Prompt):
            turn.prompt_tokens, turn.dropped = event.tokens, event.dropped
            self._tell(PromptRead(turn))
        elif isinstance(event, Thinking):
            first = not turn.thinking
            turn.add_thinking(event.text)
            self._saved(turn)
            self._tell(Streamed(turn, event.text, thinking=True, first=first))
        elif isinstance(event, Text):
            first = not turn.text
            turn.add_text(event.text)
            self._saved(turn)
            self._tell(Streamed(turn, event.text, first=first))
        elif isinstance(event, Finished) and event.result.tool_calls and turn.tools and not event.result.stopped:
            self._call_tools(turn, event.result)
        elif isinstance(event, (Finished, Failed)):
            if isinstance(event, Finished):
                turn.finish(event.result)
            else:
                turn.fail(str(event.error))
            self._ended(turn)

    def _ended(self, turn: ReplyTurn, between_rounds: bool = False, stopped: bool = True) -> None:
        """The reply ended (``between_rounds``: while its tools waited or ran, and is ended here, ``stopped`` or
        not): said, and saved or held."""
        if between_rounds:
            turn.end_between_rounds(stopped)
        self.active = None
        saved = turn.saved
        if not saved:
            self._unsaved.append(turn)
        self._tell(ReplyEnded(turn))
        self._tell(Changed())
        if saved:
            self._storage_works()
        else:  # said after the reply's figures, which would replace it on the status line
            self._storage_failed(turn.save_error)

    # Storage -----------------------------------------------------------------------------------------------

    def _write(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except STORAGE_ERRORS as exc:
            self._storage_failed(exc)
            return False
        self._storage_works()
        return True

    def _saved(self, turn: ReplyTurn) -> bool:
        """Says a reply's failed save once, and that saving works again once it does."""
        if not turn.saved:
            if self.problem is None and turn.save_error is not None:
                self._storage_failed(turn.save_error)
            return False
        self._storage_works()
        return True

    def _save_unsaved(self) -> None:
        self._unsaved = [turn for turn in self._unsaved if not turn.save_again()]
        for turn in self._unsaved[:1]:
            self._saved(turn)

    def _undo_conversation(self, conversation_id: int) -> None:
        try:
            self.history.delete_conversation(conversation_id)
        except STORAGE_ERRORS as exc:
            log.warning("an empty conversation could not be removed after a failed write: %s", exc)

    def _storage_failed(self, error: BaseException) -> None:
        log.warning("the history could not be written: %s", error)
        self.problem = describe(error, database_folder(self.history.conn))
        self._tell(StorageProblem(self.problem))

    def _storage_works(self) -> None:
        if self.problem is not None and not self._unsaved:
            self.problem = None
            self._tell(StorageProblem(None))
