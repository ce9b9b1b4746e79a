"""The Chat pane's decisions, Qt-free: which page and note it shows, why Send is off, how full the context is, and
which models its picker offers."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.chat import context_gauge, pane_state
from assistant.core.chat.context_gauge import context_use, conversation_tokens
from assistant.core.chat.model_choices import can_chat, model_choices
from assistant.core.chat.pane_state import PaneState, send_block
from assistant.core.library.gguf_file import GgufInfo
from assistant.core.library.models import InstalledModel, KnownModel
from assistant.core.storage.history import Message


@pytest.mark.parametrize("loaded, loading, messages, expected", [
    (False, False, 0, pane_state.START),  # nothing to chat with: how to get a model
    (False, True, 0, pane_state.EMPTY),  # one is on its way: what can be asked meanwhile
    (True, False, 0, pane_state.EMPTY),
    (True, False, 3, pane_state.THREAD),
    (False, False, 3, pane_state.THREAD),  # an old conversation stays readable without a model
])
def test_the_page_follows_the_model_and_the_messages(loaded, loading, messages, expected):
    assert pane_state.pane_state(loaded, loading, messages).page == expected


def test_the_note_says_loading_with_its_share_then_nothing():
    assert pane_state.pane_state(False, True, 0, load_share=0.42) == PaneState(pane_state.EMPTY, pane_state.LOADING,
                                                                               0.42)
    assert pane_state.pane_state(False, True, 0).share is None  # not known yet: the bar waits without a figure
    assert pane_state.pane_state(False, True, 0, load_share=1.7).share == 1.0
    assert pane_state.pane_state(True, False, 0, load_share=1.0) == PaneState(pane_state.EMPTY)


def test_a_crash_and_a_failure_have_notes_of_their_own():
    recovering = pane_state.pane_state(False, True, 2, load_share=0.5, recovering=True)
    assert recovering == PaneState(pane_state.THREAD, pane_state.RECOVERING, None)
    failed = pane_state.pane_state(False, False, 0, failure="out of memory")
    assert failed == PaneState(pane_state.START, pane_state.FAILED)
    # A new load under way says so, not the failure before it.
    assert pane_state.pane_state(False, True, 0, failure="out of memory").note == pane_state.LOADING


@pytest.mark.parametrize("ready, loading, busy, content, expected", [
    (True, False, False, True, None),
    (True, False, False, False, pane_state.NOTHING_TO_SEND),
    (False, False, False, True, pane_state.NO_MODEL),
    (False, True, False, True, pane_state.MODEL_LOADING),
    (True, False, True, True, pane_state.WRITING),
])
def test_send_says_why_it_is_off(ready, loading, busy, content, expected):
    assert send_block(ready, loading, busy, content) == expected


def test_the_gauge_fills_and_names_its_level():
    assert context_use(126, 8192) == context_gauge.ContextUse(126, 8192, 126 / 8192, context_gauge.NORMAL)
    # The room is the context less what is kept for the reply: 1,000 of it at 80% is nearly full.
    assert context_use(799, 1024, reserve=24).level == context_gauge.NORMAL
    assert context_use(800, 1024, reserve=24).level == context_gauge.NEARLY_FULL
    assert context_use(1000, 1024, reserve=24).level == context_gauge.FULL
    assert context_use(5000, 1024).share == 1.0
    assert context_use(0, 0).share == 0.0


def message(role, prompt=None, generated=None):
    return Message(1, 1, None, role, "text", prompt_tokens=prompt, generated_tokens=generated)


def test_the_conversation_uses_what_its_latest_counted_reply_took():
    assert conversation_tokens([]) == 0
    thread = [message("user"), message("assistant", 100, 20), message("user"), message("assistant")]
    assert conversation_tokens(thread) == 120  # the last reply failed before it was counted
    assert conversation_tokens([*thread[:2], message("user"), message("assistant", 300, 40)]) == 340


def info(path, **metadata):
    return GgufInfo(Path(path), 1_100_000_000, 3, {"general.architecture": "llama", **metadata})


def installed(path, **metadata):
    return InstalledModel(Path(path), [Path(path)], None, 1_100_000_000, False, info(path, **metadata))


def test_the_picker_offers_chat_models_then_recent_files_not_installed(tmp_path):
    chat, embedder = installed(tmp_path / "chat.gguf"), installed(tmp_path / "bge.gguf", **{"llama.pooling_type": 2})
    diffusion = InstalledModel(tmp_path / "d.gguf", [], None, 1, False,
                               GgufInfo(tmp_path / "d.gguf", 1, 3, {"general.architecture": "llada"}))
    broken = InstalledModel(tmp_path / "bad.gguf", [], None, 1, False, None, problem="cannot be read")
    assert can_chat(chat.info) and not can_chat(embedder.info) and not can_chat(diffusion.info)
    (tmp_path / "other.gguf").write_bytes(b"x")
    recent = [KnownModel(tmp_path / "chat.gguf", "chat", "llama", "Q4_K_M", 1, None, 2.0),
              KnownModel(tmp_path / "other.gguf", "Other", "llama", "Q8_0", 2_000_000, None, 1.0),
              KnownModel(tmp_path / "gone.gguf", "Gone", "llama", "Q8_0", 1, None, 0.5)]
    shown, others = model_choices([chat, embedder, diffusion, broken], recent, str(tmp_path / "chat.gguf"))
    assert [(c.path, c.current) for c in shown] == [(str(tmp_path / "chat.gguf"), True)]
    assert [(c.name, c.detail, c.current) for c in others] == [("Other", "Q8_0 · 2.0 MB", False)]


def test_the_news_keeps_a_failure_until_a_new_load_and_knows_what_to_try_again():
    from assistant.core.engines import model_session as notices

    news = pane_state.ModelNews()
    news.hear(notices.LOADING)
    news.follow("/models/a.gguf", "A", restarting=False)
    news.progress(0.5)
    assert (news.loading_name, news.share) == ("A", 0.5)
    news.follow(None, "", restarting=False)  # the session's state changes before it tells why
    news.hear(notices.LOAD_FAILED, "out of memory")
    assert (news.failure, news.failed_path, news.share) == ("out of memory", "/models/a.gguf", None)
    news.dismiss()
    assert (news.failure, news.failed_path) == ("", "")
    news.hear(notices.BAD_FILE, "not a GGUF file")
    assert (news.failure, news.failed_path) == ("not a GGUF file", "")  # trying the same file again cannot help
    news.follow("/models/b.gguf", "B", restarting=False)
    assert news.failure == "" and news.share is None
    news.hear(notices.LOADED)
    news.hear(notices.ENGINE_CRASHED, "The engine stopped (SIGKILL)")
    news.follow(None, "B", restarting=True)
    assert (news.crash, news.recovering) == ("The engine stopped (SIGKILL)", True)
    news.hear(notices.LOADED)
    assert news.crash == ""


def test_the_gauge_and_the_status_line_say_one_share_of_the_context(qapp):
    from assistant.core.chat.context_gauge import context_use, share_percent
    from assistant.ui.chat.context_gauge import ContextGauge
    from assistant.ui.chat.reply_figures import ReplyFigures

    assert [share_percent(*pair) for pair in ((480, 8192), (0, 8192), (9000, 8192), (5, 0))] == [6, 0, 100, 0]
    gauge = ContextGauge()
    gauge.show_use(context_use(480, 8192))

    class Model:
        context_length = 8192

    assert "(6%)" in gauge.toolTip() and ReplyFigures().context_use(Model(), 480).endswith("(6%)")
