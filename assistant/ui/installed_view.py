"""Installed models: what their GGUF headers say, and loading, revealing, deleting and importing them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assistant.core.gguf_file import read_gguf
from assistant.core.hardware import HardwareReport, system_memory
from assistant.core.memory_fit import explain, need_from_header
from assistant.core.offload_plan import ModelShape, plan_for_machine
from assistant.core.model_library import InstalledModel, delete_model, import_model, installed_models
from assistant.core.units import human_size
from assistant.ui.background import Background

COLUMNS = ["Name", "Architecture", "Parameters", "Quantization", "Context", "Size", "From"]


class InstalledView(QWidget):
    load_requested = Signal(str)
    changed = Signal(list)  # the new list of InstalledModel, for the chat pane's picker

    def __init__(self, models_dir: Path, background: Background, parent=None):
        super().__init__(parent)
        self.models_dir = models_dir
        self.background = background
        self.models: list[InstalledModel] = []
        self.loaded_path: str | None = None
        self.hardware: HardwareReport | None = None

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("installedModels")
        self.table.setAccessibleName("Installed models")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self.load_selected)
        self.detail = QLabel(self)
        self.detail.setObjectName("installedDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.load_button = QPushButton("Use in chat", self)
        self.load_button.setObjectName("useModel")
        self.reveal_button = QPushButton("Show file", self)
        self.delete_button = QPushButton("Delete…", self)
        self.import_button = QPushButton("Import GGUF file…", self)
        self.load_button.clicked.connect(self.load_selected)
        self.reveal_button.clicked.connect(self.reveal_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_dialog)
        buttons = QHBoxLayout()
        for button in (self.load_button, self.reveal_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        self.folder_label = QLabel(f"Models folder: {models_dir}", self)
        self.folder_label.setObjectName("modelsFolder")
        self.folder_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.folder_label)
        self._selection_changed()

    def refresh(self) -> None:
        """Re-read the folder on a pool thread: a header read is quick, but a slow disk should not freeze us."""
        folder = self.models_dir
        self.background.run("installed", lambda: installed_models(folder), self._show, self._failed)

    def _show(self, models: list[InstalledModel]) -> None:
        selected = self.selected()
        self.models = models
        self.table.setRowCount(len(models))
        for row, model in enumerate(models):
            params = f"{model.parameter_count / 1e9:.1f} B" if model.parameter_count >= 1e9 else (
                f"{model.parameter_count / 1e6:.0f} M" if model.parameter_count else "?")
            cells = [model.name, model.architecture, params, model.quantization,
                     f"{model.context_length:,}" if model.context_length else "?", human_size(model.size_bytes),
                     model.repo_id or ("linked file" if model.linked else "imported")]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(model.path) if not model.problem else f"Cannot be used: {model.problem}")
                if model.problem:
                    item.setForeground(Qt.red)
                self.table.setItem(row, column, item)
            if selected is not None and model.path == selected.path:
                self.table.selectRow(row)
        self._selection_changed()
        self.changed.emit(models)

    def _failed(self, message: str) -> None:
        self.detail.setText(f"The models folder could not be read: {message}")

    def selected(self) -> InstalledModel | None:
        rows = self.table.selectionModel().selectedRows()
        return self.models[rows[0].row()] if rows and rows[0].row() < len(self.models) else None

    def _selection_changed(self) -> None:
        model = self.selected()
        for button in (self.load_button, self.reveal_button, self.delete_button):
            button.setEnabled(model is not None)
        if model is None:
            self.detail.setText("" if self.models else "No models installed yet. Find one in Discover, or import "
                                                       "a GGUF file you already have.")
            return
        self.load_button.setEnabled(model.problem is None)
        if model.problem:
            self.detail.setText(f"{model.path.name} cannot be used: {model.problem}. Delete it and download it again.")
        else:
            parts = f" · {len(model.parts)} parts" if len(model.parts) > 1 else ""
            self.detail.setText(f"{model.path}{parts}\n{self._fit(model)}")

    def set_hardware(self, report: HardwareReport) -> None:
        self.hardware = report
        self._selection_changed()

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
        if model is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(model.path.parent)))

    def delete_selected(self) -> None:
        model = self.selected()
        if model is None:
            return
        if self.loaded_path and Path(self.loaded_path) == model.path:
            QMessageBox.information(self, "Model in use", f"{model.name} is loaded. Load another model first.")
            return
        what = "the link to it (the file itself stays where it is)" if model.linked else (
            f"{human_size(model.size_bytes)} will be freed")
        answer = QMessageBox.question(self, "Delete model", f"Delete {model.path.name}? {what[0].upper()}{what[1:]}.",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return
        try:
            delete_model(self.models_dir, model)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Delete model", f"{model.path.name} could not be deleted: {exc}")
        self.refresh()

    def import_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Import a GGUF model", str(Path.home()),
                                                    "GGUF models (*.gguf)")
        if not path:
            return
        box = QMessageBox(QMessageBox.Question, "Import model",
                          "Copy the file into the models folder, or link to it where it is?", parent=self)
        copy = box.addButton("Copy", QMessageBox.AcceptRole)
        link = box.addButton("Link", QMessageBox.AcceptRole)
        box.addButton(QMessageBox.Cancel)
        box.setInformativeText("A link takes no space, but the model disappears from the list if the file moves.")
        box.exec()
        if box.clickedButton() not in (copy, link):
            return
        self.import_file(Path(path), link=box.clickedButton() is link)

    def import_file(self, path: Path, link: bool) -> None:
        folder = self.models_dir
        self.detail.setText(f"Importing {path.name}…")
        self.background.run("import", lambda: import_model(folder, path, link), self._imported, self._import_failed)

    def _imported(self, path: Path) -> None:
        self.detail.setText(f"Imported {path.name}.")
        self.refresh()

    def _import_failed(self, message: str) -> None:
        self.detail.setText(f"Not imported: {message}")
