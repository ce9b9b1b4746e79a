"""Translation's designed look (issue 34) on the real pane: the language pair as the header's centre with its swap,
what is translated (text, a file, a picture) as a compact switch at the left, Translate as the one primary button,
and the pane's states, each with the action that moves on from it."""

from __future__ import annotations

import pytest
from conftest import open_main_window
from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QToolButton

from assistant.ui.common import theme
from assistant.core.writing.pane_state import FAILED, LOAD_MODEL, NO_MODEL, STOP, WORKING


@pytest.fixture
def pane(qtbot):
    window = open_main_window(qtbot, pane="translation")
    yield window.translation
    window.close()


def left(widget, pane) -> int:
    return widget.mapTo(pane, QPoint(0, 0)).x()


def checked_mode(pane) -> list[str]:
    return [name for name, button in pane.header.mode_buttons.items() if button.isChecked()]


def test_the_language_pair_is_the_headers_centre_and_swap_is_a_named_icon(qtbot, pane):
    header, swap = pane.header, pane.swap_button
    assert left(header.modes, pane) < left(pane.source_box, pane) < left(swap, pane) < left(pane.target_box, pane)
    assert left(pane.target_box, pane) < left(pane.translate_button, pane)
    assert isinstance(swap, QToolButton) and not swap.text() and not swap.icon().isNull()
    assert swap.accessibleName() == "Swap the languages" and swap.toolTip() == "Swap the languages (and the texts)"
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "de")
    pane.source.setPlainText("Bonjour.")
    pane.target.setPlainText("Hallo.")
    qtbot.mouseClick(swap, Qt.LeftButton)
    assert (pane.source_box.currentData(), pane.target_language()) == ("de", "fr")
    assert pane.source.toPlainText() == "Hallo."  # the translation is the text to translate now


def test_every_icon_only_button_has_a_name_a_tooltip_and_an_icon(pane):
    buttons = [*pane.header.mode_buttons.values(), pane.swap_button, pane.options.glossary_button,
               pane.open_button, pane.save_button, pane.copy_button]
    assert len(buttons) == 8
    for button in buttons:
        assert isinstance(button, QToolButton) and not button.text() and not button.icon().isNull()
        assert button.accessibleName() and button.toolTip() and button.isVisible(), button.objectName()
    assert [b.accessibleName() for b in pane.header.mode_buttons.values()] == [
        "Translate text", "Translate a file…", "Translate an image…"]


def test_without_a_model_the_translation_says_so_and_offers_to_load_one(qtbot, pane):
    assert pane.state.state == NO_MODEL and pane.state.action == LOAD_MODEL
    assert "once a model is loaded" in pane.target.placeholderText()
    assert pane.translate_button.property("primary") and pane.translate_button.isVisible()
    assert pane.load_model_button.isVisible()
    with qtbot.waitSignal(pane.find_models_requested):
        qtbot.mouseClick(pane.load_model_button, Qt.LeftButton)


def test_a_translation_that_fails_says_why_in_its_status_with_what_fixes_it(qtbot, pane):
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("Bonjour à tous.")
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)
    assert "Load a model first" in pane.status.text()
    assert pane.state.state == FAILED and pane.status.property("state") == FAILED
    assert pane.load_model_button.isVisible() and pane.resume_button.isVisible()  # the job waits for a model
    with qtbot.waitSignal(pane.find_models_requested):
        qtbot.mouseClick(pane.load_model_button, Qt.LeftButton)


def test_while_translating_stop_takes_translates_place_and_the_switch_waits(pane, monkeypatch):
    monkeypatch.setattr(type(pane.task), "busy", property(lambda _task: True))
    pane._update_buttons()
    assert pane.state.state == WORKING and pane.state.action == STOP
    assert pane.stop_button.isVisible() and not pane.translate_button.isVisible()
    assert not pane.load_model_button.isVisible()
    assert not any(button.isEnabled() for button in pane.header.mode_buttons.values())


def test_the_switch_shows_what_is_translated_and_text_goes_back_to_the_text(qtbot, pane, tmp_path):
    assert checked_mode(pane) == ["text"]
    document = tmp_path / "lettre.txt"
    document.write_text("Bonjour.\n\nÀ bientôt.", encoding="utf-8")
    with qtbot.waitSignal(pane.file_mode.opened, timeout=30_000):
        pane.file_mode.open(document)
    assert pane.file_mode.active and checked_mode(pane) == ["file"]
    assert pane.pages.currentWidget() is pane.file_mode.view
    qtbot.mouseClick(pane.header.text_mode_button, Qt.LeftButton)  # closes the file; its translation is kept
    assert not pane.file_mode.active and pane.pages.currentWidget() is pane.text_page
    assert checked_mode(pane) == ["text"]

    picture = QImage(40, 30, QImage.Format_RGB32)
    picture.fill(QColor("white"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    picture.save(buffer, "PNG")
    pane.source.setPlainText("Le texte d'une image.")
    assert pane.preview.show_image(bytes(data), "sign.png")
    pane._update_buttons()
    assert checked_mode(pane) == ["image"]
    qtbot.mouseClick(pane.header.text_mode_button, Qt.LeftButton)  # the picture is put away, its text stays
    assert pane.preview.image.isNull() and checked_mode(pane) == ["text"]
    assert pane.source.toPlainText() == "Le texte d'une image."


def _pair(pane):
    """Where the language pair and the header's primary button are, in the pane's coordinates."""
    QApplication.processEvents()
    return [widget.geometry().translated(widget.parentWidget().mapTo(pane, QPoint(0, 0)))
            for widget in (pane.header, pane.options)]


def _settled_pair(pane) -> list:
    """The pair's place once every layout pass queued so far, and those they queue, has run."""
    for _ in range(4):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    return _pair(pane)


def test_the_language_pair_stays_put_while_the_buttons_and_the_progress_come_and_go(qtbot, pane, monkeypatch):
    """Before, during and after a translation in the smallest window; a stopped one (Translate and Resume, with
    its progress) needs a wider one to keep the pair in place."""
    theme.apply("light")  # the primary buttons' padding, which a plain Stop has not
    pane.window().resize(900, 600)  # the smallest window the app is made for
    qtbot.waitUntil(lambda: pane.header.height() >= pane.translate_button.height() and pane.window().width() == 900)
    before = _settled_pair(pane)
    size = pane.translate_button.size()
    pane.progress.show()
    pane.progress.setFormat("5/5")
    monkeypatch.setattr(type(pane.task), "busy", property(lambda _task: True))
    pane._update_buttons()
    assert pane.stop_button.isVisible() and pane.stop_button.size() == size
    assert _settled_pair(pane) == before  # while translating, its progress shown
    monkeypatch.undo()
    pane._update_buttons()
    assert pane.translate_button.isVisible() and not pane.stop_button.isVisible()
    assert _settled_pair(pane) == before  # done: Translate back, the progress at its end
    pane.window().resize(1100, 700)
    qtbot.waitUntil(lambda: pane.window().width() == 1100)
    wide = _settled_pair(pane)
    pane.resume_button.show()  # a stopped translation: Translate and Resume
    assert pane.resume_button.size() == size
    assert _settled_pair(pane) == wide
    pane.progress.hide()
    pane.resume_button.hide()
    assert _settled_pair(pane) == wide


def test_a_swap_clears_what_the_status_said_of_the_translation_it_cleared(qtbot, pane):
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("Bonjour.")
    pane.target.setPlainText("Hello.")
    pane.status.setText("Translated. All checks passed.")  # as a finished translation leaves it
    qtbot.mouseClick(pane.swap_button, Qt.LeftButton)
    assert pane.source.toPlainText() == "Hello." and not pane.target.toPlainText()
    assert pane.status.text() == "" and pane.status.property("state") not in ("done", "failed")
