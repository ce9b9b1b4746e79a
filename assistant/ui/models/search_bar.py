"""Discover's search row: the field (words to search, or a repository's name or address to open), the sort order,
and the search button, worded for the source chosen (the Hub or ModelScope) and in Discover's context."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from assistant.core.hub.access import HubAccess
from assistant.core.hub.hub_client import SORTS
from assistant.core.i18n import translate
from assistant.ui.common.dialog_parts import row
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts


class SearchBar:
    def __init__(self, owner: QWidget, texts: Texts, access: HubAccess):
        on_modelscope = lambda: access.source == "modelscope"  # noqa: E731 (read again as the source changes)
        self.box = QLineEdit(owner)
        self.box.setObjectName("hubSearch")
        texts.bind(self.box.setAccessibleName, lambda: translate("DiscoverView", "Search ModelScope (魔搭)")
                   if on_modelscope() else translate("DiscoverView", "Search the Hugging Face Hub"))
        # Short enough for the box at its narrowest; the tooltip says the rest.
        texts.bind(self.box.setPlaceholderText, lambda: translate("DiscoverView", "Search or paste owner/name"))
        texts.bind(self.box.setToolTip, lambda: translate(
            "DiscoverView", "Words to search ModelScope (魔搭) for GGUF models; a repository's name (owner/name) or "
                            "its page's address opens it") if on_modelscope() else translate(
            "DiscoverView", "Words to search the Hugging Face Hub for GGUF models; a repository's name (owner/name) "
                            "or its page's address opens it"))
        self.box.setClearButtonEnabled(True)
        self.sort = QComboBox(owner)
        self.sort.setSizeAdjustPolicy(QComboBox.AdjustToContents)  # as wide as its words in each language
        texts.bind(self.sort.setAccessibleName, lambda: translate("DiscoverView", "Sort by"))
        for key in SORTS:
            self.sort.addItem("", key)
        # An icon beside the field, as a search field's button is everywhere; its word is its tooltip and name.
        self.button = QPushButton(icon("search"), "", owner)
        self.button.setObjectName("searchButton")
        texts.bind(self.button.setToolTip, lambda: translate("DiscoverView", "Search"))
        texts.bind(self.button.setAccessibleName, lambda: translate("DiscoverView", "Search"))

    def layout(self) -> QHBoxLayout:
        return row((self.box, 1), self.sort, self.button)
