"""First start, in a few clicks: what this computer has, a recommended model that fits it, its download with
progress, and a chat that works. It can be skipped, and reopened from Help › Welcome.

The download goes through the app's own queue (Models › Downloads), so it is resumable, checked against the
Hub's sha256, and survives closing this dialog: "Continue in the background" leaves it running there."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QListWidget, QProgressBar, QStackedWidget, QVBoxLayout, QWidget

from assistant import APP_NAME
from assistant.core.hub.download_queue import State
from assistant.core.hub.downloads import download_plans
from assistant.core.hub.hub_client import env_offline
from assistant.core.hub.source_fallback import OtherSourceAnswers, repo_files_or_other_source
from assistant.core.engines.hardware import HardwareReport, hardware_report, system_memory
from assistant.core.engines.memory_fit import Verdict, need_from_size, on_machine
from assistant.core.library.recommended import Recommendation, chat_models
from assistant.core.units import human_size
from assistant.ui.models.downloads_view import describe
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.dialog_parts import STRETCH, action_button, column, note_label, row
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.models.model_cards import card_item, card_list
from assistant.ui.models.offline_note import OfflineNote
from assistant.ui.models.primary_button import make_primary

ENTRY_ROLE = Qt.ItemDataRole.UserRole


# On a processor alone, a 7B model at Q4 (about 5 GB) is the largest that still answers at reading speed; a first
# model that fits but writes two words a second is a poor start.
CPU_COMFORT_GB = 5.0


def best_choice(entries: list[tuple[Recommendation, Verdict]], gpu_free_gb: float | None = None) -> int | None:
    """The entry to start with: the largest chat model that fits with room to spare and runs comfortably (in the
    GPU's free memory, or at most CPU_COMFORT_GB on the processor); else the smallest that fits, then the smallest
    that is tight; None when nothing fits at all."""
    fitting = [i for i, (entry, result) in enumerate(entries) if result is Verdict.FITS and entry.chats]
    limit = gpu_free_gb * 0.9 if gpu_free_gb else CPU_COMFORT_GB
    comfortable = [i for i in fitting if entries[i][0].size_gb <= limit]
    if comfortable:
        return max(comfortable, key=lambda i: entries[i][0].size_gb)
    if fitting:
        return min(fitting, key=lambda i: entries[i][0].size_gb)
    tight = [i for i, (_entry, result) in enumerate(entries) if result is Verdict.TIGHT]
    return min(tight, key=lambda i: entries[i][0].size_gb) if tight else None


class WelcomeDialog(Translatable, QDialog):
    """``models`` is the Models pane (its queue, background pool and Hub access); ``load_model(path)`` loads a
    model in the main window, whose ``model_loaded(model)`` signal arrives as ``loaded``. ``choices``: the models
    offered (the recommended ones by default), of which only those that can chat are shown."""

    open_file_requested = Signal()
    skipped = Signal()

    def __init__(self, models, load_model, choices: list[Recommendation] | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.models = models
        self.load_model = load_model
        self.choices = chat_models(choices)  # a first model must be one that can chat
        self.hardware: HardwareReport | None = None
        self.entry: Recommendation | None = None
        self.key: str | None = None  # the download, once it is queued
        self.keys: list[str] = []  # it and its image projector's, when the repository has one
        self.path: str | None = None  # the installed file, once it is there
        self.texts = Texts(self)
        self.texts.bind(self.setWindowTitle, lambda: self.tr("Welcome to {app}").format(app=APP_NAME))
        self.offline = models.access.offline or env_offline()
        self.resize(680, 540)  # within a 900x600 window, with room for a few cards

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._check_page())
        self.stack.addWidget(self._download_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        models.queue_signals.changed.connect(self._queue_changed)
        # The keyboard starts in the list of models; Enter there presses the default, the one primary button.
        self.list.setFocus()
        self.texts.on_change(self._retranslate)
        # NVML takes a moment: asked off the GUI thread, like the main window does.
        models.background.run("welcome-hardware", lambda: hardware_report(ask_llama=False), self.show_hardware,
                              lambda _message: self.show_hardware(None), receiver=self)

    # Page 1: this computer and a model for it ----------------------------------------------------------------

    def _check_page(self) -> QWidget:
        page = QWidget(self)
        self.intro = note_label(page, "welcomeIntro")
        self.texts.bind(self.intro.setText, lambda: "<h2>" + self.tr("Welcome to {app}").format(app=APP_NAME)
                        + "</h2><p>" + self.tr("{app} runs a language model on this computer. Nothing you type "
                                               "leaves it. Pick a model that fits, and you can chat in a few "
                                               "minutes.").format(app=APP_NAME) + "</p>")
        self.machine = note_label(page, "welcomeMachine")
        # Offline, the Hub is not asked: what moves on is a model file already on this computer.
        self.offline_note = OfflineNote(lambda: self.tr(
            "Offline mode is on, so nothing is downloaded. Open a GGUF model file you already have, or turn offline "
            "mode off in Settings."), lambda: self.tr("Open a model file…"), self._open_file, page)
        self.offline_note.setVisible(self.offline)
        self.texts.on_change(self.offline_note.retranslate)
        # Cards whose words wrap within the dialog's width: nothing is cut or hidden behind a sideways scroll bar.
        self.list = card_list(QListWidget(page))
        self.list.setObjectName("welcomeModels")
        self.texts.bind(self.list.setAccessibleName, lambda: self.tr("Recommended models"))
        self.list.itemDoubleClicked.connect(lambda _item: self.start_download())
        self.list.currentItemChanged.connect(lambda *_args: self._update_start())
        self.start_button = action_button(self, lambda: self.tr("Download and start chatting"), self.start_download,
                                          "welcomeStart")
        self.start_button.setIcon(icon("download"))
        self.file_button = action_button(self, lambda: self.tr("I have a GGUF file…"), self._open_file)
        self.skip_button = action_button(self, lambda: self.tr("Skip"), self.skip, "welcomeSkip")
        self.texts.bind(self.skip_button.setToolTip, lambda: self.tr("Help › Welcome brings this back"))
        # One primary action: the download; offline, the note's "Open a model file…" instead.
        primary = self.offline_note.button if self.offline else self.start_button
        self.file_button.setVisible(not self.offline)  # offline, the note's button does what it does
        make_primary(primary)
        primary.setDefault(True)
        buttons = row(self.skip_button, self.file_button, STRETCH, self.start_button)
        buttons.setSpacing(SPACING["s"])
        column(page, self.intro, self.machine, self.offline_note, (self.list, 1), buttons).setSpacing(SPACING["m"])
        self.show_hardware(None, checking=True)
        return page

    def show_hardware(self, report: HardwareReport | None, checking: bool = False) -> None:
        """What this computer has, and the recommended models with their verdict on it."""
        self.hardware = report
        self._checking = checking
        memory = report.memory if report is not None else system_memory()
        lines = [self.tr("Memory: {total}, {free} free now.").format(total=human_size(memory.total),
                                                                      free=human_size(memory.available))]
        gpu = report.usable_gpu() if report is not None else None
        if checking:
            lines.append(self.tr("Looking for a graphics card…"))
        elif gpu is not None:
            lines.append(self.tr("Graphics card: {gpu}, {free} free; models run on it.").format(
                gpu=gpu[0], free=human_size(gpu[1])))
        elif report is not None and report.gpus:
            lines.append(self.tr("Graphics card: {gpu}, which this build of llama.cpp cannot use; models run on "
                                 "the processor.").format(gpu=report.gpus[0].name))
        else:
            lines.append(self.tr("No graphics card that llama.cpp can use; models run on the processor."))
        self.machine.setText("<b>" + self.tr("This computer") + "</b><br>" + "<br>".join(lines))
        chosen = self.list.currentItem().data(ENTRY_ROLE) if self.list.currentItem() else None
        self.list.clear()
        entries = []
        for entry in self.choices:
            result, sentence = on_machine(need_from_size(int(entry.size_gb * 1e9), "Q4_K_M"), memory, report)
            entries.append((entry, result))
            size = human_size(entry.size_gb * 1e9)
            item = card_item(self.tr("{model} · {size} · {verdict}\n{note}").format(
                model=entry.title, size=size, verdict=result.label(), note=entry.note_text()),
                entry.title, f"{size} · {entry.languages_text()}", entry.note_text(), entry.badges(), result)
            item.setData(ENTRY_ROLE, entry)
            item.setToolTip("\n".join(filter(None, [sentence, entry.licence_text()])))
            if result is Verdict.TOO_BIG:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        best = next((i for i, (e, _r) in enumerate(entries) if e == chosen), None)
        best = best if best is not None else best_choice(entries, gpu[1] / 1e9 if gpu else None)
        if best is not None:
            self.list.setCurrentRow(best)
        self._update_start()

    def _update_start(self) -> None:
        item = self.list.currentItem()
        self.start_button.setEnabled(item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled))

    # Page 2: the download, then loading -----------------------------------------------------------------------

    def _download_page(self) -> QWidget:
        page = QWidget(self)
        self.download_title = note_label(page, "welcomeDownloadTitle")
        self.progress = QProgressBar(page)
        self.progress.setObjectName("welcomeProgress")
        self.progress.setRange(0, 1000)
        self.texts.bind(self.progress.setAccessibleName, lambda: self.tr("Download progress"))
        self.detail = note_label(page, "welcomeDetail")
        self.retry_button = action_button(self, lambda: self.tr("Retry"), self._retry)
        self.retry_button.hide()
        self.modelscope_button = action_button(self, lambda: self.tr("Download from ModelScope (魔搭)"),
                                               self._use_modelscope, "useModelScope")
        self.modelscope_button.hide()
        self.background_button = action_button(self, lambda: self.tr("Continue in the background"), self.reject)
        self.texts.bind(self.background_button.setToolTip, lambda: self.tr(
            "The download goes on under Models › Downloads; the model is then in Installed."))
        column(page, self.download_title, self.progress, self.detail, STRETCH,
               row(self.background_button, STRETCH, self.retry_button, self.modelscope_button))
        return page

    def start_download(self) -> None:
        item = self.list.currentItem()
        if item is None or not item.flags() & Qt.ItemFlag.ItemIsEnabled:
            return
        self.entry = item.data(ENTRY_ROLE)
        self.stack.setCurrentIndex(1)
        self._show_step("repo")
        entry, access = self.entry, self.models.access
        self.models.background.run("welcome-repo",
                                   lambda: repo_files_or_other_source(access, entry.repo_id, entry.modelscope_repo),
                                   self._got_repo, self._failed, receiver=self)

    def _use_modelscope(self) -> None:
        self.models.access.set_source("modelscope")
        self.models.settings_changed()  # Discover searches there too from now on
        self.modelscope_button.hide()
        self.modelscope_button.setDefault(False)
        self.start_download()

    def _got_repo(self, repo) -> None:
        if isinstance(repo, OtherSourceAnswers):  # the Hub is out of reach; ModelScope has the same repository
            self._failed(self.tr("Hearth could not reach the Hugging Face Hub, but ModelScope (魔搭) has {repo}. "
                                 "Download it from there? (Settings › Model sources can change this later.)")
                         .format(repo=self.entry.modelscope_repo or self.entry.repo_id))
            self.modelscope_button.show()
            self.modelscope_button.setDefault(True)  # what Enter does is what was offered, not leaving
            self.modelscope_button.setFocus()
            return
        model = next((m for m in repo.models if m.name == self.entry.file), None)
        if model is None:
            self._failed(self.tr("{file} is no longer in {repo}. Choose another model, or find one under Models.")
                         .format(file=self.entry.file, repo=self.entry.repo_id))
            return
        plans = download_plans(repo, model, Path(self.models.models_dir))
        self.keys = [self.models.queue.add(plan) for plan in plans]
        self.key = self.keys[0]
        self._queue_changed()

    def _queue_changed(self) -> None:
        """One progress bar for the model and its projector; the model loads once both are in, so that it can see."""
        status = self.models.queue.status(self.key) if self.key else None
        if status is None or self.path is not None:
            return
        statuses = [s for s in (self.models.queue.status(key) for key in self.keys) if s is not None]
        total = sum(s.total for s in statuses)
        self.progress.setValue(int(sum(s.done for s in statuses) / total * 1000) if total else 0)
        stopped = [s for s in statuses if s.state in (State.FAILED, State.CANCELLED, State.PAUSED)]
        self.retry_button.setVisible(bool(stopped))
        waiting = [s for s in statuses if s.state is not State.DONE]
        if not waiting and status.path is not None:
            self.path = str(status.path)
            self._show_step("loading")
            self.load_model(self.path)
            return
        self.status = stopped[0] if stopped else waiting[0]
        self._show_step("download")

    def _show_step(self, step: str) -> None:
        self.step = step
        title = self.entry.title if self.entry else ""
        if step == "repo":
            self.download_title.setText("<h3>" + self.tr("Getting {model} ready…").format(model=title) + "</h3>")
            self.detail.setText(self.tr("Asking the Hub for the file and its checksum…"))
        elif step == "download":
            self.download_title.setText("<h3>" + self.tr("Downloading {model}").format(model=title) + "</h3>")
            self.detail.setText(describe(self.status))  # as Models › Downloads says it
        elif step == "loading":
            self.download_title.setText("<h3>" + self.tr("Loading {model}…").format(model=title) + "</h3>")
            self.detail.setText(self.tr("Downloaded and verified. The chat opens as soon as the model is loaded."))
            self.background_button.hide()
            self.retry_button.hide()

    def _failed(self, message: str) -> None:
        self.step = "failed"
        self.detail.setText(message)
        self.retry_button.show()

    def _retry(self) -> None:
        self.retry_button.hide()
        if self.key is None:
            self.start_download()
        else:
            for key in self.keys:
                self.models.queue.resume(key)

    def _retranslate(self) -> None:
        self.show_hardware(self.hardware, checking=self._checking)
        step = getattr(self, "step", None)
        if step in ("repo", "loading") or (step == "download" and getattr(self, "status", None)):
            self._show_step(step)

    # Ending ----------------------------------------------------------------------------------------------------

    def loaded(self, _model) -> None:
        """The main window loaded the model this dialog downloaded: the chat is ready."""
        if self.path is not None:
            self.accept()

    def load_failed(self, path: str, message: str, _kept=None) -> None:
        if self.path is not None and path == self.path:
            self._failed(message)
            self.retry_button.hide()  # the main window says why; the model stays in Installed

    def skip(self) -> None:
        self.skipped.emit()
        self.reject()

    def _open_file(self) -> None:
        self.reject()
        self.open_file_requested.emit()
