"""A whole file in the Translation pane, in the two text boxes' place: its segments in a table (where each is, its
text, its translation as it arrives), the view following the segment being written unless the user scrolled away;
the checks of the translations and what is left as it is listed below. A translation cell is corrected by hand with
a double-click or F2 (``model.corrected``). file_mode.py decides what happens; this lays it out."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QTableView, QVBoxLayout, QWidget)

from assistant.core.formats.translatable import TranslatableFile
from assistant.core.writing.file_translation import FileJob
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.file_segments_model import SOURCE, TRANSLATION, WHERE, FileSegmentsModel
from assistant.ui.writing.text_boxes import titled_list

LIST_HEIGHT = 140  # the checks and the parts left as they are: a few lines each, the table keeps the room
FIT_ROWS_MS = 60  # the rows' heights are fitted again this long after the columns stop changing width


class FileTranslationView(Translatable, QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.texts = Texts(self)
        self.file: TranslatableFile | None = None
        self._followed: int | None = None  # the segment the view went to last; None: go to the next at once
        self.title = QLabel(self)
        self.title.setObjectName("fileTitle")
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.save_button = self._button("saveFileButton", lambda: self.tr("Save as…"), lambda: self.tr(
            "Write the translated file in its own format, with what is translated so far"))
        self.close_button = self._button("closeFileButton", lambda: self.tr("Close file"), lambda: self.tr(
            "Back to the text boxes; this file's translation is kept and comes back when it is opened again"))
        self.model = FileSegmentsModel(self)
        self.table = self._make_table()
        self.checks_label, self.checks = self._list("fileChecks", lambda: self.tr(
            "Checks (click one to find its segment)"), lambda: self.tr("Checks of the translation"))
        self.checks.itemClicked.connect(lambda item: self.select(item.data(Qt.UserRole)))
        self.left_label, self.left = self._list("fileLeftAsIs", lambda: self.tr("About this file"), lambda: self.tr(
            "Parts of the file left as they are, and notes about it"))
        self.fit_timer = QTimer(self)
        self.fit_timer.setSingleShot(True)
        self.fit_timer.setInterval(FIT_ROWS_MS)
        self.fit_timer.timeout.connect(self.table.resizeRowsToContents)
        self.table.horizontalHeader().sectionResized.connect(lambda *_args: self.fit_timer.start())

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.save_button)
        top.addWidget(self.close_button)
        below = QHBoxLayout()
        self.sides = []  # each list with its title, taking room only while it has something in it
        for label, box, stretch in ((self.checks_label, self.checks, 3), (self.left_label, self.left, 2)):
            side = QWidget(self)
            column = QVBoxLayout(side)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(label)
            column.addWidget(box)
            box.setMaximumHeight(LIST_HEIGHT)
            below.addWidget(side, stretch)
            self.sides.append(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(below)
        self._show_what_applies()
        self.texts.on_change(self._retranslate)

    def _button(self, name: str, text, tip) -> QPushButton:
        button = self.text_button(text)
        button.setObjectName(name)
        self.texts.bind(button.setToolTip, tip)
        return button

    def _make_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("fileSegments")
        self.texts.bind(table.setAccessibleName, lambda: self.tr("Segments of the file and their translations"))
        table.setModel(self.model)
        table.setWordWrap(True)
        table.setTabKeyNavigation(False)  # Tab leaves the table, as it leaves the text boxes
        table.setSelectionBehavior(QAbstractItemView.SelectRows)
        table.setSelectionMode(QAbstractItemView.SingleSelection)
        table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        table.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        header = table.horizontalHeader()
        header.setSectionResizeMode(WHERE, QHeaderView.Interactive)
        header.setSectionResizeMode(SOURCE, QHeaderView.Stretch)
        header.setSectionResizeMode(TRANSLATION, QHeaderView.Stretch)
        table.setColumnWidth(WHERE, 110)
        return table

    def _list(self, name: str, title, accessible_name) -> tuple[QLabel, QListWidget]:
        return titled_list(self, self.texts, name, title, accessible_name)

    def _show_what_applies(self) -> None:
        for side, box in zip(self.sides, (self.checks, self.left)):
            side.setVisible(box.count() > 0)

    # What is shown ----------------------------------------------------------------------------------------------

    def show_file(self, file: TranslatableFile | None, job: FileJob | None) -> None:
        """``file``'s segments, with ``job``'s translations (none while its languages are not known)."""
        self.file, self._followed = file, None
        self.model.show(file.segments if file is not None else [], job)
        self.table.setColumnHidden(WHERE, file is None or not any(segment.where for segment in file.segments))
        self._retranslate()
        self.table.resizeRowsToContents()

    def _retranslate(self) -> None:
        file = self.file
        self.title.setText("" if file is None else self.tr("{name}: %n segments", "", len(file.segments)).format(
            name=file.path.name))
        self.model.recheck()
        self.show_checks()
        self.left.clear()
        for part in file.skipped if file is not None else []:
            self.left.addItem(self.tr("Left as it is: {where}: {what}").format(where=part.where, what=part.what)
                              if part.where else self.tr("Left as it is: {what}").format(what=part.what))
        self.left.addItems(file.notes if file is not None else [])
        self._show_what_applies()

    def show_checks(self) -> None:
        """Each segment's checks, in the file's order; a click selects the segment."""
        self.checks.clear()
        for row in sorted(self.model.problems):
            where = self.model.segments[row].where
            for problem in self.model.problems[row]:
                line = (self.tr("Segment {number} ({where}): {problem}") if where else
                        self.tr("Segment {number}: {problem}")).format(number=row + 1, where=where, problem=problem)
                item = QListWidgetItem(line)
                item.setData(Qt.UserRole, row)
                self.checks.addItem(item)
        self._show_what_applies()

    def segment_done(self, row: int) -> None:
        """Segment ``row`` has a translation now (the model's or the user's): checked, and fitted."""
        self.model.checked(row)
        self.show_checks()
        self.table.resizeRowToContents(row)

    def select(self, row: int) -> None:
        index = self.model.index(row, TRANSLATION)
        self.table.selectRow(row)
        self.table.scrollTo(index, QAbstractItemView.PositionAtCenter)

    # The segment being written ----------------------------------------------------------------------------------

    def start_following(self) -> None:
        """A run starts: the view goes to its first segment."""
        self._followed = None

    def follow(self, row: int) -> None:
        """Segment ``row`` is being written: the view goes there if the user was looking at the one before (or
        a run starts); scrolled elsewhere, it stays where the user put it."""
        if self._followed is None or self._visible(self._followed):
            self.table.scrollTo(self.model.index(row, SOURCE), QAbstractItemView.EnsureVisible)
        self._followed = row

    def streamed(self, row: int) -> None:
        self.table.resizeRowToContents(row)
        if self._followed == row and self._visible(row):
            self.table.scrollTo(self.model.index(row, SOURCE), QAbstractItemView.EnsureVisible)

    def _visible(self, row: int) -> bool:
        rect = self.table.visualRect(self.model.index(row, SOURCE))
        return rect.isValid() and self.table.viewport().rect().intersects(rect)

    def current_row(self) -> int | None:
        index: QModelIndex = self.table.currentIndex()
        return index.row() if index.isValid() else None
