"""The main window as it was left: its size and place (within this screen), its splitters, the pane and the
conversation in front. Anything unreadable (another Qt version, a deleted conversation) is skipped."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter

from assistant.core.storage.settings import WindowRecord


def save_window_state(window: QMainWindow) -> None:
    splitters = {s.objectName(): bytes(s.saveState().toBase64()).decode("ascii")
                 for s in window.findChildren(QSplitter) if s.objectName()}
    window.settings.update(WindowRecord, state={
        "geometry": bytes(window.saveGeometry().toBase64()).decode("ascii"),
        "pane": window.panes.currentIndex(),
        "conversation": window.chat.conversation_id,
        "splitters": splitters,
    })


def restore_window_state(window: QMainWindow) -> None:
    state = window.settings.read(WindowRecord).state
    if not state:
        fit_to_screen(window)  # the first size, 1100 x 760, is too big for a small screen too
        return
    try:
        if isinstance(state.get("geometry"), str):
            window.restoreGeometry(QByteArray.fromBase64(state["geometry"].encode("ascii")))
        fit_to_screen(window)
        for splitter in window.findChildren(QSplitter):
            saved = (state.get("splitters") or {}).get(splitter.objectName())
            if isinstance(saved, str):
                splitter.restoreState(QByteArray.fromBase64(saved.encode("ascii")))
    except (UnicodeEncodeError, AttributeError):
        pass
    pane = state.get("pane")
    if isinstance(pane, int) and 0 <= pane < window.panes.count():
        # Quietly: switching panes by hand may load that task's model, which is restore_last_model's call here.
        window.nav.blockSignals(True)
        window.nav.setCurrentRow(pane)
        window.nav.blockSignals(False)
        window.show_pane_at(pane)
    conversation = state.get("conversation")
    if isinstance(conversation, int) and window.history.conversation(conversation) is not None:
        window.chat.open_conversation(conversation)


def fit_to_screen(window: QMainWindow) -> None:
    """A size saved on a larger screen is cut down to this one's free area (less the taskbar), and the window moved
    onto it, so that no button or status line is left off screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None or window.isMaximized() or window.isFullScreen():
        return
    room = screen.availableGeometry()
    frame = window.frameGeometry()
    extra_width, extra_height = frame.width() - window.width(), frame.height() - window.height()
    width = max(min(window.width(), room.width() - extra_width), window.minimumWidth())
    height = max(min(window.height(), room.height() - extra_height), window.minimumHeight())
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    x = min(max(frame.x(), room.x()), room.x() + room.width() - frame.width())
    y = min(max(frame.y(), room.y()), room.y() + room.height() - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, room.x()), max(y, room.y()))
