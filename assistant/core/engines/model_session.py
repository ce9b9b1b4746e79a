"""The model session: what is loaded or loading, and the model a task waits for. Qt-free; the window and the panes
observe it (``subscribe``), as napari's Qt view observes its viewer model.

It also keeps the crash guard of loads: a path is recorded while it loads, and a start that finds it still recorded
knows that loading it took the app down last time (the engine host makes that rare: a crash there is survived).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.core.engines.remote.server_list import is_remote
from assistant.core.engines.types import LoadedModel
from assistant.core.storage.settings import Settings

LOADING_KEY = "loading_model"  # set while a model loads: still set at start-up means that load crashed the app
LAST_MODEL_KEY = "last_model"
TASKS = ("chat", "drafting", "translation")


def task_model_key(task: str) -> str:
    return f"task_model:{task}"


def available(target: str | None) -> bool:
    """A model file that is there, or a server's model (whether the server answers is found out by loading it)."""
    return bool(target) and (is_remote(target) or Path(target).is_file())


class ModelSession:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.model: LoadedModel | None = None
        self.loading_path: str | None = None
        self.loading_name = ""
        self.plan = None  # offload_plan.OffloadPlan of the load under way or done, once the engine has planned it
        self.restarting = False  # the engine crashed and is loading the model again
        self.pending_switch: str | None = None  # a task's model, waiting for the running generation to end
        self._listeners: list[Callable[[ModelSession], None]] = []

    def subscribe(self, listener: Callable[["ModelSession"], None]) -> None:
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    @property
    def loading(self) -> bool:
        return self.loading_path is not None or self.restarting

    @property
    def current_path(self) -> str | None:
        """The model loaded, or the one loading: what a task's model is compared with."""
        return self.loading_path or (str(self.model.info.path) if self.model else None)

    # Loading -----------------------------------------------------------------------------------------------

    def begin_load(self, path: str, name: str) -> None:
        self.settings.set(LOADING_KEY, path)
        self.loading_path, self.loading_name = path, name
        self.model, self.plan, self.restarting = None, None, False
        self._changed()

    def planned(self, plan) -> None:
        self.plan = plan
        self._changed()

    def loaded(self, model: LoadedModel) -> None:
        self.settings.delete(LOADING_KEY)
        self.settings.set(LAST_MODEL_KEY, str(model.info.path))
        self.loading_path, self.restarting, self.model = None, False, model
        self._changed()

    def failed(self, kept: LoadedModel | None = None) -> None:
        """The load failed. ``kept``: the model the engine still has (a server that refused leaves the local model
        loaded), which goes on answering as before."""
        self.settings.delete(LOADING_KEY)
        self.loading_path, self.restarting, self.model = None, False, kept
        self._changed()

    def crashed(self) -> None:
        """The engine host died; it is loading the model again, one step safer."""
        self.model, self.restarting = None, True
        self._changed()

    def crashed_while_loading_last_time(self) -> str | None:
        """At start-up: the model whose load took the app down, once (the record is cleared)."""
        crashed = self.settings.get(LOADING_KEY)
        if crashed:
            self.settings.delete(LOADING_KEY)
        return crashed

    def model_to_restore(self) -> str | None:
        chosen = self.settings.get(task_model_key("chat"))
        last = chosen if available(chosen) else self.settings.get(LAST_MODEL_KEY)
        return last if available(last) else None

    # A model per task --------------------------------------------------------------------------------------

    def task_model(self, task: str | None) -> str | None:
        return self.settings.get(task_model_key(task)) if task else None

    def switch_for(self, task: str | None, generating: bool) -> str | None:
        """A pane of ``task`` was opened: the model to load now, if any. While something is generating the switch
        waits (``pending_switch``) and ``generation_ended`` hands it over."""
        wanted = self.task_model(task)
        if not wanted or wanted == self.current_path or not available(wanted):
            self.pending_switch = None
            return None
        if generating:
            self.pending_switch = wanted
            return None
        self.pending_switch = None
        return wanted

    def generation_ended(self, generating: bool) -> str | None:
        if self.pending_switch and not generating:
            path, self.pending_switch = self.pending_switch, None
            return path
        return None
