"""Starting the GUI: the Qt application, the database, the main window."""

from __future__ import annotations

import argparse
import sqlite3
import sys

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from assistant import APP_NAME, DESKTOP_ID, __version__
from assistant.core.storage.database import DatabaseError, connect, unreadable
from assistant.core.storage.paths import database_path
from assistant.core.storage.settings import Appearance
from assistant.ui.shell.services import Services
from assistant.ui.shell.main_window import MainWindow
from assistant.core.i18n import translate
from assistant.ui.common import theme
from assistant.ui.common import ui_language
from assistant.ui.common.resources import app_icon
from assistant.ui.shell.history_check import HistoryCheck
from assistant.ui.shell.single_instance import InstanceServer, hand_over


def create_window(args: argparse.Namespace) -> MainWindow | None:
    """Open the database and build the window; None (after telling the user) if the database is unusable."""
    ui_language.apply("system")  # until the settings in the database are read, and for a message that it cannot be
    try:
        conn = connect(database_path())
    except DatabaseError as exc:
        QMessageBox.critical(None, translate("App", "{app} cannot open its history").format(app=APP_NAME), str(exc))
        return None
    try:  # the whole file is checked after start-up (history_check): what start-up reads may meet a damaged page
        services = Services.create(conn)  # the composition root: every service the window uses
        services.history.mark_interrupted_replies()
        settings = services.settings
        appearance = settings.read(Appearance)
        theme.apply(appearance.theme)
        ui_language.apply(appearance.language)
        window = MainWindow(services)
    except sqlite3.DatabaseError as exc:
        QMessageBox.critical(None, translate("App", "{app} cannot open its history").format(app=APP_NAME),
                             unreadable(database_path(), exc))
        return None
    window.restore_window_state()
    if args.model:
        window.load_model(args.model)
    else:
        window.restore_last_model()
    window.api.restore()
    return window


def open_arguments(window: MainWindow, argv: list[str]) -> None:
    """What a later start asked for (see single_instance): bring the window forward, and open its model. Of a
    later start's arguments only ``--model`` means anything to a running window; the rest are left alone."""
    reader = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    reader.add_argument("--model")
    try:
        args, _unknown = reader.parse_known_args(argv)
    except (argparse.ArgumentError, SystemExit):  # unreadable arguments: the running app must not exit
        args = argparse.Namespace(model=None)
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    if args.model:
        window.load_model(args.model)


class Application(QApplication):
    """macOS opens a double-clicked file with an event sent to the application, not with arguments."""

    file_opened = Signal(str)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.FileOpen and event.file():
            self.file_opened.emit(event.file())
            return True
        return super().event(event)


def run(args: argparse.Namespace) -> int:
    app = QApplication.instance() or Application(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(DESKTOP_ID)  # Wayland matches the window to its .desktop entry (icon, name) by this
    server = InstanceServer(parent=app)
    if not server.listen():
        if hand_over(getattr(args, "argv", [])):
            return 0  # the running app has it
        ui_language.apply("system")  # the settings are in the database the running app holds
        QMessageBox.critical(None, APP_NAME, translate(
            "App", "{app} is already running but does not answer. Close it (or end it in the task manager), then start "
                   "it again.").format(app=APP_NAME))
        return 1
    app.setWindowIcon(app_icon())
    window = create_window(args)
    if window is None:
        return 1
    server.arguments.connect(lambda argv: open_arguments(window, argv))
    if isinstance(app, Application):
        app.file_opened.connect(lambda path: open_arguments(window, ["--model", path]))
    window.show()
    HistoryCheck(database_path(), window, window.services.background).start()
    if not args.model:
        QTimer.singleShot(0, window.maybe_welcome)  # over the window, once it is on screen
    return app.exec()
