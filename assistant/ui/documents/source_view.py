"""A reply's source, opened: the exact passage the model was given, highlighted between the passages around it, and
for a PDF the page itself, so that a reader can check the answer against the document, not against the model's
word for it."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
)

from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.theme import colours

PAGE_WIDTH = 760  # pixels the page is drawn at


def page_image(path: str, page: int, width: int = PAGE_WIDTH) -> QImage | None:
    """A PDF page drawn by pdfium, or None when the file cannot be drawn (moved, changed, not a PDF any more)."""
    try:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(path)
        try:
            sheet = document[page - 1]
            scale = width / max(sheet.get_width(), 1)
            bitmap = sheet.render(scale=scale, rev_byteorder=True)  # RGB(A) in byte order, as QImage reads it
            array = bitmap.to_numpy()
            height, row_width = array.shape[0], array.shape[1]
            fmt = QImage.Format_RGBA8888 if array.shape[2] == 4 else QImage.Format_RGB888
            return QImage(array.tobytes(), row_width, height, array.strides[0], fmt).copy()
        finally:
            document.close()
    except Exception:  # noqa: BLE001 - the passage is still shown; the page simply is not
        return None


def source_place(source: dict) -> str:
    """Where a source is, as a reader looks it up: the file, then the page (a PDF) or the paragraph."""
    name = Path(str(source.get("path", ""))).name
    if source.get("page") is not None:
        return QCoreApplication.translate("SourceView", "{file}, page {page}").format(file=name, page=source["page"])
    return QCoreApplication.translate("SourceView", "{file}, paragraph {paragraph}").format(
        file=name, paragraph=source.get("paragraph"))


def open_source(source: dict, parent, documents=None) -> SourceView:
    """Show a source beside the passages around it (from ``documents``, the DocumentsService, when there is one)."""
    neighbours = (documents.neighbours(int(source.get("passage_id", 0)), str(source.get("path", "")))
                  if documents is not None else ("", ""))
    view = SourceView(source, parent, neighbours)
    view.setAttribute(Qt.WA_DeleteOnClose)
    view.open()
    return view


class SourceView(Translatable, QDialog):
    def __init__(self, source: dict, parent=None, neighbours: tuple[str, str] = ("", "")):
        """``source``: as a message keeps it (number, path, page, paragraph, text). ``neighbours``: the passages
        before and after it in the document, when the index still has them."""
        super().__init__(parent)
        self.source = source
        texts = self.texts = Texts(self)
        path = str(source.get("path", ""))
        page = source.get("page")
        self.setWindowTitle(f"[{source.get('number')}] {source_place(source)}")
        self.resize(820, 720)
        layout = QVBoxLayout(self)
        where = QLabel(path, self)
        where.setObjectName("sourcePath")
        where.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(where)
        if not Path(path).exists():
            missing = QLabel(self)
            missing.setWordWrap(True)
            texts.bind(missing.setText, lambda: self.tr("The file is no longer there; this is the passage as it was "
                                                        "indexed."))
            layout.addWidget(missing)
        self.passage = QTextBrowser(self)
        self.passage.setObjectName("sourcePassage")
        texts.bind(self.passage.setAccessibleName, lambda: self.tr("The passage the answer was given"))
        before, after = neighbours
        mark = colours()["highlight"]
        self.passage.setHtml(
            (f"<p style='color:gray;'>{html.escape(before)}</p>" if before else "")
            + f"<a name='passage'></a><p style='background-color:{mark};'>"
            + html.escape(str(source.get("text", ""))).replace("\n", "<br>") + "</p>"
            + (f"<p style='color:gray;'>{html.escape(after)}</p>" if after else ""))
        self.passage.scrollToAnchor("passage")
        self.page_label: QLabel | None = None
        if page is not None and Path(path).exists():
            image = page_image(path, int(page))
            if image is not None:
                self.page_label = QLabel(self)
                self.page_label.setObjectName("sourcePage")
                self.page_label.setPixmap(QPixmap.fromImage(image))
                scroll = QScrollArea(self)
                scroll.setWidget(self.page_label)
                layout.addWidget(scroll, 3)
        layout.addWidget(self.passage, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        open_file = QPushButton(self)
        texts.bind(open_file.setText, lambda: self.tr("Open the file"))
        open_file.setEnabled(Path(path).exists())
        open_file.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(path)))
        buttons.addButton(open_file, QDialogButtonBox.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
