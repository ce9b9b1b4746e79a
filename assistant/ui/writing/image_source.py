"""Translation's *Translate an image…*: a picture from a file, the clipboard (the menu, or Ctrl+V in the text to
translate) or part of the screen, taken on a pool thread by the session (core/writing/image_translation.py), then
shown beside the text and read by OCR into it, or sent to a model that sees. Which way, and what a picture comes to,
the session decides; this widget is the button, its menu, the choice of way, and the wiring."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QTextCursor
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QMenu, QPlainTextEdit, QToolButton, QWidget

from assistant.core.writing.image_translation import ASK, READ, ImageTaken, choose_way, no_text
from assistant.core.writing.translation_session import NO_TEXT, PROBLEM, TranslationSession
from assistant.ui.common.background import Background
from assistant.ui.common.ui_language import Texts, Translatable
from assistant.ui.writing.image_preview import ImagePreview
from assistant.ui.common.picture_mime import dialog_filter_patterns, offers_pictures, picture_files, png_bytes
from assistant.ui.writing.screen_snip import ScreenSnip, grab_screen, is_blocked, on_wayland
from assistant.ui.writing.tool_buttons import icon_button

SETTLE_MS = 300  # the window hidden this long before the screen is grabbed, so it is not in the picture


def replace_text(box: QPlainTextEdit, text: str) -> None:
    """``box`` holds ``text`` now, and Ctrl+Z in it brings back what it held (setPlainText forgets it)."""
    cursor = QTextCursor(box.document())
    cursor.select(QTextCursor.Document)
    cursor.insertText(text)
    # Qt merges typing into the last insertion of a modified document: unmodified, what is typed next is a step of
    # its own, so Ctrl+Z takes it back without the text read (and its picture).
    box.document().setModified(False)


class ImageSource(Translatable, QWidget):
    read = Signal(str, str)  # the text read from the picture (the new text to translate), and notes about it
    undone = Signal()  # Ctrl+Z took back the text read: the picture is put away
    ask = Signal()  # the picture shown is for the model that sees
    said = Signal(str)  # a line for the status: a picture refused, no text found, no screenshots here
    changed = Signal()  # a picture started or ended being read

    def __init__(self, session: TranslationSession, background: Background, preview: ImagePreview, parent=None):
        super().__init__(parent)
        self.session, self.background, self.preview = session, background, preview
        self.texts = Texts(self)
        self.sees = False  # the model loaded reads pictures
        self.reading = False  # a picture is being prepared or read
        self.blocked: Callable[[], bool] = lambda: False
        self.snipper: ScreenSnip | None = None
        self.box: QPlainTextEdit | None = None
        self.undo_mark: int | None = None  # the box's undo steps once the text read replaced its text
        # The header's "picture" mode (translation_header.py), with where the picture comes from as its menu.
        self.button = icon_button(self, "translateImageButton", "image", lambda: self.tr("Translate an image…"),
                                  lambda: self.tr("Translate the text in a picture: a file, a picture pasted from "
                                                  "the clipboard, or part of the screen"))
        self.menu = QMenu(self)
        self.file_action = self.menu.addAction("")
        self.file_action.triggered.connect(self.open_dialog)
        self.paste_action = self.menu.addAction("")
        self.paste_action.triggered.connect(self.paste)
        self.snip_action = self.menu.addAction("")
        self.snip_action.triggered.connect(self.snip)
        self.texts.bind(self.file_action.setText, lambda: self.tr("From a file…"))
        self.texts.bind(self.paste_action.setText, lambda: self.tr("Paste a picture"))
        self.texts.bind(self.snip_action.setText, lambda: self.tr("A screenshot of part of the screen…"))
        self.menu.aboutToShow.connect(
            lambda: self.paste_action.setEnabled(offers_pictures(QGuiApplication.clipboard().mimeData())))
        self.button.setMenu(self.menu)
        self.button.setPopupMode(QToolButton.InstantPopup)
        self.way_box = QComboBox(self)
        self.way_box.setObjectName("imageWay")
        self.way_box.addItem("", ASK)
        self.way_box.addItem("", READ)
        self.texts.bind(self.way_box.setToolTip, lambda: self.tr(
            "The model loaded can see: it can read the picture itself, or Hearth's OCR reads its text first"))
        self.texts.bind(self.way_box.setAccessibleName, lambda: self.tr("How the picture is read"))
        self.way_box.currentIndexChanged.connect(
            lambda _index: setattr(self.session, "image_way", self.way_box.currentData()))
        self.way_box.hide()  # only for a model that sees
        preview.closed.connect(session.drop_image)
        preview.closed.connect(lambda: setattr(self, "undo_mark", None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.way_box)
        self._retranslate()
        self.texts.on_change(self._retranslate)

    def _retranslate(self) -> None:
        self.way_box.setItemText(0, self.tr("Ask the model to read it"))
        self.way_box.setItemText(1, self.tr("Read the text (OCR)"))

    def set_sees(self, sees: bool) -> None:
        self.sees = sees
        self.way_box.setVisible(sees)

    # Where a picture comes from --------------------------------------------------------------------------

    def open_dialog(self) -> None:
        patterns = dialog_filter_patterns()
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Translate an image"), "",
                                                    self.tr("Pictures ({patterns})").format(patterns=patterns))
        if path:
            self.open_file(path)

    def open_file(self, path: str | Path) -> None:
        self.take(Path(path), Path(path).name)

    def paste(self) -> bool:
        """The picture on the clipboard taken; False, said, when there is none."""
        mime = QGuiApplication.clipboard().mimeData()
        files = picture_files(mime) if mime is not None else []
        if files:
            self.open_file(files[0])
        elif mime is not None and mime.hasImage():
            self.take_image(QGuiApplication.clipboard().image())
        else:
            self.said.emit(self.tr("There is no picture on the clipboard. Copy one, or take a screenshot with the "
                                   "system's tool, then paste it here."))
            return False
        return True

    def take_image(self, image: QImage) -> None:
        """A picture in memory (pasted, or a part of the screen), encoded on the pool thread."""
        copy = QImage(image)
        self.take(lambda: png_bytes(copy), "")

    def take(self, picture: Path | Callable[[], bytes], name: str) -> None:
        if self.blocked():
            self.said.emit(self.tr("A translation is being written: stop it or let it finish, then take the "
                                   "picture again."))
            return
        job = self.session.image_job(picture, name, self.sees)
        self.said.emit(self.tr("Preparing the picture for the model…")
                       if choose_way(self.session.image_way, self.sees) == ASK
                       else self.tr("Reading the text in the picture…"))
        self._reading(True)
        self.background.run("translation-image", job, self._taken, self._failed, self)

    def _reading(self, reading: bool) -> None:
        self.reading = reading
        self.changed.emit()

    def _taken(self, taken: ImageTaken) -> None:
        self._reading(False)
        outcome = self.session.took_image(taken)
        if outcome == PROBLEM:
            self.said.emit(taken.problem)  # the picture shown before, and the text, stay as they were
            return
        self.preview.show_image(taken.image.data, taken.name)
        self.undo_mark = None  # Ctrl+Z puts away only the picture whose text it takes back
        notes = "".join(" " + note for note in taken.notes)
        if outcome == NO_TEXT:
            self.said.emit(no_text() + notes)
        elif outcome == ASK:
            self.ask.emit()
        else:
            self.read.emit(taken.text, notes)
            self.undo_mark = self.box.document().availableUndoSteps() if self.box is not None else None

    def _failed(self, message: str) -> None:
        self._reading(False)
        self.said.emit(message)

    # Ctrl+V of a picture in the text to translate --------------------------------------------------------------

    def serve(self, box: QPlainTextEdit, read: Callable[[str, str], object], ask: Callable[[], object],
              said: Callable[[str], object], changed: Callable[[], object], blocked: Callable[[], bool],
              undone: Callable[[], object]) -> None:
        """Pictures for the text to translate, ``box``, which takes a pasted picture too (Ctrl+V): ``read`` gets the
        text read from one (which it puts in ``box`` with ``replace_text``) and notes, ``ask`` is called when the
        model is to read it, ``said`` gets the lines to show, ``changed`` is called as a picture starts and ends
        being read, ``undone`` once Ctrl+Z took back the text read (the picture is put away first); none is taken
        while ``blocked()`` (the model is writing a translation of the text that is there)."""
        self.box = box
        box.installEventFilter(self)
        box.textChanged.connect(self._edited)
        self.read.connect(read)
        self.undone.connect(undone)
        self.ask.connect(ask)
        self.said.connect(said)
        self.changed.connect(changed)
        self.blocked = blocked

    def _edited(self) -> None:
        """Ctrl+Z went back past the text read from the picture: fewer undo steps than it left, and one to redo (a
        text set anew, a file's, has neither)."""
        document = self.box.document()
        if (self.undo_mark is not None and document.isRedoAvailable()
                and document.availableUndoSteps() < self.undo_mark):
            self.preview.close_image()
            self.undone.emit()

    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.KeyPress and event.matches(QKeySequence.Paste)
                and offers_pictures(QGuiApplication.clipboard().mimeData())):
            return self.paste()
        return super().eventFilter(watched, event)

    # A part of the screen ------------------------------------------------------------------------------------------

    def snip(self) -> None:
        """The window steps aside, the screen is grabbed, and the user drags over the part to translate."""
        if QGuiApplication.platformName().startswith("wayland"):  # Qt cannot grab a Wayland screen: say so at once
            self._no_screenshots()
            return
        window = self.window()
        screen = window.screen()
        window.hide()
        QTimer.singleShot(SETTLE_MS, lambda: self._grab(window, screen))

    def _grab(self, window: QWidget, screen) -> None:
        grab = grab_screen(screen)
        if is_blocked(grab.toImage(), on_wayland()):  # an X11 app on Wayland, for one, gets a black screen
            self._back(window)
            self._no_screenshots()
            return
        self.snipper = ScreenSnip(grab, screen)
        self.snipper.taken.connect(lambda image: (self._back(window), self.take_image(image)))
        self.snipper.cancelled.connect(lambda: self._back(window))
        self.snipper.showFullScreen()
        self.snipper.activateWindow()

    def _no_screenshots(self) -> None:
        self.said.emit(self.tr("This desktop does not let apps take screenshots. Take one with the system's "
                               "screenshot tool, copy it, and paste it here (Ctrl+V)."))

    def _back(self, window: QWidget) -> None:
        self.snipper = None
        window.show()
        window.raise_()
        window.activateWindow()
