"""Which model each task uses: Chat, Drafting and Translation can each have their own default."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from assistant.core.i18n import translate
from assistant.core.storage.settings import Settings, TaskModels
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import column, ok_cancel_buttons

TASKS = ("chat", "drafting", "translation")


def task_label(task: str) -> str:
    return {"chat": translate("TaskModelsDialog", "Chat"), "drafting": translate("TaskModelsDialog", "Drafting"),
            "translation": translate("TaskModelsDialog", "Translation")}[task]


class TaskModelsDialog(QDialog):
    def __init__(self, settings: Settings, models: list[tuple[str, str]], parent=None):
        """``models``: (label, path) of every model that can be chosen."""
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("Model for each task"))
        self.boxes: dict[str, QComboBox] = {}
        form = QFormLayout()
        form.setHorizontalSpacing(SPACING["m"])
        form.setVerticalSpacing(SPACING["s"])
        for task in TASKS:
            box = QComboBox(self)
            box.setObjectName(f"taskModel_{task}")
            box.addItem(self.tr("Whichever model is loaded"), None)
            for name, path in models:
                box.addItem(name, path)
            chosen = getattr(settings.read(TaskModels), task)
            if chosen and box.findData(chosen) < 0:
                box.addItem(self.tr("{model} (missing)").format(model=chosen), chosen)
            box.setCurrentIndex(max(0, box.findData(chosen)) if chosen else 0)
            self.boxes[task] = box
            form.addRow(task_label(task), box)
        note = QLabel(self.tr("Opening a pane loads its model. One model is in memory at a time; a switch waits "
                              "until the reply or translation under way has finished."), self)
        note.setWordWrap(True)
        note.setObjectName("settingsNote")
        buttons = ok_cancel_buttons(self)
        ok = buttons.button(QDialogButtonBox.Ok)
        ok.setProperty("primary", True)  # the one primary action
        ok.setDefault(True)
        layout = column(self, form, note, buttons)
        layout.setContentsMargins(SPACING["l"], SPACING["l"], SPACING["l"], SPACING["l"])
        layout.setSpacing(SPACING["l"])

    def accept(self) -> None:
        self.settings.update(TaskModels, **{task: box.currentData() or None for task, box in self.boxes.items()})
        super().accept()
