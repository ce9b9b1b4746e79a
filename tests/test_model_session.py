"""The model session decides what loads and when, without Qt: a file is checked and remembered before the engine is
asked, the crash guard keeps a load that took the app down from being tried again at start-up, a task's model waits
for the reply under way (as the scheduler tells it), and each problem is reported as a notice for the window."""

from __future__ import annotations

import shutil
import threading

import pytest

from assistant.core.engines import model_session as ms
from assistant.core.engines.model_session import ModelSession, Notice
from assistant.core.engines.remote.server_list import remote_target
from assistant.core.engines.scheduler import Embedded, Finished, Scheduler
from assistant.core.engines.types import GenerationParams, GenerationResult, LoadedModel
from assistant.core.library.gguf_file import read_gguf
from assistant.core.library.models import ModelLibrary
from assistant.core.storage.database import connect
from assistant.core.storage.settings import ModelRecord, ModelSettings, Settings, TaskModels


class Recorder:
    """The session's collaborators as the window wires them: the loads asked of the engine, whether a reply is
    being written, and the notices, in the order they came."""

    def __init__(self, session: ModelSession):
        self.loads: list[tuple[str, ModelSettings]] = []
        self.generating = False
        self.events: list[object] = []
        session.connect(self._load, lambda: self.generating)
        session.on_notice(self.events.append)
        self.session = session

    def _load(self, path: str, settings: ModelSettings) -> None:
        # What the session had recorded when it asked: the crash guard is set before the engine is asked.
        self.loads.append((path, settings))
        self.events.append(("load", path, self.session.settings.read(ModelRecord).loading))

    def kinds(self) -> list[str]:
        return [e.kind if isinstance(e, Notice) else e[0] for e in self.events]


@pytest.fixture
def store(tmp_path):
    conn = connect(tmp_path / "history.db")
    yield Settings(conn), ModelLibrary(conn)
    conn.close()


@pytest.fixture
def session(store):
    settings, library = store
    return ModelSession(settings, library)


@pytest.fixture
def second_model(model_path, tmp_path) -> str:
    """The same weights under a second path: to the session, a second model."""
    other = tmp_path / "second-model.gguf"
    shutil.copyfile(model_path, other)
    return str(other)


def loaded_model(path) -> LoadedModel:
    return LoadedModel(read_gguf(path), context_length=2048, n_threads=2, n_gpu_layers=0, load_seconds=0.1)


def test_a_file_is_checked_and_remembered_before_the_engine_is_asked(session, model_path):
    record = Recorder(session)
    chosen = ModelSettings(temperature=0.3, context_length=1024)
    session.settings.set_model_settings(str(model_path), chosen)
    seen = []
    session.subscribe(lambda s: seen.append((s.loading_path, s.loading_name)))

    assert session.load(str(model_path))
    assert record.kinds() == [ms.LOADING, "load"]
    assert record.events[0].path == str(model_path)
    assert record.loads == [(str(model_path), chosen)]  # with its own settings, for the host to plan with
    assert record.events[1][2] == str(model_path)  # the guard was set first
    assert seen == [(str(model_path), read_gguf(model_path).name)] and session.loading
    assert [m.path for m in session.library.recent()] == [model_path]

    session.loaded(loaded_model(model_path))
    assert record.kinds()[-1] == ms.LOADED and not session.loading
    assert session.settings.read(ModelRecord).loading is None
    assert session.settings.read(ModelRecord).last_model == str(model_path)


def test_a_file_that_is_not_a_model_never_reaches_the_engine(session, tmp_path):
    record = Recorder(session)
    bad = tmp_path / "notes.gguf"
    bad.write_text("not a model")
    assert not session.load(str(bad))
    assert record.loads == [] and record.kinds() == [ms.BAD_FILE]
    assert "notes.gguf" in record.events[0].message
    assert session.library.recent() == [] and session.settings.read(ModelRecord).loading is None
    assert not session.loading


def test_a_servers_model_is_left_for_the_server_to_check(session):
    record = Recorder(session)
    target = remote_target("http://127.0.0.1:9", "qwen3")
    assert session.load(target)
    assert record.loads[0][0] == target and session.loading_name == "qwen3"
    assert session.library.recent() == []  # not a file: nothing to remember among the recent models


def test_a_failed_load_keeps_the_model_the_engine_still_has_and_says_why(session, model_path):
    record = Recorder(session)
    kept = loaded_model(model_path)
    session.loaded(kept)
    session.load(remote_target("http://127.0.0.1:9", "qwen3"))
    session.failed(kept, "The server refused the API key.")
    assert session.model is kept and not session.loading
    assert record.events[-1] == Notice(ms.LOAD_FAILED, "The server refused the API key.")
    assert session.settings.read(ModelRecord).loading is None


def test_a_crash_restarts_then_the_recovered_model_is_loaded(session, model_path):
    record = Recorder(session)
    session.loaded(loaded_model(model_path))
    session.crashed("The engine stopped unexpectedly; loading the model again.")
    assert session.restarting and session.model is None and session.loading
    assert record.events[-1].kind == ms.ENGINE_CRASHED and "again" in record.events[-1].message
    session.loaded(loaded_model(model_path))  # the engine recovered it, one step safer
    assert not session.restarting and session.model is not None and record.kinds()[-1] == ms.LOADED
    session.crashed("Again.")
    session.failed(None, "The model could not be loaded again.")  # the engine gave up: the model is gone
    assert session.model is None and not session.loading and record.kinds()[-1] == ms.LOAD_FAILED


def test_a_load_that_took_the_app_down_is_not_tried_again_at_start_up(store, model_path):
    settings, library = store
    ModelSession(settings, library).begin_load(str(model_path), "SmolLM2")  # and then the app died

    restarted = ModelSession(settings, library)
    record = Recorder(restarted)
    restarted.restore()
    assert record.loads == [] and record.events == [Notice(ms.NOT_RESTORED, path=str(model_path))]

    again = ModelSession(settings, library)  # the guard told once: the next start loads the last model again
    settings.update(ModelRecord, last_model=str(model_path))
    record = Recorder(again)
    again.restore()
    assert [path for path, _settings in record.loads] == [str(model_path)]


def test_at_start_up_the_chats_model_comes_before_the_last_one(session, model_path, second_model):
    record = Recorder(session)
    session.settings.update(ModelRecord, last_model=second_model)
    session.settings.update(TaskModels, chat=str(model_path))
    session.restore()
    assert [path for path, _settings in record.loads] == [str(model_path)]
    session.failed()  # the next start, after a load that ended
    session.settings.update(TaskModels, chat="/gone/model.gguf")  # not there: the last one instead
    session.restore()
    assert record.loads[-1][0] == second_model


def test_a_task_model_waits_for_the_reply_under_way(session, model_path, second_model):
    record = Recorder(session)
    session.loaded(loaded_model(model_path))
    session.settings.update(TaskModels, drafting=second_model)
    record.generating = True
    session.pane_opened("drafting")
    assert record.loads == [] and session.pending_switch == second_model
    assert record.events[-1] == Notice(ms.SWITCH_WAITS, path=second_model, task="drafting")

    session.generation_ended()  # a translation started its next piece at once: still waiting
    assert record.loads == [] and session.pending_switch == second_model
    assert record.kinds()[-1] == ms.SWITCH_WAITS  # the note stays

    record.generating = False
    session.generation_ended()
    assert [path for path, _settings in record.loads] == [second_model] and session.pending_switch is None
    assert record.kinds()[-3:] == [ms.SWITCH_SETTLED, ms.LOADING, "load"]  # the note goes as the model loads


def test_going_back_to_a_pane_whose_model_is_loaded_cancels_the_wait(session, model_path, second_model):
    record = Recorder(session)
    session.loaded(loaded_model(model_path))
    session.settings.update(TaskModels, drafting=second_model)
    record.generating = True
    session.pane_opened("drafting")
    session.pane_opened("chat")  # no model chosen for Chat: the loaded one is kept
    assert session.pending_switch is None and record.kinds()[-1] == ms.SWITCH_SETTLED
    record.generating = False
    session.generation_ended()
    assert record.loads == []


def test_a_missing_task_model_is_reported_and_nothing_loads(session, model_path, tmp_path):
    record = Recorder(session)
    session.loaded(loaded_model(model_path))
    gone = str(tmp_path / "gone.gguf")
    session.settings.update(TaskModels, translation=gone)
    session.pane_opened("translation")
    assert record.loads == [] and record.events[-1] == Notice(ms.TASK_MODEL_MISSING, path=gone, task="translation")


def test_settings_that_llama_cpp_fixes_at_load_load_the_model_again(session, model_path):
    record = Recorder(session)
    session.loaded(loaded_model(model_path))
    path = str(model_path)
    session.apply_model_settings(path, ModelSettings(temperature=0.2))
    assert record.loads == [] and session.settings.model_settings(path).temperature == 0.2
    session.apply_model_settings(path, ModelSettings(temperature=0.2, context_length=1024))
    assert [p for p, _settings in record.loads] == [path] and record.loads[0][1].context_length == 1024


def test_a_first_start_is_one_with_nothing_to_chat_with(session, model_path, tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    assert session.nothing_to_chat_with(models)
    (models / "org" / "repo").mkdir(parents=True)
    (models / "org" / "repo" / "mmproj-model-f16.gguf").write_bytes(b"GGUF")  # its projector came first
    assert session.nothing_to_chat_with(models)
    shutil.copyfile(model_path, models / "org" / "repo" / "model.gguf")
    assert not session.nothing_to_chat_with(models)  # downloaded, never loaded


# Scheduler.generating(): what the session asks before a task's model loads -------------------------------------

class GatedEngine:
    """An engine whose replies wait for the test to let them finish: the scheduler's queue, with no model."""

    model = None

    def __init__(self):
        self.started = threading.Event()
        self.release = threading.Event()

    def watch(self, _on_lost) -> None:
        pass

    def generate(self, messages, params, listeners=None, conversation=False):
        self.started.set()
        self.release.wait(30)
        return GenerationResult()

    def load(self, path, settings, options, on_progress, on_planned):
        raise AssertionError("no load in these tests")

    def embed(self, model_path, texts):
        return []

    def close(self) -> None:
        self.release.set()


def test_the_scheduler_says_whether_a_reply_is_being_written_or_waits():
    engine = GatedEngine()
    scheduler = Scheduler(engine)
    try:
        assert not scheduler.generating()
        first = scheduler.generate([{"role": "user", "content": "Hello"}], GenerationParams())
        second = scheduler.generate([{"role": "user", "content": "Again"}], GenerationParams())
        assert engine.started.wait(30)
        assert scheduler.generating()  # one is written, one waits
        engine.release.set()
        assert isinstance(first.wait(30), Finished) and isinstance(second.wait(30), Finished)
        # Anything queued after them runs once they are off the queue: then nothing is generating.
        # Indexing documents is not a reply: a model may switch meanwhile.
        assert isinstance(scheduler.embed("embedder.gguf", ["text"]).wait(30), Embedded)
        assert not scheduler.generating()
    finally:
        scheduler.shutdown()
