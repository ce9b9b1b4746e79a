"""The Translation pane end to end with the real SmolLM2 model: detection, paragraph-by-paragraph streaming,
alignment, stop and resume, glossary flags, alternatives, history and files. Translation quality is not the point."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import open_main_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from assistant.core.writing.translation import Glossary, paragraph_spans
from assistant.core.writing.languages import language
from assistant.ui.common import ui_language

pytestmark = pytest.mark.model
TIMEOUT = 180_000  # a bound for a loaded machine, where SmolLM2 may write 5 tokens a second
DOCUMENT = ("Bonjour à tous. La réunion aura lieu demain à 10 heures.\n\n"
            "Le rapport est disponible sur https://example.com/rapport.\n\n"
            "```\nprint('hello')\n```\n\n"
            "Merci et à bientôt.")


def open_window(qtbot, model_path=None, max_tokens=48):
    return open_main_window(qtbot, model_path, max_tokens, pane="translation")


@pytest.fixture
def pane(qtbot, model_path):
    window = open_window(qtbot, model_path)
    yield window.translation
    window.close()


def test_detects_the_source_and_keeps_the_target_different(qtbot, pane):
    pane._select(pane.target_box, "fr")
    pane.source.setPlainText(DOCUMENT)
    qtbot.waitUntil(lambda: pane.detected.text() == "(French)", timeout=5000)
    assert pane.target_language() == "en"  # French into French is never meant
    pane.source.setPlainText("今天的会议改到明天上午十点。")
    qtbot.waitUntil(lambda: pane.detected.text() == "(Simplified Chinese)", timeout=5000)


def test_translates_paragraph_by_paragraph_with_aligned_paragraphs(qtbot, pane):
    pane._select(pane.target_box, "en")
    pane.source.setPlainText(DOCUMENT)
    streamed = []
    pane.task.text.connect(streamed.append)
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: pane.job is not None and pane.job.done and not pane.task.busy, timeout=TIMEOUT)
    assert streamed and pane.progress.value() == 1000
    target = pane.target.toPlainText()
    assert len(paragraph_spans(target)) == 4
    assert "```\nprint('hello')\n```" in target  # code is kept, not translated
    assert pane.status.text().startswith("Translated.")

    # Putting the cursor in the second source paragraph highlights the second translated paragraph.
    cursor = pane.source.textCursor()
    cursor.setPosition(DOCUMENT.index("Le rapport"))
    pane.source.setTextCursor(cursor)
    [highlight] = pane.target.extraSelections()
    start, end = paragraph_spans(target)[1]
    assert (highlight.cursor.selectionStart(), highlight.cursor.selectionEnd()) == (start, end)

    assert pane.history()[0].text == DOCUMENT and pane.history()[0].translation == target


def test_stop_then_resume_goes_on_from_the_next_paragraph(qtbot, model_path):
    window = open_window(qtbot, model_path, max_tokens=48)
    pane = window.translation
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("\n\n".join(f"Paragraphe numéro {i}. Il fait beau aujourd'hui." for i in range(6)))
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: pane.job.next_piece >= 2, timeout=TIMEOUT)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.stop_button, Qt.LeftButton)
    stopped_at = pane.job.next_piece
    assert not pane.job.done and pane.resume_button.isEnabled() and "Stopped" in pane.status.text()
    assert len(paragraph_spans(pane.target.toPlainText())) == stopped_at  # the half piece is not kept
    qtbot.mouseClick(pane.resume_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: pane.job.done and not pane.task.busy, timeout=TIMEOUT)
    assert len(paragraph_spans(pane.target.toPlainText())) == 6
    window.close()


def test_a_glossary_term_the_model_ignored_is_flagged(qtbot, pane):
    Glossary([("réunion", "ZZQX-MEETING")], ["Hearth"]).save(pane.settings, "fr", "en")
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("La réunion de Hearth est demain.")
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: pane.job.done and not pane.task.busy, timeout=TIMEOUT)
    flags = [pane.checks.item(i).text() for i in range(pane.checks.count())]
    flag = "¶1: Glossary: “réunion” should be translated as “ZZQX-MEETING”."
    # The term is in the prompt, so a model may copy it; with this seed SmolLM2 does not, and the flag must show.
    # Should another llama.cpp build sample differently, the flag must still follow what was written.
    assert (flag in flags) == ("ZZQX-MEETING" not in pane.target.toPlainText())


def test_alternatives_for_a_selected_sentence(qtbot, pane):
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("Il fait beau. Merci beaucoup.")
    cursor = pane.source.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(len("Il fait beau."), QTextCursor.KeepAnchor)
    pane.source.setTextCursor(cursor)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.alternatives_button, Qt.LeftButton)
    assert pane.alternatives_list.count() in (1, 2, 3)


def test_without_a_model_the_source_is_untouched(qtbot):
    window = open_window(qtbot)
    pane = window.translation
    pane.source.setPlainText(DOCUMENT)
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)
    assert "Load a model first" in pane.status.text() and pane.source.toPlainText() == DOCUMENT
    assert pane.resume_button.isEnabled()  # the job waits for a model
    window.close()


def test_open_swap_and_save(qtbot, tmp_path):
    window = open_window(qtbot)
    pane = window.translation
    source = tmp_path / "in.md"
    source.write_text("# Titre\n\nBonjour.", encoding="utf-8")
    pane.open_file(source)
    assert pane.source.toPlainText() == "# Titre\n\nBonjour."
    pane._select(pane.source_box, "fr")
    pane._select(pane.target_box, "de")
    pane.target.setPlainText("# Titel\n\nHallo.")
    pane.swap()
    assert (pane.source_box.currentData(), pane.target_language()) == ("de", "fr")
    assert pane.source.toPlainText() == "# Titel\n\nHallo."
    pane.target.setPlainText("# Titre\n\nBonjour.")
    pane.save_file(tmp_path / "out.md")
    assert (tmp_path / "out.md").read_text(encoding="utf-8") == "# Titre\n\nBonjour."
    window.close()


# Issue 29 ----------------------------------------------------------------------------------------------------------

SIX = "\n\n".join(f"Paragraphe numéro {i}. Il fait beau aujourd'hui." for i in range(6))


def start_translating(qtbot, pane, text=SIX, source="fr", target="en"):
    pane._select(pane.source_box, source)
    pane._select(pane.target_box, target)
    pane.source.setPlainText(text)
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)


def test_a_translation_survives_restarts_and_resume_goes_on_from_its_place(qtbot, model_path):
    window = open_window(qtbot, model_path)
    pane = window.translation
    start_translating(qtbot, pane)
    qtbot.waitUntil(lambda: pane.job.next_piece >= 2, timeout=TIMEOUT)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        qtbot.mouseClick(pane.stop_button, Qt.LeftButton)
    stopped_at, kept = pane.job.next_piece, pane.target.toPlainText()
    assert len(paragraph_spans(kept)) == stopped_at
    # The status bar's running count ("Translating… 12 tokens") ends with the translation.
    assert window.generation_label.text() == pane.status.text()
    assert pane.status.text().startswith(f"Stopped at paragraph {stopped_at + 1}.")
    window.close()

    ui_language.apply("zh_CN")
    try:
        again = open_window(qtbot, model_path)
        pane = again.translation
        assert (pane.source.toPlainText(), pane.target.toPlainText()) == (SIX, kept)
        assert (pane.source_box.currentData(), pane.target_language()) == ("fr", "en")
        assert pane.job.next_piece == stopped_at and pane.progress.text() == f"{stopped_at}/6"
        assert pane.resume_button.isVisible() and pane.resume_button.isEnabled()
        assert pane.translate_button.isVisible()
        assert pane.status.text() == f"停在第 {stopped_at + 1} 段。点“继续”从那里接着翻译。"
        qtbot.mouseClick(pane.resume_button, Qt.LeftButton)
        assert not pane.status.text().startswith("停在")  # it goes on: no longer "stopped"
        qtbot.waitUntil(lambda: pane.job.next_piece > stopped_at, timeout=TIMEOUT)
        place, so_far = pane.job.next_piece, pane.session.job_text()
        assert so_far.startswith(kept)  # went on from its place, not from the start
        again.close()  # while it translates: the half-written piece is dropped, its place kept
    finally:
        ui_language.apply("en")

    third = open_window(qtbot, model_path)
    pane = third.translation
    assert pane.job.next_piece == place and pane.target.toPlainText() == so_far
    qtbot.mouseClick(pane.resume_button, Qt.LeftButton)
    assert pane.status.text() == f"Going on from paragraph {pane.job.current.paragraph + 1}…" or pane.job.done
    qtbot.waitUntil(lambda: pane.job.done and not pane.task.busy, timeout=TIMEOUT)
    finished = pane.target.toPlainText()
    assert finished.startswith(so_far.rstrip()) and len(paragraph_spans(finished)) == 6
    [entry] = [e for e in pane.history() if e.text == SIX]  # one entry for the text, through three starts
    assert entry.translation == finished and not entry.stopped
    assert not pane.resume_button.isVisible()
    third.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_failure_replaces_the_running_count_in_the_status_bar(qtbot, language):
    ui_language.apply(language)
    try:
        window = open_window(qtbot)
        pane = window.translation
        pane.status_changed.emit(pane.tr("Translating… %Ln tokens", "", 132))  # as a run before this one left it
        start_translating(qtbot, pane)  # no model: it fails at once
        shown = window.generation_label.text()
        assert shown.startswith({"en": "Load a model first", "zh_CN": "请先加载模型"}[language])
        assert pane.status.text().startswith(shown)  # the reason, as the pane gives it
        window.close()
    finally:
        ui_language.apply("en")


@pytest.fixture
def restore_look(qapp):
    """The theme is the application's: put back what the other tests run with (as tests/test_theme_ui.py does)."""
    from assistant.ui.common import theme

    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    yield theme
    theme._state.update(choice="system", dark=False, system_dark=False)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def highlight_colours(pane) -> list[str]:
    return [selection.format.background().color().name()
            for editor in (pane.source, pane.target) for selection in editor.extraSelections()]


def test_the_highlighted_paragraph_follows_the_theme_while_translating(qtbot, model_path, restore_look):
    theme = restore_look
    theme.apply("light")
    window = open_window(qtbot, model_path)
    pane = window.translation
    start_translating(qtbot, pane)
    qtbot.waitUntil(lambda: pane.job.next_piece >= 2, timeout=TIMEOUT)
    cursor = pane.source.textCursor()
    cursor.setPosition(SIX.index("numéro 1") + 3)
    pane.source.setTextCursor(cursor)
    assert highlight_colours(pane) == [theme._LIGHT["highlight"]] * 2

    theme.apply("dark")  # while it runs
    assert pane.task.busy and highlight_colours(pane) == [theme._DARK["highlight"]] * 2
    # More paragraphs are rendered; the second stays highlighted on both sides, in the dark colour.
    qtbot.waitUntil(lambda: pane.job.next_piece >= 4, timeout=TIMEOUT)
    assert highlight_colours(pane) == [theme._DARK["highlight"]] * 2
    for editor in (pane.source, pane.target):
        [highlight] = editor.extraSelections()
        start, end = paragraph_spans(editor.toPlainText())[1]
        assert (highlight.cursor.selectionStart(), highlight.cursor.selectionEnd()) == (start, end)
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        pane.task.stop()
    theme.apply("light")
    assert highlight_colours(pane) == [theme._LIGHT["highlight"]] * 2
    window.close()


def test_a_paragraph_that_came_back_in_the_source_language_is_flagged(qtbot, model_path):
    """SmolLM2-135M does not write Hungarian: with this seed it writes French again, and each such paragraph is
    flagged instead of "All checks passed"."""
    from assistant.core.writing.languages import other_language

    window = open_window(qtbot, model_path, max_tokens=48)
    pane = window.translation
    text = ("Le comité se réunira la semaine prochaine.\n\n"
            "La bibliothèque restera ouverte tout l'été.")
    start_translating(qtbot, pane, text, "fr", "hu")
    qtbot.waitUntil(lambda: pane.job.done and not pane.task.busy, timeout=TIMEOUT)
    flags = [pane.checks.item(i).text() for i in range(pane.checks.count())]
    wrong = {index: other_language(paragraph, "hu")
             for index, paragraph in enumerate(pane.job.finished_paragraphs())}
    assert any(wrong.values()), pane.job.finished_paragraphs()
    for index, found in wrong.items():
        flag = f"¶{index + 1}: This paragraph is in {language(found).name}, not in Hungarian." if found else None
        assert (flag in flags) if found else not any(f.startswith(f"¶{index + 1}: This paragraph") for f in flags)
    assert "All checks passed" not in pane.status.text()
    assert f"{len(flags)} check{'s' if len(flags) > 1 else ''} to look at below" in pane.status.text()
    ui_language.apply("zh_CN")  # the checks are said again in the language now shown
    try:
        chinese = [pane.checks.item(i).text() for i in range(pane.checks.count())]
        assert len(chinese) == len(flags) and all("This paragraph" not in f for f in chinese)
        assert any("这一段是" in f for f in chinese)
    finally:
        ui_language.apply("en")
    window.close()


def ink_columns(image, without) -> set[int]:
    """The columns where two renderings of a widget differ: where the part left out of ``without`` was drawn."""
    return {x for x in range(image.width()) for y in range(image.height()) if image.pixel(x, y) != without.pixel(x, y)}


def edit_field_width(box) -> int:
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    return box.style().subControlRect(QStyle.CC_ComboBox, option, QStyle.SC_ComboBoxEditField, box).width()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_language_names_the_history_arrow_and_alternatives_are_not_cut(qtbot, language):
    ui_language.apply(language)
    try:
        window = open_window(qtbot)
        window.resize(1000, 700)
        qtbot.waitUntil(lambda: window.width() == 1000, timeout=5000)
        pane = window.translation

        # The language menus show the whole name chosen ("简体中文 · Simplified Chinese", not "… · Simplifi").
        for code in ("zh-Hans", "id", "pt", "en"):
            pane._select(pane.target_box, code)
            pane._select(pane.source_box, "zh-Hant" if code != "zh-Hant" else "en")
            for box in (pane.target_box, pane.source_box):
                needed = box.fontMetrics().horizontalAdvance(box.currentText())
                qtbot.waitUntil(lambda b=box, n=needed: edit_field_width(b) >= n, timeout=5000)
        assert window.minimumSizeHint().width() <= 1000  # and the row still fits the narrow window

        # History's menu arrow stands clear of its text.
        button = pane.history_button
        button.setFixedSize(button.size())
        full = button.grab().toImage()
        label, menu = button.text(), button.menu()
        button.setText("")
        no_text = button.grab().toImage()
        button.setMenu(None)
        bare = button.grab().toImage()
        button.setMenu(menu)
        button.setText(label)
        text, arrow = ink_columns(full, no_text), ink_columns(no_text, bare)
        assert text and arrow and min(arrow) - max(text) >= 4, (sorted(text), sorted(arrow))

        # Long alternatives wrap within the list, with no horizontal scroll bar to hide them behind.
        long = "Une autre façon, bien plus longue, de dire la même chose avec des mots choisis. " * 3
        pane.alternatives_list.addItems([long, "Courte."])
        alternatives = pane.alternatives_list
        qtbot.waitUntil(lambda: alternatives.visualItemRect(alternatives.item(0)).height()
                        > 2 * alternatives.fontMetrics().height(), timeout=5000)
        assert not alternatives.horizontalScrollBar().isVisible()
        assert alternatives.visualItemRect(alternatives.item(0)).right() <= alternatives.viewport().width()
        window.close()
    finally:
        ui_language.apply("en")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_history_shows_each_text_once_with_its_date_and_a_stopped_mark(qtbot, language):
    from PySide6.QtCore import QDate, QLocale

    from assistant.core.writing.translation import TranslationJob

    ui_language.apply(language)
    try:
        window = open_window(qtbot)
        pane = window.translation
        finished = TranslationJob.plan("Bonjour.", "fr", "en", Glossary())
        finished.record("Hello.")
        pane.store.save_entry(None, finished, "Bonjour.", "Hello.")
        pane.store.save_entry(None, finished, "Bonjour.", "Hello again.")  # the same text, translated again
        stopped = TranslationJob.plan(SIX, "fr", "en", Glossary())
        stopped.record("Paragraph 0.")
        pane.store.save_entry(None, stopped, SIX, "Paragraph 0.\n\n")

        pane.history_menu.aboutToShow.emit()
        actions = pane.history_menu.actions()
        today = QLocale().toString(QDate.currentDate(), QLocale.ShortFormat)
        french, english = {"en": ("French", "English"), "zh_CN": ("法语", "英语")}[language]
        mark = {"en": "stopped after 1 of 6 paragraphs", "zh_CN": "已停止，完成 1/6 段"}[language]
        when = re.escape(today) + r" \d{1,2}:\d\d(?:\s[AP]M)?"  # the date and time of the newest translation
        expected = [f"{when} · {french} → {english}: Paragraphe numéro 0\\. Il fait beau aujourd'hui\\. · {mark}",
                    f"{when} · {french} → {english}: Bonjour\\."]
        assert len(actions) == 2  # "Bonjour." once, though it was translated twice
        for action, pattern in zip(actions, expected):
            assert re.fullmatch(pattern, action.text()), (action.text(), pattern)

        actions[0].trigger()  # the stopped one: it comes back ready to go on
        assert pane.source.toPlainText() == SIX and pane.target.toPlainText() == "Paragraph 0.\n\n"
        assert pane.resume_button.isVisible() and pane.job.next_piece == 1
        actions[1].trigger()
        assert pane.target.toPlainText() == "Hello again." and not pane.resume_button.isVisible()
        window.close()
    finally:
        ui_language.apply("en")


@pytest.mark.screen
@pytest.mark.skipif(shutil.which("Xvfb") is None,
                    reason="Xvfb is not installed; the README's test command installs it when run as root")
def test_real_window_screenshot_of_translation_resuming_after_a_restart(tmp_path, model_path):
    """Two runs of the real app on one data folder: stopped in the first, resumed in the second."""
    from PySide6.QtGui import QImage

    out = tmp_path / "translation-resumed.png"
    script = Path(__file__).resolve().parents[1] / "scripts" / "screenshot_translation_resume.py"
    result = subprocess.run([sys.executable, str(script), "--model", str(model_path), "--out", str(out)],
                            capture_output=True, text=True, timeout=420)
    assert result.returncode == 0, result.stdout + result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 720)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50


# Issue 30 ----------------------------------------------------------------------------------------------------------


def test_the_checks_come_back_after_a_restart(qtbot):
    """A code block is copied, not sent to the model, so this translation finishes without one; the glossary's term
    it does not carry is flagged, and the flag is still there when the app starts again."""
    window = open_window(qtbot)
    pane = window.translation
    Glossary([("réunion", "meeting")]).save(pane.settings, "fr", "en")
    start_translating(qtbot, pane, "```\nréunion()\n```")
    assert pane.job.done and pane.status.text() == "Translated. 1 check to look at below."
    flags = [pane.checks.item(i).text() for i in range(pane.checks.count())]
    assert flags == ["¶1: Glossary: “réunion” should be translated as “meeting”."]
    window.close()

    again = open_window(qtbot)
    pane = again.translation
    assert [pane.checks.item(i).text() for i in range(pane.checks.count())] == flags and pane.checks.isVisible()
    assert not pane.resume_button.isVisible() and pane.progress.text() == "1/1"
    qtbot.mouseClick(pane.checks.viewport(), Qt.LeftButton, pos=pane.checks.visualItemRect(pane.checks.item(0)).center())
    assert pane.source.textCursor().position() == 0  # a check still finds its paragraph
    again.close()
