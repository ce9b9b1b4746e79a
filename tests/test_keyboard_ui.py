"""Keyboard first: the window's shortcuts, the command palette (Ctrl+K) and the shortcuts window, on real widgets;
and the window state kept between starts."""

from __future__ import annotations

import pytest
from conftest import open_main_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSplitter

from assistant.ui.shell.main_window import MainWindow
from assistant.ui.shell.services import Services


def press(qtbot, window, key, modifiers=Qt.ControlModifier):
    """A key as the user presses it: into whatever has the focus in the active window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifiers)


@pytest.fixture
def window(qtbot):
    window = open_main_window(qtbot)
    yield window
    window.close()


def test_ctrl_and_a_number_switches_panes_and_ctrl_l_focuses_its_text_box(qtbot, window):
    for key, pane, box in ((Qt.Key_2, window.drafting, window.drafting.editor),
                           (Qt.Key_3, window.translation, window.translation.source),
                           (Qt.Key_4, window.models, window.models.discover.search_box),
                           (Qt.Key_1, window.chat, None)):  # no model: the message box is disabled
        press(qtbot, window, key)
        assert window.panes.currentWidget() is pane and window.nav.currentRow() == window.panes.indexOf(pane)
        if box is not None:
            press(qtbot, window, Qt.Key_L)
            assert QApplication.focusWidget() is box


def test_search_chats_opens_the_text_search(qtbot, window):
    press(qtbot, window, Qt.Key_3)
    press(qtbot, window, Qt.Key_F, Qt.ControlModifier | Qt.ShiftModifier)
    search = window.chat_search
    qtbot.waitUntil(lambda: search.isVisible() and QApplication.focusWidget() is search.query, timeout=5000)
    search.close()


def test_the_command_palette_finds_actions_and_conversations(qtbot, window):
    conversation = window.history.create_conversation("Quarterly report for Lin")
    window.chat.conversations.reload()
    press(qtbot, window, Qt.Key_K)
    palette = window.command_palette
    qtbot.waitUntil(palette.isVisible, timeout=5000)
    assert QApplication.focusWidget() is palette.query
    assert "View › Command palette" in palette.shown_titles()  # every menu action is there

    qtbot.keyClicks(palette.query, "transl")
    assert palette.shown_titles()[0] == "View › Translation"
    qtbot.keyClick(palette.query, Qt.Key_Return)
    assert not palette.isVisible() and window.panes.currentWidget() is window.translation

    press(qtbot, window, Qt.Key_K)
    palette = window.command_palette
    qtbot.keyClicks(palette.query, "report lin")  # words in any order of the title, any case
    assert palette.shown_titles() == ["Conversation › Quarterly report for Lin"]
    qtbot.keyClick(palette.query, Qt.Key_Return)
    assert window.panes.currentWidget() is window.chat and window.chat.conversation_id == conversation

    press(qtbot, window, Qt.Key_K)
    palette = window.command_palette
    qtbot.keyClicks(palette.query, "zzqx nothing like this")
    assert palette.shown_titles() == []
    qtbot.keyClick(palette.query, Qt.Key_Return)  # nothing to run: nothing happens
    qtbot.keyClick(palette.query, Qt.Key_Escape)
    assert not palette.isVisible()


def test_arrow_keys_move_through_the_palette_while_typing_stays_in_the_box(qtbot, window):
    press(qtbot, window, Qt.Key_K)
    palette = window.command_palette
    qtbot.keyClicks(palette.query, "view")
    assert palette.results.currentRow() == 0
    qtbot.keyClick(palette.query, Qt.Key_Down)
    qtbot.keyClick(palette.query, Qt.Key_Down)
    assert palette.results.currentRow() == 2 and QApplication.focusWidget() is palette.query
    chosen = palette.shown_titles()[2]
    qtbot.keyClick(palette.query, Qt.Key_Return)
    assert palette.chosen.title == chosen


def test_the_shortcuts_window_lists_every_menu_shortcut(qtbot, window):
    press(qtbot, window, Qt.Key_Slash)
    dialog = window.shortcuts_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    rows = dict(dialog.rows())
    assert rows["View › Command palette"] == "Ctrl+K"
    assert rows["Reply › Stop writing"] == "Esc"
    assert rows["Reply › Regenerate the last reply"] == "Ctrl+R"
    assert rows["File › New chat"] == "Ctrl+N"
    assert rows["File › Settings"] == "Ctrl+,"
    assert "Model › Model settings" not in rows  # no shortcut: not listed
    assert rows["Chat › Send the message"] == "Enter"
    dialog.close()


@pytest.mark.model
def test_escape_stops_the_reply_and_ctrl_r_writes_another(qtbot, model_path):
    window = open_main_window(qtbot, model_path, max_tokens=400)
    chat = window.chat
    press(qtbot, window, Qt.Key_3)
    press(qtbot, window, Qt.Key_1)
    press(qtbot, window, Qt.Key_L)
    assert QApplication.focusWidget() is chat.input
    chat.input.setPlainText("Write a long story about a lighthouse keeper.")
    chat.send()
    qtbot.waitUntil(lambda: chat.active is not None and len(chat.active.text) > 20, timeout=60_000)
    press(qtbot, window, Qt.Key_Escape, Qt.NoModifier)
    qtbot.waitUntil(lambda: not chat.busy, timeout=30_000)
    replies = [m for m in chat.history.thread(chat.conversation_id) if m.role == "assistant"]
    assert replies[-1].status == "stopped"

    press(qtbot, window, Qt.Key_R)
    assert chat.busy  # Regenerate started a new version of the last reply
    press(qtbot, window, Qt.Key_Escape, Qt.NoModifier)
    qtbot.waitUntil(lambda: not chat.busy, timeout=30_000)
    window.close()


def test_size_splitters_pane_and_conversation_come_back_at_the_next_start(qtbot, window):
    window.history.create_conversation("Another, newer at first")
    conversation = window.history.create_conversation("Kept open")
    window.history.create_conversation("Newest")  # the one kept open is not the list's first row
    window.chat.conversations.reload()
    window.chat.open_conversation(conversation)
    window.resize(1000, 640)
    splitter = window.findChild(QSplitter, "chatSplitter")
    splitter.setSizes([300, 500])
    sizes = splitter.sizes()
    window.show_pane(window.translation)
    window.close()  # saves the state

    again = MainWindow(Services.create(window.history.conn))
    qtbot.addWidget(again)
    again.restore_window_state()
    again.show()
    # The height, not the width: the offscreen screen is 800 px wide, narrower than this window can be, and
    # Qt fits a restored window to the screen it opens on, as it should.
    assert again.height() == 640 != 760
    assert again.panes.currentWidget() is again.translation and again.nav.currentRow() == 2
    assert again.chat.conversation_id == conversation
    assert again.chat.conversations.current_id() == conversation  # highlighted in the list too
    again.show_pane(again.chat)
    restored = again.findChild(QSplitter, "chatSplitter")
    qtbot.waitUntil(lambda: sum(restored.sizes()) > 200, timeout=5000)  # laid out
    # The window may come back a little narrower (see above): the list keeps its width, or gives up at most its
    # share of what the window lost (Qt's splitter takes more of a shrink from the wider side).
    total = sum(restored.sizes())
    assert sizes[0] / sum(sizes) * total - 2 <= restored.sizes()[0] <= sizes[0]
    assert abs(restored.sizes()[0] / total - 220 / 1000) > 0.1  # not the default split
    again.close()


def test_a_damaged_window_state_is_ignored(qtbot, window):
    window.settings.set("window_state", {"geometry": "not base64 ☃", "pane": 99, "conversation": "x",
                                         "splitters": {"chatSplitter": 5}})
    again = MainWindow(Services.create(window.history.conn))
    qtbot.addWidget(again)
    again.restore_window_state()  # no exception, nothing applied
    assert again.panes.currentWidget() is again.chat
    again.close()


def tab_cycle(qtbot, start, key=Qt.Key_Tab, limit=60) -> list:
    """The widgets Tab (or Shift+Tab) visits from ``start`` until it comes back to it."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited = [start]
    for _ in range(limit):
        modifier = Qt.KeyboardModifier.ShiftModifier if key == Qt.Key_Backtab else Qt.KeyboardModifier.NoModifier
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab, modifier)
        widget = QApplication.focusWidget()
        if widget is start:
            return visited
        assert widget is not visited[-1], f"Tab is stuck in {widget.objectName() or type(widget).__name__}"
        visited.append(widget)
    raise AssertionError("Tab never came back to where it started")


def test_tab_goes_through_each_pane_in_reading_order_and_never_gets_stuck(qtbot, model_path):
    window = open_main_window(qtbot, model_path)
    window.activateWindow()
    chat, drafting, translation, models = window.chat, window.drafting, window.translation, window.models
    chat.input.setPlainText("Hello")  # text in the boxes: Tab must still move on, not type a tab
    drafting.editor.setPlainText("A draft.")
    translation.source.setPlainText("Some text.")
    expected = {
        chat: [chat.conversations.new_button, chat.conversations.filter_box, chat.conversations.list,
               chat.model_picker, chat.images.button, chat.tools.button, chat.documents_button,
               chat.input, chat.send_button],
        drafting: [drafting.compose_button, drafting.action_box, drafting.run_button, drafting.new_button,
                   drafting.draft_list, drafting.editor, drafting.question, drafting.ask_button],
        translation: [translation.source_box, translation.target_box, translation.translate_button,
                      translation.source, translation.target, translation.alternatives_button,
                      translation.save_button],
        models: [models.discover.search_box, models.discover.sort_box, models.discover.search_button,
                 models.discover.results],
    }
    for pane, controls in expected.items():
        window.show_pane(pane)
        forward = tab_cycle(qtbot, controls[0])
        assert window.nav in forward  # the pane list is on the way round, so every pane can be reached
        positions = [forward.index(control) for control in controls]  # each one is reached ...
        assert positions == sorted(positions), type(pane).__name__  # ... in the order it is read
        backward = tab_cycle(qtbot, controls[0], Qt.Key_Backtab)
        assert backward[1:] == forward[:0:-1]  # Shift+Tab walks the same way back
    assert chat.input.toPlainText() == "Hello" and drafting.editor.toPlainText() == "A draft."
    assert translation.source.toPlainText() == "Some text."
    window.close()
