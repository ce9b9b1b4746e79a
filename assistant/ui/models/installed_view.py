"""Installed models as cards (name, quantization, size, what the header says, the memory verdict's badge), and
loading (the primary action), revealing, deleting and importing them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from assistant.core.library.gguf_file import read_gguf
from assistant.core.engines.hardware import HardwareReport, system_memory
from assistant.core.engines.memory_fit import Verdict, explain, need_from_header, on_machine
from assistant.core.engines.memory_parts import free_for
from assistant.core.engines.offload_plan import ModelShape, plan_for_machine
from assistant.core.library.models import InstalledModel, delete_model, import_model, installed_models
from assistant.core.units import human_size
from assistant.ui.common.background import Background
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import STRETCH, action_button, column, note_label, row
from assistant.ui.common.icons import icon
from assistant.ui.common.memory_bar import MemoryBar
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.models.model_cards import card_item, card_list
from assistant.ui.models.primary_button import make_primary

FIELDS_ROLE = Qt.UserRole + 20  # the card's facts in order: name, file, architecture, parameters, quantization,
# context, size, from (what the table's columns were)


class InstalledView(Translatable, QWidget):
    load_requested = Signal(str)
    changed = Signal(list)  # the new list of InstalledModel, for the chat pane's picker
    discover_requested = Signal()  # the empty state's button: find a model

    def __init__(self, models_dir: Path, background: Background, parent=None):
        super().__init__(parent)
        self.setObjectName("installedView")
        self.setAttribute(Qt.WA_StyledBackground)  # the style sheet's background: the window's surface
        self.models_dir = models_dir
        self.background = background
        self.models: list[InstalledModel] = []
        self.loaded_path: str | None = None
        self.hardware: HardwareReport | None = None
        self.path_box: QMessageBox | None = None  # the path, shown where no file manager opened its folder

        texts = self.texts = Texts(self)
        self.cards = card_list(QListWidget(self))
        self.cards.setObjectName("installedModels")
        texts.bind(self.cards.setAccessibleName, lambda: self.tr("Installed models"))
        self.cards.itemSelectionChanged.connect(self._selection_changed)
        # A double click loads, as the table did (not itemActivated: some desktops activate on a single click).
        self.cards.itemDoubleClicked.connect(lambda _item: self.load_selected())
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._empty_state())
        self.stack.addWidget(self.cards)
        self.detail = note_label(self, "installedDetail", selectable=True)
        self.memory_bar = MemoryBar(self)  # the chosen model's estimate, part by part, against memory free now
        self.memory_bar.hide()
        self.load_button = action_button(self, lambda: self.tr("Use in chat"), self.load_selected, "useModel")
        make_primary(self.load_button)
        self.reveal_button = self._tool_button("folder-open", lambda: self.tr("Show file"), self.reveal_selected,
                                               "revealModel")
        self.delete_button = self._tool_button("trash-2", lambda: self.tr("Delete…"), self.delete_selected,
                                               "deleteModel")
        self.import_button = action_button(self, lambda: self.tr("Import GGUF file…"), self.import_dialog,
                                           "importModel")
        self.folder_label = QLabel(self)
        texts.bind(self.folder_label.setText, lambda: self.tr("Models folder: {folder}").format(folder=models_dir))
        self.folder_label.setObjectName("modelsFolder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        actions = row(self.load_button, self.reveal_button, self.delete_button, STRETCH, self.import_button)
        actions.setSpacing(SPACING["s"])
        layout = column(self, (self.stack, 1), self.memory_bar, self.detail, actions, self.folder_label)
        layout.setContentsMargins(SPACING["s"], SPACING["s"], SPACING["s"], SPACING["s"])
        layout.setSpacing(SPACING["s"])
        self._selection_changed()
        texts.on_change(lambda: self._show(self.models, announce=False))

    def _tool_button(self, name: str, text, on_click, object_name: str) -> QToolButton:
        """An icon-only button: its words are its tooltip and its accessible name."""
        button = QToolButton(self)
        button.setObjectName(object_name)
        button.setIcon(icon(name))
        button.setAutoRaise(True)
        self.texts.bind(button.setToolTip, text)
        self.texts.bind(button.setAccessibleName, text)
        button.clicked.connect(on_click)
        return button

    def _empty_state(self) -> QWidget:
        """No model yet: what to do first, and the button that does it."""
        page = QWidget(self)
        words = note_label(page, "emptyState")
        words.setAlignment(Qt.AlignCenter)
        self.texts.bind(words.setText, lambda: self.tr("No models installed yet. Find one in Discover, or import a "
                                                      "GGUF file you already have. Model files opened from elsewhere "
                                                      "are under Model → Recent models."))
        self.find_button = action_button(self, lambda: self.tr("Find a model"), self.discover_requested.emit,
                                         "findModel")
        self.find_button.setIcon(icon("search"))
        column(page, STRETCH, words, (self.find_button, 0, Qt.AlignHCenter), STRETCH)
        return page

    def fields(self, index: int) -> list[str]:
        """The facts on a card, in order: name, file, architecture, parameters, quantization, context, size, from."""
        return list(self.cards.item(index).data(FIELDS_ROLE))

    def select(self, index: int) -> None:
        self.cards.setCurrentRow(index)

    def set_loaded(self, path: str | None) -> None:
        """The model in use: its card says so, and it cannot be deleted."""
        self.loaded_path = path
        self._show(self.models, announce=False)
    def refresh(self) -> None:
        """Re-read the folder on a pool thread: a header read is quick, but a slow disk should not freeze us."""
        folder = self.models_dir
        self.background.run("installed", lambda: installed_models(folder), self._show, self._failed,
                            receiver=self)

    def _show(self, models: list[InstalledModel], announce: bool = True) -> None:
        selected = self.selected()
        self.models = models
        memory = system_memory()
        self.cards.blockSignals(True)  # redrawing is not choosing
        self.cards.clear()
        for index, model in enumerate(models):
            item = self._card(model, memory)
            self.cards.addItem(item)
            if selected is not None and model.path == selected.path:
                self.cards.setCurrentRow(index)
        self.cards.blockSignals(False)
        self.stack.setCurrentWidget(self.cards if models else self.stack.widget(0))
        self._selection_changed()
        if announce:
            self.changed.emit(models)

    def _card(self, model: InstalledModel, memory):
        """A model's card: its name, then quantization, size, parameters, architecture and context, then its file
        and where it came from (the file tells two copies of one model apart: a download and an import, a copy and
        a link have the same header), and its verdict's badge."""
        params = f"{model.parameter_count / 1e9:.1f} B" if model.parameter_count >= 1e9 else (
            f"{model.parameter_count / 1e6:.0f} M" if model.parameter_count else "?")
        name = model.name + " · " + self.tr("reads images") if model.sees else model.name
        context = f"{model.context_length:,}" if model.context_length else "?"
        origin = model.repo_id or (self.tr("linked file") if model.linked else self.tr("imported"))
        fields = [name, model.path.name, model.architecture, params, model.quantization, context,
                  human_size(model.size_bytes), origin]
        meta = " · ".join([model.quantization, human_size(model.size_bytes), params, model.architecture,
                           self.tr("{tokens} tokens of context").format(tokens=context)])
        chips = [self.tr("reads images")] if model.sees else []
        if self.loaded_path and Path(self.loaded_path) == model.path:
            chips.append(self.tr("in use"))
        verdict = None
        if model.problem:
            note = self.tr("Cannot be used: {problem}").format(problem=model.problem)
        else:
            note = f"{model.path.name} · {origin}"
            verdict = self._verdict(model, memory)
        words = [*fields, verdict.label()] if verdict is not None else [*fields, note]
        item = card_item(" · ".join(words), model.name, meta, note, chips, verdict, problem=bool(model.problem))
        item.setData(FIELDS_ROLE, fields)
        tip = self._where(model) if not model.problem else note
        # The name in full (a translation may not fit), whether the model reads images, and its file.
        item.setToolTip(f"{name}\n{self._sight(model)}{tip}")
        return item

    def _verdict(self, model: InstalledModel, memory) -> Verdict:
        return on_machine(need_from_header(model.info, model.size_bytes), memory, self.hardware)[0]

    def _failed(self, message: str) -> None:
        self.detail.setText(self.tr("The models folder could not be read: {error}").format(error=message))

    def selected(self) -> InstalledModel | None:
        rows = self.cards.selectionModel().selectedRows()
        return self.models[rows[0].row()] if rows and rows[0].row() < len(self.models) else None

    def _selection_changed(self) -> None:
        model = self.selected()
        for button in (self.load_button, self.reveal_button, self.delete_button):
            button.setEnabled(model is not None)
        self._show_memory(model)
        if model is None:
            self.detail.clear()  # with no model at all, the empty state says what to do
            return
        self.load_button.setEnabled(model.problem is None)
        if model.problem:
            self.detail.setText(self.tr("{file} cannot be used: {problem}. Delete it and download it again.").format(
                file=model.path.name, problem=model.problem))
        else:
            parts = " · " + self.tr("%n parts", "", len(model.parts)) if len(model.parts) > 1 else ""
            self.detail.setText(f"{self._where(model)}{parts}\n{self._sight(model)}{self._fit(model)}")

    def _show_memory(self, model: InstalledModel | None) -> None:
        if model is None or model.problem:
            self.memory_bar.clear()
            self.memory_bar.hide()
            return
        need = need_from_header(model.info, model.size_bytes)
        self.memory_bar.show_need(need, *free_for(need, system_memory(), self.hardware))
        self.memory_bar.show()

    def _sight(self, model: InstalledModel) -> str:
        """Whether the model reads images, and with which projector; or why the projector beside it cannot serve."""
        if model.sees:
            return self.tr("Reads images, with the projector {file}.").format(file=model.projector.name) + "\n"
        if model.projector_problem:
            return self.tr("Cannot read images: {problem}").format(problem=model.projector_problem) + "\n"
        return ""

    def _where(self, model: InstalledModel) -> str:
        """The file's path; for a link, where it points too (what is deleted with it, and what is not)."""
        if not model.linked:
            return str(model.path)
        return self.tr("{path}, a link to {target}").format(path=model.path, target=model.path.resolve())

    def set_hardware(self, report: HardwareReport) -> None:
        self.hardware = report
        self._show(self.models, announce=False)  # the verdicts, with the GPU counted

    def _fit(self, model: InstalledModel) -> str:
        """The load plan's verdict once the hardware is known (GPU included); the memory estimate before that."""
        if self.hardware is not None:
            try:
                more = [read_gguf(part) for part in model.parts[1:]]
                return plan_for_machine(ModelShape.from_header(model.info, more), self.hardware).summary()
            except (ValueError, OSError):
                pass  # a header without the layer metadata: the size-based estimate below still applies
        return explain(need_from_header(model.info, model.size_bytes), system_memory())

    def load_selected(self) -> None:
        model = self.selected()
        if model is not None and model.problem is None:
            self.load_requested.emit(str(model.path))

    def reveal_selected(self) -> None:
        model = self.selected()
        if model is not None and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(model.path.parent))):
            self._show_path(model)

    def _show_path(self, model: InstalledModel) -> None:
        """No file manager opened the folder (none installed, a server's desktop): the path, to select and copy."""
        box = self.path_box = QMessageBox(QMessageBox.Information, self.tr("Show file"), self.tr(
            "No file manager opened the folder. The file is here:") + f"\n\n{self._where(model)}", parent=self)
        box.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        copy = box.addButton(self.tr("Copy path"), QMessageBox.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(model.path)))
        box.addButton(QMessageBox.Close)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()

    def delete_selected(self) -> None:
        model = self.selected()
        if model is None:
            return
        if self.loaded_path and Path(self.loaded_path) == model.path:
            QMessageBox.information(self, self.tr("Model in use"),
                                    self.tr("{model} is loaded. Load another model first.").format(model=model.name))
            return
        if model.linked:
            question = self.tr("Delete the link to {file}? The file itself stays where it is.")
        else:
            question = self.tr("Delete {file}? {size} will be freed.")
        answer = QMessageBox.question(self, self.tr("Delete model"),
                                      question.format(file=model.path.name, size=human_size(model.size_bytes)),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        try:
            delete_model(self.models_dir, model)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Delete model"), self.tr("{file} could not be deleted: {error}").format(
                file=model.path.name, error=exc))
        self.refresh()

    def import_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Import a GGUF model"), str(Path.home()),
                                                    self.tr("GGUF models (*.gguf)"))
        if not path:
            return
        box = QMessageBox(QMessageBox.Question, self.tr("Import model"),
                          self.tr("Copy the file into the models folder, or link to it where it is?"), parent=self)
        copy = box.addButton(self.tr("Copy"), QMessageBox.AcceptRole)
        link = box.addButton(self.tr("Link"), QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Cancel)
        box.setInformativeText(self.tr("A link takes no space, but the model disappears from the list if the file "
                                       "moves."))
        box.exec()
        if box.clickedButton() not in (copy, link):
            return
        self.import_file(Path(path), link=box.clickedButton() is link)

    def import_file(self, path: Path, link: bool) -> None:
        folder = self.models_dir
        self.detail.setText(self.tr("Importing {file}…").format(file=path.name))
        self.background.run("import", lambda: import_model(folder, path, link), self._imported, self._import_failed,
                            receiver=self)

    def _imported(self, path: Path) -> None:
        self.detail.setText(self.tr("Imported {file}.").format(file=path.name))
        self.refresh()

    def _import_failed(self, message: str) -> None:
        self.detail.setText(self.tr("Not imported: {error}").format(error=message))
