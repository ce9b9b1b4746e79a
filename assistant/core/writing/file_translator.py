"""A file's translation run on the model: each segment's pieces sent through the scheduler at background priority,
one at a time, so a chat reply the user asks for meanwhile goes between two pieces instead of waiting for the whole
file. The runner never changes the job: it says what was translated (``SegmentTranslated``) and its owner (the
session, on its own thread) keeps it. Stop is out of band: the piece being written is cancelled at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from assistant.core.engines.reasoning import OFF
from assistant.core.engines.scheduler import BACKGROUND, Failed, Finished, Scheduler, Text
from assistant.core.engines.types import GenerationParams, GenerationResult
from assistant.core.writing.file_translation import FileJob

DONE, STOPPED, FAILED = "done", "stopped", "failed"


@dataclass(frozen=True)
class PieceStarted:
    segment: int
    piece: int
    pieces: int


@dataclass(frozen=True)
class PieceText:
    segment: int
    text: str  # more of the piece being written


@dataclass(frozen=True)
class SegmentTranslated:
    segment: int
    pieces: list[str]  # the model's words for each piece, as written
    result: GenerationResult  # the last piece's timings


@dataclass(frozen=True)
class RunEnded:
    outcome: str  # DONE, STOPPED or FAILED
    error: object = None  # the EngineFailure when it failed


class FileTranslator:
    def __init__(self, scheduler: Scheduler, params: Callable[[int], GenerationParams]):
        """``params(max_tokens)``: how a piece is drawn (the model's settings, a low temperature)."""
        self.scheduler, self.params = scheduler, params
        self._stop = threading.Event()
        self._handle = None

    def stop(self) -> None:
        self._stop.set()
        handle = self._handle
        if handle is not None:
            self.scheduler.cancel(handle)

    def run(self, job: FileJob, on_event: Callable[[object], None]) -> RunEnded:
        """Translate every segment of ``job`` that has no translation yet, in order; blocks until done, stopped or
        failed. ``on_event`` hears PieceStarted, PieceText, SegmentTranslated, then RunEnded, on this thread."""
        self._stop.clear()
        index = job.next_segment()
        while index is not None:
            pieces = job.pieces(index)
            written: list[str] = []
            result = None
            for number, piece in enumerate(pieces):
                if self._stop.is_set():
                    return self._end(on_event, RunEnded(STOPPED))
                on_event(PieceStarted(index, number, len(pieces)))
                before = pieces[number - 1] if number else ""
                final = self._generate(job.messages(index, piece, before), job.max_tokens(piece), index, on_event)
                if isinstance(final, Failed):
                    return self._end(on_event, RunEnded(FAILED, final.error))
                result = final.result
                if result.stopped or self._stop.is_set():
                    return self._end(on_event, RunEnded(STOPPED))
                written.append(result.text)
            on_event(SegmentTranslated(index, written, result))
            index = job.next_segment(index)
        return self._end(on_event, RunEnded(DONE))

    def _generate(self, messages: list[dict], max_tokens: int, index: int, on_event) -> Finished | Failed:
        params = self.params(max_tokens)
        params.thinking = OFF  # a translation is never thought about aloud; what a model thinks anyway is dropped

        def listener(event) -> None:
            if isinstance(event, Text):
                on_event(PieceText(index, event.text))

        self._handle = self.scheduler.generate(messages, params, priority=BACKGROUND, listener=listener)
        if self._stop.is_set():  # Stop pressed as the request was made: it must not run
            self.scheduler.cancel(self._handle)
        final = self._handle.wait()
        self._handle = None
        return final

    @staticmethod
    def _end(on_event, ended: RunEnded) -> RunEnded:
        on_event(ended)
        return ended
