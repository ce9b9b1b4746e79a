"""Drafting's left side: the drafts under their heading, with New draft (+) and Delete (the bin) beside it, and the
versions of the one open (Restore version)."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from assistant.core.storage.drafts import CREATED, UNTITLED, Draft, Version
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.tool_buttons import icon_button


class DraftsSidebar(Translatable, QWidget):
    draft_chosen = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.texts = Texts(self)
        self.draft_list = self._list("draftList", lambda: self.tr("Drafts"))
        self.draft_list.setMinimumWidth(140)
        self.draft_list.currentItemChanged.connect(
            lambda item: item is not None and self.draft_chosen.emit(item.data(Qt.UserRole)))
        self.new_button = icon_button(self, "newDraft", "plus", lambda: self.tr("New draft"))
        self.delete_button = icon_button(self, "deleteDraft", "trash-2", lambda: self.tr("Delete draft"),
                                         lambda: self.tr("Delete this draft and all its versions…"))
        self.version_list = self._list("versionList", lambda: self.tr("Versions of the draft"))
        # A version's time and note wrap under each other in a narrow list (a style sheet's item padding keeps Qt
        # from eliding them: they would be cut); the whole entry is its tooltip too.
        self.version_list.setWordWrap(True)
        self.restore_button = self.text_button(lambda: self.tr("Restore version"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING["xs"])
        row = QHBoxLayout()
        row.setSpacing(SPACING["xxs"])
        heading = self._heading(lambda: self.tr("Drafts"))
        row.addWidget(heading, 1)
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        layout.addLayout(row)
        layout.addWidget(self.draft_list, 2)
        self.versions_label = self._heading(lambda: self.tr("Versions"))
        layout.addWidget(self.versions_label)
        layout.addWidget(self.version_list, 1)
        layout.addWidget(self.restore_button)

    def _heading(self, text) -> QLabel:
        label = QLabel(self)
        label.setObjectName("sidebarHeading")
        self.texts.bind(label.setText, text)
        return label

    def _list(self, name: str, accessible_name) -> QListWidget:
        box = QListWidget(self)
        box.setObjectName(name)
        self.texts.bind(box.setAccessibleName, accessible_name)
        # A long title or note ends in "…" (the whole of it in the tooltip), not in a scroll bar under a narrow list.
        box.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        box.setTextElideMode(Qt.ElideRight)
        return box

    def title(self, stored: str) -> str:
        return self.tr("Untitled draft") if stored == UNTITLED else stored

    def show_drafts(self, drafts: list[Draft], select: int | None = None) -> None:
        """The list anew, ``select`` highlighted without being announced as chosen."""
        self.draft_list.blockSignals(True)
        self.draft_list.clear()
        for draft in drafts:
            item = QListWidgetItem(self.title(draft.title))
            item.setToolTip(item.text())
            item.setData(Qt.UserRole, draft.id)
            self.draft_list.addItem(item)
            if draft.id == select:
                self.draft_list.setCurrentItem(item)
        self.draft_list.blockSignals(False)

    def highlight(self, draft_id: int | None) -> None:
        """Back to the row of ``draft_id`` (the draft that stays open), without announcing it as chosen."""
        self.draft_list.blockSignals(True)
        self.draft_list.setCurrentItem(self._row_of(draft_id))
        self.draft_list.blockSignals(False)

    def set_title(self, draft_id: int, stored: str) -> None:
        """This draft's own row: when another draft has just been chosen, the list's current row is already that
        one's, and this draft is being saved on its way out."""
        row, title = self._row_of(draft_id), self.title(stored)
        if row is not None and row.text() != title:
            row.setText(title)
            row.setToolTip(title)

    def _row_of(self, draft_id: int | None) -> QListWidgetItem | None:
        for index in range(self.draft_list.count()):
            if self.draft_list.item(index).data(Qt.UserRole) == draft_id:
                return self.draft_list.item(index)
        return None

    def show_versions(self, versions: list[Version]) -> None:
        self.version_list.clear()
        for version in versions:
            when = QLocale().toString(QDateTime.fromSecsSinceEpoch(int(version.created_at)), "d MMM HH:mm:ss")
            note = self.tr("Created") if version.note == CREATED else version.note
            item = QListWidgetItem(f"{when} · {note}")
            item.setToolTip(item.text())
            item.setData(Qt.UserRole, (version.content, when))
            self.version_list.addItem(item)
        # A draft's first version has nothing to go back to: the section shows once there is.
        several = self.version_list.count() > 1
        for widget in (self.versions_label, self.version_list, self.restore_button):
            widget.setVisible(several)

    def chosen_version(self) -> tuple[str, str] | None:
        """The version chosen to restore: its text and when it was made, as listed."""
        item = self.version_list.currentItem()
        return tuple(item.data(Qt.UserRole)) if item is not None else None
