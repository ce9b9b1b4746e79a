"""File → Documents…: the files and folders Chat can answer from, what was indexed of each (and what was skipped, and
why), the indexing's progress with pause and resume, and the embedding model that lets questions find passages by
meaning as well as by their words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
)

from assistant.core.documents.indexer import Progress
from assistant.core.documents.readers import KINDS
from assistant.ui.documents.documents_service import DocumentsService
from assistant.ui.common.dialog_parts import STRETCH, action_button, close_buttons, column, note_label, row, text_label
from assistant.ui.common.ui_language import Texts, Translatable


class DocumentsDialog(Translatable, QDialog):
    def __init__(self, documents: DocumentsService, models: list[tuple[str, str]], parent=None):
        """``models``: (label, path) of the installed models, for the embedding model."""
        super().__init__(parent)
        self.documents = documents
        self.texts = Texts(self)
        self.texts.bind(self.setWindowTitle, lambda: self.tr("Documents"))
        self.setMinimumWidth(620)
        intro = self._intro()
        sources_buttons = self._make_sources()
        self._make_progress()
        embedder_note = self._make_embedder(models)
        column(self,
               intro,
               (self.list, 1),
               sources_buttons,
               row((self.bar, 1), self.pause_button),
               self.status,
               row(text_label(self, lambda: self.tr("Embedding model")), (self.embedder, 1)),
               embedder_note,
               close_buttons(self))
        documents.changed.connect(self._fill)
        documents.progress.connect(self._show_progress)
        self.texts.on_change(self._retranslate)
        self._fill()
        self._retranslate()

    def _intro(self) -> QLabel:
        """What Chat reads, and whether scanned pages are read too (OCR)."""
        from assistant.core.images.ocr import Ocr

        intro = QLabel(self)
        intro.setWordWrap(True)
        self.has_ocr = Ocr.available()
        self.texts.bind(intro.setText, lambda: self.tr(
            "Chat can answer from these files and folders and show the passages it used. Supported: .txt .md .html "
            ".docx .pdf .epub, Chinese and English; scanned PDF pages are read by OCR, on this computer.")
            if self.has_ocr else self.tr(
            "Chat can answer from these files and folders and show the passages it used. Supported: .txt .md .html "
            ".docx .pdf .epub, Chinese and English. This copy of Hearth has no OCR, so scanned PDF pages are counted "
            "as pages without text and left out (Hearth installed with pip reads them)."))
        return intro

    def _make_sources(self) -> QHBoxLayout:
        """The list of files and folders; returns its buttons' row."""
        self.list = QListWidget(self)
        self.list.setObjectName("documentSources")
        self.texts.bind(self.list.setAccessibleName, lambda: self.tr("Document sources"))
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        add_files = action_button(self, lambda: self.tr("Add files…"), self._add_files)
        add_folder = action_button(self, lambda: self.tr("Add folder…"), self._add_folder)
        self.remove_button = action_button(self, lambda: self.tr("Remove"), self._remove)
        return row(add_files, add_folder, self.remove_button, STRETCH)

    def _make_progress(self) -> None:
        self.bar = QProgressBar(self)
        self.bar.setObjectName("indexingProgress")
        self.status = note_label(self, "indexingStatus")
        self.pause_button = QPushButton(self)
        self.pause_button.setObjectName("pauseIndexing")
        self.pause_button.clicked.connect(self._pause_or_resume)

    def _make_embedder(self, models: list[tuple[str, str]]) -> QLabel:
        """The embedding model's choice; returns the note that says what one is for."""
        self.embedder = QComboBox(self)
        self.embedder.setObjectName("embeddingModel")
        self.texts.bind(self.embedder.setAccessibleName, lambda: self.tr("Embedding model"))
        self.embedder.addItem("", None)
        for label, path in models:
            self.embedder.addItem(label, path)
        current = self.documents.embedder
        if current and self.embedder.findData(current) < 0:
            self.embedder.addItem(Path(current).name, current)
        self.embedder.setCurrentIndex(max(0, self.embedder.findData(current)) if current else 0)
        self.embedder.currentIndexChanged.connect(
            lambda _i: self.documents.set_embedder(self.embedder.currentData()))
        note = QLabel(self)
        note.setWordWrap(True)
        self.texts.bind(note.setText, lambda: self.tr(
            "Optional. With an embedding model (multilingual ones such as bge-m3 or Qwen3-Embedding are best for "
            "Chinese and English), questions also find passages that say the same thing in other words. Without "
            "one, passages are found by their words."))
        return note

    def _retranslate(self) -> None:
        self.embedder.setItemText(0, self.tr("None: find passages by their words"))
        self._update_buttons()
        self._show_progress(self.documents.last_progress)

    def _fill(self) -> None:
        selected = self.list.currentItem().data(Qt.UserRole) if self.list.currentItem() else None
        self.list.clear()
        for source in self.documents.sources.all():
            files = self.documents.files(source)
            ready = [f for f in files if f.status == "ready"]
            failed = [f for f in files if f.status == "failed"]
            line = self.tr("{source} · {files} files, {passages} passages").format(
                source=source, files=len(ready), passages=sum(f.passages for f in ready))
            if failed:
                line += " · " + self.tr("%n skipped", "", len(failed))
            unread = [f for f in ready if f.unreadable_pages]
            if unread:
                line += " · " + self.tr("%n page(s) without readable text", "",
                                        sum(f.unreadable_pages for f in unread))
            item = QListWidgetItem(line, self.list)
            item.setData(Qt.UserRole, source)
            item.setToolTip("\n".join([f"{Path(f.path).name}: {f.error}" for f in failed[:30]] + [
                self.tr("{file}: %n page(s) without readable text", "", f.unreadable_pages).format(
                    file=Path(f.path).name) for f in unread[:30]]))
            if source == selected:
                self.list.setCurrentItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.list.currentItem() is not None)
        self.pause_button.setText(self.tr("Resume") if self.documents.paused else self.tr("Pause"))
        self.pause_button.setVisible(self.documents.has_work)  # nothing running, nothing to pause: no button

    def _show_progress(self, progress) -> None:
        if isinstance(progress, tuple):  # vectors: (done, total)
            done, total = progress
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(done)
            self.status.setText(self.tr("Computing vectors: {done} of {total} passages").format(done=done,
                                                                                             total=total))
            self._update_buttons()
            return
        if not isinstance(progress, Progress):
            self.bar.setRange(0, 1)
            self.bar.setValue(1 if self.documents.sources.all() else 0)
            self.status.setText(self.documents.note or "")
            return
        if progress.paused:
            self.status.setText(self.tr("Paused."))
        elif progress.finished:
            self.bar.setRange(0, 1)
            self.bar.setValue(1)
            self.status.setText(self.tr("Up to date.") if not progress.failed else
                                self.tr("Up to date; %n file(s) could not be read (see the list).", "",
                                        progress.failed))
        else:
            self.bar.setRange(0, max(progress.total, 1))
            self.bar.setValue(progress.done)
            self.status.setText(self.tr("Reading {file} ({done} of {total})").format(
                file=Path(progress.current).name if progress.current else "…", done=progress.done + 1,
                total=progress.total))
        self._update_buttons()

    def _pause_or_resume(self) -> None:
        if self.documents.paused:
            self.documents.resume()
        else:
            self.documents.pause()
        self._update_buttons()

    def _add_files(self) -> None:
        patterns = " ".join(f"*{suffix}" for suffix in KINDS)
        paths, _filter = QFileDialog.getOpenFileNames(self, self.tr("Add documents"), str(Path.home()),
                                                      self.tr("Documents ({patterns})").format(patterns=patterns))
        if paths:
            self.documents.add(paths)

    def _add_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of documents"), str(Path.home()))
        if path:
            self.documents.add([path])

    def _remove(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.documents.remove(item.data(Qt.UserRole))
