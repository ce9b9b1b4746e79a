"""Drafting's review saved as a Word document with tracked changes (core/formats/docx_review.py): on the .docx the
draft was opened from while its text is unchanged (so its formatting stays), else as a document of the draft's
lines. What came of it is said on the pane's status line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from assistant.core.formats.docx_review import NotTheSameText, body_text, write_review
from assistant.core.writing.review import Review
from assistant.core.writing.word_review import edits_of


class WordExport(QObject):
    said = Signal(str)

    def __init__(self, parent: QWidget, text: Callable[[], str], review: Callable[[], Review | None],
                 source: Callable[[], Path | None]):
        """``text``: the draft now; ``review``: the review shown; ``source``: the .docx the draft came from."""
        super().__init__(parent)
        self.parent_widget, self.text, self.review, self.source = parent, text, review, source

    def save_dialog(self) -> None:
        source = self.source()
        suggested = source.with_name(f"{source.stem} (reviewed).docx") if source else Path.home() / "review.docx"
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, self.tr("Save the review as a Word document"),
                                              str(suggested), self.tr("Word document (*.docx)"))
        if path:
            self.save(Path(path))

    def save(self, path: Path) -> bool:
        review, text = self.review(), self.text()
        if review is None:
            return False
        if not review.fits(text):
            self.said.emit(self.tr("The draft changed since the review was made; run the action again to save its "
                                   "review."))
            return False
        source = self.source()
        try:
            if source is not None and (not source.exists() or body_text(source) != text):
                source = None  # edited since it was opened: a document of the draft as it is now
            written = write_review(path, text, edits_of(review), source=source)
        except (OSError, NotTheSameText) as exc:
            self.said.emit(self.tr("The review was not saved: {error}").format(error=getattr(exc, "strerror", None)
                                                                                 or exc))
            return False
        said = self.tr("Saved the review to {file}: {count} tracked changes with their explanations.").format(
            file=written.path.name, count=written.written)
        if written.left_out:
            said += " " + self.tr("{count} that join or split paragraphs are not in it; apply them here.").format(
                count=written.left_out)
        self.said.emit(said)
        return True
