"""The real main window and Chat pane, driven like a user would, with the real model streaming replies."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QInputDialog, QLabel, QMessageBox

from assistant.core.engines.types import GenerationParams
from assistant.core.storage.database import connect
from assistant.core.storage.history import COMPLETE, FAILED, STOPPED, STREAMING, History
from assistant.core.storage.paths import database_path
from assistant.core.storage.settings import ModelSettings, Settings
from assistant.ui.shell.main_window import MainWindow
from assistant.ui.shell.services import Services

pytestmark = pytest.mark.model
REPLY_TIMEOUT_MS = 90_000


@pytest.fixture
def in_language(qapp):
    """Switches the UI to a language for one test, and back to English afterwards even when the test fails, so
    that no Chinese is left to the core's texts in the tests after it."""
    from assistant.ui.common import ui_language

    yield ui_language.apply
    ui_language.apply("en")


def make_window(qtbot, model_path=None, **model_settings):
    conn = connect(database_path())
    settings = Settings(conn)
    if model_path is not None:
        defaults = dict(temperature=0.0, max_tokens=32, context_length=2048)
        defaults.update(model_settings)
        settings.set_model_settings(str(model_path), ModelSettings(**defaults))
    window = MainWindow(Services.create(conn))
    qtbot.addWidget(window)
    window.show()
    if model_path is not None:
        with qtbot.waitSignal(window.client.model_loaded, timeout=30_000):
            window.load_model(str(model_path))
    return window


@pytest.fixture
def window(qtbot, model_path):
    window = make_window(qtbot, model_path)
    yield window
    window.close()
    assert window.client.engine.pid is None  # the engine host has exited
    assert window.chat.token_counter.background.pool.activeThreadCount() == 0  # no count left waiting


def send(qtbot, window, text, expect=COMPLETE):
    """Type ``text``, press Enter, wait until the reply has ended, and check how it ended."""
    chat = window.chat
    chat.input.setFocus()
    chat.input.setPlainText(text)
    qtbot.keyClick(chat.input, Qt.Key_Return)
    assert chat.busy
    qtbot.waitUntil(lambda: not chat.busy, timeout=REPLY_TIMEOUT_MS)
    assert widgets(window)[-1].message.status == expect, widgets(window)[-1].message.error


def start_long_reply(qtbot, model_path, topic, min_chunks):
    """A window whose model is busy writing a long story, with at least ``min_chunks`` chunks received. The seed is
    fixed, so the story is the same long one on every run."""
    window = make_window(qtbot, model_path, temperature=0.7, seed=7, max_tokens=2000)
    chunks = []
    window.client.replies.chunk.connect(lambda _rid, text: chunks.append(text))
    window.chat.input.setPlainText(f"Write a very long story about {topic}.")
    window.chat.send()
    wait_for_chunks(qtbot, window.chat, chunks, min_chunks)
    return window, window.chat, chunks


def wait_for_chunks(qtbot, chat, chunks, count):
    """Until ``count`` chunks have come; should the reply end first, the failure says how it ended."""
    qtbot.waitUntil(lambda: len(chunks) >= count or chat.active is None, timeout=REPLY_TIMEOUT_MS)
    if len(chunks) < count:
        replies = [m for c in chat.history.list_conversations() for m in chat.history.thread(c.id)
                   if m.role == "assistant"]
        reply = max(replies, key=lambda m: m.id, default=None)
        raise AssertionError(f"the reply ended after {len(chunks)} chunks: "
                             f"{reply and (reply.status, reply.error, reply.content[-200:])}")


def widgets(window):
    return window.chat.thread_view.message_widgets()


def visible_texts(window):
    return [w.message.content for w in widgets(window)]


def test_first_start_explains_how_to_get_a_model(qtbot):
    window = make_window(qtbot)
    chat = window.chat
    assert chat.stack.currentWidget() is chat.welcome
    assert "Hugging Face Hub" in chat.welcome.findChild(QLabel, "welcomeText").text()
    assert chat.welcome.open_button.isVisible() and chat.welcome.find_button.isVisible()
    qtbot.mouseClick(chat.welcome.find_button, Qt.LeftButton)
    assert window.panes.currentWidget() is window.models
    assert not chat.send_button.isEnabled()
    assert "Open a model" in chat.input.placeholderText()
    window.close()


def test_typing_a_message_streams_a_rendered_reply(qtbot, window):
    chat = window.chat
    chunks = []
    window.client.replies.chunk.connect(lambda _rid, text: chunks.append(text))
    chat.input.setFocus()
    qtbot.keyClicks(chat.input, "What is the capital of France?")
    qtbot.keyClick(chat.input, Qt.Key_Return, Qt.ShiftModifier)  # Shift+Enter: a new line, not a send
    assert chat.input.toPlainText() == "What is the capital of France?\n"
    assert not widgets(window)
    with qtbot.waitSignal(window.client.replies.finished, timeout=REPLY_TIMEOUT_MS):
        qtbot.keyClick(chat.input, Qt.Key_Return)
        # While it streams: the reply is on screen, growing, and already in the database.
        qtbot.waitUntil(lambda: len(chunks) >= 3, timeout=REPLY_TIMEOUT_MS)
        qtbot.waitUntil(lambda: len(widgets(window)) == 2 and widgets(window)[1].body.toPlainText() != "")
        assert widgets(window)[1].message.status == STREAMING
    assert chat.input.toPlainText() == ""
    user, reply = widgets(window)
    assert user.message.content == "What is the capital of France?\n"
    assert reply.message.status == COMPLETE
    assert reply.message.content == "".join(chunks)
    assert "Paris" in reply.body.toPlainText()
    stored = chat.history.thread(chat.conversation_id)
    assert [m.status for m in stored] == [COMPLETE, COMPLETE]
    assert stored[1].generated_tokens > 0 and stored[1].tokens_per_s > 0
    assert "tokens/s" in window.generation_label.text() and "context" in window.generation_label.text()
    assert chat.conversations.list.count() == 1
    assert chat.conversations.list.item(0).text().startswith("What is the capital of France?")


def test_stop_keeps_the_partial_reply_marked_stopped(qtbot, model_path):
    window, chat, _chunks = start_long_reply(qtbot, model_path, "a lighthouse keeper and the sea", 10)
    with qtbot.waitSignal(window.client.replies.stopped, timeout=REPLY_TIMEOUT_MS):
        qtbot.mouseClick(chat.stop_button, Qt.LeftButton)
    reply = widgets(window)[1]
    assert reply.message.status == STOPPED
    assert reply.status_label.text() == "Stopped"
    assert len(reply.message.content) > 0
    stored = chat.history.message(reply.message.id)
    assert stored.status == STOPPED and stored.content == reply.message.content
    assert chat.send_button.isVisible() and not chat.stop_button.isVisible()  # Stop only while a reply is written
    window.close()


def test_regenerate_keeps_both_versions(qtbot, model_path):
    window = make_window(qtbot, model_path, temperature=1.0, max_tokens=16)
    chat = window.chat
    send(qtbot, window, "Tell me a fun fact.")
    first = widgets(window)[1].message.content
    with qtbot.waitSignal(window.client.replies.finished, timeout=REPLY_TIMEOUT_MS):
        window.regenerate_reply()  # Reply → Regenerate the last reply
    reply = widgets(window)[1]
    assert reply.sibling_label.text() == "2/2" and reply.sibling_label.isVisibleTo(reply)
    second = reply.message.content
    qtbot.mouseClick(reply.previous_button, Qt.LeftButton)
    reply = widgets(window)[1]
    assert reply.sibling_label.text() == "1/2" and reply.message.content == first
    qtbot.mouseClick(reply.next_button, Qt.LeftButton)
    assert widgets(window)[1].message.content == second
    window.close()


def test_editing_a_message_starts_a_branch_and_the_old_one_stays(qtbot, window):
    chat = window.chat
    send(qtbot, window, "What is the capital of France?")
    send(qtbot, window, "And of Italy?")
    original = visible_texts(window)
    first_user = widgets(window)[0]
    qtbot.mouseClick(first_user.edit_button, Qt.LeftButton)
    editor = first_user.findChild(type(chat.input).__mro__[1], "editBox")
    editor.setPlainText("What is the capital of Spain?")
    window.activateWindow()
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClick(first_user.findChild(QAbstractButton, "editSend"), Qt.Key_Space)  # Save & send by keyboard
    qtbot.waitUntil(chat.input.hasFocus)  # the keyboard goes on in the composer, not to New chat
    qtbot.waitUntil(lambda: not chat.busy, timeout=REPLY_TIMEOUT_MS)
    texts = visible_texts(window)
    assert texts[0] == "What is the capital of Spain?" and len(texts) == 2
    assert widgets(window)[0].sibling_label.text() == "2/2"
    qtbot.mouseClick(widgets(window)[0].previous_button, Qt.LeftButton)
    assert visible_texts(window) == original
    assert widgets(window)[0].sibling_label.text() == "1/2"
    qtbot.mouseClick(widgets(window)[0].next_button, Qt.LeftButton)
    assert visible_texts(window) == texts


@pytest.mark.parametrize("kind", ["empty", "truncated", "html", "absurd"])
def test_a_bad_model_file_gets_a_message_and_the_app_keeps_working(qtbot, window, tmp_path, model_path, kind):
    path = tmp_path / f"{kind}.gguf"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        with open(model_path, "rb") as source:
            path.write_bytes(source.read(30_000_000))
    elif kind == "html":
        path.write_text("<!doctype html><html><body>Sign in to continue</body></html>")
    else:
        path.write_bytes(b"GGUF" + (3).to_bytes(4, "little") + (2**64 - 1).to_bytes(8, "little") * 2 + b"\0" * 512)
    window.load_model(str(path))
    note = window.chat.model_note  # Chat says it inline, where the user looks, not in a dialog
    assert note.isVisible() and f"{kind}.gguf cannot be used" in note.text.text()
    assert note.choose_button.isVisible()
    assert not [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert window.model is not None  # the loaded model stays loaded
    send(qtbot, window, "Say hello.")
    assert widgets(window)[1].message.status == COMPLETE


def test_a_message_too_long_for_the_context_is_refused_visibly(qtbot, window):
    paste = ("Lorem ipsum dolor sit amet, 中文, emoji 😀, עברית.\n" * 25_000)[: 1024 * 1024]
    send(qtbot, window, paste, expect=FAILED)
    user, reply = widgets(window)
    assert user.message.content == paste  # the user's text is kept, never dropped
    assert reply.message.status == FAILED
    assert "tokens" in reply.status_label.text() and "context holds 2,048" in reply.status_label.text()
    send(qtbot, window, "Short question: what is 2 + 2?")
    assert widgets(window)[-1].message.status == COMPLETE


def test_older_messages_outside_the_context_are_announced(qtbot, model_path):
    window = make_window(qtbot, model_path, context_length=512, max_tokens=16)
    chat = window.chat
    history = chat.history
    conversation = history.create_conversation("Long one")
    parent = None
    for i in range(8):
        parent = history.add_message(conversation, parent, "user", f"Question {i}. " + "Tell me more. " * 20)
        parent = history.add_message(conversation, parent, "assistant", f"Answer {i}. " + "Here is more. " * 20)
    chat.conversations.reload()
    chat.open_conversation(conversation)
    send(qtbot, window, "Now summarise.")
    notice = chat.thread_view.notice_text()
    dropped = widgets(window)[-1].message.context_dropped
    assert dropped >= 2
    assert notice == f"{dropped} earlier messages are outside the model's memory"
    assert "earlier messages left out" in window.generation_label.text()
    window.close()


def test_switching_model_while_streaming_saves_the_reply_and_loads_the_new_one(qtbot, model_path, tmp_path):
    other = tmp_path / "second-copy.gguf"
    other.symlink_to(model_path)
    window, chat, _chunks = start_long_reply(qtbot, model_path, "dragons", 5)
    with qtbot.waitSignal(window.client.model_loaded, timeout=30_000) as loaded:
        window.load_model(str(other))
    assert loaded.args[0].info.path == other
    reply = chat.history.message(widgets(window)[1].message.id)
    assert reply.status == STOPPED and reply.content
    assert widgets(window)[1].status_label.text() == "Stopped"
    send(qtbot, window, "Hello again.")
    assert widgets(window)[-1].message.status == COMPLETE
    window.close()


def test_quitting_during_a_reply_stops_it_cleanly(qtbot, model_path):
    window, _chat, _chunks = start_long_reply(qtbot, model_path, "the moon", 5)
    reply_id = widgets(window)[1].message.id
    window.close()
    assert window.client.engine.pid is None
    reply = History(connect(database_path())).message(reply_id)
    assert reply.status == STOPPED and len(reply.content) > 0


def test_text_round_trips_through_the_chat(qtbot, window):
    text = "NUL\x00in the middle, עברית RTL, مرحبا, 中文, " + "😀" * 300
    send(qtbot, window, text)
    assert widgets(window)[0].message.content == text
    window.chat.open_conversation(window.chat.conversation_id)  # re-read from the database
    assert widgets(window)[0].message.content == text


def test_copying_a_message_and_a_code_block(qtbot, window):
    chat = window.chat
    history = chat.history
    conversation = history.create_conversation("code")
    question = history.add_message(conversation, None, "user", "Show code")
    history.add_message(conversation, question, "assistant", "Here:\n\n```python\nprint('hi')\n```\n\nDone.")
    chat.open_conversation(conversation)
    reply = widgets(window)[1]
    assert "print('hi')" in reply.body.toPlainText()
    reply.body.anchorClicked.emit(QUrl("copy-code:0"))
    assert QGuiApplication.clipboard().text() == "print('hi')\n"
    qtbot.mouseClick(reply.copy_button, Qt.LeftButton)
    assert QGuiApplication.clipboard().text().startswith("Here:")


def test_conversations_can_be_created_renamed_filtered_and_deleted(qtbot, window, monkeypatch):
    chat = window.chat
    send(qtbot, window, "First chat about Paris.")
    qtbot.mouseClick(chat.conversations.new_button, Qt.LeftButton)
    assert not widgets(window)
    send(qtbot, window, "Second chat about Rome.")
    assert chat.conversations.list.count() == 2
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Roman holiday", True))
    chat.conversations.rename_current()
    assert chat.conversations.list.currentItem().text() == "Roman holiday"
    chat.conversations.filter_box.setText("paris")
    assert chat.conversations.list.count() == 1
    chat.conversations.filter_box.clear()
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.Yes)
    chat.conversations.select(chat.conversation_id)
    chat.conversations.delete_current()
    assert chat.conversations.list.count() == 1
    assert not widgets(window)


def test_a_model_that_crashed_the_app_while_loading_is_not_loaded_again(qtbot, model_path):
    settings = Settings(connect(database_path()))
    settings.set("last_model", str(model_path))
    settings.set("loading_model", str(model_path))  # what a crash during loading leaves behind
    window = make_window(qtbot)
    window.restore_last_model()
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert "closed unexpectedly while loading SmolLM2-135M-Instruct.Q4_1.gguf" in box.text()
    assert window.session.loading_path is None and window.model is None
    assert settings.get("loading_model") is None
    window.restore_last_model()  # the next start loads it as usual
    assert window.session.loading_path == str(model_path)
    qtbot.waitUntil(lambda: window.model is not None, timeout=30_000)
    window.close()


def test_a_fixed_seed_gives_the_same_sampled_reply_again(qtbot, model_path):
    window = make_window(qtbot, model_path, temperature=1.3, top_k=0, min_p=0.0, seed=1234, max_tokens=24)
    chat = window.chat
    send(qtbot, window, "Invent a name for a new colour.")
    first = widgets(window)[1].message.content
    with qtbot.waitSignal(window.client.replies.finished, timeout=REPLY_TIMEOUT_MS):
        window.regenerate_reply()  # Reply → Regenerate the last reply
    assert widgets(window)[1].sibling_label.text() == "2/2"
    assert widgets(window)[1].message.content == first != ""
    window.settings.set_model_settings(str(model_path), ModelSettings(temperature=1.3, top_k=0, min_p=0.0, seed=99,
                                                                      max_tokens=24, context_length=2048))
    with qtbot.waitSignal(window.client.replies.finished, timeout=REPLY_TIMEOUT_MS):
        window.regenerate_reply()  # Reply → Regenerate the last reply
    assert widgets(window)[1].message.content != first  # another seed, another sample
    window.close()


def test_the_conversations_system_prompt_and_the_models_settings_are_used(qtbot, model_path):
    window = make_window(qtbot, model_path, max_tokens=5, top_k=7, min_p=0.2, repeat_penalty=1.3, seed=42)
    chat = window.chat
    sent = []
    real_generate = window.client.generate

    def spy(messages, params, **options):  # records the request and passes it on to the real engine
        sent.append((messages, params))
        assert options == {"conversation": True}  # a chat turn: the engine may prepare the next one
        return real_generate(messages, params, **options)

    window.client.generate = spy
    send(qtbot, window, "Hello there.")
    chat.history.set_system_prompt(chat.conversation_id, "Answer like a pirate.")
    send(qtbot, window, "How are you?")
    first, second = sent
    assert first[0][0]["role"] == "user"
    assert second[0][0] == {"role": "system", "content": "Answer like a pirate."}
    assert [m["role"] for m in second[0][1:]] == ["user", "assistant", "user"]
    assert second[1].max_tokens == 5 and second[1].temperature == 0.0
    assert (second[1].top_k, second[1].min_p, second[1].repeat_penalty, second[1].seed) == (7, 0.2, 1.3, 42)
    assert chat.history.message(widgets(window)[-1].message.id).generated_tokens <= 5
    window.close()


def test_leaving_and_reopening_a_conversation_while_it_streams_loses_no_text(qtbot, model_path):
    window, chat, chunks = start_long_reply(qtbot, model_path, "a ship", 5)
    streaming = chat.conversation_id
    other = chat.history.create_conversation("Elsewhere")
    chat.open_conversation(other)
    wait_for_chunks(qtbot, chat, chunks, 15)
    chat.open_conversation(streaming)
    wait_for_chunks(qtbot, chat, chunks, 25)
    reply = widgets(window)[1]
    assert reply.body.toPlainText() == chat.active.text == "".join(chunks)[: len(chat.active.text)]
    with qtbot.waitSignal(window.client.replies.stopped, timeout=REPLY_TIMEOUT_MS):
        chat.stop()
    assert chat.history.message(reply.message.id).content == "".join(chunks)
    window.close()


def test_the_message_box_shows_its_token_count_before_sending(qtbot, window):
    chat = window.chat
    chat.input.setPlainText("What is the capital of France?")
    qtbot.waitUntil(lambda: chat.token_label.text().endswith("tokens"), timeout=10_000)
    import llama_cpp  # the count comes from the engine host; this is llama.cpp's own count, in the test's process

    vocab = llama_cpp.Llama(model_path=str(window.model.info.path), vocab_only=True, verbose=False)
    expected = len(vocab.tokenize("What is the capital of France?".encode(), add_bos=False, special=False))
    vocab.close()
    assert 5 <= expected <= 12
    assert chat.token_label.text() == f"{expected:,} tokens"
    chat.input.setPlainText("word " * 3000)
    qtbot.waitUntil(lambda: "too long" in chat.token_label.text(), timeout=10_000)
    assert "holds 2,048 tokens and 32 are kept for the reply" in chat.token_label.text()
    chat.input.clear()
    qtbot.wait(400)
    assert chat.token_label.text() == ""


# Issue 29 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language,label", [("en", "too long"), ("zh_CN", "太长了")])
def test_the_too_long_warning_wraps_without_squeezing_the_conversation_list(qtbot, model_path, language, label,
                                                                            in_language):
    window = make_window(qtbot, model_path)
    window.resize(1000, 700)
    in_language(language)
    chat = window.chat
    qtbot.waitUntil(lambda: chat.conversations.width() > 150, timeout=5000)
    qtbot.wait(50)  # the layout pass after the language change (the pane rail is as wide as its labels)
    splitter = chat.findChild(type(chat.thread_view.parent().parent()), "chatSplitter") or \
        chat.conversations.parentWidget()
    list_width, sizes = chat.conversations.width(), splitter.sizes()
    paste = "word " * 3000
    chat.input.setPlainText(paste)
    qtbot.waitUntil(lambda: label in chat.token_label.text(), timeout=30_000)
    qtbot.wait(50)  # a layout pass, were the label to widen the column
    assert chat.conversations.width() == list_width and splitter.sizes() == sizes
    assert chat.token_label.height() > chat.token_label.fontMetrics().lineSpacing()  # wrapped onto more lines
    own = int(chat.token_label.text().split(" ")[0].replace(",", ""))
    if language == "en":
        # Sent anyway: the refusal tells its larger number apart from the one under the box.
        send(qtbot, window, paste, expect=FAILED)
        refusal = widgets(window)[-1].message.error
        assert f": {own:,} for its text and " in refusal and "for the chat template and system prompt" in refusal
        assert chat.token_label.text() == ""  # sent: the warning about the text went with it
        statuses = []
        chat.status_changed.connect(statuses.append)
        chat.new_conversation()  # the refusal was about the chat left behind: the status line lets it go
        assert statuses == [""]
    window.close()


@pytest.mark.parametrize("language,copy", [("en", "Copy"), ("zh_CN", "复制")])
def test_a_model_named_by_its_path_keeps_the_reply_within_the_view(qtbot, language, copy, in_language):
    path = "/home/u/models/qwen2.5-7b-instruct-q4_k_m.gguf"  # as llama-cpp-python's server names its model
    long_name = "an-uncommonly-long-model-name-from-a-server-that-says-everything-about-it-q4_k_m"
    history = History(connect(database_path()))
    conversation = history.create_conversation("From a server")
    question = history.add_message(conversation, None, "user", "Which file is " + "/very/long/path" * 30 + "?")
    first = history.add_message(conversation, question, "assistant", "It is " + "/very/long/path" * 30, model=path)
    again = history.add_message(conversation, first, "user", "And now?")
    history.add_message(conversation, again, "assistant", "Still the same.", model=long_name)
    window = make_window(qtbot)
    in_language(language)
    window.resize(900, 600)
    chat = window.chat
    splitter = chat.conversations.parentWidget()
    chat.open_conversation(conversation)
    *_, by_path, _question, by_name = widgets(window)
    qtbot.waitUntil(lambda: by_name.isVisible() and by_name.width() > 100, timeout=5000)
    splitter.setSizes([splitter.width() - 420, 420])  # as narrow as the chat column goes
    view = chat.thread_view
    qtbot.waitUntil(lambda: view.viewport().width() < 440, timeout=5000)
    qtbot.wait(50)  # a layout pass, were a reply to widen the thread
    assert not view.horizontalScrollBar().isVisible()
    # The file's name without its folder and ".gguf"; the whole of it in the tooltip.
    assert by_path.author.text() == "qwen2.5-7b-instruct-q4_k_m" and by_path.author.toolTip() == path
    assert by_name.author.shown_text().endswith("…") and by_name.author.toolTip() == long_name
    viewport = view.viewport().rect()
    for reply in (by_path, by_name):
        assert reply.copy_button.text() == copy
        for button in (reply.copy_button, reply.regenerate_button):
            place = button.mapTo(view.viewport(), button.rect().topLeft())
            assert viewport.contains(place) and viewport.contains(place + button.rect().bottomRight())
            assert button.width() >= button.sizeHint().width()  # whole, not cut to "Cop"
    window.close()


@pytest.mark.parametrize("language,off", [("en", "Documents: off"), ("zh_CN", "文档：关")])
def test_documents_are_off_while_there_are_none(qtbot, tmp_path, language, off, in_language):
    folder = tmp_path / "notes"
    folder.mkdir()
    window = make_window(qtbot)
    in_language(language)
    chat = window.chat
    documents = window.services.documents
    documents.add([str(folder)])
    chat.set_documents_choice(True, None)
    assert chat.documents_choice()["on"] and chat.documents_button.text() != off
    documents.remove(documents.sources.all()[0])
    # The last source is gone: nothing to answer from, so the choice reads and acts as off, in new chats too.
    assert chat.documents_button.text() == off and not chat.documents_choice()["on"]
    chat.new_conversation()
    assert chat.documents_button.text() == off and not chat.documents_choice()["on"]
    chat.documents_menu.aboutToShow.emit()
    use = chat.documents_menu.actions()[0]
    assert not use.isChecked() and not use.isEnabled()
    window.close()


def test_a_reply_cut_inside_a_character_is_stored_without_a_replacement_character(qtbot, model_path, engine):
    from test_engine import EMOJI, split_character

    full = engine.generate([{"role": "user", "content": EMOJI}], GenerationParams(temperature=0.0, max_tokens=30))
    kept, _complete, text = split_character(engine, full.token_ids)
    # The reply's length limit falls after a token that ends inside an emoji.
    window = make_window(qtbot, model_path, max_tokens=kept)
    send(qtbot, window, EMOJI)
    stored = window.chat.history.thread(window.chat.conversation_id)[-1]
    assert stored.content == text and "\ufffd" not in stored.content
    assert widgets(window)[-1].plain_text() == text
    window.close()


@pytest.mark.parametrize("language,assistant", [("en", "Assistant"), ("zh_CN", "助手")])
def test_a_reply_names_its_model_the_same_after_a_restart(qtbot, model_path, language, assistant,
                                                         in_language):
    from assistant.core.engines.types import short_model_name

    window = make_window(qtbot, model_path, max_tokens=8)
    in_language(language)
    question = "Please explain carefully how lighthouses guided ships along rocky coasts at night"
    send(qtbot, window, question)
    name = short_model_name(window.model.info.name)
    assert widgets(window)[-1].author.text() == name
    # The automatic title ends after a whole word, with "…".
    title = window.chat.conversations.list.item(0).text()
    assert title == "Please explain carefully how lighthouses guided…"
    history = window.chat.history
    legacy = history.create_conversation("长江的长度是多少？我想知道它流经哪些省份以及最后在哪里入海，还有它的支流有哪些重要的")
    asked = history.add_message(legacy, None, "user", "长江有多长？")
    history.add_message(legacy, asked, "assistant", "大约六千三百公里。")  # stored before replies named a model
    window.chat.open_conversation(legacy)
    assert widgets(window)[-1].author.text() == assistant  # not the model loaded now, which did not write it
    window.close()

    again = make_window(qtbot)  # a restart on the same history, no model loaded
    in_language(language)
    chat = again.chat
    chat.open_conversation(next(c.id for c in history.list_conversations() if c.id != legacy))
    assert widgets(again)[-1].author.text() == name  # not "Assistant", nor the model loaded now
    chat.open_conversation(legacy)
    assert widgets(again)[-1].author.text() == assistant
    again.close()
