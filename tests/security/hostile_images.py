"""Hostile photo uploads, built in memory (nothing downloaded), and a reader for what got stored.

Each builder returns the bytes an attacker (or a careless phone) would send. ``jpeg_segments`` walks a
stored JPEG's markers so a test can prove that no metadata segment and no trailing payload survived.
"""

import io
import os
import struct
import zipfile
import zlib

from PIL import Image

HTML_PAYLOAD = b"<html><body><script>window.__xss=1;alert(document.cookie)</script></body></html>"
GPS_LATITUDE = (40.0, 26.0, 46.0)


def noise_image(size, mode="RGB") -> Image.Image:
    """Random pixels: they compress badly, so a file's size and its decoding both cost something."""
    channels = {"RGB": 3, "CMYK": 4, "L": 1}[mode]
    return Image.frombytes(mode, size, os.urandom(size[0] * size[1] * channels))


def encode(image: Image.Image, fmt="JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pixel_bomb_png(width=30_000, height=30_000) -> bytes:
    """A valid PNG header declaring width x height pixels, with a few hundred bytes of compressed rows."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * (width * 3)
    body = compressor.compress(row * 4) + compressor.flush(zlib.Z_SYNC_FLUSH)  # only the first rows
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b"")


def decodable_bomb_png() -> bytes:
    """A complete 6000 x 5000 (30 megapixel) PNG that is ~30 KB on disk: every pixel black."""
    return encode(Image.new("L", (6000, 5000), 0), "PNG", optimize=True)


def oversize_png() -> bytes:
    """A real, modest-resolution PNG (about 2 megapixels) over 5 MB because its pixels are noise."""
    return encode(noise_image((1400, 1400)), "PNG", compress_level=0)


def html_renamed() -> bytes:
    return HTML_PAYLOAD


def svg_with_script() -> bytes:
    return (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="480" height="600" '
            b'onload="alert(1)"><script>window.__xss=1</script><rect width="480" height="600"/></svg>')


def _zip_with_html() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", HTML_PAYLOAD)
    return buffer.getvalue()


def gifar() -> bytes:
    """A GIF with a ZIP (a JAR, once) appended: valid as both."""
    return encode(Image.new("P", (64, 64), 1), "GIF") + _zip_with_html()


def jpeg_html_zip_polyglot() -> bytes:
    """A valid JPEG followed by an HTML page and a ZIP archive (browsers and unzip both find theirs)."""
    return encode(noise_image((320, 400)), quality=90) + HTML_PAYLOAD + _zip_with_html()


def jpeg_with_html_comment() -> bytes:
    """A JPEG whose COM segment is an HTML page: the payload sits inside the image's own markers."""
    return encode(noise_image((320, 400)), quality=90, comment=HTML_PAYLOAD)


def truncated_jpeg() -> bytes:
    whole = encode(noise_image((640, 800)), quality=90)
    return whole[: len(whole) * 6 // 10]


def cmyk_jpeg_with_profile() -> bytes:
    """A CMYK JPEG (as print workflows make them) carrying an ICC profile that names its owner."""
    fake_icc = b"\x00\x00\x02\x0cADBE\x02\x10\x00\x00prtrCMYKLab " + b"Dr Sam Lee home scanner" * 20
    return encode(noise_image((400, 500), "CMYK"), quality=90, icc_profile=fake_icc)


# Four coloured quadrants, so any rotation or mirror shows.
QUADRANT_COLOURS = {"top_left": (230, 20, 20), "top_right": (20, 200, 20),
                    "bottom_left": (20, 20, 230), "bottom_right": (240, 240, 20)}


def quadrants(size=(800, 600)) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size)
    boxes = {"top_left": (0, 0, width // 2, height // 2), "top_right": (width // 2, 0, width, height // 2),
             "bottom_left": (0, height // 2, width // 2, height),
             "bottom_right": (width // 2, height // 2, width, height)}
    for name, box in boxes.items():
        image.paste(QUADRANT_COLOURS[name], box)
    return image


def exif_rotated_jpeg_with_gps(orientation: int, upright: Image.Image) -> bytes:
    """``upright`` stored as a camera would store it for ``orientation``, with GPS and camera tags."""
    stored = upright.transpose(STORE_FOR_ORIENTATION[orientation]) if orientation in STORE_FOR_ORIENTATION else upright
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x0131] = "LeakySoftware 1.0"  # Software
    exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "W", 4: (79.0, 58.0, 56.0)}  # GPS IFD
    return encode(stored, quality=92, exif=exif.tobytes())


# How a camera stores an upright scene for each EXIF orientation (the inverse of what a viewer applies).
STORE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,  # the viewer turns it 90 degrees clockwise back
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,
}


def jpeg_segments(data: bytes) -> tuple[list[int], bytes]:
    """The markers of a JPEG up to the end of its image (EOI), and whatever bytes follow EOI."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, i = [], 2
    while i < len(data):
        assert data[i] == 0xFF, f"no marker at {i}"
        marker = data[i + 1]
        if marker == 0xD9:  # EOI
            return markers, data[i + 2:]
        markers.append(marker)
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        i += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data runs to the next non-RST marker
            while not (data[i] == 0xFF and data[i + 1] not in (0x00, *range(0xD0, 0xD8))):
                i += 1
    raise AssertionError("no EOI marker")
