"""Discover's note that the model source could not be reached: said once, above the list and the repository, with
what moves on from there: Retry, open a model file already here, or ask the other source (ModelScope when the Hub
is out of reach, which is where many users in mainland China download from; the Hub when ModelScope is)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from assistant.core.hub.access import HubAccess
from assistant.core.hub.unreachable import Unreachable
from assistant.core.i18n import translate
from assistant.core.storage.write_failure import write_failure
from assistant.ui.models.offline_note import OfflineNote


class UnreachableNote(OfflineNote):
    open_file_requested = Signal()  # work with a model file already here
    source_switched = Signal()  # the other source was taken and saved, as Settings would save it

    def __init__(self, access: HubAccess, status: QLabel, parent: QWidget | None = None):
        """``status``: where a choice that could not be saved is said."""
        super().__init__(lambda: Unreachable.sentence(access.source), lambda: translate("DiscoverView", "Retry"),
                         lambda: self.retry(), parent)
        self.access, self.status = access, status
        self.retry: Callable[[], object] = lambda: None  # the request that met the unreachable source
        self.setObjectName("hubUnreachable")
        self.button.setObjectName("hubRetry")
        self.add_action(lambda: translate("DiscoverView", "Open a model file…"), self.open_file_requested.emit,
                        "hubOpenFile")
        self.add_action(lambda: translate("DiscoverView", "Use the Hugging Face Hub instead")
                        if access.source == "modelscope" else translate("DiscoverView", "Use ModelScope (魔搭) instead"),
                        self._use_other_source, "otherSource")
        self.hide()

    def show_for(self, result: object, retry: Callable[[], object]) -> bool:
        """Whether ``result`` says the source could not be reached; if so it is shown, and Retry repeats
        ``retry``."""
        if not isinstance(result, Unreachable):
            return False
        self.retry = retry
        self.set_detail(result.detail)
        self.retranslate()  # the other source's name follows the one chosen now
        self.show()
        return True

    def _use_other_source(self) -> None:
        try:
            self.access.set_source("hub" if self.access.source == "modelscope" else "modelscope")
        except sqlite3.DatabaseError as exc:
            self.status.setText(translate("DiscoverView", "The choice was not kept. {advice}").format(
                advice=write_failure(exc).advice()))
            return
        self.source_switched.emit()
