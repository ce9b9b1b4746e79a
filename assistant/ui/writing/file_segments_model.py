"""A file's segments as a table: where each is, its text and its translation, the one being written as it comes.

A translation is edited with its inline tags (``<t1>bold</t1>``, core/formats/inline_tags.py) so that a correction
keeps the formatting; the table shows the words without them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QApplication, QStyle

from assistant.core.formats.inline_tags import strip_tags
from assistant.core.formats.translatable import Segment
from assistant.core.writing.file_translation import FileJob

WHERE, SOURCE, TRANSLATION = range(3)


class FileSegmentsModel(QAbstractTableModel):
    corrected = Signal(int, str)  # a translation typed by the user: the segment and its new text

    def __init__(self, parent=None):
        super().__init__(parent)
        self.segments: list[Segment] = []
        self.job: FileJob | None = None
        self.streaming: int | None = None  # the segment being written
        self._pieces: list[str] = []  # its pieces already written, and the one being written
        self.problems: dict[int, list[str]] = {}

    def show(self, segments: list[Segment], job: FileJob | None) -> None:
        self.beginResetModel()
        self.segments, self.job, self.streaming, self._pieces = segments, job, None, []
        self._find_problems()
        self.endResetModel()

    def recheck(self) -> None:
        """The checks worded again, in the language the app is shown in now."""
        self._find_problems()
        if self.segments:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.segments) - 1, 2))
        self.headerDataChanged.emit(Qt.Horizontal, 0, 2)

    def _find_problems(self) -> None:
        self.problems = {}
        for index, problem in self.job.checks() if self.job is not None else []:
            self.problems.setdefault(index, []).append(problem)

    # Qt's model ---------------------------------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's names)
        return 0 if parent.isValid() else len(self.segments)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 3

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        row, column = index.row(), index.column()
        if not index.isValid() or row >= len(self.segments):
            return None
        segment = self.segments[row]
        if role in (Qt.DisplayRole, Qt.EditRole):
            text = (segment.where, segment.text, self.translation(row))[column]
            return text if role == Qt.EditRole else strip_tags(text)
        if role == Qt.ToolTipRole and column == TRANSLATION:
            lines = list(self.problems.get(row, []))
            if self.job is not None and row in self.job.edited:
                lines.insert(0, self.tr("Corrected by hand: the model does not translate it again."))
            return "\n".join(lines) or None
        if role == Qt.DecorationRole and column == TRANSLATION and self.problems.get(row):
            return QApplication.style().standardIcon(QStyle.SP_MessageBoxWarning)
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignLeft | Qt.AlignTop)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):  # noqa: N802
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Vertical:
            return str(section + 1)
        return (self.tr("Where"), self.tr("Source"), self.tr("Translation"))[section]

    def flags(self, index: QModelIndex) -> Qt.ItemFlags:
        flags = super().flags(index)
        if index.column() == TRANSLATION and self.job is not None:
            flags |= Qt.ItemIsEditable
        return flags

    def setData(self, index: QModelIndex, value, role: int = Qt.EditRole) -> bool:  # noqa: N802
        text = str(value or "").strip()
        if role != Qt.EditRole or index.column() != TRANSLATION or self.job is None:
            return False
        if not text or text == self.translation(index.row()):  # nothing to keep: the cell goes back as it was
            return False
        self.corrected.emit(index.row(), text)
        return True

    # The translation --------------------------------------------------------------------------------------------

    def translation(self, row: int) -> str:
        if self.job is not None and self.job.translations[row] is not None:
            return self.job.translations[row]
        if row == self.streaming and self.job is not None:
            return self.job.joiner.join(self._pieces)
        return ""

    def stream(self, row: int, piece: int) -> None:
        """Piece ``piece`` of segment ``row`` is being written."""
        if row != self.streaming or piece == 0:
            self.streaming, self._pieces = row, []
        self._pieces.append("")
        self.changed(row)

    def stream_text(self, row: int, text: str) -> None:
        if row == self.streaming and self._pieces:
            self._pieces[-1] += text
            self.changed(row)

    def stream_end(self) -> None:
        row, self.streaming, self._pieces = self.streaming, None, []
        if row is not None:
            self.changed(row)

    def checked(self, row: int) -> list[str]:
        """Segment ``row``'s checks, found again (it was translated or corrected)."""
        found = self.job.problems(row) if self.job is not None else []
        if found:
            self.problems[row] = found
        else:
            self.problems.pop(row, None)
        self.changed(row)
        return found

    def changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, 2))
