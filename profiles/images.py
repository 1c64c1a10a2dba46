"""
Uploaded photos, made safe: real JPEG, PNG or WebP only, within size and pixel limits, re-encoded.

The file's first bytes decide its type (never its name or the browser's content type). Pillow then
decodes it fully under a pixel-count guard, so decompression bombs and truncated files are refused.
The result is a fresh JPEG at a fixed size, turned upright from its EXIF orientation, with no
metadata at all (no EXIF, no GPS, no ICC profile, no comments).
"""

import hashlib
import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageFile, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
PHOTO_SIZE = (480, 600)
JPEG_QUALITY = 85

# Pillow's own guard: over this it warns, over twice this it refuses. We turn the warning into a refusal.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False

_SIGNATURES = {
    "JPEG": lambda head: head.startswith(b"\xff\xd8\xff"),
    "PNG": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    "WEBP": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP",
}

WRONG_TYPE = "Please upload a photo in JPEG, PNG or WebP format."
TOO_LARGE = "The photo is larger than 5 MB. Please upload a smaller file."
TOO_MANY_PIXELS = "The photo has too many pixels (more than 25 megapixels). Please upload a smaller image."
DAMAGED = "The photo could not be read: the file seems damaged or incomplete."


def _sniff(head: bytes) -> str | None:
    return next((fmt for fmt, matches in _SIGNATURES.items() if matches(head)), None)


def _read(uploaded_file) -> bytes:
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    return data


def _decode(data: bytes, expected_format: str) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != expected_format:
                    raise ValidationError(WRONG_TYPE, code="wrong_type")
                if probe.width * probe.height > MAX_PIXELS:
                    raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
                probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()  # decodes every pixel: truncated data fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from exc
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many types for broken files
        raise ValidationError(DAMAGED, code="damaged") from exc
    return image


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def clean_image(uploaded_file, *, size: tuple[int, int] = PHOTO_SIZE) -> ContentFile:
    """A re-encoded JPEG of ``uploaded_file`` cropped to ``size``, or ValidationError with a clear message."""
    data = _read(uploaded_file)
    detected = _sniff(data[:16])
    if detected is None:
        raise ValidationError(WRONG_TYPE, code="wrong_type")
    image = _decode(data, detected)
    try:
        upright = ImageOps.exif_transpose(image)
    except Exception:  # a malformed EXIF block: keep the pixels as they are
        upright = image
    fitted = ImageOps.fit(_flatten(upright), size, method=Image.Resampling.LANCZOS)
    # Pillow carries the source's info (a JPEG comment, DPI, ...) through convert/crop and writes a
    # "comment" back on save: drop it all so that only pixels remain.
    fitted.info.clear()
    out = io.BytesIO()
    # No exif=, icc_profile= or comment=: the new file carries pixels only.
    fitted.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    content = out.getvalue()
    name = hashlib.sha256(content).hexdigest()[:24] + ".jpg"
    return ContentFile(content, name=name)
