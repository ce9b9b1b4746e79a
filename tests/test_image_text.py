"""The text of a picture in reading order: the ordering on boxes placed by hand (rows by overlap, not by fixed
bands; vertical columns right to left), and RapidOCR for real on pictures Pillow draws: a code word, rows with two
pieces, a photo whose EXIF turns it upright, and vertical Chinese in the system's CJK font."""

from __future__ import annotations

import io
import subprocess

import pytest
from PIL import Image, ImageDraw, ImageFont, ImageOps

from assistant.core.images.image_file import ImageProblem, prepare_image
from assistant.core.images.image_store import ImageStore
from assistant.core.images.image_text import read_image_text
from assistant.core.images.ocr import Ocr
from assistant.core.images.reading_order import TextBox, is_vertical, reading_order


def box(text, left, top, width, height) -> TextBox:
    return TextBox(text, left, top, left + width, top + height)


# The order, on boxes ------------------------------------------------------------------------------------------------

def test_pieces_of_one_row_stay_together_even_across_a_band_edge():
    # Tops 17 and 19 fell into different 12-pixel bands before (round(17/12) = 1, round(19/12) = 2), splitting the
    # row and putting "world" under "next line".
    boxes = [box("next line", 10, 60, 200, 30), box("world", 220, 19, 120, 30), box("hello", 10, 17, 150, 30)]
    assert reading_order(boxes) == ["hello world", "next line"]


def test_a_slightly_tilted_page_keeps_its_lines_apart():
    # Each line drops 12 pixels from left to right, its height 30, the lines 40 apart.
    boxes = [box(f"l{line}p{piece}", 10 + 200 * piece, 20 + 40 * line + 12 * piece, 180, 30)
             for line in range(3) for piece in range(3)]
    assert reading_order(boxes) == ["l0p0 l0p1 l0p2", "l1p0 l1p1 l1p2", "l2p0 l2p1 l2p2"]


def test_vertical_columns_are_read_right_to_left_each_top_to_bottom():
    boxes = [box("低头思故乡", 80, 30, 40, 220), box("床前", 350, 30, 40, 90), box("明月光", 352, 130, 40, 130),
             box("疑是地上霜", 260, 32, 40, 220), box("举头望明月", 170, 31, 40, 220)]
    assert is_vertical(boxes)
    assert reading_order(boxes) == ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"]


def test_single_characters_and_a_tall_digit_do_not_turn_a_page_vertical():
    boxes = [box("1", 10, 10, 12, 30), box("Chapter one", 40, 10, 200, 30), box("字", 10, 60, 30, 30)]
    assert not is_vertical(boxes)
    assert reading_order(boxes) == ["1 Chapter one", "字"]
    assert reading_order([]) == [] and reading_order([box("  ", 0, 0, 10, 10)]) == []


# OCR, for real ------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ocr():
    if not Ocr.available():
        pytest.skip("RapidOCR is not installed")
    return Ocr(threads=1)


def drawn(lines: list[tuple[int, int, str]], size=(900, 300), font=None) -> Image.Image:
    picture = Image.new("RGB", size, "white")
    ink = ImageDraw.Draw(picture)
    for x, y, text in lines:
        ink.text((x, y), text, font=font or ImageFont.load_default(size=56), fill="black")
    return picture


def test_a_code_word_drawn_in_a_picture_is_read_back(tmp_path, ocr):
    path = tmp_path / "note.png"
    drawn([(40, 110, "ZEBRA-4417")]).save(path)
    assert "ZEBRA-4417" in read_image_text(path, ocr)


def test_rows_come_top_to_bottom_with_their_pieces_left_to_right(tmp_path, ocr):
    picture = drawn([(30, 30, "FIRST"), (560, 36, "RIGHT"), (30, 120, "SECOND"), (30, 210, "THIRD")])
    store = ImageStore(tmp_path / "images")
    out = io.BytesIO()
    picture.save(out, "PNG")
    kept = store.add(prepare_image(out.getvalue()))
    assert read_image_text(kept, ocr).split("\n") == ["FIRST RIGHT", "SECOND", "THIRD"]
    assert read_image_text(picture, ocr) == read_image_text(kept, ocr)


def test_a_photo_turned_by_its_exif_is_read_upright(tmp_path, ocr):
    # Stored sideways (turned a quarter anticlockwise) with orientation 6, "turn clockwise to show", as phones do.
    sideways = drawn([(40, 110, "ZEBRA-4417")]).rotate(90, expand=True)
    exif = Image.Exif()
    exif[ImageOps.ExifTags.Base.Orientation] = 6
    path = tmp_path / "IMG_2001.jpg"
    sideways.save(path, "JPEG", quality=95, exif=exif.tobytes())
    assert "ZEBRA-4417" in read_image_text(path, ocr)


def test_a_hostile_file_is_refused_before_ocr(tmp_path, ocr):
    (tmp_path / "scan.png").write_text("not a picture")
    with pytest.raises(ImageProblem):
        read_image_text(tmp_path / "scan.png", ocr)


def chinese_font(size: int) -> ImageFont.FreeTypeFont | None:
    """The system's Simplified Chinese font (fontconfig's choice, as Qt's), or None."""
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}\n%{index}\n%{lang}", "sans-serif:lang=zh-cn"],
                               capture_output=True, text=True, timeout=30).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    if len(found) < 3 or "zh-cn" not in found[2].split("|"):
        return None  # fontconfig answered with a font that has no Chinese
    return ImageFont.truetype(found[0], size, index=int(found[1] or 0))


def test_vertical_chinese_is_read_column_by_column_from_the_right(tmp_path, ocr):
    font = chinese_font(40)
    if font is None:
        pytest.skip("no Chinese font on this system")
    columns = ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"]
    picture = Image.new("RGB", (420, 340), "white")
    ink = ImageDraw.Draw(picture)
    for number, column in enumerate(columns):  # the first column on the right
        for row, character in enumerate(column):
            ink.text((350 - 90 * number, 20 + 48 * row), character, font=font, fill="black")
    picture.save(tmp_path / "poem.png")
    assert read_image_text(tmp_path / "poem.png", ocr).split("\n") == columns
