"""Thinking in the real window: Chat shows it live in a collapsed block with its duration and stores it apart;
Drafting and Translation never let it into their text. The model is SmolLM2 carrying real thinking templates."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from assistant.core.engines.reasoning import ON
from assistant.core.storage.history import COMPLETE
from assistant.core.storage.settings import ModelSettings
from assistant.ui.common.generation import GenerationTask
from assistant.ui.chat.message_widget import MessageWidget
from conftest import open_main_window

pytestmark = pytest.mark.model
REPLY_TIMEOUT_MS = 60_000


@pytest.fixture
def in_language(qapp):
    """Switches the UI to a language for one test, and back to English afterwards even when the test fails, so
    that no Chinese is left to the core's texts in the tests after it."""
    from assistant.ui.common import ui_language

    yield ui_language.apply
    ui_language.apply("en")


def widgets(window) -> list[MessageWidget]:
    return window.chat.findChildren(MessageWidget)


def use(window, model, **changes) -> None:
    window.settings.set_model_settings(str(model), ModelSettings(temperature=0.0, seed=1, context_length=2048,
                                                                 **changes))


def test_chat_shows_thinking_live_then_collapsed_with_its_duration(qtbot, model_with_template):
    model = model_with_template("Qwen3.5-4B")
    window = open_main_window(qtbot, model)
    assert window.model.thinks and window.model.thinking_switch
    use(window, model, max_tokens=16, thinking=ON, thinking_budget=4)
    chat = window.chat
    live = []
    with qtbot.waitSignal(window.client.replies.finished, timeout=REPLY_TIMEOUT_MS):
        qtbot.keyClicks(chat.input, "What is the capital of France?")
        qtbot.keyClick(chat.input, Qt.Key_Return)
        # While the model thinks, the block is on screen and counting, and the answer is still empty.
        qtbot.waitUntil(lambda: len(widgets(window)) == 2 and widgets(window)[1].thinking.live,
                        timeout=REPLY_TIMEOUT_MS)
        live.append((widgets(window)[1].thinking.toggle.text(), widgets(window)[1].body.toPlainText()))
    assert live[0][0].startswith("Thinking…") and live[0][1] == ""
    reply = widgets(window)[1]
    stored = chat.history.thread(chat.conversation_id)[1]
    assert stored.status == COMPLETE and stored.thinking and stored.thinking_seconds is not None
    assert stored.content and stored.thinking not in stored.content and "<think>" not in stored.content
    # Collapsed: the header says how long, the text opens on a click.
    assert reply.thinking.isVisible() and reply.thinking.toggle.text().startswith("Thought for")
    assert not reply.thinking.text.isVisible()
    qtbot.mouseClick(reply.thinking.toggle, Qt.LeftButton)
    assert reply.thinking.text.isVisible()
    assert reply.thinking.text.toPlainText().strip() == stored.thinking
    body = reply.body.toPlainText()  # the answer rendered as markdown: its words, not its syntax
    assert body.strip() and stored.thinking not in body and "think>" not in body
    reply.copy_message()
    assert QGuiApplication.clipboard().text() == stored.content
    assert "thinking" in window.generation_label.text() and "budget" in window.generation_label.text()
    # Opened again from history, the reply shows the same block.
    chat.open_conversation(chat.conversation_id)
    again = widgets(window)[1]
    assert again.thinking.toggle.text() == reply.thinking.toggle.text()


def test_a_model_that_always_thinks_never_writes_its_thinking_into_a_draft(qtbot, model_with_template):
    # DeepSeek R1's distill template opens <think> in every prompt and has no switch: Drafting cannot turn it off.
    model = model_with_template("deepseek-ai-DeepSeek-R1-Distill-Llama-8B")
    window = open_main_window(qtbot, model)
    assert window.model.thinks and not window.model.thinking_switch
    use(window, model, max_tokens=16, thinking_budget=64)
    task = GenerationTask(window.client, window.settings)
    task.model = window.model
    text, announced = [], []
    task.text.connect(text.append)
    task.thinking_started.connect(lambda: announced.append(True))
    with qtbot.waitSignal(task.finished, timeout=REPLY_TIMEOUT_MS) as ended:
        assert task.start([{"role": "user", "content": "Proofread: the tide go out."}])
    result = ended.args[0]
    assert announced == [True] and result.thinking
    assert "".join(text) == result.text and result.thinking not in "".join(text)
    assert "<think>" not in result.text and "</think>" not in result.text


def test_drafting_asks_for_no_thinking(qtbot, model_with_template):
    model = model_with_template("Qwen3.5-4B")
    window = open_main_window(qtbot, model)
    use(window, model, max_tokens=8, thinking=ON)  # Chat thinks; a draft still does not
    task = GenerationTask(window.client, window.settings)
    task.model = window.model
    announced = []
    task.thinking_started.connect(lambda: announced.append(True))
    with qtbot.waitSignal(task.finished, timeout=REPLY_TIMEOUT_MS) as ended:
        assert task.start([{"role": "user", "content": "Proofread: the tide go out."}])
    result = ended.args[0]
    assert announced == [] and result.thinking == "" and result.thinking_tokens == 0 and result.text.strip()


def load_with_context(qtbot, model, context_length: int, **changes):
    """The real window with ``model`` loaded at a small context: settings made before the load, which reads them."""
    from assistant.core.storage.database import connect
    from assistant.core.storage.paths import database_path
    from assistant.core.storage.settings import Settings

    Settings(connect(database_path())).set_model_settings(
        str(model), ModelSettings(temperature=0.0, seed=1, context_length=context_length, **changes))
    window = open_main_window(qtbot)
    with qtbot.waitSignal(window.client.model_loaded, timeout=REPLY_TIMEOUT_MS):
        window.load_model(str(model))
    return window


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_reply_without_an_answer_says_why_and_is_not_stored_as_complete(qtbot, model_with_template, language,
                                                                          in_language):
    from assistant.core.storage.history import FAILED
    model = model_with_template("Qwen3.5-4B")
    # A reply limit of 4 keeps 4 tokens free for the reply: a question can fill the context all but those.
    window = load_with_context(qtbot, model, 256, max_tokens=4, thinking=ON, thinking_budget=4096)
    in_language(language)
    chat = window.chat
    # SmolLM2 answers inside the thinking block and ends there, far from its budget: the model stopped by itself.
    with qtbot.waitSignal(window.client.replies.finished, timeout=REPLY_TIMEOUT_MS):
        qtbot.keyClicks(chat.input, "What is the capital of France?")
        qtbot.keyClick(chat.input, Qt.Key_Return)
    stored = chat.history.thread(chat.conversation_id)[-1]
    assert stored.status == FAILED and stored.content == "" and stored.thinking
    assert stored.error.startswith("No answer: the model stopped by itself after") if language == "en" else \
        stored.error.startswith("没有答案")
    assert stored.error == widgets(window)[-1].status_label.text()  # said in the reply itself
    assert "budget" not in window.generation_label.text() and "预算" not in window.generation_label.text()

    # A question that leaves a few tokens of the 256-token context: the model is still thinking when the context is
    # full (it thinks about 15 tokens before its answer; how many varies with the CPU's kernels, so the room is
    # far less), and the reply says so and what to do.
    chat.new_conversation()
    with qtbot.waitSignal(window.client.replies.finished, timeout=REPLY_TIMEOUT_MS) as done:
        chat.input.setPlainText("Tell me about rivers. " * 46 + "Which is the longest river?")
        qtbot.keyClick(chat.input, Qt.Key_Return)
    result = done.args[1]
    stored = chat.history.thread(chat.conversation_id)[-1]
    assert result.end == "context_full" and result.prompt_tokens + result.generated_tokens == 256
    assert stored.status == FAILED and stored.content == ""
    if language == "en":
        assert stored.error.startswith(f"No answer: the conversation filled the model's context "
                                       f"({result.prompt_tokens} prompt + {result.generated_tokens} generated tokens)")
        assert "Start a new chat, or raise the context length in Model → Model settings." in stored.error
    assert stored.error == widgets(window)[-1].status_label.text()
    assert "budget" not in window.generation_label.text() and "预算" not in window.generation_label.text()
    window.close()
