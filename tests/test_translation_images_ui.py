"""Translation's *Translate an image…* in the real window: a picture file, a pasted picture and a part of the screen
read by the real OCR into the text to translate, with the picture beside it; hostile pictures and pictures without
text said in a line with nothing typed lost; and a model that sees (SmolLM2 with the tiny projector, through the
real engine host) sent the picture itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import open_main_window, projected_model_dir
from PIL import Image
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPixmap, QTextCursor
from PySide6.QtWidgets import QLabel, QWidget
from test_image_translation import CODE_WORD, png, text_picture

from assistant.core.writing.image_translation import ASK, READ
from assistant.core.writing.translation_store import DETECT
from assistant.ui.writing import image_source
from assistant.ui.writing.screen_snip import ScreenSnip, crop, is_blocked, selection

TIMEOUT = 180_000  # a loaded machine: the OCR's first load and SmolLM2's reply
READ_TIMEOUT = 60_000


@pytest.fixture
def sign(tmp_path) -> Path:
    path = tmp_path / "sign.png"
    text_picture().save(path)
    return path


def said(qtbot, pane, words: str, timeout: int = READ_TIMEOUT):
    """Waits for the status line that contains ``words``."""
    return qtbot.waitSignal(pane.status_changed, timeout=timeout, check_params_cb=lambda line: words in line)


def english_to_french(pane) -> None:
    pane._select(pane.source_box, "en")
    pane._select(pane.target_box, "fr")


@pytest.mark.model
def test_a_picture_file_is_read_into_the_text_translated_and_shown_beside_it(qtbot, model_path, sign):
    window = open_main_window(qtbot, model_path, pane="translation")
    pane = window.translation
    english_to_french(pane)
    pane.source.setPlainText("What I typed before.")
    pane.target.setPlainText("Ce que j'ai tapé avant.")
    assert not pane.preview.isVisible() and not pane.image_source.way_box.isVisible()  # SmolLM2 cannot see
    lines = []
    pane.status_changed.connect(lines.append)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT) as finished:
        pane.image_source.open_file(sign)
    assert lines[:2] == ["Reading the text in the picture…", "Read the text in the picture; translating it…"]
    assert CODE_WORD in pane.source.toPlainText()
    assert not finished.args[0].stopped and pane.target.toPlainText().strip()
    assert pane.preview.isVisible() and "sign.png" in pane.preview.caption.text()
    assert pane.history() and CODE_WORD in pane.history()[0].text  # kept as any translation is

    qtbot.mouseClick(pane.preview.thumbnail, Qt.LeftButton)  # a click opens it at full size
    viewer = pane.preview.viewer
    qtbot.waitUntil(viewer.isVisible)
    assert viewer.original.width() == 720 and "sign.png" in viewer.windowTitle()
    viewer.close()

    pane.source.undo()  # what was typed is one Ctrl+Z away, with its translation; the picture goes
    assert pane.source.toPlainText() == "What I typed before."
    assert pane.target.toPlainText() == "Ce que j'ai tapé avant." and pane.job is None
    assert not pane.preview.isVisible() and pane.session.image is None
    assert window.generation_label.text() == pane.status.text() == (
        "The picture is put away; the text it replaced is back.")

    with said(qtbot, pane, "translating it…", TIMEOUT):  # Ctrl+Z while the text read is being translated
        pane.image_source.open_file(sign)
    assert pane.task.busy
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT) as stopped:
        pane.source.undo()
        assert pane.target.toPlainText() == "Ce que j'ai tapé avant."
    assert stopped.args[0].stopped and pane.target.toPlainText() == "Ce que j'ai tapé avant."
    assert pane.translate_button.isVisible() and pane.translate_button.isEnabled() and pane.job is None
    assert pane.status.text() == "The picture is put away; the text it replaced is back."
    window.close()


def test_the_text_read_is_detected_at_once_and_ctrl_z_puts_the_picture_away(qtbot, tmp_path):
    """No stale line: what was said before the picture is replaced by what became of it, in the pane and the
    window's status bar alike; and its language is detected as it arrives, so the target is another at once."""
    window = open_main_window(qtbot, pane="translation")
    pane = window.translation
    pane._select(pane.source_box, DETECT)
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("Texte tapé à la main.")
    pane.target.setPlainText("Text typed by hand.")
    pane.status.setText("The source and target languages are the same.")
    english = tmp_path / "english.png"
    text_picture("The harbor opens at nine.", size=(1100, 180)).save(english)
    with said(qtbot, pane, "ready to translate") as line:
        pane.image_source.open_file(english)
    assert line.args[0] == pane.status.text() == window.generation_label.text()
    assert "harbor" in pane.source.toPlainText().lower() and pane.target.toPlainText() == ""
    assert pane.target_language() != "en" and pane.preview.isVisible()

    pane.source.moveCursor(QTextCursor.End)
    qtbot.keyClicks(pane.source, " Typed after.")  # an edit of the text read: Ctrl+Z takes it back alone
    pane.source.undo()
    assert "harbor" in pane.source.toPlainText().lower() and pane.preview.isVisible()
    pane.source.undo()
    assert pane.source.toPlainText() == "Texte tapé à la main." and pane.target.toPlainText() == "Text typed by hand."
    assert not pane.preview.isVisible() and pane.session.image is None
    assert "put away" in window.generation_label.text()
    pane.source.redo()  # the text read again, as typed text: the picture stays away
    assert "harbor" in pane.source.toPlainText().lower() and not pane.preview.isVisible()
    window.close()


def test_a_picture_pasted_into_the_text_is_read_into_it(qtbot):
    window = open_main_window(qtbot, pane="translation")
    pane = window.translation
    pane.source.setPlainText("typed")
    QGuiApplication.clipboard().setImage(QImage.fromData(png(text_picture())))
    with said(qtbot, pane, "ready to translate"):  # no model: the text waits for one
        qtbot.keyClick(pane.source, Qt.Key_V, Qt.ControlModifier)
        # Its answer comes through the event loop, not yet run: while the picture is read, nothing else starts.
        assert pane.image_source.reading and not pane.translate_button.isEnabled()
        assert pane.source.toPlainText() == "typed"
    assert pane.translate_button.isEnabled() and pane.image_source.button.isEnabled()
    assert CODE_WORD in pane.source.toPlainText() and pane.preview.isVisible()
    assert pane.preview.caption.text() == "720 × 180 pixels"  # a pasted picture has no name

    QGuiApplication.clipboard().setText("plain words")  # a text paste stays a text paste
    pane.source.selectAll()
    qtbot.keyClick(pane.source, Qt.Key_V, Qt.ControlModifier)
    assert pane.source.toPlainText() == "plain words"
    with said(qtbot, pane, "no picture on the clipboard"):
        pane.image_source.paste()
    window.close()


def test_a_damaged_picture_is_a_line_and_nothing_typed_is_lost(qtbot, tmp_path, sign, monkeypatch):
    window = open_main_window(qtbot, pane="translation")
    pane = window.translation
    pane.source.setPlainText("Mon texte, tapé à la main.")
    damaged = tmp_path / "cut.png"
    damaged.write_bytes(sign.read_bytes()[:1000])
    with said(qtbot, pane, "damaged or incomplete") as line:
        pane.image_source.open_file(damaged)
    assert line.args[0].startswith("cut.png: ") and pane.status.text() == line.args[0]
    assert pane.source.toPlainText() == "Mon texte, tapé à la main." and not pane.preview.isVisible()
    assert pane.image_source.button.isEnabled()  # ready for the next picture

    white = tmp_path / "white.png"
    Image.new("RGB", (400, 300), "white").save(white)
    with said(qtbot, pane, "No text was found"):
        pane.image_source.open_file(white)
    assert pane.source.toPlainText() == "Mon texte, tapé à la main." and pane.preview.isVisible()
    notes = tmp_path / "notes.txt"
    notes.write_text("Autre texte.", encoding="utf-8")
    assert pane.open_file(notes)  # a text of its own: the picture is put away
    assert not pane.preview.isVisible() and pane.session.image is None

    monkeypatch.setattr(type(pane.task), "busy", property(lambda _task: True))  # a translation being written
    with said(qtbot, pane, "stop it or let it finish"):
        pane.image_source.open_file(sign)
    assert not pane.image_source.reading and pane.source.toPlainText() == "Autre texte."
    window.close()


@pytest.mark.model
def test_a_model_that_sees_is_sent_the_picture_and_its_translation_comes_back(qtbot, model_path, tiny_projector,
                                                                              tmp_path, sign, monkeypatch):
    seeing = projected_model_dir(tmp_path / "vision", model_path, tiny_projector)
    window = open_main_window(qtbot, seeing, pane="translation")
    pane = window.translation
    assert pane.task.model.sees and pane.image_source.way_box.isVisible()
    assert pane.image_source.way_box.currentData() == ASK
    english_to_french(pane)
    pane.source.setPlainText("Untouched.")
    sent = []
    generate = window.client.generate
    monkeypatch.setattr(window.client, "generate", lambda messages, params: sent.append(messages) or
                        generate(messages, params))
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT) as finished:
        pane.image_source.open_file(sign)
    (question,) = [message for message in sent[-1] if message["role"] == "user"]
    picture = Path(question["images"][0])
    assert picture.is_file() and picture.parent.parent == window.services.images.root
    assert question["content"].startswith("Translate the English text in this picture into French.")
    result = finished.args[0]
    assert result.generated_tokens > 0 and pane.target.toPlainText() == pane.session.image_translation() != ""
    assert pane.status.text().startswith("Translated from the picture.")
    assert pane.source.toPlainText() == "Untouched." and pane.preview.isVisible()
    assert pane.job is None and not pane.resume_button.isVisible()  # one reply: nothing to resume

    pane.image_source.way_box.setCurrentIndex(pane.image_source.way_box.findData(READ))  # the OCR instead
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        pane.image_source.open_file(sign)
    assert CODE_WORD in pane.source.toPlainText() and "images" not in sent[-1][-1]
    window.close()


# A part of the screen -------------------------------------------------------------------------------------------


def test_the_rectangle_dragged_is_cropped_at_the_screens_resolution():
    bounds = QRect(0, 0, 800, 600)
    assert selection(QPoint(300, 200), QPoint(100, 50), bounds) == QRect(100, 50, 200, 150)  # dragged either way
    assert selection(QPoint(700, 500), QPoint(900, 700), bounds) == QRect(700, 500, 100, 100)  # within the screen
    assert selection(QPoint(10, 10), QPoint(12, 40), bounds).isEmpty()  # a click, not a drag
    grab = QPixmap(1600, 1200)  # a screen at 200 %
    grab.fill(QColor("white"))
    painter = QPainter(grab)
    painter.fillRect(QRect(200, 100, 400, 300), QColor("red"))
    painter.end()
    grab.setDevicePixelRatio(2.0)
    part = crop(grab, QRect(100, 50, 200, 150))  # logical pixels, as the overlay sees them
    assert part.size().width() == 400 and part.size().height() == 300
    assert part.pixelColor(0, 0).name() == "#ff0000" and part.pixelColor(399, 299).name() == "#ff0000"


def test_only_an_empty_grab_or_a_black_one_under_wayland_is_blocked(qapp):
    assert is_blocked(QImage(), wayland=False) and is_blocked(QImage(), wayland=True)
    black = QImage(1920, 1080, QImage.Format_ARGB32)
    black.fill(QColor("black"))
    assert is_blocked(black, wayland=True)
    assert not is_blocked(black, wayland=False)  # X11, Windows, macOS: a black wallpaper and nothing open
    black.fill(QColor(0, 0, 0, 0))  # transparent, as some compositors give
    assert is_blocked(black, wayland=True)
    painter = QPainter(black)
    painter.fillRect(QRect(900, 500, 60, 30), QColor("white"))  # one small light window on a dark desktop
    painter.end()
    assert not is_blocked(black, wayland=True)


def test_a_black_screen_on_x11_is_a_screen_to_drag_over(qtbot, monkeypatch):
    window = open_main_window(qtbot, pane="translation")
    pane = window.translation
    black = QPixmap(800, 600)
    black.fill(QColor("black"))
    monkeypatch.setattr(image_source, "grab_screen", lambda _screen: black)
    monkeypatch.setenv("XDG_SESSION_TYPE", "x11")
    pane.image_source.snip()
    qtbot.waitUntil(lambda: pane.image_source.snipper is not None and pane.image_source.snipper.isVisible())
    with qtbot.waitSignal(pane.image_source.snipper.cancelled):
        qtbot.keyClick(pane.image_source.snipper, Qt.Key_Escape)
    qtbot.waitUntil(window.isVisible)
    assert "screenshots" not in pane.status.text()

    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")  # an X11 app in a Wayland session: black is a refusal
    with said(qtbot, pane, "does not let apps take screenshots"):
        pane.image_source.snip()
    assert window.isVisible() and pane.image_source.snipper is None
    window.close()


def test_the_overlay_gives_the_part_dragged_over_and_esc_cancels(qtbot):
    grab = QPixmap(400, 300)
    grab.fill(QColor("blue"))
    screen = QGuiApplication.primaryScreen()
    snip = ScreenSnip(grab, screen)
    qtbot.addWidget(snip)
    snip.show()
    qtbot.waitExposed(snip)
    assert snip.hint == "Drag over the part to read; Esc cancels"
    drawn, hint = QWidget.grab(snip).toImage(), snip.hint_rect()  # its own grab is the screen's
    dimmed = drawn.pixelColor(5, snip.height() - 5)
    assert hint.top() > 0 and snip.rect().contains(hint)
    assert drawn.pixelColor(hint.center()) != dimmed  # the hint is drawn over the dimmed screen
    with qtbot.waitSignal(snip.taken) as taken:
        qtbot.mousePress(snip, Qt.LeftButton, pos=QPoint(50, 40))
        qtbot.mouseMove(snip, QPoint(150, 100))
        # While dragging, the part chosen shows the screen itself: neither dimmed nor filled over.
        assert QWidget.grab(snip).toImage().pixelColor(QPoint(100, 70)) == QColor("blue")
        qtbot.mouseRelease(snip, Qt.LeftButton, pos=QPoint(150, 100))
    assert taken.args[0].width() == 100 and taken.args[0].height() == 60
    again = ScreenSnip(grab, screen)
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.cancelled):
        qtbot.keyClick(again, Qt.Key_Escape)


def test_a_desktop_that_gives_no_screenshot_is_told_to_paste_one(qtbot, monkeypatch):
    window = open_main_window(qtbot, pane="translation")
    pane = window.translation
    monkeypatch.setattr(image_source, "grab_screen", lambda _screen: QPixmap())  # what Wayland gives an app
    with said(qtbot, pane, "does not let apps take screenshots") as line:
        pane.image_source.snip()
    assert "paste" in line.args[0] and window.isVisible() and pane.image_source.snipper is None
    window.close()


def test_under_wayland_the_window_does_not_even_step_aside(qtbot, monkeypatch):
    window = open_main_window(qtbot, pane="translation")
    pane = window.translation
    monkeypatch.setattr(QGuiApplication, "platformName", staticmethod(lambda: "wayland"))
    with said(qtbot, pane, "does not let apps take screenshots"):
        pane.image_source.snip()
    assert window.isVisible()  # said at once, nothing hidden or grabbed
    window.close()


def test_part_of_the_real_screen_is_read_into_the_text(qtbot):
    """Qt's offscreen platform composes the windows shown into its screen, so this is a real grab."""
    sign = QLabel(CODE_WORD)
    sign.setStyleSheet("background: white; color: black; font-size: 48px; padding: 20px")
    sign.setGeometry(40, 500, 520, 140)
    qtbot.addWidget(sign)
    sign.show()
    qtbot.waitExposed(sign)
    window = open_main_window(qtbot, pane="translation")
    pane = window.translation
    pane.image_source.snip()
    qtbot.waitUntil(lambda: pane.image_source.snipper is not None and pane.image_source.snipper.isVisible())
    assert not window.isVisible()  # out of the picture
    snipper = pane.image_source.snipper
    origin = snipper.mapFromGlobal(sign.geometry().topLeft())
    with said(qtbot, pane, "ready to translate"):
        qtbot.mousePress(snipper, Qt.LeftButton, pos=origin)
        qtbot.mouseMove(snipper, origin + QPoint(520, 140))
        qtbot.mouseRelease(snipper, Qt.LeftButton, pos=origin + QPoint(520, 140))
    assert CODE_WORD in pane.source.toPlainText() and window.isVisible() and pane.preview.isVisible()
    window.close()
