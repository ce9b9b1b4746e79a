"""Pictures in the real window's Chat pane with the real engine host: SmolLM2 beside the tiny random-weight projector
(tests/vision_fixture.py, 16 image tokens a picture) sees; SmolLM2 alone does not, and is sent the pictures' text."""

from __future__ import annotations

import threading

import pytest
from PIL import Image, ImageDraw, ImageFont
from PySide6.QtCore import Qt

from assistant.core.chat.image_reading import no_text_note, read_note
from assistant.core.chat.prompt import with_image_text
from assistant.ui.chat.image_strip import SentImages, Thumbnail
from assistant.ui.common.image_viewer import PictureViewer
from conftest import open_main_window, projected_model_dir

pytestmark = pytest.mark.model
REPLY_TIMEOUT_MS = 90_000
TINY_PROJECTOR_TOKENS = 16


@pytest.fixture
def seeing_model(model_path, tiny_projector, tmp_path_factory):
    return projected_model_dir(tmp_path_factory.mktemp("vision-model"), model_path, tiny_projector)


def picture(path, colour="orange", size=(200, 150)) -> str:
    Image.new("RGB", size, colour).save(path, "PNG")
    return str(path)


def counted(qtbot, chat, after=None) -> int:
    """The count under the box once it is exact and differs from ``after``."""
    qtbot.waitUntil(lambda: chat.input_row.last_count is not None and chat.input_row.last_count[0] != after
                    and not chat.token_counter.counting, timeout=30_000)
    tokens, exact = chat.input_row.last_count
    assert exact
    return tokens


def attach(qtbot, chat, path: str) -> None:
    chat.images.intake.add_files([path])
    qtbot.waitUntil(lambda: not chat.images.intake.busy, timeout=10_000)


def test_a_picture_counts_its_tokens_goes_with_the_question_and_opens_from_the_thread(qtbot, seeing_model, tmp_path):
    window = open_main_window(qtbot, model_path=seeing_model)
    chat = window.chat
    assert chat.model.sees
    assert "OCR" not in chat.images.button.toolTip()
    assert window.model_label.text().endswith(" · reads images")  # the status bar says the model sees
    assert f"Reads images, with the projector {chat.model.projector}." in window.model_label.toolTip()
    assert chat.model.projector.startswith("mmproj")
    chat.input.setPlainText("What colour is this?")
    text_only = counted(qtbot, chat)
    attach(qtbot, chat, picture(tmp_path / "orange.png"))
    assert counted(qtbot, chat, after=text_only) == text_only + TINY_PROJECTOR_TOKENS
    assert f"{text_only + TINY_PROJECTOR_TOKENS} tokens" in chat.token_label.text()

    chat.input.setFocus()
    qtbot.keyClick(chat.input, Qt.Key_Return)
    qtbot.waitUntil(lambda: not chat.busy, timeout=REPLY_TIMEOUT_MS)
    assert chat.input.toPlainText() == "" and chat.input_row.strip.images() == []
    question, reply = chat.thread_view.message_widgets()[-2:]
    assert len(question.message.images) == 1 and reply.message.status == "complete", reply.message.error
    assert reply.message.notes == []
    [shown] = question.findChildren(SentImages)
    [thumbnail] = shown.findChildren(Thumbnail)
    qtbot.waitUntil(thumbnail.isEnabled, timeout=10_000)
    assert "200 × 150" in thumbnail.toolTip()
    qtbot.mouseClick(thumbnail, Qt.LeftButton)
    [viewer] = window.findChildren(PictureViewer)
    assert "200 × 150" in viewer.windowTitle()
    viewer.close()

    # Shown again from the history (another conversation, then back), the picture is still there.
    conversation = chat.conversation_id
    chat.new_conversation()
    chat.open_conversation(conversation)
    [shown] = chat.thread_view.message_widgets()[-2].findChildren(SentImages)
    qtbot.waitUntil(shown.findChildren(Thumbnail)[0].isEnabled, timeout=10_000)
    window.close()


def words(path, text: str) -> str:
    """A picture with large black words on white, for the OCR to read."""
    image = Image.new("RGB", (480, 120), "white")
    ImageDraw.Draw(image).text((20, 30), text, fill="black", font=ImageFont.load_default(size=48))
    image.save(path, "PNG")
    return str(path)


def test_a_model_that_cannot_see_counts_the_pictures_text_reads_it_once_and_the_reply_says_so(
        qtbot, model_path, tmp_path):
    window = open_main_window(qtbot, model_path=model_path)
    chat = window.chat
    assert not chat.model.sees
    assert "cannot see pictures" in chat.images.button.toolTip()
    assert "reads images" not in window.model_label.text()
    reading = chat.session.reading
    reads: list[list[str]] = []
    gate = threading.Event()  # open: the reading goes on at once
    gate.set()
    read = reading.read

    def spy(names):  # the real OCR still reads; the test may hold it at the gate
        reads.append(list(names))
        gate.wait(60)
        return read(names)

    reading.read = spy
    question = "What does it say?"
    chat.input.setPlainText(question)
    text_only = counted(qtbot, chat)

    said = []  # the count's words as the reading begins (connected after the pane's own slot)
    chat.images.picture_text.started.connect(lambda: said.append(chat.token_label.text()))
    attach(qtbot, chat, words(tmp_path / "sign.png", "OPEN 24 HOURS"))
    [sign] = chat.input_row.strip.images()
    tokens = counted(qtbot, chat, after=text_only)
    assert said and said[0].startswith("Counting")
    assert reads == [[sign.sha256]] and reading.texts[sign.sha256] is not None
    # Counted as the engine will be given it: the core's wrapper around what was read, before the words.
    given = with_image_text(question, [reading.texts[sign.sha256]])
    assert given != question and tokens == chat.client.count_tokens(given) > text_only
    assert f"{tokens} tokens" in chat.token_label.text()

    # Sent at once, while a second picture's text is still being read: the message waits for it, nothing is read
    # twice, and the session, finding both read, reads none.
    statuses = []
    chat.status_changed.connect(statuses.append)
    gate.clear()
    attach(qtbot, chat, words(tmp_path / "blank.png", ""))
    assert chat.images.reading_text
    chat.send()
    qtbot.wait(50)
    assert chat.input.toPlainText() == question  # not sent yet
    gate.set()
    qtbot.waitUntil(lambda: chat.input.toPlainText() == "", timeout=REPLY_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not chat.busy, timeout=REPLY_TIMEOUT_MS)
    blank = reads[1][0]
    assert reads == [[sign.sha256], [blank]] and statuses[0] == "Reading the text in the pictures…"
    sent, reply = chat.thread_view.message_widgets()[-2:]
    assert sent.message.images == [sign.sha256, blank]
    assert reply.message.notes and reply.message.notes[0] in (no_text_note(), read_note())
    assert reply.message.notes[0] in reply.body.toPlainText()
    window.close()
