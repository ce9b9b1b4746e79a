"""The window's panes, one in front, some built only when first asked for.

Start-up shows Chat; Drafting and Translation took a third of the window's making (and a tenth of the imports),
so each is given as a function that builds it, and an empty page holds its place until the pane is first shown
or asked for (a menu, the palette, a window restored with it in front, a test)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget

Pane = QWidget | Callable[[], QWidget]


class PaneStack(QStackedWidget):
    def __init__(self, panes: list[Pane], parent: QWidget | None = None):
        """``panes``: in the rail's order, each a widget or a function that builds it (called once)."""
        super().__init__(parent)
        self._builders: dict[int, Callable[[], QWidget]] = {}
        for row, pane in enumerate(panes):
            if isinstance(pane, QWidget):
                self.addWidget(pane)
            else:
                self._builders[row] = pane
                self.addWidget(QWidget(self))

    def pane(self, row: int) -> QWidget:
        """The pane in ``row``, built now if it was not yet."""
        builder = self._builders.pop(row, None)
        if builder is None:
            return self.widget(row)
        placeholder, shown = self.widget(row), self.currentIndex() == row
        pane = builder()
        self.insertWidget(row, pane)
        if shown:
            self.setCurrentWidget(pane)
        self.removeWidget(placeholder)
        placeholder.deleteLater()
        return pane

    def built(self, row: int) -> QWidget | None:
        """The pane in ``row`` if it has been built, else None (and it is not built)."""
        return None if row in self._builders else self.widget(row)

    def show_row(self, row: int) -> None:
        if 0 <= row < self.count():
            self.setCurrentWidget(self.pane(row))
