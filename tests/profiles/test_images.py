import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from profiles import images
from profiles.images import clean_image

from .conftest import image_bytes, upload


def _open(content_file) -> Image.Image:
    return Image.open(io.BytesIO(content_file.read()))


@pytest.mark.parametrize(("fmt", "content_type"), [("JPEG", "image/jpeg"), ("PNG", "image/png"),
                                                   ("WEBP", "image/webp")])
def test_real_jpeg_png_and_webp_are_reencoded_to_a_fixed_size_jpeg(fmt, content_type):
    result = clean_image(upload(image_bytes(fmt), name=f"p.{fmt.lower()}", content_type=content_type))
    image = _open(result)
    assert image.format == "JPEG"
    assert image.size == images.PHOTO_SIZE
    assert result.name.endswith(".jpg")


def test_exif_and_gps_metadata_are_stripped():
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x8825] = {1: "N", 2: (40.0, 26.0, 46.0), 3: "W", 4: (79.0, 58.0, 56.0)}  # GPS IFD
    source = image_bytes("JPEG", exif=exif.tobytes())
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(0x8825)  # the source really has GPS
    data = clean_image(upload(source)).read()
    assert b"Exif" not in data and b"SecretCameraMaker" not in data
    cleaned = Image.open(io.BytesIO(data))
    assert not cleaned.getexif() and "icc_profile" not in cleaned.info


def test_exif_orientation_is_applied_before_the_metadata_goes():
    # Stored landscape: top half red, bottom half blue; orientation 6 means "rotate 90 degrees clockwise".
    source = Image.new("RGB", (300, 200), (0, 0, 255))
    source.paste((255, 0, 0), (0, 0, 300, 100))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    source.save(buffer, format="JPEG", exif=exif.tobytes())
    upright = _open(clean_image(upload(buffer.getvalue())))
    width, height = upright.size
    right, left = upright.getpixel((width * 3 // 4, height // 2)), upright.getpixel((width // 4, height // 2))
    assert right[0] > 200 and right[2] < 60  # red is now on the right
    assert left[2] > 200 and left[0] < 60  # blue on the left


def test_transparent_png_gets_a_white_background():
    buffer = io.BytesIO()
    Image.new("RGBA", (100, 100), (0, 0, 0, 0)).save(buffer, format="PNG")
    assert _open(clean_image(upload(buffer.getvalue(), name="p.png"))).getpixel((10, 10)) == (255, 255, 255)


def _bomb(size) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", size).save(buffer, format="PNG")  # tiny on disk, huge once decoded
    return buffer.getvalue()


@pytest.mark.parametrize("size", [(6000, 5000), (10000, 6000)])  # over the limit, and over twice the limit
def test_pixel_bombs_are_refused(size):
    data = _bomb(size)
    assert len(data) < images.MAX_BYTES
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload(data, name="bomb.png"))
    assert excinfo.value.messages == [images.TOO_MANY_PIXELS]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "photo.jpg", images.WRONG_TYPE),
        (b"GIF89a" + b"\x00" * 100, "photo.gif", images.WRONG_TYPE),
        (b"", "empty.jpg", images.WRONG_TYPE),
        (image_bytes("JPEG", size=(400, 400))[:300], "truncated.jpg", images.DAMAGED),
        (image_bytes("PNG", size=(400, 400))[:200], "truncated.png", images.DAMAGED),
        (b"\xff\xd8\xff" + b"\x00" * (images.MAX_BYTES + 10), "huge.jpg", images.TOO_LARGE),
        # PNG bytes but a JPEG header claim: the content decides, and a header alone is not an image.
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "fake.png", images.DAMAGED),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(data, name, message):
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload(data, name=name))
    assert excinfo.value.messages == [message]


def test_the_file_name_does_not_decide_the_type():
    # A real PNG named .jpg is accepted (as a PNG), and its new name comes from the content.
    result = clean_image(upload(image_bytes("PNG"), name="holiday.jpg"))
    assert _open(result).format == "JPEG" and "holiday" not in result.name


def test_a_jpeg_comment_does_not_survive_cleaning():
    source = io.BytesIO()
    Image.new("RGB", (600, 700), (10, 20, 30)).save(source, format="JPEG", comment=b"shot at 12 Elm St, home of J.D.")
    cleaned = images.clean_image(upload(source.getvalue())).read()
    assert b"Elm St" not in cleaned
    with Image.open(io.BytesIO(cleaned)) as image:
        assert "comment" not in image.info
