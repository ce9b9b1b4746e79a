"""The download queue on screen: a card per download with its progress, speed and time left, pause, resume and
cancel as icon buttons, and a failed download's reason in words beside Retry."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assistant.core.hub.download_queue import ACTIVE, DownloadQueue, DownloadStatus, State
from assistant.core.hub.files import is_projector_name
from assistant.core.i18n import translate
from assistant.core.units import human_duration, human_size
from assistant.ui.common.design_tokens import SPACING
from assistant.ui.common.icons import icon
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.common.style_flag import set_flag

REFRESH_MS = 150  # progress arrives per network chunk; the screen needs far fewer updates


def describe(status: DownloadStatus) -> str:
    """A download's progress in words: how much, how fast, how long still, or what went wrong."""
    amount = translate("DownloadRow", "{done} of {total}").format(done=human_size(status.done),
                                                                   total=human_size(status.total))
    if status.state is State.DOWNLOADING:
        left = (" · " + translate("DownloadRow", "{time} left").format(time=human_duration(status.seconds_left))
                if status.seconds_left else "")
        return f"{amount} · {human_size(status.speed)}/s{left}"
    if status.state is State.VERIFYING:
        return f"{amount} · " + (translate("DownloadRow", "checking the file against its published sha256…")
                                 if status.verified else translate("DownloadRow", "checking the file's size…"))
    if status.state is State.DONE:
        if not status.verified:  # the source gave no checksum: said as it is, never "verified"
            return translate("DownloadRow", "Installed · {size} · not verified: the source gives no checksum, so "
                                            "only its size was checked").format(size=human_size(status.total))
        return translate("DownloadRow", "Installed and verified · {size}").format(size=human_size(status.total))
    return f"{status.state.label()} · {amount}" + (f"\n{status.message}" if status.message else "")


class QueueSignals(QObject):
    """Turns the queue's callback (on the download thread) into a signal delivered on the GUI thread."""

    changed = Signal()


class DownloadRow(Translatable, QFrame):
    def __init__(self, status: DownloadStatus, view: "DownloadsView"):
        super().__init__(view)
        self.setObjectName("downloadRow")
        self.key = status.key
        self.view = view
        self.status = status
        self.title = QLabel(self)
        self.title.setObjectName("downloadTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.source = QLabel(self)
        self.source.setObjectName("downloadSource")
        self.source.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.detail = QLabel(self)
        self.detail.setObjectName("downloadDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)  # a failure's reason, to copy
        texts = self.texts = Texts(self)
        self.pause_button = self._button("pause", lambda: self.tr("Pause"), self._pause)
        self.resume_button = self._button("play", lambda: self.tr("Resume"), self._resume)
        self.cancel_button = self._button("x", lambda: self.tr("Cancel"), self._cancel)
        self.remove_button = self._button("list-x", lambda: self.tr("Remove from list"), self._remove)
        self.cancel_box: QMessageBox | None = None  # the question before a partial file is deleted
        texts.on_change(lambda: self.update_from(self.status))
        buttons = QHBoxLayout()
        buttons.setSpacing(SPACING["xs"])
        for button in (self.pause_button, self.resume_button, self.cancel_button, self.remove_button):
            buttons.addWidget(button)
        layout = QGridLayout(self)
        layout.setContentsMargins(SPACING["m"], SPACING["m"], SPACING["m"], SPACING["m"])
        layout.setVerticalSpacing(SPACING["xs"])
        layout.setHorizontalSpacing(SPACING["s"])
        layout.addWidget(self.title, 0, 0)
        layout.addLayout(buttons, 0, 1, 2, 1, Qt.AlignTop | Qt.AlignRight)
        layout.addWidget(self.source, 1, 0)
        layout.addWidget(self.progress, 2, 0, 1, 2)
        layout.addWidget(self.detail, 3, 0, 1, 2)
        layout.setColumnStretch(0, 1)
        self.update_from(status)

    def _button(self, name: str, text, on_click) -> QToolButton:
        """An icon button; its words are its tooltip and accessible name (Retry shows them too)."""
        button = QToolButton(self)
        button.setIcon(icon(name))
        button.setAutoRaise(True)
        self.texts.bind(button.setText, text)
        self.texts.bind(button.setToolTip, text)
        self.texts.bind(button.setAccessibleName, text)
        button.clicked.connect(on_click)
        return button

    def update_from(self, status: DownloadStatus) -> None:
        self.status = status
        kind = " · " + self.tr("image projector, so the model reads images") if is_projector_name(status.name) else ""
        self.title.setText(f"<b>{status.name}</b>")
        self.source.setText(f"{status.repo_id}{kind}")
        share = status.done / status.total if status.total else 0.0
        self.progress.setValue(int(share * 1000))
        self.progress.setFormat(f"{share:.1%}")
        self.progress.setAccessibleName(self.tr("Download of {name}").format(name=status.name))
        self.detail.setText(describe(status))
        set_flag(self.detail, "failed", status.state is State.FAILED)
        self.pause_button.setVisible(status.state in ACTIVE)
        self.resume_button.setVisible(status.state in (State.PAUSED, State.FAILED, State.CANCELLED))
        retry = status.state in (State.FAILED, State.CANCELLED)
        words = self.tr("Retry") if retry else self.tr("Resume")
        self.resume_button.setText(words)
        self.resume_button.setToolTip(words)
        self.resume_button.setAccessibleName(words)
        # Retry is a word beside its icon, where the eye looks after a failure; Resume is an icon like Pause.
        self.resume_button.setIcon(icon("refresh-cw" if retry else "play"))
        self.resume_button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon if retry else Qt.ToolButtonIconOnly)
        self.cancel_button.setVisible(status.state not in (State.DONE, State.CANCELLED))
        self.remove_button.setVisible(status.state in (State.DONE, State.CANCELLED, State.FAILED))

    def _pause(self) -> None:
        self.view.queue.pause(self.key)

    def _resume(self) -> None:
        self.view.queue.resume(self.key)

    def _cancel(self) -> None:
        """Cancel deletes what was downloaded: asked first, saying how much, unless nothing is lost."""
        status = self.view.queue.status(self.key) or self.status
        if status.done <= 0:
            self.view.queue.cancel(self.key)
            return
        box = self.cancel_box = QMessageBox(QMessageBox.Question, self.tr("Cancel download"), self.tr(
            "Cancel the download of {name}? The {done} downloaded so far (of {total}) will be deleted. Pause keeps "
            "it for later.").format(name=status.name, done=human_size(status.done), total=human_size(status.total)),
            parent=self)
        delete = box.addButton(self.tr("Cancel and delete"), QMessageBox.DestructiveRole)
        box.setDefaultButton(box.addButton(self.tr("Keep it"), QMessageBox.RejectRole))
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.finished.connect(lambda _result: self.view.queue.cancel(self.key) if box.clickedButton() is delete
                             else None)
        box.open()

    def _remove(self) -> None:
        self.view.queue.forget(self.key)


class DownloadsView(Translatable, QWidget):
    finished = Signal(str)  # the path of a model that has just been installed
    counts_changed = Signal(int)  # downloads still to finish, for the tab's title

    def __init__(self, queue: DownloadQueue, signals: QueueSignals, parent=None):
        super().__init__(parent)
        self.setObjectName("downloadsView")
        self.setAttribute(Qt.WA_StyledBackground)  # the style sheet's background: the window's surface
        self.queue = queue
        self.rows: dict[str, DownloadRow] = {}
        self._announced: set[str] = set()
        self.empty = QLabel(self)
        self.texts = Texts(self)
        self.texts.bind(self.empty.setText,
                        lambda: self.tr("No downloads yet. Choose a model in Discover and press Download."))
        self.empty.setObjectName("downloadsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignCenter)
        self.box = QVBoxLayout()
        self.box.setSpacing(SPACING["s"])
        holder = QWidget(self)
        holder.setObjectName("downloadsList")
        holder_layout = QVBoxLayout(holder)
        holder_layout.setSpacing(SPACING["s"])
        holder_layout.addWidget(self.empty)
        holder_layout.addLayout(self.box)
        holder_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        signals.changed.connect(self._schedule)
        self.refresh()

    def _schedule(self) -> None:
        if not self.timer.isActive():
            self.timer.start()

    def refresh(self) -> None:
        statuses = self.queue.snapshot()
        keys = {status.key for status in statuses}
        for key in list(self.rows):
            if key not in keys:
                row = self.rows.pop(key)
                self.box.removeWidget(row)
                row.deleteLater()
        for status in statuses:
            row = self.rows.get(status.key)
            if row is None:
                row = self.rows[status.key] = DownloadRow(status, self)
                self.box.addWidget(row)
            else:
                row.update_from(status)
            if status.state is State.DONE and status.key not in self._announced and status.path is not None:
                self._announced.add(status.key)
                self.finished.emit(str(status.path))
        self.empty.setVisible(not statuses)
        self.counts_changed.emit(sum(1 for s in statuses if s.state in ACTIVE))
