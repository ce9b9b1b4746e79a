"""Starting the GUI: the Qt application, the database, the main window."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from assistant import APP_NAME, __version__
from assistant.core.database import DatabaseError, connect
from assistant.core.history import History
from assistant.core.model_library import ModelLibrary
from assistant.core.paths import database_path
from assistant.core.settings import Settings
from assistant.ui.main_window import MainWindow
from assistant.ui.resources import app_icon, stylesheet


def create_window(args: argparse.Namespace) -> MainWindow | None:
    """Open the database and build the window; None (after telling the user) if the database is unusable."""
    try:
        conn = connect(database_path())
    except DatabaseError as exc:
        QMessageBox.critical(None, f"{APP_NAME} cannot open its history", str(exc))
        return None
    history = History(conn)
    history.mark_interrupted_replies()
    window = MainWindow(history, Settings(conn), ModelLibrary(conn))
    if args.model:
        window.load_model(args.model)
    else:
        window.restore_last_model()
    return window


def run(args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setStyleSheet(stylesheet())
    window = create_window(args)
    if window is None:
        return 1
    window.show()
    return app.exec()
