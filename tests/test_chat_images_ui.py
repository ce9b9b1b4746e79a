"""Pictures in the Chat composer, on real widgets and a real image store: pasted from the clipboard (a screenshot, or
copied files), dropped, chosen in the file dialog; hostile files refused with one line and nothing typed lost; the
thumbnail row and its remove buttons; the viewer. The real window with the real model is in
test_chat_images_window.py."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QImage, QColor
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QVBoxLayout, QWidget

from assistant.core.images.image_store import ImageStore
from assistant.ui.chat.chat_images import ChatImages
from assistant.ui.chat.image_strip import Thumbnail
from assistant.ui.common.image_viewer import PictureViewer
from assistant.ui.chat.input_row import InputRow


@pytest.fixture(autouse=True)
def empty_clipboard(qapp):
    """A QMimeData made here and left on the clipboard would be deleted by Qt after Python has gone, at the
    process's exit, which crashes it: each test leaves the clipboard empty."""
    yield
    QGuiApplication.clipboard().clear()


def png(path, size=(120, 80), colour="red") -> str:
    Image.new("RGB", size, colour).save(path, "PNG")
    return str(path)


class Composer:
    """The composer as the Chat pane makes it: a row with its strip and box, the pictures' controller, and a
    label standing for the thread (a part of the pane that takes no drops of its own)."""

    def __init__(self, qtbot, store: ImageStore | None):
        self.counted: list[tuple[str, tuple]] = []
        self.pane = QWidget()
        qtbot.addWidget(self.pane)
        self.images = ChatImages(store, self.pane)
        self.row = InputRow([self.images.button], self._count, lambda text, images: None, lambda: True, self.pane)
        self.images.connect_row(self.row)
        self.thread = QLabel("thread", self.pane)
        self.thread.setMinimumHeight(120)
        layout = QVBoxLayout(self.pane)
        layout.addWidget(self.thread)
        layout.addWidget(self.row)
        self.pane.resize(700, 400)
        self.pane.show()
        qtbot.waitExposed(self.pane)
        self.qtbot = qtbot

    def _count(self, text: str, images) -> int:
        self.counted.append((text, images))
        return len(text) + 16 * len(images)

    def wait_idle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.images.intake.busy, timeout=10_000)

    def attached(self) -> list:
        return self.row.strip.images()


@pytest.fixture
def store(tmp_path) -> ImageStore:
    return ImageStore(tmp_path / "images")


@pytest.fixture
def make_composer(qtbot):
    made = []
    yield lambda store: made.append(Composer(qtbot, store)) or made[-1]
    for composer in made:  # as the window does on quit: nothing left on a pool thread
        composer.images.shutdown()
        composer.row.token_counter.shutdown()


@pytest.fixture
def composer(make_composer, store) -> Composer:
    return make_composer(store)


def drop(widget: QWidget, mime: QMimeData) -> bool:
    """A drag entering the window over ``widget`` and dropped there, delivered through the window as a real drag
    is, so Qt picks the widget that takes it. Returns whether the drop was accepted."""
    window = widget.window().windowHandle()
    point = widget.mapTo(widget.window(), widget.rect().center()).toPointF()
    enter = QDragEnterEvent(point.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, enter)
    dropped = QDropEvent(point, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(window, dropped)
    return dropped.isAccepted()


def test_a_pasted_screenshot_becomes_a_thumbnail_that_can_be_removed(composer):
    screenshot = QImage(300, 200, QImage.Format_RGB32)
    screenshot.fill(QColor("navy"))
    QGuiApplication.clipboard().setImage(screenshot)
    composer.row.input.setPlainText("what is this?")
    composer.row.input.paste()
    composer.wait_idle()
    assert composer.row.input.toPlainText() == "what is this?"  # the picture went to the strip, not the text
    [image] = composer.attached()
    assert (image.width, image.height) == (300, 200) and image.path.is_file()
    assert composer.row.strip.isVisible()
    [thumbnail] = composer.row.strip.thumbnails()
    assert "300 × 200" in thumbnail.toolTip()
    composer.qtbot.waitUntil(lambda: bool(composer.counted) and composer.counted[-1][1] == (image,))
    remove = composer.row.strip.findChild(QWidget, "attachedImage").findChild(QWidget, "removeImage")
    composer.qtbot.mouseClick(remove, Qt.LeftButton)
    assert composer.attached() == [] and not composer.row.strip.isVisible()
    composer.qtbot.waitUntil(lambda: composer.counted[-1] == ("what is this?", ()))


def test_copied_image_files_paste_as_pictures_and_text_still_pastes_as_text(composer, tmp_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(png(tmp_path / "one.png")),
                  QUrl.fromLocalFile(png(tmp_path / "two.jpg", colour="blue"))])
    mime.setText(f"{tmp_path / 'one.png'}\n{tmp_path / 'two.jpg'}")  # as file managers put them
    QGuiApplication.clipboard().setMimeData(mime)
    composer.row.input.paste()
    composer.wait_idle()
    assert len(composer.attached()) == 2 and composer.row.input.toPlainText() == ""
    assert "one.png" in composer.row.strip.thumbnails()[0].toolTip()
    QGuiApplication.clipboard().setText("plain words")
    composer.row.input.paste()
    assert composer.row.input.toPlainText() == "plain words"
    cells = QMimeData()  # a spreadsheet's copy: text, and a picture of the cells
    cells.setText(" and cells")
    cells.setImageData(QImage(10, 10, QImage.Format_RGB32))
    QGuiApplication.clipboard().setMimeData(cells)
    composer.row.input.paste()
    assert composer.row.input.toPlainText() == "plain words and cells" and len(composer.attached()) == 2


def test_a_file_dropped_on_the_box_or_elsewhere_on_the_pane_is_attached(composer, tmp_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(png(tmp_path / "dropped.png"))])
    assert drop(composer.row.input, mime)
    composer.wait_idle()
    assert len(composer.attached()) == 1 and composer.row.input.toPlainText() == ""
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(png(tmp_path / "elsewhere.webp", colour="green"))])
    assert drop(composer.thread, other)
    composer.wait_idle()
    assert len(composer.attached()) == 2
    again = QMimeData()  # the same picture twice is attached once
    again.setUrls([QUrl.fromLocalFile(str(tmp_path / "dropped.png"))])
    assert drop(composer.thread, again)
    composer.wait_idle()
    assert len(composer.attached()) == 2
    text_file = tmp_path / "notes.txt"
    text_file.write_text("not a picture")
    words = QMimeData()
    words.setUrls([QUrl.fromLocalFile(str(text_file))])
    assert not drop(composer.thread, words)  # not ours: the pane refuses it


def test_the_file_dialog_attaches_what_is_chosen(composer, tmp_path, monkeypatch):
    chosen = [png(tmp_path / "a.png"), png(tmp_path / "b.bmp", colour="yellow")]
    asked = []

    def choose(parent, caption, folder, filters):
        asked.append(filters)
        return chosen, filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(choose))
    composer.qtbot.mouseClick(composer.images.button, Qt.LeftButton)
    composer.wait_idle()
    assert [image.width for image in composer.attached()] == [120, 120]
    for suffix in ("*.png", "*.jpg", "*.jpeg", "*.webp", "*.gif", "*.bmp", "*.tiff"):
        assert suffix in asked[0]


def test_a_truncated_png_is_refused_with_one_line_and_the_text_stays(composer, tmp_path, monkeypatch):
    whole = io.BytesIO()
    Image.effect_noise((400, 400), 60).convert("RGB").save(whole, "PNG")
    broken = tmp_path / "broken.png"
    broken.write_bytes(whole.getvalue()[: len(whole.getvalue()) // 2])
    disguised = tmp_path / "letter.png"
    disguised.write_text("Dear friend, this is no picture.")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *args: ([str(broken), str(disguised)], "")))
    composer.row.input.setPlainText("keep me")
    composer.images.choose_files()
    composer.wait_idle()
    assert composer.attached() == [] and not composer.row.strip.isVisible()
    lines = composer.row.notice.text().splitlines()
    assert len(lines) == 2 and lines[0].startswith("broken.png: ") and lines[1].startswith("letter.png: ")
    assert "Traceback" not in composer.row.notice.text()
    assert composer.row.input.toPlainText() == "keep me"
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *args: ([png(tmp_path / "ok.png")], "")))
    composer.images.choose_files()
    composer.wait_idle()
    assert len(composer.attached()) == 1 and composer.row.notice.text() == ""  # the refusals go with a picture in


def choose_in_dialog(composer, monkeypatch, paths: list[str]) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *args: (paths, "")))
    composer.images.choose_files()
    composer.wait_idle()


@pytest.mark.parametrize("good_first", [False, True])
def test_a_refusal_is_said_when_good_pictures_come_in_with_it(composer, tmp_path, monkeypatch, good_first):
    """A stranger chose a text file named .png together with a real picture: the picture came in, and nothing said
    why the other did not (the good one's arrival cleared the line), whichever came first."""
    fake = tmp_path / "notreally.png"
    fake.write_text("I am a text file.")
    good = png(tmp_path / "error.png")
    choose_in_dialog(composer, monkeypatch, [good, str(fake)] if good_first else [str(fake), good])
    assert len(composer.attached()) == 1
    assert composer.row.notice.isVisible()
    [line] = composer.row.notice.text().splitlines()
    assert line.startswith("notreally.png: ") and "not a picture" in line


def test_only_the_latest_attempts_refusals_show_each_once_and_a_few_at_most(composer, tmp_path, monkeypatch):
    fake = tmp_path / "notreally.png"
    fake.write_text("I am a text file.")
    choose_in_dialog(composer, monkeypatch, [str(fake), str(fake)])
    assert composer.row.notice.text().splitlines() == [composer.row.notice.text()]  # the same file said once
    choose_in_dialog(composer, monkeypatch, [str(fake)])  # again: replaced, not added below
    assert len(composer.row.notice.text().splitlines()) == 1

    many = []
    for number in range(5):
        path = tmp_path / f"fake{number}.png"
        path.write_text(f"text {number}")
        many.append(str(path))
    choose_in_dialog(composer, monkeypatch, many)
    lines = composer.row.notice.text().splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == ["fake0.png", "fake1.png", "fake2.png"]
    assert len(lines) == 4 and "2 more" in lines[3]
    assert all(f"fake{number}.png: " in composer.row.notice.toolTip() for number in range(5))  # all, on pointing
    notice = composer.row.notice
    assert notice.heightForWidth(notice.width()) <= 4 * notice.fontMetrics().lineSpacing() + 4  # wrapped, too

    choose_in_dialog(composer, monkeypatch, [png(tmp_path / "fine.png")])  # a new attempt with no refusal
    assert composer.row.notice.text() == "" and not composer.row.notice.isVisible()
    assert composer.row.notice.toolTip() == ""
    choose_in_dialog(composer, monkeypatch, [str(fake)])
    assert composer.row.notice.isVisible()
    composer.images.forget_refusals()  # as sending does
    assert not composer.row.notice.isVisible()


def test_a_slower_earlier_attempts_refusals_do_not_replace_the_latest():
    from assistant.core.chat.attach_refusals import AttachRefusals

    refusals = AttachRefusals(shown=2)
    refusals.start(1)
    refusals.start(2)
    assert not refusals.add(1, "old.png: not a picture")  # attempt 1 answered after 2 began
    assert refusals.add(2, "a.png: no") and not refusals.add(2, "a.png: no")
    assert refusals.add(2, "b.png: no") and refusals.add(2, "c.png: no")
    assert refusals.visible() == (["a.png: no", "b.png: no"], 1)


def test_an_animated_or_huge_picture_says_what_was_changed_on_its_thumbnail(composer, tmp_path):
    frames = [Image.new("RGB", (64, 64), colour) for colour in ("red", "green", "blue")]
    frames[0].save(tmp_path / "moving.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
    png(tmp_path / "wide.png", size=(5000, 1000))
    composer.images.intake.add_files([str(tmp_path / "moving.gif"), str(tmp_path / "wide.png")])
    composer.wait_idle()
    moving, wide = composer.row.strip.thumbnails()
    assert "first frame" in moving.toolTip()
    assert "2048×410" in wide.toolTip() and "5000×1000" in wide.toolTip()
    assert composer.attached()[1].width == 2048


def test_without_an_image_store_nothing_is_taken_as_a_picture(make_composer, tmp_path):
    composer = make_composer(None)
    assert not composer.images.button.isVisibleTo(composer.pane)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(png(tmp_path / "x.png"))])
    QGuiApplication.clipboard().setMimeData(mime)
    composer.row.input.paste()
    assert composer.attached() == [] and not composer.images.intake.busy


def test_the_attach_button_says_when_the_model_cannot_see(composer):
    from types import SimpleNamespace

    composer.images.set_model(SimpleNamespace(sees=True))
    assert "OCR" not in composer.images.button.toolTip()
    composer.images.set_model(SimpleNamespace(sees=False))
    assert "cannot see pictures" in composer.images.button.toolTip() and "OCR" in composer.images.button.toolTip()
    composer.images.set_model(None)
    assert "cannot see pictures" in composer.images.button.toolTip()


def test_a_thumbnail_opens_the_picture_fitted_and_esc_closes_it(composer, qtbot, tmp_path):
    composer.images.intake.add_files([png(tmp_path / "big.png", size=(2000, 1500))])  # kept as it is (< 2048)
    composer.wait_idle()
    [thumbnail] = composer.row.strip.thumbnails()
    assert isinstance(thumbnail, Thumbnail)
    qtbot.mouseClick(thumbnail, Qt.LeftButton)
    [viewer] = composer.pane.findChildren(PictureViewer)
    qtbot.waitExposed(viewer)
    viewer.resize(600, 500)
    qtbot.waitUntil(lambda: viewer.shown_size().width() <= viewer.scroll.viewport().width())
    assert 0 < viewer.shown_size().width() < 2000
    assert "2000 × 1500" in viewer.windowTitle()
    viewer.fit.setChecked(False)
    assert viewer.shown_size().width() == 2000
    with qtbot.waitSignal(viewer.destroyed):
        qtbot.keyClick(viewer, Qt.Key_Escape)


def test_a_sent_question_shows_its_pictures_and_says_which_are_gone_or_damaged(qtbot, store, tmp_path):
    from assistant.ui.chat.image_strip import SentImages
    from assistant.ui.chat.thumbnails import Thumbnails

    kept = store.add_file(png(tmp_path / "kept.png", size=(300, 100)))
    damaged = store.add_file(png(tmp_path / "damaged.png", colour="blue"))
    damaged.path.write_bytes(damaged.path.read_bytes()[:40])
    thumbnails = Thumbnails(store)
    shown = SentImages([kept.sha256, "0" * 64, damaged.sha256], thumbnails)
    qtbot.addWidget(shown)
    first, gone, broken = shown.buttons
    qtbot.waitUntil(lambda: all(button.text() != "…" for button in shown.buttons), timeout=10_000)
    assert first.isEnabled() and "300 × 100" in first.toolTip() and not first.icon().isNull()
    assert not gone.isEnabled() and "no longer" in gone.toolTip()
    assert not broken.isEnabled() and "damaged" in broken.toolTip()
    again = SentImages([kept.sha256], thumbnails)  # kept in memory: shown at once, without a pool thread
    qtbot.addWidget(again)
    assert again.buttons[0].isEnabled()
    thumbnails.shutdown()
