"""Hostile pictures, each made for real by the test with Pillow or by hand (a PNG header that claims 10^10 pixels, a
JPEG cut in half, a text file called .png, an EPS, animated GIF/WebP/PNG, CMYK, LAB, 16-bit and float grey, EXIF
rotation with a GPS position): refused with one clear line, or normalised to one upright 8-bit RGB frame whose file
carries nothing of the original's metadata."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms, ImageFile, ImageOps

from assistant.core.images import image_file
from assistant.core.images.image_file import (MAX_FILE_BYTES, MAX_SIDE, ImageProblem, PreparedImage, prepare_image,
                                              prepare_image_file)


def saved(picture: Image.Image, form: str, **options) -> bytes:
    out = io.BytesIO()
    picture.save(out, form, **options)
    return out.getvalue()


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_by_hand(width: int, height: int, depth: int, colour: int, rows: bytes) -> bytes:
    """A PNG written chunk by chunk, for what Pillow will not write: 16-bit RGB, or a header that lies."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def opened(prepared: PreparedImage) -> Image.Image:
    picture = Image.open(io.BytesIO(prepared.data))
    picture.load()
    return picture


def assert_plain(prepared: PreparedImage) -> Image.Image:
    """What every prepared picture is: 8-bit RGB, its size as said, its mime its real format, no metadata."""
    picture = opened(prepared)
    assert picture.mode == "RGB" and picture.size == (prepared.width, prepared.height)
    assert prepared.mime == {"PNG": "image/png", "JPEG": "image/jpeg"}[picture.format]
    assert not picture.getexif() and b"Exif" not in prepared.data and b"eXIf" not in prepared.data
    assert not {"icc_profile", "xmp", "XML:com.adobe.xmp", "exif"} & set(picture.info)
    return picture


def near(pixel, expected, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected))


# Refused ----------------------------------------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("side", [100_000, 10_000])
def test_a_decompression_bomb_is_refused_from_its_header_before_any_pixel_is_decoded(side):
    # 10^10 pixels trips Pillow's own error; 10^8 only its warning, and our cap. Both IDATs are tiny: had the pixels
    # been decoded, the picture would have been called damaged (cut short), not too large.
    bomb = png_by_hand(side, side, 8, 2, b"\x00" * 16)
    with pytest.raises(ImageProblem) as refused:
        prepare_image(bomb, "bomb.png")
    assert refused.value.kind == "too_many_pixels"
    assert str(refused.value) == "bomb.png: This picture has too many pixels to open safely (more than 64 million)."


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.png"
    with huge.open("wb") as out:
        out.write(png_by_hand(1, 1, 8, 2, b"\x00\x00\x00\x00"))
        out.truncate(MAX_FILE_BYTES + 1)  # sparse: the size is real, the disk is not used
    for attempt in (lambda: prepare_image_file(huge), lambda: prepare_image(bytes(MAX_FILE_BYTES + 1))):
        with pytest.raises(ImageProblem) as refused:
            attempt()
        assert refused.value.kind == "too_large" and "larger than 30 MB" in str(refused.value)


@pytest.mark.parametrize("form", ["JPEG", "PNG"])
def test_a_picture_cut_in_half_is_called_damaged(form):
    whole = saved(Image.effect_noise((300, 200), 60).convert("RGB"), form)
    with pytest.raises(ImageProblem) as refused:
        prepare_image(whole[: len(whole) // 2], "half")
    assert refused.value.kind == "damaged" and "damaged or incomplete" in str(refused.value)
    assert not ImageFile.LOAD_TRUNCATED_IMAGES  # never switched on for the whole process


@pytest.mark.parametrize("content", [
    b"just some words, not a picture\n",
    b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>",
    # Pillow knows EPS (and would run Ghostscript on it): Hearth never offers it the file.
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n0 0 moveto 10 10 lineto stroke\n",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
])
def test_something_that_is_not_a_picture_is_refused_by_its_content_whatever_its_name(content, tmp_path):
    fake = tmp_path / "holiday.png"
    fake.write_bytes(content)
    with pytest.raises(ImageProblem) as refused:
        prepare_image_file(fake)
    assert refused.value.kind == "not_a_picture"
    assert str(refused.value) == ("holiday.png: This is not a picture Hearth can read "
                                  "(PNG, JPEG, WebP, GIF, BMP, TIFF).")


def test_an_empty_a_missing_and_a_folder_are_each_said(tmp_path):
    (tmp_path / "empty.jpg").write_bytes(b"")
    cases = {"empty.jpg": "empty", "gone.jpg": "missing", ".": "not_a_picture"}
    for name, kind in cases.items():
        with pytest.raises(ImageProblem) as refused:
            prepare_image_file(tmp_path / name)
        assert refused.value.kind == kind


# Normalised -------------------------------------------------------------------------------------------------------

def test_a_png_called_jpg_is_read_as_the_png_it_is(tmp_path):
    (tmp_path / "screenshot.jpg").write_bytes(saved(Image.new("RGB", (40, 30), (10, 120, 240)), "PNG"))
    prepared = prepare_image_file(tmp_path / "screenshot.jpg")
    assert prepared.mime == "image/png" and prepared.notes == []
    assert assert_plain(prepared).getpixel((5, 5)) == (10, 120, 240)


def animated(form: str) -> bytes:
    frames = [Image.new("RGB", (32, 32), colour) for colour in ((255, 0, 0), (0, 0, 255), (0, 255, 0))]
    options = {"GIF": {}, "WEBP": {"lossless": True}, "PNG": {}}[form]
    return saved(frames[0], form, save_all=True, append_images=frames[1:], duration=100, loop=0, **options)


@pytest.mark.parametrize("form", ["GIF", "WEBP", "PNG"])
def test_an_animated_picture_gives_its_first_frame_and_says_so(form):
    data = animated(form)
    assert Image.open(io.BytesIO(data)).n_frames == 3
    prepared = prepare_image(data, f"moving.{form.lower()}")
    assert near(assert_plain(prepared).getpixel((16, 16)), (255, 0, 0))
    assert prepared.notes == ["Only the first frame is used: this picture is animated or has several pages."]


def test_a_cmyk_jpeg_becomes_rgb_with_its_colours():
    red = Image.new("CMYK", (48, 48), (0, 255, 255, 0))
    prepared = prepare_image(saved(red, "JPEG", quality=95), "print.jpg")
    picture = assert_plain(prepared)
    assert prepared.mime == "image/jpeg" and near(picture.getpixel((24, 24)), (255, 0, 0), 20)


def test_a_lab_tiff_becomes_rgb():
    prepared = prepare_image(saved(Image.new("LAB", (20, 20), (255, 128, 128)), "TIFF"), "lab.tif")
    assert near(assert_plain(prepared).getpixel((3, 3)), (255, 255, 255), 4)


def test_16_bit_grey_and_16_bit_rgb_pngs_are_scaled_to_8_bits_not_clipped():
    grey = Image.new("I;16", (20, 20), 40_000)
    grey_png = saved(grey, "PNG")
    assert grey_png[24:26] == b"\x10\x00"  # bit depth 16, grey
    assert near(assert_plain(prepare_image(grey_png)).getpixel((1, 1)), (155, 155, 155), 1)
    # 16-bit RGB, one row per line, filter byte 0: (65535, 32768, 0) is (255, 128, 0).
    rows = (b"\x00" + struct.pack(">HHH", 65535, 32768, 0) * 8) * 8
    prepared = prepare_image(png_by_hand(8, 8, 16, 2, rows))
    assert near(assert_plain(prepared).getpixel((4, 4)), (255, 128, 0), 1)


@pytest.mark.parametrize("mode, value, expected", [("F", 0.5, 128), ("I", 30_000, 117), ("I", 100, 100),
                                                   ("F", -3.0, None)])
def test_integer_and_float_grey_tiffs_are_brought_into_8_bits(mode, value, expected):
    picture = Image.new(mode, (10, 10), value)
    if expected is None:  # a range of its own: stretched from its darkest to its lightest
        picture.putpixel((0, 0), 5.0)
    prepared = prepare_image(saved(picture, "TIFF"), "science.tif")
    pixel = assert_plain(prepared).getpixel((5, 5))
    assert near(pixel, (expected,) * 3 if expected is not None else (0, 0, 0), 1)


def test_transparency_is_put_on_white_for_rgba_and_for_a_palette():
    rgba = Image.new("RGBA", (10, 10), (255, 0, 0, 0))
    rgba.putpixel((1, 1), (0, 0, 0, 128))
    picture = assert_plain(prepare_image(saved(rgba, "PNG")))
    assert picture.getpixel((5, 5)) == (255, 255, 255) and near(picture.getpixel((1, 1)), (127, 127, 127), 2)

    palette = Image.new("P", (10, 10), 0)
    palette.putpalette([0, 0, 0, 0, 200, 0])
    palette.putpixel((2, 2), 1)
    gif = saved(palette, "GIF", transparency=0)
    picture = assert_plain(prepare_image(gif, "sticker.gif"))
    assert picture.getpixel((5, 5)) == (255, 255, 255) and picture.getpixel((2, 2)) == (0, 200, 0)


def photo_with_everything() -> bytes:
    """A 60x40 JPEG, red on the left and blue on the right, whose EXIF says "turn 90° clockwise to show" (6) and
    carries a GPS position, a camera name and a comment, with an ICC profile and XMP beside it."""
    photo = Image.new("RGB", (60, 40), (0, 0, 255))
    photo.paste((255, 0, 0), (0, 0, 30, 40))
    exif = Image.Exif()
    exif[ImageOps.ExifTags.Base.Orientation] = 6
    exif[ImageOps.ExifTags.Base.Make] = "HearthTestCamera"
    exif[ImageOps.ExifTags.Base.ImageDescription] = "secret garden"
    exif[ImageOps.ExifTags.IFD.GPSInfo] = {1: "N", 2: (51.0, 28.0, 38.0), 3: "W", 4: (0.0, 0.0, 5.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description GPSLatitude="51,28.6N"/></x:xmpmeta>'
    data = saved(photo, "JPEG", quality=95, exif=exif.tobytes(), icc_profile=icc, xmp=xmp)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ImageOps.ExifTags.IFD.GPSInfo)  # it is really there
    return data


def test_exif_rotation_is_applied_and_no_exif_gps_or_profile_survives():
    data = photo_with_everything()
    prepared = prepare_image(data, "IMG_0001.jpg")
    picture = assert_plain(prepared)
    assert (prepared.width, prepared.height) == (40, 60) and prepared.notes == []
    assert near(picture.getpixel((20, 10)), (255, 0, 0), 30) and near(picture.getpixel((20, 50)), (0, 0, 255), 30)
    for secret in (b"HearthTestCamera", b"secret garden", b"GPS", b"xmpmeta", b"ICC_PROFILE"):
        assert secret in data and secret not in prepared.data


def test_a_large_picture_is_made_smaller_and_says_from_what():
    wide = Image.linear_gradient("L").resize((3000, 1000)).convert("RGB")
    prepared = prepare_image(saved(wide, "PNG"))
    assert (prepared.width, prepared.height) == (MAX_SIDE, 683)
    assert prepared.notes == ["Made smaller to 2048×683 pixels (it was 3000×1000)."]
    assert_plain(prepared)


def test_a_turned_photo_that_is_made_smaller_reports_its_sides_upright():
    photo = Image.new("RGB", (3000, 2000), (90, 90, 90))
    exif = Image.Exif()
    exif[ImageOps.ExifTags.Base.Orientation] = 8
    prepared = prepare_image(saved(photo, "JPEG", exif=exif.tobytes()))
    assert (prepared.width, prepared.height) == (1365, 2048)
    assert prepared.notes == ["Made smaller to 1365×2048 pixels (it was 2000×3000)."]


def test_a_large_jpeg_is_decoded_at_a_fraction_of_its_size_so_memory_stays_bounded(monkeypatch):
    # With a cap of 4 MP, a 12 MP PNG is refused, but a 12 MP JPEG is decoded by libjpeg at half size (3 MP).
    monkeypatch.setattr(image_file, "MAX_PIXELS", 4_000_000)
    big = Image.new("RGB", (4100, 3000), (30, 140, 60))
    with pytest.raises(ImageProblem):
        prepare_image(saved(big, "PNG"))
    prepared = prepare_image(saved(big, "JPEG"))
    assert (prepared.width, prepared.height) == (2048, 1499) and prepared.mime == "image/jpeg"


def test_screenshots_stay_png_and_photos_jpeg():
    screenshot = Image.new("RGB", (800, 600), (250, 250, 250))
    screenshot.paste((20, 20, 20), (40, 40, 400, 60))
    assert prepare_image(saved(screenshot, "PNG")).mime == "image/png"
    assert prepare_image(saved(screenshot, "BMP")).mime == "image/png"
    noise = Image.merge("RGB", [Image.effect_noise((1600, 1200), 90).convert("L")] * 3)
    assert prepare_image(saved(noise, "PNG")).mime == "image/jpeg"  # its PNG is over budget, a JPEG far smaller
    assert prepare_image(saved(noise, "JPEG")).mime == "image/jpeg"


def test_the_same_picture_prepares_to_the_same_bytes():
    data = photo_with_everything()
    assert prepare_image(data).data == prepare_image(data).data


def test_every_text_of_a_refusal_is_one_line():
    with pytest.raises(ImageProblem) as refused:
        prepare_image(b"nope")
    assert "\n" not in str(refused.value) and not str(refused.value).startswith(":")


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_turns_the_picture_as_pillow_does(orientation):
    picture = Image.new("RGB", (6, 4), (0, 0, 0))
    for x, y, colour in ((0, 0, (255, 0, 0)), (5, 0, (0, 255, 0)), (0, 3, (0, 0, 255))):
        picture.putpixel((x, y), colour)
    exif = Image.Exif()
    exif[ImageOps.ExifTags.Base.Orientation] = orientation
    data = saved(picture, "PNG", exif=exif.tobytes())
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data)))
    prepared = assert_plain(prepare_image(data))
    assert prepared.size == expected.size and prepared.tobytes() == expected.convert("RGB").tobytes()
