"""What the Chat pane shows, decided from what it knows: which page (how to get a model, an empty conversation's
prompt, or the thread), which note about the model above it (loading, with how far; loading again after the engine
crashed; a load that failed), and why Send cannot be pressed. The pane's widgets show what this says."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.engines import model_session as notices

# The page under the header.
START = "start"  # no model, nothing to show: how to get one, with the button that does it
EMPTY = "empty"  # a model (or one on its way) and a conversation with no message yet: what can be asked
THREAD = "thread"  # the conversation's messages

# The note about the model, above the page.
LOADING = "loading"
RECOVERING = "recovering"  # the engine crashed and is loading the model again
FAILED = "failed"

# Why Send is off.
WRITING = "writing"  # a reply is being written: Stop stands in Send's place
MODEL_LOADING = "model_loading"
NO_MODEL = "no_model"
NOTHING_TO_SEND = "nothing_to_send"


@dataclass(frozen=True)
class PaneState:
    page: str
    note: str | None = None
    share: float | None = None  # how much of the model has loaded, 0 to 1; None when not loading or not known yet


def pane_state(model_loaded: bool, loading: bool, messages: int, load_share: float | None = None,
               failure: str = "", recovering: bool = False) -> PaneState:
    """``failure``: why the last load failed ("" when it did not, or it was dismissed); ``recovering``: the load
    under way follows a crash of the engine."""
    if messages:
        page = THREAD
    elif model_loaded or loading:
        page = EMPTY
    else:
        page = START
    if loading:
        note = RECOVERING if recovering else LOADING
    elif failure:
        note = FAILED
    else:
        note = None
    share = None if note != LOADING or load_share is None else min(max(load_share, 0.0), 1.0)
    return PaneState(page, note, share)


def send_block(ready: bool, loading: bool, busy: bool, has_content: bool) -> str | None:
    """Why the message cannot be sent now; None when it can."""
    if busy:
        return WRITING
    if loading:
        return MODEL_LOADING
    if not ready:
        return NO_MODEL
    if not has_content:
        return NOTHING_TO_SEND
    return None


class ModelNews:
    """What the Chat pane has heard of the model session (core/engines/model_session.py) beyond the model itself:
    the model loading and how far it is, why the last load failed (until a new one starts, a model loads, or the
    user dismisses it), and what the engine said when it crashed."""

    def __init__(self) -> None:
        self.loading_name = ""
        self.share: float | None = None
        self.recovering = False
        self.failure = ""
        self.failed_path = ""  # the model to try again; "" when trying again cannot help (the file is not a model)
        self.crash = ""
        self._asked = ""  # the path of the load under way, or of the last one

    def follow(self, loading_path: str | None, loading_name: str, restarting: bool) -> None:
        """The session's state: the load under way (its path and name), and whether it follows a crash."""
        if loading_path and loading_path != self._asked:
            self._asked, self.share = loading_path, None
        if loading_path or restarting:
            self.failure = self.failed_path = ""  # a new load says how it goes; the failure before it is past
        self.loading_name, self.recovering = loading_name, restarting

    def hear(self, kind: str, message: str = "") -> None:
        """A notice of the model session: its kind and its message."""
        if kind == notices.LOADING:
            self.share, self.crash = None, ""
        elif kind == notices.LOADED:
            self.share, self.failure, self.failed_path, self.crash, self._asked = None, "", "", "", ""
        elif kind == notices.LOAD_FAILED:
            self.failure, self.failed_path, self.share = message, self._asked, None
        elif kind == notices.BAD_FILE:
            self.failure, self.failed_path = message, ""
        elif kind == notices.ENGINE_CRASHED:
            self.crash = message

    def progress(self, share: float) -> None:
        self.share = share

    def dismiss(self) -> None:
        self.failure = self.failed_path = ""
