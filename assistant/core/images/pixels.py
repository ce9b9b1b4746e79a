"""The work on a picture's pixels behind ``image_file.prepare_image``, with Pillow, which only this module loads."""

from __future__ import annotations

import io
import math
import warnings

from PIL import ExifTags, Image, ImageCms

from assistant.core.i18n import translate
from assistant.core.images import image_file as limits  # read at each use: tests lower them
from assistant.core.images.image_file import ImageProblem, PreparedImage, not_a_picture, too_many_pixels

# Our own pixel cap refuses these pictures before Pillow's warning would matter; its error is still caught below.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


def prepared_from(data: bytes, name: str) -> PreparedImage:
    try:
        picture = Image.open(io.BytesIO(data), formats=limits.FORMATS)
    except Image.DecompressionBombError:
        raise too_many_pixels(name) from None
    except (Image.UnidentifiedImageError, SyntaxError, ValueError, TypeError, OSError):
        raise not_a_picture(name) from None
    with picture:
        return _prepare(picture, name)


def _prepare(picture: Image.Image, name: str) -> PreparedImage:
    notes = []
    original = picture.size
    if getattr(picture, "is_animated", False) or getattr(picture, "n_frames", 1) > 1:
        notes.append(translate("Images", "Only the first frame is used: this picture is animated or has several "
                                         "pages."))
    source_format = picture.format
    if source_format in ("JPEG", "MPO"):
        _draft(picture)
    if picture.size[0] * picture.size[1] > limits.MAX_PIXELS or 0 in picture.size:
        raise too_many_pixels(name)
    try:
        picture.load()
        orientation = _orientation(picture)
        icc = picture.info.get("icc_profile")
        picture = _to_resizable(picture)
        if max(picture.size) > limits.MAX_SIDE:
            picture.thumbnail((limits.MAX_SIDE, limits.MAX_SIDE), Image.Resampling.LANCZOS)
        smaller = picture.size != original
        picture = _to_rgb(picture, icc)
        if orientation is not None:
            picture = picture.transpose(orientation)
            original = original if orientation in _KEEPS_SIDES else original[::-1]
    except MemoryError:
        raise too_many_pixels(name) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError):
        raise ImageProblem("damaged", translate(
            "Images", "This picture is damaged or incomplete (the file may have been cut short)."), name) from None
    if smaller:
        notes.append(translate("Images", "Made smaller to {width}×{height} pixels (it was {old_width}×{old_height})."
                               ).format(width=picture.width, height=picture.height, old_width=original[0],
                                        old_height=original[1]))
    data, mime = _encode(picture, photo=source_format in ("JPEG", "MPO"))
    return PreparedImage(data, mime, picture.width, picture.height, notes)


def _draft(picture: Image.Image) -> None:
    """Let libjpeg decode a large JPEG at 1/2, 1/4 or 1/8 of its size, never below what MAX_SIDE keeps: a 100 MP
    photo then costs what a 6 MP one does."""
    width, height = picture.size
    if max(width, height) <= limits.MAX_SIDE:
        return
    scale = limits.MAX_SIDE / max(width, height)
    picture.draft(picture.mode, (math.ceil(width * scale), math.ceil(height * scale)))


# EXIF orientation -> the turn that makes the picture upright (as ImageOps.exif_transpose does).
_TURNS = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
          5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
          8: Image.Transpose.ROTATE_90}
_KEEPS_SIDES = {Image.Transpose.FLIP_LEFT_RIGHT, Image.Transpose.ROTATE_180, Image.Transpose.FLIP_TOP_BOTTOM}


def _orientation(picture: Image.Image) -> Image.Transpose | None:
    """The turn the camera asked for, read before the pixels are converted; a broken EXIF block asks for none."""
    try:
        return _TURNS.get(int(picture.getexif().get(ExifTags.Base.Orientation, 1)))
    except Exception:  # EXIF is the file's own, unchecked data: any failure to parse it means "no turn"
        return None


def _to_resizable(picture: Image.Image) -> Image.Image:
    """Palettes and 1-bit pictures become RGB(A) before resizing, which would otherwise pick nearest pixels; 16-bit
    grey becomes 32-bit, which resizing takes."""
    if picture.mode == "PA" or (picture.mode in ("P", "L", "RGB") and "transparency" in picture.info):
        return picture.convert("RGBA")
    if picture.mode == "P":
        return picture.convert("RGB")
    if picture.mode == "1":
        return picture.convert("L")
    if picture.mode.startswith("I;16"):
        return picture.convert("I")
    return picture


def _to_rgb(picture: Image.Image, icc: bytes | None) -> Image.Image:
    """8-bit RGB in sRGB: colour profiles applied, wide values scaled (not clipped), transparency put on white."""
    if picture.mode in ("I", "F"):
        picture = _wide_to_grey(picture)
    if picture.mode in ("LA", "La", "RGBa"):
        picture = picture.convert("RGBA")
    if picture.mode == "RGBA":
        white = Image.new("RGBA", picture.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, picture).convert("RGB")
    if icc and picture.mode in ("RGB", "CMYK"):
        converted = _with_profile(picture, icc)
        if converted is not None:
            return converted
    return picture if picture.mode == "RGB" else picture.convert("RGB")


def _wide_to_grey(picture: Image.Image) -> Image.Image:
    """32-bit integer or float grey to 8 bits: 16-bit ranges by their full scale, anything else by its extremes."""
    low, high = picture.getextrema()
    if picture.mode == "F" and 0 <= low and high <= 1:
        scale, offset = 255.0, 0.0
    elif 0 <= low and high <= 255:
        scale, offset = 1.0, 0.0
    elif 0 <= low and high <= 65535:
        scale, offset = 1 / 257, 0.0
    else:
        scale = 255.0 / (high - low) if high > low else 1.0
        offset = -low * scale
    return picture.point(lambda value: value * scale + offset).convert("L")


_SRGB = ImageCms.createProfile("sRGB")


def _with_profile(picture: Image.Image, icc: bytes) -> Image.Image | None:
    """The picture's colours through its own ICC profile into sRGB (a phone's Display P3, a print CMYK); None when the
    profile is broken or does not fit the pixels, and the plain conversion does."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(picture, profile, _SRGB, outputMode="RGB")
    except Exception:  # the profile is the file's own, unchecked data: lcms refuses it in many ways
        return None


def _encode(picture: Image.Image, photo: bool) -> tuple[bytes, str]:
    """JPEG for photos, PNG for the rest (screenshots, drawings), unless the PNG is large and a JPEG much smaller.
    Saved from the pixels alone: no ``exif``, ``icc_profile``, ``pnginfo`` or ``xmp`` is passed, and info is empty."""
    picture.info = {}
    png = b""
    if not photo:
        png = _saved(picture, "PNG", optimize=False, compress_level=6)
        if len(png) <= limits.PNG_BUDGET:
            return png, "image/png"
    jpeg = _saved(picture, "JPEG", quality=limits.JPEG_QUALITY, subsampling="4:2:0" if photo else "4:4:4")
    if png and len(jpeg) * 2 > len(png):
        return png, "image/png"
    return jpeg, "image/jpeg"


def _saved(picture: Image.Image, form: str, **options) -> bytes:
    out = io.BytesIO()
    picture.save(out, form, **options)
    return out.getvalue()
