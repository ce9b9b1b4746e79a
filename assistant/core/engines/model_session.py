"""The model session: what is loaded or loading, the model a task waits for, and the decisions about them. Qt-free;
the window and the panes observe it (``subscribe`` for its state, ``on_notice`` for what to tell the user), as
napari's Qt view observes its viewer model.

It decides what loads and when: a file is checked here (fast, and a bad file never reaches the engine) and
remembered among the recent models before the engine is asked (``connect``'s ``load``); at start-up the last model
comes back, unless loading it is what took the app down last time; a pane's task model loads when the pane opens,
or, while a reply is being written (``connect``'s ``generating``, the scheduler's answer), once it has ended.

It keeps the crash guard of loads: a path is recorded while it loads, and a start that finds it still recorded
knows that loading it took the app down last time (the engine host makes that rare: a crash there is survived).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

from assistant.core.engines.model_kinds import cannot_chat
from assistant.core.engines.remote.server_list import is_remote, split_target
from assistant.core.engines.types import LoadedModel
from assistant.core.library.gguf_file import BadModelFile, read_gguf
from assistant.core.storage.settings import ModelRecord, ModelSettings, Settings, TaskModels

TASKS = tuple(f.name for f in fields(TaskModels))  # "chat", "drafting", "translation"
# The settings llama.cpp fixes when it creates the context: changing one loads the model again.
RELOAD_FIELDS = ("context_length", "gpu_layers", "kv_type", "threads", "batch_size", "flash_attention")

# What a notice is about (Notice.kind); the window turns each into a dialog or a status line.
BAD_FILE = "bad_file"  # message: why the file cannot be opened; nothing was asked of the engine
LOADING = "loading"  # path: checked, and about to be asked of the engine
LOADED = "loaded"  # the session's model is new (a load, or a crash's recovery): its notes say what was given up
LOAD_FAILED = "load_failed"  # message: why the model could not be loaded (or, after a crash, loaded again)
ENGINE_CRASHED = "engine_crashed"  # message: the engine host died and is loading the model again, one step safer
NOT_RESTORED = "not_restored"  # path: loading it took the app down last time, so it was not loaded at start-up
TASK_MODEL_MISSING = "task_model_missing"  # task, path: the model chosen for the task is not there
SWITCH_WAITS = "switch_waits"  # task, path: the task's model loads once the reply under way has ended
SWITCH_SETTLED = "switch_settled"  # no task model waits any more


def available(target: str | None) -> bool:
    """A model file that is there, or a server's model (whether the server answers is found out by loading it)."""
    return bool(target) and (is_remote(target) or Path(target).is_file())


@dataclass(frozen=True)
class Notice:
    kind: str
    message: str = ""
    path: str = ""
    task: str = ""


class ModelSession:
    def __init__(self, settings: Settings, library=None):
        """``library``: a ModelLibrary, where the files loaded are remembered (the recent models)."""
        self.settings = settings
        self.library = library
        self.model: LoadedModel | None = None
        self.loading_path: str | None = None
        self.loading_name = ""
        self.plan = None  # offload_plan.OffloadPlan of the load under way or done, once the engine has planned it
        self.restarting = False  # the engine crashed and is loading the model again
        self.pending_switch: str | None = None  # a task's model, waiting for the running generation to end
        self._load: Callable[[str, ModelSettings], None] | None = None
        self._generating: Callable[[], bool] = lambda: False
        self._listeners: list[Callable[[ModelSession], None]] = []
        self._notice_listeners: list[Callable[[Notice], None]] = []

    def connect(self, load: Callable[[str, ModelSettings], None], generating: Callable[[], bool],
                library=None) -> None:
        """``load(path, settings)`` asks the engine for a model (EngineClient.load_model); ``generating()`` says
        whether a reply is being written or waits (Scheduler.generating)."""
        self._load, self._generating = load, generating
        if library is not None:
            self.library = library

    def subscribe(self, listener: Callable[["ModelSession"], None]) -> None:
        self._listeners.append(listener)

    def on_notice(self, listener: Callable[[Notice], None]) -> None:
        self._notice_listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    def _tell(self, kind: str, message: str = "", path: str = "", task: str = "") -> None:
        notice = Notice(kind, message, path, task or "")
        for listener in list(self._notice_listeners):
            listener(notice)

    @property
    def loading(self) -> bool:
        return self.loading_path is not None or self.restarting

    @property
    def current_path(self) -> str | None:
        """The model loaded, or the one loading: what a task's model is compared with."""
        return self.loading_path or (str(self.model.info.path) if self.model else None)

    # Loading -----------------------------------------------------------------------------------------------

    def load(self, path: str) -> bool:
        """Check ``path`` and have the engine load it (False, after a BAD_FILE notice, for a file that is not a
        model). A server's model (``URL#model-id``) is checked by the server."""
        if is_remote(path):
            name = split_target(path)[1]
        else:
            try:
                info = read_gguf(path)
            except BadModelFile as exc:
                self._tell(BAD_FILE, str(exc), path)
                return False
            refusal = cannot_chat(info)
            if refusal:
                self._tell(BAD_FILE, refusal, path)
                return False
            if self.library is not None:
                self.library.remember(info)
            path, name = str(info.path), info.name
        self._tell(LOADING, path=path)
        self.begin_load(path, name)  # the engine host plans it with what is free now
        if self._load is not None:
            self._load(path, self.settings.model_settings(path))
        return True

    def apply_model_settings(self, path: str, chosen: ModelSettings) -> None:
        """The model's settings were edited: kept, and the model loaded again where llama.cpp fixes what changed
        when it creates the context (a server's model is not loaded here: it is only told them per request)."""
        previous = self.settings.model_settings(path)
        self.settings.set_model_settings(path, chosen)
        self._changed()  # what the API serves, from its next request
        if any(getattr(chosen, name) != getattr(previous, name) for name in RELOAD_FIELDS) and not is_remote(path):
            self.load(path)

    def begin_load(self, path: str, name: str) -> None:
        self.settings.update(ModelRecord, loading=path)
        self.loading_path, self.loading_name = path, name
        self.model, self.plan, self.restarting = None, None, False
        self._changed()

    def planned(self, plan) -> None:
        self.plan = plan
        self._changed()

    def loaded(self, model: LoadedModel) -> None:
        """A model is loaded: the one asked for, or the one loaded again after a crash."""
        self.settings.update(ModelRecord, loading=None, last_model=str(model.info.path))
        self.loading_path, self.restarting, self.model = None, False, model
        self._changed()
        self._tell(LOADED, path=str(model.info.path))

    def failed(self, kept: LoadedModel | None = None, message: str = "") -> None:
        """The load failed (or, after a crash, the model could not be loaded again). ``kept``: the model the
        engine still has (a server that refused leaves the local model loaded), which goes on answering."""
        self.settings.update(ModelRecord, loading=None)
        self.loading_path, self.restarting, self.model = None, False, kept
        self._changed()
        if message:
            self._tell(LOAD_FAILED, message)

    def crashed(self, message: str = "") -> None:
        """The engine host died; it is loading the model again, one step safer. The reply that was being written
        is kept, marked with what happened, by its pane."""
        self.model, self.restarting = None, True
        self._changed()
        if message:
            self._tell(ENGINE_CRASHED, message)

    # Start-up ------------------------------------------------------------------------------------------------

    def crashed_while_loading_last_time(self) -> str | None:
        """At start-up: the model whose load took the app down, once (the record is cleared)."""
        crashed = self.settings.read(ModelRecord).loading
        if crashed:
            self.settings.update(ModelRecord, loading=None)
        return crashed

    def model_to_restore(self) -> str | None:
        chosen = self.settings.read(TaskModels).chat
        last = chosen if available(chosen) else self.settings.read(ModelRecord).last_model
        return last if available(last) else None

    def restore(self) -> None:
        """At start-up: load the chat's model or the last one, unless loading it is what crashed the app last
        time (NOT_RESTORED)."""
        crashed = self.crashed_while_loading_last_time()
        if crashed:
            self._tell(NOT_RESTORED, path=crashed)
            return
        last = self.model_to_restore()
        if last:
            self.load(last)

    def nothing_to_chat_with(self, models_dir: Path) -> bool:
        """No model loaded, loading, used before or downloaded: what makes a start a first one."""
        if self.settings.read(ModelRecord).last_model or self.loading_path or self.model is not None:
            return False
        if self.library is not None and self.library.recent():
            return False
        from assistant.core.hub.files import is_projector_name

        # A projector alone (its model's download cancelled) is nothing to chat with.
        return not any(not is_projector_name(path.name) for path in Path(models_dir).rglob("*.gguf"))

    # A model per task --------------------------------------------------------------------------------------

    def task_model(self, task: str | None) -> str | None:
        return getattr(self.settings.read(TaskModels), task) if task else None

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

    def pane_opened(self, task: str | None) -> None:
        """A pane was opened: load its task's model now, or once the reply under way has ended (SWITCH_WAITS),
        or say that the model chosen for it is missing."""
        wanted = self.task_model(task)
        if wanted and wanted != self.current_path and not available(wanted):
            self._tell(TASK_MODEL_MISSING, path=wanted, task=task)
            return
        path = self.switch_for(task, self._generating())
        if path:
            self.load(path)
        elif self.pending_switch:
            self._tell(SWITCH_WAITS, path=self.pending_switch, task=task)
            return
        self._tell(SWITCH_SETTLED)

    def generation_ended(self) -> None:
        """A reply ended: a task model that waited for it loads now, unless another reply is on its way (a
        translation's next piece starts at once), and then it goes on waiting."""
        generating = self._generating()
        path = None
        if self.pending_switch and not generating:
            path, self.pending_switch = self.pending_switch, None
        if not self.pending_switch:
            self._tell(SWITCH_SETTLED)
        if path:
            self.load(path)
