"""Light and dark at run time: the palette, the style sheet, and the colours inside rendered HTML (code blocks,
tracked changes) all follow, the system's scheme is followed when asked, and nothing typed is lost."""

from __future__ import annotations

import pytest
from conftest import open_main_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from assistant.core.storage.settings import Appearance
from assistant.core.writing.revision import compare
from assistant.ui.common import theme

REPLY = "Here it is:\n\n```python\nprint('hi')\n```\n"


@pytest.fixture(autouse=True)
def restore_look(qapp):
    """The theme is the application's: put back what the other tests run with."""
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    yield
    theme._state.update(choice="system", dark=False, system_dark=False)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


@pytest.fixture
def window(qtbot):
    window = open_main_window(qtbot)
    history = window.history
    conversation = history.create_conversation("Code")
    question = history.add_message(conversation, None, "user", "Print hi in Python.")
    history.add_message(conversation, question, "assistant", REPLY)
    window.chat.conversations.reload()
    window.chat.open_conversation(conversation)
    yield window
    window.close()


def reply_html(window) -> str:
    widgets = list(window.chat.thread_view._widgets.values())
    return widgets[-1].body.toHtml()


def test_switching_to_dark_and_back_recolours_everything_in_place(qtbot, window):
    assert "#f4f4f4" in reply_html(window)  # the light code block
    window.chat.input.setPlainText("half-written message")

    theme.apply("dark")
    app = QApplication.instance()
    assert theme.is_dark()
    assert app.palette().color(QPalette.Window).lightness() < 60
    assert "#1e1f22" in app.styleSheet()  # the dark thread background
    html = reply_html(window)
    assert "#272822" in html and "#f4f4f4" not in html  # the code block was rendered again, dark

    theme.apply("light")
    assert not theme.is_dark() and app.palette().color(QPalette.Window).lightness() > 200
    assert "#f4f4f4" in reply_html(window)
    assert window.chat.input.toPlainText() == "half-written message"  # nothing typed is lost


def test_tracked_changes_stay_readable_in_both_themes(qtbot, window):
    review = window.drafting.review
    review.show_revision("Proofread", compare("It are fast.", "It is fast."))
    assert theme.colours()["deleted"] == "#fbe3e1" and "#fbe3e1" in review.browser.toHtml()
    theme.apply("dark")
    assert "#5c2b29" in review.browser.toHtml() and "#fbe3e1" not in review.browser.toHtml()


def test_system_follows_the_desktop_while_the_app_runs(qtbot, window):
    # Under Xvfb there is no desktop theme to switch (Qt reports Unknown and ignores setColorScheme), so the
    # desktop's side is Qt's own signal, sent as the platform theme would send it.
    hints = QGuiApplication.styleHints()
    theme.apply("system")
    assert not theme.is_dark()  # Unknown counts as light
    with qtbot.waitSignal(theme.notifier().changed, timeout=5000) as got:
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # the desktop switches to dark
    assert got.args == [True] and theme.is_dark() and "#272822" in reply_html(window)
    theme.apply("light")  # a fixed choice no longer follows
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert not theme.is_dark()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)


def test_the_choice_is_made_in_settings_and_kept(qtbot, window):
    window.edit_settings()
    dialog = window.settings_dialog
    assert dialog.tabs.tabText(0) == "Appearance"
    dialog.theme_box.setCurrentIndex(dialog.theme_box.findData("dark"))
    assert theme.is_dark() and window.settings.read(Appearance).theme == "dark"
    dialog.reject()  # applied at once; Cancel does not take it back (there is nothing to lose)
    assert window.settings.read(Appearance).theme == "dark"


def test_text_follows_the_system_font_size(qtbot):
    """The style sheet sizes larger texts as a share of the system font, so a user who needs bigger text gets it
    everywhere, the conversation title and the pane list included."""
    app = QApplication.instance()
    original = app.font()
    window = open_main_window(qtbot)
    try:
        title, buttons = window.chat.title_label, []
        for points in (10, 20):
            font = app.font()
            font.setPointSizeF(points)
            app.setFont(font)  # as the desktop does when the user changes the text size
            qtbot.waitUntil(lambda p=points: abs(title.font().pointSizeF() - p * 1.25) < 0.2, timeout=3000)
            assert abs(window.nav.font().pointSizeF() - points * 1.1) < 0.2
            buttons.append(window.chat.send_button.font().pointSizeF())
        assert buttons[1] > buttons[0] * 1.5  # the rest of the window grows too
    finally:
        app.setFont(original)
        window.close()


@pytest.mark.parametrize("choice", ["light", "dark"])
def test_an_unticked_check_box_and_radio_button_can_be_seen_in_both_themes(qapp, choice):
    """Fusion edges them a shade darker than the window, which a dark window swallows (seen in a tryout): drawn by
    the app's style on the window's colour, their edge must stand out as a control's parts do (WCAG's 3:1)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    from assistant.ui.common.design_tokens import contrast

    theme.apply(choice, qapp)
    window_colour = qapp.palette().color(QPalette.Window)
    for element in (QStyle.PE_IndicatorCheckBox, QStyle.PE_IndicatorRadioButton):
        image = QImage(24, 24, QImage.Format_RGB32)
        image.fill(window_colour)
        option = QStyleOptionButton()
        option.rect, option.palette = QRect(4, 4, 14, 14), qapp.palette()
        option.state = QStyle.State_Enabled | QStyle.State_Off
        painter = QPainter(image)
        qapp.style().drawPrimitive(element, option, painter)
        painter.end()
        drawn = max(contrast(image.pixelColor(x, y).name(), window_colour.name())
                    for x in range(24) for y in range(24))
        assert drawn >= 3, (choice, element, drawn)
