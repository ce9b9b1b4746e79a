"""Finding a model: the recommended list, Hub search, and a repository's GGUF files with what each needs."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QWidget,
)

from assistant.core.engines.hardware import system_memory
from assistant.core.hub.hub_client import RepoFiles, RepoSummary, sort_label
from assistant.core.hub.files import HubModel, repo_named
from assistant.core.hub.access import HubAccess
from assistant.core.hub.unreachable import Unreachable, or_unreachable
from assistant.core.engines.memory_fit import need_from_size, on_machine
from assistant.core.engines.memory_parts import free_for
from assistant.core.library.recommended import Recommendation, recommendations
from assistant.core.units import human_size
from assistant.ui.common.background import Background
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import action_button, column, note_label, row
from assistant.ui.common.memory_bar import MemoryBar
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.markdown_html import MarkdownRenderer
from assistant.ui.common.style_flag import set_flag
from assistant.ui.common import theme
from assistant.ui.models.model_cards import card_list
from assistant.ui.models.search_bar import SearchBar
from assistant.ui.models.result_items import FILE_ROLE, FOUND_ROLE, REPO_ROLE, found_items, recommended_items
from assistant.ui.models.unreachable_note import UnreachableNote
from assistant.ui.models.primary_button import make_primary
from assistant.ui.models.verdict_badge import ASIDE_ROLE, VERDICT_ROLE, VerdictBadge, VerdictCellDelegate



class DiscoverView(Translatable, QWidget):
    download_requested = Signal(object, object)  # HubModel, RepoFiles (the commit, and the projector to fetch)
    open_file_requested = Signal()  # the Hub unreachable: work with a model file already here
    source_switched = Signal()  # the unreachable note's other source was taken (saved in the settings already)

    def __init__(self, access: HubAccess, background: Background, parent=None):
        super().__init__(parent)
        self.setObjectName("discoverView")
        self.setAttribute(Qt.WA_StyledBackground)  # the style sheet's background: the window's surface
        self.access = access
        self.background = background
        self.repo: RepoFiles | None = None
        self.models: list[HubModel] = []
        self.memory = system_memory()
        self.hardware = None  # a HardwareReport once the main window has one: then GPUs count too
        self.renderer = MarkdownRenderer()
        self.found: list[RepoSummary] = []
        self.card_text: str | None = None
        self.texts = Texts(self)
        search_bar = self._make_search()
        self._make_results()
        self._make_unreachable()
        self._make_repo()
        self._lay_out(search_bar)
        self._recommended = recommendations()
        self._wanted_file: str | None = None
        self.repo_id: str | None = None
        self._failed_repo: str | None = None  # the repository whose listing failed: its card's failure is not said
        self.show_results([])
        self._retranslate()
        self.texts.on_change(self._retranslate)
        theme.notifier().changed.connect(self._theme_changed)  # a method: Qt disconnects it with this widget

    def _make_search(self) -> QHBoxLayout:
        """The search box, its sort order and its button, in a row (ui/models/search_bar.py)."""
        bar = SearchBar(self, self.texts, self.access)
        self.search_box, self.sort_box, self.search_button = bar.box, bar.sort, bar.button
        self.search_box.returnPressed.connect(self.search)
        self.sort_box.currentIndexChanged.connect(self._sort_changed)
        self.search_button.clicked.connect(self.search)
        return bar.layout()

    def _make_unreachable(self) -> None:
        self.unreachable = UnreachableNote(self.access, self.status, self)
        self.unreachable.open_file_requested.connect(self.open_file_requested)
        self.unreachable.source_switched.connect(self._source_switched)
        self.unreachable.retry = self.search
        self.texts.on_change(self.unreachable.retranslate)

    def _unreachable(self, result: object, retry) -> bool:
        return self.unreachable.show_for(result, retry)

    def _source_switched(self) -> None:
        """The other source was taken: the Models pane clears what this one gave (and a search is asked again);
        a repository that could not be opened is asked of the other source."""
        retry = self.unreachable.retry
        self.source_switched.emit()
        if retry != self.search:
            retry()

    def _make_results(self) -> None:
        self.results = card_list(QListWidget(self))
        self.results.setObjectName("hubResults")
        self.texts.bind(self.results.setAccessibleName, lambda: self.tr("Models found"))
        self.results.currentItemChanged.connect(self._result_chosen)
        self.status = note_label(self, "hubStatus")

    def _make_repo(self) -> None:
        """A repository: its title, its GGUF files with what each needs here, Download, and its card."""
        texts = self.texts
        self.repo_title = QLabel(self)
        self.repo_title.setObjectName("repoTitle")
        self.repo_title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.files = QTableWidget(0, 4, self)
        self.files.setObjectName("repoFiles")
        texts.bind(self.files.setAccessibleName, lambda: self.tr("Model files in this repository"))
        texts.bind(self.files.setHorizontalHeaderLabels, lambda: [
            self.tr("Quantization"), self.tr("File"), self.tr("Size"), self.tr("Memory on this computer")])
        self.files.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.files.setSelectionMode(QAbstractItemView.SingleSelection)
        self.files.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.files.verticalHeader().hide()
        header = self.files.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeToContents)
        self.files.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # the file's name is elided, in its tooltip
        self.files.setTextElideMode(Qt.ElideMiddle)
        self.files.setWordWrap(False)
        self.files.setItemDelegateForColumn(3, VerdictCellDelegate(self.files))
        self.files.itemSelectionChanged.connect(self._file_chosen)
        self.files.doubleClicked.connect(self.download_selected)
        # The chosen file: its verdict as a badge, the memory bar, the sentence, and Download, the one primary action.
        self.badge = VerdictBadge(self)
        self.memory_bar = MemoryBar(self)
        self.memory_bar.hide()
        self.fit_label = note_label(self, "fitVerdict")
        self.download_button = action_button(self, lambda: self.tr("Download"), self.download_selected,
                                             "downloadButton")
        make_primary(self.download_button)
        self.download_button.setEnabled(False)
        self.card = QTextBrowser(self)
        self.card.setObjectName("repoCard")
        texts.bind(self.card.setAccessibleName, lambda: self.tr("Repository description"))
        self.card.setOpenLinks(False)

    def _lay_out(self, search_bar: QHBoxLayout) -> None:
        """The list on the left, the repository on the right, in a splitter whose sizes are kept between starts
        (MainWindow.save_window_state)."""
        left, right = QWidget(self), QWidget(self)
        column(left, search_bar, self.status, (self.results, 1), margins=False)
        self.badge.setSizePolicy(QSizePolicy.Maximum, QSizePolicy.Fixed)
        fit = row((self.badge, 0, Qt.AlignTop), (self.memory_bar, 1), (self.download_button, 0, Qt.AlignTop))
        fit.setSpacing(SPACING["s"])
        right_column = column(right, self.repo_title, (self.files, 2), fit, self.fit_label, (self.card, 3),
                              margins=False)
        right_column.setSpacing(SPACING["s"])
        splitter = QSplitter(self)
        splitter.setObjectName("discoverSplitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([380, 620])
        column(self, self.unreachable, splitter).setContentsMargins(SPACING["s"], SPACING["s"], SPACING["s"], SPACING["s"])

    def _theme_changed(self, _dark: bool) -> None:
        self._retranslate()  # the verdict colours

    def _retranslate(self) -> None:
        """Redraw what was composed from the core's words (sort orders, verdicts), in the language now used."""
        for index in range(self.sort_box.count()):
            self.sort_box.setItemText(index, sort_label(self.sort_box.itemData(index)))
        self.show_results(self.found)
        if self.repo is not None:
            self._show_repo(self.repo)
        elif self.repo_id is None:
            self.repo_title.setText(self.tr("Choose a model on the left."))
        if self.card_text is not None:
            self._show_card(self.card_text)

    # The list on the left -------------------------------------------------------------------------------

    def show_results(self, found: list[RepoSummary]) -> None:
        """Recommended models first, then the search results."""
        self.found = found
        current = self.results.currentItem()
        chosen = (current.data(REPO_ROLE), current.data(FILE_ROLE)) if current is not None else None
        self.results.blockSignals(True)  # redrawing is not choosing
        self.results.clear()
        for item in [*recommended_items(self._recommended, self.access.source, self.memory, self.hardware),
                     *found_items(found, self._counts, self.access.source)]:
            self.results.addItem(item)
        for index in range(self.results.count()):
            item = self.results.item(index)
            if chosen and (item.data(REPO_ROLE), item.data(FILE_ROLE)) == chosen:
                self.results.setCurrentRow(index)
        self.results.blockSignals(False)

    def _counts(self, summary: RepoSummary) -> str:
        return self.tr("%Ln downloads", "", summary.downloads) + " · " + self.tr("%Ln likes", "", summary.likes)

    def search(self) -> None:
        text = self.search_box.text()
        named = repo_named(text)
        if named is not None:  # a repository's name or address: opened, a private one too, which no search lists
            self.status.clear()  # its title says it is loading, then what it holds or why it cannot be opened
            self.show_results([])
            self.open_repo(named)
            return
        sort = self.sort_box.currentData()
        self.status.setText(self.tr("Searching…"))
        self.search_button.setEnabled(False)
        client = self.access.client
        self.background.run("search", lambda: or_unreachable(lambda: client().search(text, sort)), self._found,
                            self._search_failed, receiver=self)

    def _sort_changed(self) -> None:
        if self.search_box.text().strip():
            self.search()

    def _found(self, found: list[RepoSummary] | Unreachable) -> None:
        self.search_button.setEnabled(True)
        if self._unreachable(found, self.search):
            self.status.clear()
            return
        self.unreachable.hide()
        self.status.setText("" if found else self.tr("Nothing found. Try fewer or other words."))
        self.show_results(found)
        header = next((self.results.item(i) for i in range(self.results.count())
                       if self.results.item(i).data(FOUND_ROLE)), None)
        if header is not None:  # below the recommended models: brought into view, not left to be scrolled to
            self.results.scrollToItem(header, QAbstractItemView.PositionAtTop)

    def _search_failed(self, message: str) -> None:
        self.search_button.setEnabled(True)
        self.status.setText(message)

    # A repository ---------------------------------------------------------------------------------------

    def _result_chosen(self, item: QListWidgetItem | None) -> None:
        if item is None or not item.data(REPO_ROLE):
            return
        self.open_repo(item.data(REPO_ROLE), item.data(FILE_ROLE))

    def open_repo(self, repo_id: str, wanted_file: str | None = None) -> None:
        self.repo, self._failed_repo = None, None
        self.repo_id = repo_id
        self.card_text = None
        self.models = []
        self._wanted_file = wanted_file
        self.files.setRowCount(0)
        self.download_button.setEnabled(False)
        self._show_fit(None)
        self.card.clear()
        self.repo_title.setText(f"<b>{repo_id}</b> · " + self.tr("loading…"))
        client = self.access.client
        self.background.run("repo", lambda: or_unreachable(lambda: client().repo_files(repo_id)),
                            lambda repo: self._repo_arrived(repo, repo_id, wanted_file),
                            lambda message: self._repo_failed(repo_id, message), receiver=self)
        self.background.run("card", lambda: or_unreachable(lambda: client().card(repo_id)), self._card_arrived,
                            self._card_failed, receiver=self)

    def _repo_arrived(self, repo: RepoFiles | Unreachable, repo_id: str, wanted_file: str | None) -> None:
        if self._unreachable(repo, lambda: self.open_repo(repo_id, wanted_file)):
            self.repo_title.setText(f"<b>{repo_id}</b>")  # the note above says why there is nothing more
            return
        self.unreachable.hide()
        self._show_repo(repo)

    def _card_arrived(self, text: str | Unreachable) -> None:
        if not isinstance(text, Unreachable):  # unreachable: the note says so once, for the files and the card
            self._show_card(text)

    def _show_repo(self, repo: RepoFiles) -> None:
        self.repo = repo
        self.models = repo.models
        gated = " · " + self.tr("gated") if repo.gated else ""
        if self.access.source == "modelscope":  # where the files come from, after a switch of source
            gated += " · " + self.tr("on ModelScope (魔搭)")
        sees = " · " + self.tr("reads images") if repo.reads_images else ""
        self.repo_title.setText(f"<b>{repo.repo_id}</b>{gated} · "
                                + self.tr("%n GGUF models", "", len(self.models)) + sees)
        chosen = self.selected_model()
        self.files.blockSignals(True)
        self.files.setRowCount(len(self.models))
        select = 0
        for line, model in enumerate(self.models):
            need = need_from_size(model.size, model.quantization)
            result, sentence = on_machine(need, self.memory, self.hardware)
            about = self.tr("about {size}").format(size=human_size(need.total))
            unverified = "" if model.verified else " · " + self.tr("not verified")  # its tooltip says why
            cells = [model.quantization, model.display_name, human_size(model.size) + unverified,
                     self.tr("{verdict} · about {size}").format(verdict=result.label(), size=human_size(need.total))]
            for place, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(sentence if place == 3 else text if place != 2 or model.verified else self.tr(
                    "not verified: the source gives no checksum, so only the size is checked"))
                if place == 3:
                    item.setData(VERDICT_ROLE, result)
                    item.setData(ASIDE_ROLE, about)
                self.files.setItem(line, place, item)
            if chosen is not None:
                if model == chosen:
                    select = line
            elif model.name == self._wanted_file or (self._wanted_file is None and model.quantization == "Q4_K_M"):
                select = line
        self.files.blockSignals(False)
        if self.models:
            self.files.selectRow(select)
            self._file_chosen()
        else:
            self._show_fit(None, self.tr("This repository has no GGUF files that can be loaded."))

    def _repo_failed(self, repo_id: str, message: str) -> None:
        self.repo_title.setText(f"<b>{repo_id}</b>")
        self._show_fit(None, message, failed=True)
        self._failed_repo = repo_id
        self.card.clear()  # the card's own failure says the same again

    def _show_fit(self, model: HubModel | None, sentence: str = "", failed: bool = False) -> str:
        """The chosen file's verdict (badge and memory bar) and its sentence; without a file, only the words."""
        if model is None:
            self.badge.set_verdict(None)
            self.memory_bar.clear()
            self.memory_bar.hide()
        else:
            need = need_from_size(model.size, model.quantization)
            result, sentence = on_machine(need, self.memory, self.hardware)
            self.badge.set_verdict(result)
            self.memory_bar.show_need(need, *free_for(need, self.memory, self.hardware))
            self.memory_bar.show()
        self.fit_label.setText(sentence)
        set_flag(self.fit_label, "failed", failed)
        return sentence

    def _show_card(self, text: str) -> None:
        self.card_text = text
        html, _blocks = self.renderer.render(text or "*" + self.tr("This repository has no description.") + "*")
        self.card.setHtml(html)

    def _card_failed(self, message: str) -> None:
        if self._failed_repo != self.repo_id:  # said once, above, when the repository itself could not be opened
            self.card.setPlainText(message)

    def source_changed(self) -> None:
        """Another source was chosen: what was found and opened came from the other one, so it goes, and the
        search (if one was typed) is asked of the new source."""
        self.retranslate_texts()
        self.unreachable.hide()
        self.status.clear()
        self.repo, self.models = None, []
        self.files.setRowCount(0)
        self.repo_title.clear()
        self.card.clear()
        self.download_button.setEnabled(False)
        self.show_results([])
        if self.search_box.text().strip():
            self.search()

    def selected_model(self) -> HubModel | None:
        rows = self.files.selectionModel().selectedRows()
        return self.models[rows[0].row()] if rows and rows[0].row() < len(self.models) else None

    def _file_chosen(self) -> None:
        model = self.selected_model()
        self.download_button.setEnabled(model is not None)
        if model is not None:
            sentence = self._show_fit(model)
            projector = self.repo.projector_for(model) if self.repo is not None else None
            if projector is not None:
                self.fit_label.setText(sentence + "\n" + self.tr(
                    "Reads images: its image projector {file} ({size}) is downloaded with it.").format(
                    file=projector.name, size=human_size(projector.size)))

    def download_selected(self) -> None:
        model = self.selected_model()
        if model is not None and self.repo is not None:
            self.download_requested.emit(model, self.repo)

    def show_recommendation(self, entry: Recommendation) -> None:
        self.open_repo(entry.repo_id, entry.file)
