"""One reply's life in the history, from the row made before the engine is asked to the end it is saved with.

Durability rules (see the storage tests): the reply row exists from the first moment with status "streaming", with
the sources it was given and the notes it is shown with; its text is saved about once a second while it streams;
its final text, status and timings are saved when it ends, whether it finished, was stopped, or failed. A save that
fails (a full disk, a locked file) loses nothing held here: the next save writes everything again, and a final save
that failed is tried again later (``save_again``).

A reply that uses tools is written in rounds (tool_steps): each round's text is added to the reply's, each step is
saved as it ends, and the reply ends once, after its last round."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace

from assistant.core.chat.storage_problem import STORAGE_ERRORS, database_folder, describe
from assistant.core.engines.types import END_STOPPED, GenerationResult
from assistant.core.storage.history import COMPLETE, FAILED, STOPPED, STREAMING, History

log = logging.getLogger(__name__)

SAVE_INTERVAL_S = 1.0


class ReplyTurn:
    def __init__(self, history: History, conversation_id: int, message_id: int, sources: list[dict],
                 clock: Callable[[], float] = time.monotonic, notes: list[str] | None = None):
        self.history, self.conversation_id, self.message_id = history, conversation_id, message_id
        self.sources = sources
        self.notes = notes or []  # what the user is told with it (an image read as text: image_reading)
        self.clock = clock
        self.text = ""
        self.thinking = ""
        self.prompt_tokens = 0
        self.dropped = 0
        self.status = STREAMING
        self.error: str | None = None
        self.result: GenerationResult | None = None
        self.last_saved = clock()
        self.save_error: BaseException | None = None  # the last save failed with this; None once one succeeds
        self._final: dict | None = None  # the end's fields, kept until they are saved
        self.stop: Callable[[], None] = lambda: None  # set once the engine is asked
        # Tools (core/chat/tool_round): what the engine was first asked with, the steps so far, and where the round
        # being written begins in the text.
        self.messages: list[dict] = []
        self.params = None  # GenerationParams
        self.tools: dict = {}  # the tools on for this reply, by name: (spec, toolbox)
        self.steps: list[dict] = []
        self.round = 0
        self.round_start = 0
        self.calls_made = 0
        self._earlier: list[GenerationResult] = []  # the rounds that ended in calls

    @classmethod
    def open(cls, history: History, conversation_id: int, question_id: int, model: str | None,
             sources: list[dict], clock: Callable[[], float] = time.monotonic,
             notes: list[str] | None = None) -> "ReplyTurn":
        """The reply's row, made "streaming" under ``question_id`` with its notes and sources. Raises what the
        history raises; a row made whose sources could not be saved is marked failed (as far as the history lets
        it)."""
        message_id = history.add_message(conversation_id, question_id, "assistant", "", status=STREAMING, model=model,
                                         notes=notes or ())
        if sources:
            try:
                history.save_reply(message_id, "", STREAMING, sources=sources)
            except STORAGE_ERRORS as exc:
                try:
                    history.save_reply(message_id, "", FAILED, error=describe(exc, database_folder(history.conn)))
                except STORAGE_ERRORS:
                    pass  # left "streaming": the next start marks it interrupted
                raise
        return cls(history, conversation_id, message_id, sources, clock, notes)

    @property
    def ended(self) -> bool:
        return self.status != STREAMING

    @property
    def saved(self) -> bool:
        return self._final is None and self.save_error is None

    # While it streams ----------------------------------------------------------------------------------------

    def add_text(self, text: str) -> None:
        self.text += text
        self._save_now_and_then()

    def add_thinking(self, text: str) -> None:
        self.thinking += text
        self._save_now_and_then()

    def _save_now_and_then(self) -> None:
        now = self.clock()
        if now - self.last_saved >= SAVE_INTERVAL_S:
            self.last_saved = now
            self.save_progress()

    def save_progress(self) -> bool:
        """What has streamed so far, now (before the thread is read back from the history)."""
        if self.ended:
            return self.save_again()
        return self._write(lambda: self.history.save_reply(self.message_id, self.text, STREAMING,
                                                           thinking=self.thinking))

    # Its end -------------------------------------------------------------------------------------------------

    def _round_text(self, result: GenerationResult) -> str:
        said = self.text[self.round_start:]
        return result.text if len(result.text) >= len(said) else said

    def end_round(self, result: GenerationResult) -> str:
        """A round that ended in calls: its text stays in the reply, apart from what comes next. Returns it (the
        first step's ``text_before``)."""
        text = self._round_text(result)
        if text.strip() and not text.endswith("\n"):
            text += "\n\n"
        self.text = self.text[:self.round_start] + text
        self._earlier.append(result)
        self.round_start = len(self.text)
        return text

    def next_round(self) -> None:
        self.round += 1

    def add_step(self, step: dict, sources: list[dict] = ()) -> None:
        """A step that ended, saved now with the passages its tool found (a documents search: cited as the reply's
        sources)."""
        self.steps.append(step)
        self.sources += [source for source in sources if source not in self.sources]
        if not self.ended:
            self._write(lambda: self.history.save_reply(self.message_id, self.text, STREAMING, thinking=self.thinking,
                                                        tool_steps=self.steps, sources=self.sources))

    def _tool_fields(self) -> dict:
        return dict(tool_steps=self.steps, sources=self.sources) if self.steps else {}

    def finish(self, result: GenerationResult) -> str:
        """The engine's last word: complete, stopped, or failed for want of an answer (which says why)."""
        text = self.text[:self.round_start] + self._round_text(result)
        # A reply that ended by itself with no answer is not complete: it says why, in the reply itself.
        reason = None if text.strip() else result.no_answer_reason()
        self.text, self.result, self.error = text, result, reason
        self.status = STOPPED if result.stopped else FAILED if reason else COMPLETE
        first = self._earlier[0] if self._earlier else result
        # Over several rounds the reply's thinking is all the rounds' (the result has the last round's only).
        thinking = self.thinking.strip() or result.thinking if self._earlier else \
            result.thinking or self.thinking.strip()
        self._end(dict(
            error=reason, prompt_tokens=result.prompt_tokens,
            generated_tokens=result.generated_tokens + sum(earlier.generated_tokens for earlier in self._earlier),
            ttft_ms=None if first.time_to_first_token is None else first.time_to_first_token * 1000,
            tokens_per_s=result.tokens_per_second, context_dropped=result.dropped_messages,
            thinking=thinking, thinking_seconds=result.thinking_seconds, **self._tool_fields()))
        return self.status

    def end_between_rounds(self, stopped: bool = True) -> str:
        """Stopped while its tools ran or waited (or ended there: a model past its limit that still only calls):
        it ends with the text it has."""
        last = self._earlier[-1] if self._earlier else GenerationResult()
        return self.finish(replace(last, text="", thinking="", end=END_STOPPED if stopped else last.end,
                                   generated_tokens=0))

    def fail(self, message: str) -> None:
        self.status, self.error = FAILED, message
        self._end(dict(error=message, thinking=self.thinking, **self._tool_fields()))

    def keep_as_stopped(self) -> None:
        """On quit or a model switch: what the reply has so far, marked stopped (the engine's own end may follow)."""
        self.stop()
        self._write(lambda: self.history.save_reply(self.message_id, self.text, STOPPED, thinking=self.thinking,
                                                    **self._tool_fields()))

    def _end(self, fields: dict) -> None:
        self._final = fields
        self.save_again()

    def save_again(self) -> bool:
        """The end's save, once more if it failed before. True when everything is saved."""
        if self._final is None:
            return self.save_error is None
        fields = self._final
        if self._write(lambda: self.history.save_reply(self.message_id, self.text, self.status, **fields)):
            self._final = None
            return True
        return False

    def _write(self, save: Callable[[], None]) -> bool:
        try:
            save()
        except STORAGE_ERRORS as exc:
            log.debug("reply %d could not be saved: %s", self.message_id, exc)  # the session says it, once
            self.save_error = exc
            return False
        self.save_error = None
        return True
