"""The Models pane: Discover (recommended and Hub search), Downloads (the queue) and Installed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from assistant.core.hub.downloads import download_plans
from assistant.core.hub.hub_client import RepoFiles, env_offline
from assistant.core.hub.files import HubModel, is_projector_name
from assistant.core.library.recommended import Recommendation
from assistant.ui.models.discover_view import DiscoverView
from assistant.ui.models.downloads_view import DownloadsView
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.models.installed_view import InstalledView
from assistant.ui.models.offline_note import OfflineNote


class ModelsPane(Translatable, QWidget):
    load_requested = Signal(str)
    installed_changed = Signal(list)  # InstalledModel list
    message = Signal(str)  # for the status bar

    def __init__(self, services, parent=None):
        super().__init__(parent)
        models_dir = self.models_dir = services.models_dir
        access = self.access = services.access
        self._source = access.source  # where Discover searches (Settings › Model sources)
        self.background = services.background
        self.queue_signals = services.queue_signals
        self.queue = services.downloads

        self.discover = DiscoverView(access, self.background, self)
        self.discover.download_requested.connect(self.download)
        self.discover.open_file_requested.connect(self._import_offline)
        self.discover.source_switched.connect(self.settings_changed)
        self.downloads = DownloadsView(self.queue, self.queue_signals, self)
        self.downloads.finished.connect(self._download_finished)
        self.downloads.counts_changed.connect(self._show_count)
        self.installed = InstalledView(models_dir, self.background, self)
        self.installed.load_requested.connect(self.load_requested)
        self.installed.changed.connect(self.installed_changed)
        self.installed.discover_requested.connect(lambda: self.tabs.setCurrentWidget(self.discover))

        # Offline, what moves on is a model file already here: Import opens one.
        self.offline_note = OfflineNote(lambda: self.tr(
            "Offline mode is on: the Hub is not contacted. Installed models work as usual; turn it off in Settings "
            "to search and download."), lambda: self.tr("Import GGUF file…"), self._import_offline, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("modelsTabs")
        self.tabs.addTab(self.discover, icon("search"), "")
        self.tabs.addTab(self.downloads, icon("download"), "")
        self.tabs.addTab(self.installed, icon("box"), "")
        self.active_downloads = 0
        texts = self.texts = Texts(self)
        texts.bind(self.tabs.setAccessibleName, lambda: self.tr("Models: discover, downloads, installed"))
        texts.bind(lambda text: self.tabs.setTabText(0, text), lambda: self.tr("Discover"))
        texts.bind(lambda text: self.tabs.setTabText(2, text), lambda: self.tr("Installed"))
        texts.on_change(self.offline_note.retranslate)
        texts.on_change(lambda: self._show_count(self.active_downloads))
        self._show_count(0)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACING["s"])
        layout.addWidget(self.offline_note)
        layout.addWidget(self.tabs)
        self.settings_changed()
        self.queue.restore()
        self.installed.refresh()

    def settings_changed(self) -> None:
        offline = self.access.offline or env_offline()
        self.offline_note.setVisible(offline)
        if self.access.source != self._source:  # what Discover found came from the other source
            self._source = self.access.source
            self.discover.source_changed()

    def _import_offline(self) -> None:
        self.tabs.setCurrentWidget(self.installed)
        self.installed.import_dialog()

    def download(self, model: HubModel, repo: RepoFiles) -> list[str]:
        """Queue the model and, where the repository has one for it, its image projector; their queue keys."""
        plans = download_plans(repo, model, Path(self.models_dir))
        keys = [self.queue.add(plan) for plan in plans]
        self.tabs.setCurrentWidget(self.downloads)
        if len(plans) > 1:
            self.message.emit(self.tr("Downloading {model} and its image projector…").format(
                model=model.display_name))
        else:
            self.message.emit(self.tr("Downloading {model}…").format(model=model.display_name))
        return keys

    def show_recommendation(self, entry: Recommendation) -> None:
        self.tabs.setCurrentWidget(self.discover)
        self.discover.show_recommendation(entry)

    def set_loaded_model(self, path: str | None) -> None:
        self.installed.set_loaded(path)

    def _download_finished(self, path: str) -> None:
        self.installed.refresh()
        if is_projector_name(path):
            self.message.emit(self.tr("Installed the image projector {file}: the models beside it read images.")
                              .format(file=Path(path).name))
            return
        self.message.emit(self.tr("Installed {file}. Select it in Installed and press “Use in chat”.").format(
            file=Path(path).name))

    def _show_count(self, active: int) -> None:
        self.active_downloads = active
        self.tabs.setTabText(self.tabs.indexOf(self.downloads),
                             self.tr("Downloads ({count})").format(count=active) if active else self.tr("Downloads"))
