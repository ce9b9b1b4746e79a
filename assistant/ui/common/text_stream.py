"""The one way streamed text goes into a widget: appended at a kept cursor.

Each chunk then costs only its own insert. Setting a widget's whole text again per chunk (as Drafting once did)
lays out the whole text 20 times a second, and a new cursor moved to the end costs as much as the insert itself.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument


class TextStream:
    def __init__(self, document: QTextDocument, position: int | None = None):
        """Text goes in at ``position``, or at the end of the document."""
        self._cursor = QTextCursor(document)
        if position is None:
            self._cursor.movePosition(QTextCursor.End)
        else:
            self._cursor.setPosition(position)

    def append(self, text: str) -> None:
        self._cursor.insertText(text)  # the cursor moves on past what it inserted

    @property
    def position(self) -> int:
        return self._cursor.position()
