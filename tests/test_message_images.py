"""Images in conversations, in real SQLite files and a real image store (core/images): the history's migration 10,
the images a question is stored and sent with (a model that sees gets their files; one that cannot gets their text,
read by the real OCR, and a note), edits and regenerations that keep them, files removed only when nothing uses
them, and the exports: Hearth JSON carries each picture once and brings it back through the store's checks, Markdown
writes them beside the file. The last test sends a picture of a code word to SmolLM2 through the engine host."""

from __future__ import annotations

import base64
import io
import json
import os
import time
from dataclasses import replace
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt
from PIL import Image, ImageDraw, ImageFont

from assistant.core.chat.chat_session import ChatSession, ReadingImages, SearchEnded
from assistant.core.chat.image_reading import READ_SEVERAL_NOTE, SOME_NO_TEXT_NOTE, no_text_note, read_note
from assistant.core.images.image_store import ImageStore
from assistant.core.storage import database
from assistant.core.storage.chat_files import MARKDOWN, Export, ExportCancelled, export_json, export_markdown, \
    import_file
from assistant.core.storage.database import SCHEMA_VERSION, connect
from assistant.core.storage.history import History
from assistant.core.storage.settings import ModelSettings, Settings
from test_chat_core import StubEngine, described_model

CODE_WORD = "ZEBRA-4417"


def picture(text: str = "", size: tuple[int, int] = (640, 160), colour: str = "white") -> bytes:
    """A PNG: ``text`` in big black letters on ``colour``."""
    image = Image.new("RGB", size, colour)
    if text:
        ImageDraw.Draw(image).text((24, 40), text, fill="black", font=ImageFont.load_default(size=72))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def store(tmp_path):
    return ImageStore(tmp_path / "images")


def make_session(tmp_path, store, sees: bool = False, offload=None):
    conn = connect(tmp_path / "history.sqlite3")
    engine = StubEngine()
    session = ChatSession(History(conn), Settings(conn), engine.generate, images=store,
                          **({"offload": offload} if offload else {}))
    session.set_model(replace(described_model(), sees=sees, projector="mmproj-test.gguf" if sees else ""))
    heard = []
    session.subscribe(heard.append)
    return session, engine, heard


def age(store: ImageStore, seconds: float = 3600) -> None:
    """Every kept picture as if added ``seconds`` ago: past the grace a new one has."""
    then = time.time() - seconds
    for path in store.root.rglob("*.png"):
        os.utime(path, (then, then))


# The history ------------------------------------------------------------------------------------------------------


def test_a_version_9_history_gains_message_images_and_keeps_everything(tmp_path, monkeypatch):
    path = tmp_path / "v9.sqlite3"
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS[:9])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 9)
    old = connect(path)
    # Written as version 9 wrote it, column by column: the code of today knows columns it did not have.
    old.execute("INSERT INTO conversations (id, title, system_prompt, current_leaf_id, created_at, updated_at) "
                "VALUES (1, ?, x'', 2, 1.0, 2.0)", ("河流 rivers".encode(),))
    old.execute("INSERT INTO messages (id, conversation_id, parent_id, role, content, created_at) "
                "VALUES (1, 1, NULL, 'user', ?, 1.0)", ("Where does the Danube end? 多瑙河".encode(),))
    old.execute("INSERT INTO messages (id, conversation_id, parent_id, role, content, created_at, sources, thinking) "
                "VALUES (2, 1, 1, 'assistant', ?, 2.0, ?, ?)",
                (b"In the Black Sea [1].", json.dumps([{"number": 1, "path": "/docs/danube.txt"}]), b"East."))
    old.execute("INSERT INTO message_search (rowid, body) VALUES (1, 'where does the danube end'), "
                "(2, 'in the black sea')")
    old.execute("INSERT INTO conversation_documents (conversation_id, use_documents, sources) VALUES (1, 1, NULL)")
    old.close()
    monkeypatch.undo()

    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 10
    assert (tmp_path / "v9.sqlite3.v9.bak").exists()
    history = History(conn)
    thread = history.thread(1)
    assert [(m.role, m.content, m.images, m.notes) for m in thread] == [
        ("user", "Where does the Danube end? 多瑙河", [], []), ("assistant", "In the Black Sea [1].", [], [])]
    assert thread[1].sources == [{"number": 1, "path": "/docs/danube.txt"}] and thread[1].thinking == "East."
    assert history.conversation(1).title == "河流 rivers" and history.documents_choice(1).on
    assert [hit.message_id for hit in history.search("Danube")] == [1]
    assert history.image_references() == set()

    # The migrated file takes images; deleting the conversation takes its references with it.
    name = "ab" * 32
    question = history.add_message(1, 2, "user", "And this?", images=[name, "cd" * 32, name])
    assert history.message(question).images == [name, "cd" * 32, name]
    plan = " ".join(row[-1] for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT DISTINCT sha256 FROM message_images WHERE sha256 IN (?)", (name,)))
    assert "message_images_by_image" in plan
    history.delete_conversation(1)
    assert conn.execute("SELECT COUNT(*) FROM message_images").fetchone()[0] == 0


def test_images_are_kept_in_order_and_a_thread_reads_them_in_one_query(tmp_path):
    conn = connect(tmp_path / "history.sqlite3")
    history = History(conn)
    a, b, c = "a" * 64, "b" * 64, "c" * 64
    chat = history.create_conversation("Pictures")
    first = history.add_message(chat, None, "user", "Two pictures", images=[b, a])
    reply = history.add_message(chat, first, "assistant", "Seen.", notes=["A note."])
    second = history.add_message(chat, reply, "user", "", images=[c])
    other = history.create_conversation("Other")
    history.add_message(other, None, "user", "Same picture", images=[a])

    statements = []
    conn.set_trace_callback(statements.append)
    thread = history.thread(chat)
    conn.set_trace_callback(None)
    assert [m.images for m in thread] == [[b, a], [], [c]]
    assert thread[1].notes == ["A note."] and thread[2].content == ""
    assert len([s for s in statements if "message_images" in s]) == 1
    assert history.message(second).images == [c]
    assert history.image_references() == {a, b, c}
    assert history.image_references([a, "d" * 64]) == {a}
    assert history.conversation_images(chat) == {a, b, c}
    exported = history.export(chat)["messages"]
    assert [m.get("images") for m in exported] == [[b, a], None, [c]] and exported[1]["notes"] == ["A note."]

    with pytest.raises(ValueError):
        history.add_message(chat, second, "user", "A path is no image's name", images=["../../etc/passwd"])
    assert len(history.thread(chat)) == 3  # nothing of it was stored

    history.delete_conversation(chat)
    assert history.image_references() == {a}


# The session ------------------------------------------------------------------------------------------------------


def test_a_model_that_sees_gets_the_files_and_edits_and_regenerations_keep_them(tmp_path, store):
    session, engine, _heard = make_session(tmp_path, store, sees=True)
    red, blue = store.add_bytes(picture(colour="red")), store.add_bytes(picture(colour="blue"))
    assert session.send("What colours are these?", [red, blue])
    sent = engine.requests[-1][0][-1]
    assert sent["images"] == [str(red.path), str(blue.path)] and sent["content"] == "What colours are these?"
    assert all(os.path.isabs(path) for path in sent["images"])
    engine.reply("Red and blue.")
    question, reply = session.thread()
    assert question.images == [red.sha256, blue.sha256] and reply.notes == []

    assert session.regenerate(reply.id)
    assert engine.requests[-1][0][-1]["images"] == [str(red.path), str(blue.path)]
    engine.reply("Red, then blue.")
    assert session.edit(question.id, "Which is first?")  # an edit keeps the pictures
    assert engine.requests[-1][0][-1]["images"] == [str(red.path), str(blue.path)]
    engine.reply("Red.")
    assert session.thread()[0].images == [red.sha256, blue.sha256]
    assert session.edit(question.id, "And this one?", images=[blue])  # or changes them
    assert engine.requests[-1][0][-1]["images"] == [str(blue.path)]
    engine.reply("Blue.")
    assert session.edit(question.id, "No picture now", images=[])
    assert "images" not in engine.requests[-1][0][-1]
    engine.reply("Fine.")
    assert len(session.history.sibling_ids(question.id)) == 4

    # A picture alone is a question too; its conversation needs a title all the same.
    session.new_conversation()
    assert session.send("", [red])
    assert session.history.conversation(session.conversation_id).title == "Image"
    assert engine.requests[-1][0][-1] == {"role": "user", "content": "", "thinking": "", "images": [str(red.path)]}
    engine.reply("A red square.")
    assert not session.send("   ")  # no words and no picture: nothing to ask


def test_a_model_that_cannot_see_gets_the_text_read_from_the_image_and_a_note(tmp_path, store):
    """The real OCR reads the picture once, in the step before the reply (offloaded: the session is busy meanwhile),
    and the text goes before the question's words in every later turn alike."""
    waiting = []
    session, engine, heard = make_session(tmp_path, store, offload=lambda work, done, failed: waiting.append(
        (work, done)))
    code, blank = store.add_bytes(picture(CODE_WORD)), store.add_bytes(picture())
    assert session.send("What is the code word in the image?", [code])
    assert session.busy and isinstance(heard[-1], ReadingImages) and engine.requests == []
    assert not session.send("Another question meanwhile")
    work, done = waiting.pop()
    done(work())
    asked = engine.requests[-1][0][-1]["content"]
    assert "images" not in engine.requests[-1][0][-1]
    assert asked.startswith("[Text read from the image by OCR:\n") and CODE_WORD in asked
    assert asked.endswith("]\n\nWhat is the code word in the image?")
    engine.reply(f"The code word is {CODE_WORD}.")
    reply = session.thread()[-1]
    assert reply.notes == [read_note()] == ["Read the text in the image; this model cannot see pictures."]

    assert session.send("Thanks. And now?")  # nothing new to read: no reading step
    assert waiting == [] and engine.requests[-1][0][-3]["content"] == asked
    engine.reply("Nothing more.")
    assert session.thread()[-1].notes == []

    assert session.send("And this one?", [blank])
    work, done = waiting.pop()
    done(work())
    assert engine.requests[-1][0][-1]["content"].startswith("[The image has no text that could be read")
    engine.reply("I cannot tell.")
    assert session.thread()[-1].notes == [no_text_note()]

    assert session.send("Both", [code, blank])  # both read already: the reply starts at once
    assert waiting == []
    both = engine.requests[-1][0][-1]["content"]
    assert both.startswith("[Text read from image 1 by OCR:\n") and CODE_WORD in both
    assert "\n\n[Image 2 has no text that could be read" in both and both.endswith("]\n\nBoth")
    engine.reply("One has a code word.")
    assert session.thread()[-1].notes == [read_note(), SOME_NO_TEXT_NOTE]  # not "the image": one of two


def test_text_read_from_several_pictures_is_told_with_its_own_note(tmp_path, store):
    session, engine, _heard = make_session(tmp_path, store)
    code, other = store.add_bytes(picture(CODE_WORD)), store.add_bytes(picture("PANDA-81"))
    assert session.send("Which words?", [code, other])
    engine.reply("Two words.")
    assert session.thread()[-1].notes == [READ_SEVERAL_NOTE] == [
        "Read the text in the pictures; this model cannot see pictures."]


def test_a_replys_note_is_kept_in_english_and_shown_in_the_apps_language(qtbot, tmp_path, store):
    """The note is stored as its English source, so a switch to Chinese redraws it in Chinese; a note stored
    translated, as before, is shown as it was stored."""
    from assistant.ui.chat.message_widget import MessageWidget
    from assistant.ui.common import ui_language
    from assistant.ui.common.markdown_html import MarkdownRenderer

    session, engine, _heard = make_session(tmp_path, store)
    assert session.send("What does it say?", [store.add_bytes(picture(CODE_WORD))])
    engine.reply("A code word.")
    reply = session.thread()[-1]
    assert reply.notes == [read_note()]
    older = replace(reply, id=reply.id + 100, notes=["已读取图片中的文字；此模型无法看图。（旧）"])
    widget, stored_translated = MessageWidget(reply, MarkdownRenderer()), MessageWidget(older, MarkdownRenderer())
    qtbot.addWidget(widget)
    qtbot.addWidget(stored_translated)
    assert "Read the text in the image; this model cannot see pictures." in widget.body.toPlainText()
    try:
        ui_language.apply("zh_CN")
        assert "已读取图片中的文字；此模型无法看图。" in widget.body.toPlainText()
        assert "Read the text" not in widget.body.toPlainText() and "A code word." in widget.body.toPlainText()
        assert "（旧）" in stored_translated.body.toPlainText()
        assert session.thread()[-1].notes == [read_note()]  # the history keeps the English
    finally:
        ui_language.apply("en")
    assert "Read the text in the image; this model cannot see pictures." in widget.body.toPlainText()


def test_a_conversation_left_while_its_images_are_read_gets_no_reply(tmp_path, store):
    waiting = []
    session, engine, heard = make_session(tmp_path, store, offload=lambda work, done, failed: waiting.append(
        (work, done)))
    code = store.add_bytes(picture(CODE_WORD))
    assert session.send("Read it", [code])
    session.new_conversation()
    work, done = waiting.pop()
    done(work())
    assert engine.requests == [] and isinstance(heard[-2], SearchEnded) and not session.busy


def test_deleting_a_conversation_removes_the_images_nothing_else_uses(tmp_path, store):
    session, engine, _heard = make_session(tmp_path, store, sees=True)
    shared, own, waiting = (store.add_bytes(picture(colour=colour)) for colour in ("red", "green", "blue"))
    assert session.send("Two pictures", [shared, own])
    engine.reply("Seen.")
    first = session.conversation_id
    session.new_conversation()
    assert session.send("The same red one", [shared])
    engine.reply("Red.")
    second = session.conversation_id
    age(store)
    fresh = store.add_bytes(picture(colour="yellow"))  # just added, in no message yet (another pane, an import)

    session.history.delete_conversation(first)
    session.forget(first, keep=[waiting.sha256])  # the composer still holds ``waiting``
    assert not own.path.exists()
    assert shared.path.exists() and waiting.path.exists() and fresh.path.exists()
    assert [m.content for m in session.history.thread(second)] == ["The same red one", "Red."]

    session.history.delete_conversation(second)
    session.forget(second)
    assert not shared.path.exists() and not waiting.path.exists() and fresh.path.exists()


# Exports ----------------------------------------------------------------------------------------------------------


def pictured(history: History, store: ImageStore) -> tuple[int, int, list]:
    red, code = store.add_bytes(picture(colour="red")), store.add_bytes(picture(CODE_WORD))
    first = history.create_conversation("Pictures 图片")
    question = history.add_message(first, None, "user", "Two pictures", images=[red.sha256, code.sha256])
    reply = history.add_message(first, question, "assistant", "Red, and a code word.",
                                notes=["Read the text in the image; this model cannot see pictures."])
    history.add_message(first, reply, "user", "The red one again", images=[red.sha256])
    second = history.create_conversation("Red again")
    history.add_message(second, None, "user", "", images=[red.sha256])
    return first, second, [red, code]


def pixels(path) -> bytes:
    with Image.open(path) as image:
        return image.convert("RGB").tobytes()


def test_hearth_json_carries_each_image_once_and_brings_it_back(tmp_path, store):
    source = History(connect(tmp_path / "a.sqlite3"))
    first, second, (red, code) = pictured(source, store)
    raw = export_json(source, [first, second], images=store)
    document = json.loads(raw)
    assert raw == json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
    assert sorted(document["images"]) == sorted([red.sha256, code.sha256])  # once each, used four times
    assert base64.b64decode(document["images"][red.sha256]["data"]) == red.path.read_bytes()
    assert document["images"][red.sha256]["mime"] == "image/png"
    path = tmp_path / "chats.json"
    path.write_bytes(raw)

    target, elsewhere = History(connect(tmp_path / "b.sqlite3")), ImageStore(tmp_path / "other-images")
    report = import_file(target, path, images=elsewhere)
    assert not report.skipped and not report.notes and report.messages == 4
    copy, copy_second = report.conversation_ids
    thread = target.thread(copy)
    assert [len(m.images) for m in thread] == [2, 0, 1]
    assert thread[1].notes == ["Read the text in the image; this model cannot see pictures."]
    assert thread[2].images[0] == thread[0].images[0] == target.thread(copy_second)[0].images[0]
    brought = [elsewhere.get(name) for name in thread[0].images]
    assert [pixels(image.path) for image in brought] == [pixels(red.path), pixels(code.path)]


def test_a_damaged_image_in_a_file_is_left_out_with_a_line_and_the_rest_comes_in(tmp_path, store):
    source = History(connect(tmp_path / "a.sqlite3"))
    first, second, (red, code) = pictured(source, store)
    document = json.loads(export_json(source, [first, second], images=store))
    document["images"][code.sha256]["data"] = base64.b64encode(b"<html>not a picture</html>").decode()
    document["images"][red.sha256]["data"] = "%%% not base64 %%%"
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(document))

    target, elsewhere = History(connect(tmp_path / "b.sqlite3")), ImageStore(tmp_path / "other-images")
    report = import_file(target, path, images=elsewhere)
    assert len(report.conversation_ids) == 2 and not report.skipped and report.messages == 4
    assert report.notes == [
        "Pictures 图片: an image was left out: its data in the file is damaged",
        "Pictures 图片: an image was left out: This is not a picture Hearth can read (PNG, JPEG, WebP, GIF, BMP, "
        "TIFF)."]  # each picture said once, though used again
    thread = target.thread(report.conversation_ids[0])
    assert [m.content for m in thread] == ["Two pictures", "Red, and a code word.", "The red one again"]
    assert [m.images for m in thread] == [[], [], []]
    assert target.image_references() == set() and not elsewhere.root.exists()

    without_store = import_file(History(connect(tmp_path / "c.sqlite3")), tmp_path / "damaged.json")
    assert without_store.notes == ["The images in the file were left out."]
    assert len(without_store.conversation_ids) == 2


def test_markdown_writes_the_images_beside_the_file_and_links_them(tmp_path, store):
    history = History(connect(tmp_path / "a.sqlite3"))
    first, second, (red, code) = pictured(history, store)
    path = tmp_path / "my chats.md"
    assert Export.to(path, MARKDOWN, images=store).write(history, [first, second]) == 2
    folder = tmp_path / "my chats-images"
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{red.sha256[:12]}.png", f"{code.sha256[:12]}.png"])
    assert (folder / f"{red.sha256[:12]}.png").read_bytes() == red.path.read_bytes()
    text = path.read_text("utf-8")
    tokens = MarkdownIt("commonmark").parse(text)
    sources = [child.attrs["src"] for token in tokens if token.type == "inline" for child in token.children
               if child.type == "image"]
    assert [unquote(src) for src in sources] == [f"my chats-images/{name[:12]}.png" for name in
                                                 (red.sha256, code.sha256, red.sha256, red.sha256)]
    assert all((tmp_path / unquote(src)).is_file() for src in sources)
    assert "*Read the text in the image; this model cannot see pictures.*" in text
    assert text.index("![Image]") < text.index("Two pictures")  # pictures before the words, as in the app

    # A cancelled export leaves neither the file nor its pictures; one in memory says they are not in it.
    again = tmp_path / "again.md"
    with pytest.raises(ExportCancelled):
        Export.to(again, MARKDOWN, images=store).write(history, [first, second], lambda done, total: done < 1)
    assert not again.exists() and not (tmp_path / "again-images").exists()
    assert "*(an image, not included in this file)*" in export_markdown(history, [second]).decode()


# Through the engine host --------------------------------------------------------------------------------------------


@pytest.mark.model
def test_smollm2_reads_a_code_word_that_exists_only_in_the_image(tmp_path, store, model_path):
    """SmolLM2 cannot see: the code word reaches it only as the text the OCR read, and its reply says it."""
    from assistant.core.engines.hosted import HostedEngine
    from assistant.core.engines.scheduler import Scheduler
    from assistant.core.engines.types import LoadOptions

    scheduler = Scheduler(HostedEngine())
    try:
        model = scheduler.load(str(model_path), options=LoadOptions(context_length=2048, n_threads=2)).wait(300).model
        assert not model.sees
        conn = connect(tmp_path / "history.sqlite3")
        pending, sent = [], []

        def generate(messages, params, on_event):
            sent.append(messages)
            handle = scheduler.generate(messages, params, conversation=True)
            pending.append((handle, on_event))
            return SimpleNamespace(stop=handle.cancel)

        session = ChatSession(History(conn), Settings(conn), generate, images=store)
        session.settings.set_model_settings(str(model.info.path), ModelSettings(temperature=0.0, seed=1,
                                                                                max_tokens=24))
        session.set_model(model)
        code = store.add_bytes(picture(CODE_WORD))
        assert session.send("What is the code word in the image? Answer with the code word only.", [code])
        handle, on_event = pending.pop()
        for event in handle.events():
            on_event(event)
        reply = session.last_reply()
        assert CODE_WORD in sent[-1][-1]["content"] and CODE_WORD not in sent[-1][-1]["content"].split("]")[-1]
        assert CODE_WORD in reply.content, reply.content
        assert reply.notes == [read_note()] and reply.status == "complete"
    finally:
        scheduler.shutdown()
