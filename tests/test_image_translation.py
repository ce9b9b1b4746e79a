"""Translating a picture without the window (core/writing/image_translation.py and the Translation session): the way
chosen, the real OCR reading a picture of rendered text, hostile pictures refused with a line and never raised, the
picture kept for a model that sees, and the request that model is sent."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from assistant.core.images.image_store import ImageStore
from assistant.core.images.ocr import Ocr
from assistant.core.storage.database import connect
from assistant.core.writing.translation import Glossary
from assistant.core.writing.image_translation import ASK, READ, choose_way, image_messages, no_ocr, take_image
from assistant.core.writing.translation_session import IMAGE, NO_TEXT, PROBLEM, TranslationSession
from assistant.core.writing.translation_store import DETECT, TranslationStore

CODE_WORD = "HARBOR 52"


def text_picture(text: str = CODE_WORD, size=(720, 180)) -> Image.Image:
    """Big black text on white: what the OCR reads without doubt."""
    picture = Image.new("RGB", size, "white")
    ImageDraw.Draw(picture).text((30, 40), text, fill="black", font=ImageFont.load_default(size=72))
    return picture


def png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def ocr() -> Ocr:
    if not Ocr.available():
        pytest.skip("RapidOCR is not installed")
    return Ocr(threads=1)


@pytest.fixture
def session(tmp_path) -> TranslationSession:
    return TranslationSession(TranslationStore(connect(tmp_path / "db.sqlite3")), ImageStore(tmp_path / "images"))


def test_the_model_reads_the_picture_only_when_it_sees_and_the_user_chose_so():
    assert choose_way(ASK, sees=True) == ASK
    assert choose_way(READ, sees=True) == READ
    assert choose_way(ASK, sees=False) == READ  # a model that cannot see never gets the picture


def test_the_ocr_reads_the_code_word_of_a_file(tmp_path, ocr):
    path = tmp_path / "sign.png"
    text_picture().save(path)
    taken = take_image(path, path.name, READ, ocr, None)
    assert not taken.problem and CODE_WORD in taken.text
    assert taken.image.width == 720 and taken.stored is None  # read, not kept


def test_pasted_bytes_made_on_the_worker_are_read_too(ocr):
    made = []
    taken = take_image(lambda: made.append(1) or png(text_picture()), "", READ, ocr, None)
    assert made == [1] and CODE_WORD in taken.text


@pytest.mark.parametrize("data, kind_of_line", [
    (png(text_picture())[:900], "damaged"),
    (b"plain text, not a picture", "not a picture"),
    (b"", "empty"),
])
def test_a_hostile_picture_comes_back_as_one_line_never_raised(data, kind_of_line, ocr):
    taken = take_image(data, "bad.png", READ, ocr, None)
    assert taken.problem.startswith("bad.png: ") and kind_of_line in taken.problem
    assert "\n" not in taken.problem and taken.image is None and taken.text == ""


def test_a_missing_file_is_a_line_too(tmp_path, ocr):
    taken = take_image(tmp_path / "gone.png", "gone.png", READ, ocr, None)
    assert "not there" in taken.problem


def test_without_ocr_the_line_says_so(tmp_path):
    taken = take_image(png(text_picture()), "", READ, None, None)
    assert taken.problem == no_ocr() and "OCR" in taken.problem


def test_for_a_model_that_sees_the_picture_is_kept_not_read(tmp_path):
    store = ImageStore(tmp_path / "images")
    taken = take_image(png(text_picture()), "", ASK, None, store)
    assert not taken.problem and taken.text == ""
    assert taken.stored.path.is_file() and taken.stored.path.parent.parent == store.root
    assert take_image(png(text_picture()), "", ASK, None, None).problem  # nowhere to keep it: said


def test_what_a_picture_comes_to(session, ocr):
    session.ocr = ocr
    shown = session.image_job(png(text_picture()), "sign.png", sees=False)()
    assert session.took_image(shown) == READ and session.image is shown
    blank = session.image_job(png(Image.new("RGB", (300, 200), "white")), "white.png", sees=False)()
    assert session.took_image(blank) == NO_TEXT and session.image is blank  # shown, nothing to translate
    refused = session.image_job(b"GIF89a broken", "broken.gif", sees=False)()
    assert session.took_image(refused) == PROBLEM and session.image is blank  # the one shown before stays
    session.image_way = READ
    assert session.took_image(session.image_job(png(text_picture()), "", sees=True)()) == READ  # the user's choice
    session.image_way = ASK
    assert session.took_image(session.image_job(png(text_picture()), "", sees=True)()) == ASK


def test_the_request_carries_the_picture_with_the_translation_instruction(session):
    session.took_image(session.image_job(png(text_picture()), "", sees=True)())
    session.plan("Bonjour.", "fr", "en", Glossary([], []), "default", 2048)
    messages = session.image_request(DETECT, "en", "formal")
    assert session.mode == IMAGE and session.job is None  # a new translation, with nothing to resume
    system, user = messages
    assert system["role"] == "system" and "translator" in system["content"]
    assert user["images"] == [str(session.image.stored.path)] and Path(user["images"][0]).is_file()
    assert user["content"].startswith("Translate the text in this picture into English.")
    assert "formal" in user["content"]
    chosen = image_messages(session.image.stored, "fr", "zh-Hans")[1]["content"]
    assert chosen.startswith("把这张图片中的法语文字翻译成简体中文。")  # into Chinese: asked in Chinese
    session.streaming = "Translation:\nThe harbour is closed."
    assert session.image_translation() == "The harbour is closed."


def test_ctrl_z_past_a_pictures_text_brings_back_what_it_replaced(session):
    job = session.plan("Bonjour.", "fr", "en", Glossary([], []), "default", 2048)
    session.history_id, session.checked = 7, [0]
    session.read_picture_text("Hello.")  # the translation shown beside the text the picture's replaced
    assert session.job is None and session.history_id is None and session.checked == []
    assert session.picture_text_undone() == "Hello."
    assert session.job is job and session.history_id == 7 and session.checked == [0] and session.image is None
    session.read_picture_text("Hello.")
    session.forget()  # another text since (a file, the history): nothing to bring back
    assert session.picture_text_undone() == "" and session.job is None
