"""The Chat pane's pictures: its Attach button and file dialog, drops anywhere on the pane, pastes into the message
box, all prepared off the GUI thread (image_intake.py) into the composer's row of thumbnails (image_strip.py). A
refused picture is said under the message box, where the text typed stays as it was: the refusals of the latest
attempt only, each once, a few in full (core/chat/attach_refusals.py). For a model that cannot see, the pictures'
text is read as they come in (picture_text.py), and the count under the box says it is counting meanwhile. What is
sent, and how a model that cannot see gets the pictures' text, is the chat session's (core/chat)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFileDialog, QWidget

from assistant.core.chat.attach_refusals import AttachRefusals
from assistant.core.chat.image_reading import ImageReading
from assistant.core.engines.types import LoadedModel
from assistant.core.images.image_store import ImageStore
from assistant.ui.chat.icon_buttons import IconButton
from assistant.ui.chat.image_intake import Attached, ImageIntake
from assistant.ui.common.picture_mime import dialog_filter_patterns, offers_pictures
from assistant.ui.chat.input_row import InputRow
from assistant.ui.chat.picture_text import PictureText
from assistant.ui.common.ui_language import Texts, Translatable


class ChatImages(Translatable, QObject):
    def __init__(self, store: ImageStore | None, pane: QWidget, reading: ImageReading | None = None):
        """``reading``: the chat session's, which keeps the text read from pictures for a model that cannot see."""
        super().__init__(pane)
        self.pane = pane
        self.texts = Texts(self)
        self.intake = ImageIntake(store, self)
        self.intake.ratio = pane.devicePixelRatioF()
        self.intake.idle.connect(self._ready)
        self.picture_text = PictureText(reading, self)
        self.picture_text.started.connect(self._say_counting)
        self.picture_text.finished.connect(self._text_read)
        self.button = IconButton("paperclip", pane, "attachButton")
        self.button.clicked.connect(self.choose_files)
        self.button.setVisible(store is not None)  # no data folder to keep pictures in (a test's core, a script)
        self.texts.bind(self.button.setText, lambda: self.tr("Attach images…"))
        self.texts.bind(self.button.setAccessibleName, lambda: self.tr("Attach images…"))
        self.sees = False
        self.blind = False  # a model is loaded, and it cannot see: it is given the pictures' text
        self.texts.on_change(self._explain)
        self._explain()
        self.row: InputRow | None = None
        self._waiting: list[Callable[[], object]] = []
        self.refusals = AttachRefusals()
        self._said = ""  # the refusals shown under the box
        self.texts.on_change(self._say_refusals)
        self.texts.on_change(self._say_counting)

    def connect_row(self, row: InputRow) -> None:
        """The row's strip shows what comes in; its notice says what was refused; pastes and drops into its message
        box, and drops anywhere on the pane, are taken as pictures where they are pictures."""
        self.row = row
        self.intake.attached.connect(self._attached)
        self.intake.started.connect(self._attempt_started)
        self.intake.refused.connect(self._refused)
        if self.intake.store is not None:
            row.input.take_images = self.intake.take
            self.pane.setAcceptDrops(True)
            self.pane.installEventFilter(self)

    def set_model(self, model: LoadedModel | None) -> None:
        self.sees = model is not None and model.sees
        self.blind = model is not None and not model.sees
        self._explain()
        if self.blind and self.row is not None:
            self.picture_text.read(image.sha256 for image in self.row.strip.images())

    def _explain(self) -> None:
        tip = self.tr("Attach images…") + "\n" + self.tr(
            "Add pictures to the message (PNG, JPEG, WebP, GIF, BMP, TIFF). You can also paste a screenshot (Ctrl+V) "
            "or drop pictures here.")
        if not self.sees:
            tip += "\n" + self.tr("This model cannot see pictures: Hearth will read the text in them (OCR) and send "
                                  "that instead.")
        self.button.setToolTip(tip)
        self.button.setAccessibleDescription(tip)

    def choose_files(self) -> None:
        patterns = dialog_filter_patterns()
        paths, _filter = QFileDialog.getOpenFileNames(self.pane, self.tr("Attach images"), "",
                                                      self.tr("Images ({patterns})").format(patterns=patterns))
        if paths:
            self.intake.add_files(paths)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Drops on the pane itself, or on a part of it that takes none (the thread, the list)."""
        if event.type() in (QEvent.DragEnter, QEvent.DragMove) and offers_pictures(event.mimeData()):
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Drop and self.intake.take(event.mimeData()):
            event.acceptProposedAction()
            return True
        return False

    def _attached(self, attached: Attached) -> None:
        if self.row is not None:
            self.row.strip.add(attached)
            if self.blind:
                self.picture_text.read([attached.image.sha256])

    def _attempt_started(self, attempt: int) -> None:
        """A new choice, paste or drop: what was said about the previous one goes."""
        self.refusals.start(attempt)
        self._say_refusals()

    def _refused(self, attempt: int, line: str) -> None:
        if self.refusals.add(attempt, line):
            self._say_refusals()

    def forget_refusals(self) -> None:
        """The message was sent: the refusals said under the box go."""
        self.refusals.clear()
        self._say_refusals()

    def _say_refusals(self) -> None:
        """The refusals under the box, in place of those said before; a storage failure said there stays until
        a refusal replaces it."""
        if self.row is None:
            return
        shown, more = self.refusals.visible()
        if more:
            shown = [*shown, self.tr("…and %n more (point here to see them all)", "", more)]
        text = "\n".join(shown)
        if text or (self._said and self.row.notice.text() == self._said):
            self.row.show_notice(text or None, "\n".join(self.refusals.lines) if more else "")
        self._said = text

    @property
    def reading_text(self) -> bool:
        return self.picture_text.busy

    def _say_counting(self) -> None:
        """Under the box, while the pictures' text is read: the count waits for it."""
        if self.row is not None and self.reading_text:
            self.row.last_count = None
            self.row.show_count(self.tr("Counting… (reading the text in the pictures)"))

    def _text_read(self) -> None:
        if self.row is not None:
            self.row.recount()
        self._ready()

    def when_ready(self, callback: Callable[[], object]) -> None:
        """``callback`` now, or once the pictures being prepared are in the strip (Enter pressed just after a
        paste sends the picture too) and their text, for a model that cannot see, is read (it is not read twice)."""
        if self.intake.busy or self.reading_text:
            self._waiting.append(callback)
        else:
            callback()

    def _ready(self) -> None:
        if self.intake.busy or self.reading_text:
            return
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()

    def shutdown(self) -> None:
        self._waiting.clear()
        self.intake.shutdown()
        self.picture_text.shutdown()
