"""The sources under a text composed from the user's documents: one link a passage, each opening it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from assistant.ui.documents.source_view import open_source, source_place


class SourcesLine(QLabel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("draftSources")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.LinksAccessibleByMouse | Qt.LinksAccessibleByKeyboard)
        self.linkActivated.connect(lambda link: self.open_source(int(link.split(":")[-1])))
        self.documents = None  # ui/documents service, to open a passage in its document
        self.sources: list[dict] = []
        self.hide()

    def show_sources(self, sources: list[dict]) -> None:
        self.sources = sources
        links = " · ".join(f"<a href='source:{int(source['number'])}'>[{int(source['number'])}] "
                           f"{html.escape(source_place(source))}</a>" for source in sources)
        self.setText(f"<b>{html.escape(self.tr('Sources'))}</b>: {links}")
        self.setVisible(bool(sources))

    def listing(self, sources: list[dict]) -> str:
        """The sources as they end the text composed from them, where they stay with the draft."""
        return "\n\n" + self.tr("Sources") + "\n" + "\n".join(
            f"[{source['number']}] {source_place(source)}" for source in sources)

    def open_source(self, number: int) -> None:
        source = next((s for s in self.sources if s.get("number") == number), None)
        if source is not None:
            open_source(source, self.window(), self.documents)
