"""A file of a kind Hearth translates whole (core/formats/opening.py), dragged from a file manager and dropped on
any of the widgets watched, is handed to ``open``; any other drop goes on to the widget as before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from assistant.core.formats.opening import translatable


class FileDrops(QObject):
    def __init__(self, widgets: list[QWidget], open: Callable[[Path], object], parent=None):
        """``widgets``: for a scroll area (a text box, a table) its viewport, which is what the drag reaches."""
        super().__init__(parent)
        self.open = open
        for widget in widgets:
            widget.setAcceptDrops(True)
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.DragEnter, QEvent.DragMove, QEvent.Drop):
            mime = event.mimeData()
            urls = mime.urls() if mime is not None and mime.hasUrls() else []
            paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
            if paths and translatable(paths[0]):
                event.acceptProposedAction()
                if event.type() == QEvent.Drop:
                    self.open(paths[0])
                return True
        return super().eventFilter(watched, event)
