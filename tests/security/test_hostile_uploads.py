"""Issue 8, item 3: hostile photo uploads are refused with a clear message, or stored re-encoded, clean.

Every file is built in the test (tests/security/hostile_images.py). Each goes through
``profiles.images.clean_image`` and through the physician's edit form: a refusal must name the problem
in the form's errors and leave the profile and the photo store untouched; a stored photo must be a
fresh JPEG of the fixed size with no EXIF, GPS, ICC, comment or other metadata segment, nothing after
its end marker, none of the attacker's bytes, and turned upright.
"""

import io
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from profiles import images

from . import hostile_images as hostile
from .conftest import profile_form_data

# JFIF header, quantization and Huffman tables, frame, scan, restart interval: pixels only.
PIXEL_MARKERS = {0xE0, 0xDB, 0xC4, 0xC0, 0xC1, 0xC2, 0xDA, 0xDD}
ATTACKER_BYTES = (b"<script", b"<html", b"PK\x03\x04", b"SecretCameraMaker", b"LeakySoftware", b"Dr Sam Lee",
                  b"Exif", b"ICC_PROFILE", b"http://ns.adobe.com/xap")


@dataclass(frozen=True)
class Upload:
    name: str
    build: object  # () -> bytes
    filename: str
    content_type: str
    refusal: str | None  # the message expected, or None when the photo must be stored re-encoded


UPLOADS = [
    Upload("pixel-bomb-30000x30000", hostile.pixel_bomb_png, "photo.png", "image/png", images.TOO_MANY_PIXELS),
    Upload("decodable-30-megapixel-bomb", hostile.decodable_bomb_png, "photo.png", "image/png",
           images.TOO_MANY_PIXELS),
    Upload("oversize", hostile.oversize_png, "photo.png", "image/png", images.TOO_LARGE),
    Upload("html-renamed-jpg", hostile.html_renamed, "photo.jpg", "image/jpeg", images.WRONG_TYPE),
    Upload("svg-with-script", hostile.svg_with_script, "photo.svg", "image/svg+xml", images.WRONG_TYPE),
    Upload("svg-renamed-jpg", hostile.svg_with_script, "photo.jpg", "image/jpeg", images.WRONG_TYPE),
    Upload("gifar", hostile.gifar, "photo.gif", "image/gif", images.WRONG_TYPE),
    Upload("truncated-jpeg", hostile.truncated_jpeg, "photo.jpg", "image/jpeg", images.DAMAGED),
    Upload("jpeg-html-zip-polyglot", hostile.jpeg_html_zip_polyglot, "photo.jpg", "image/jpeg", None),
    Upload("jpeg-html-in-comment", hostile.jpeg_with_html_comment, "photo.jpg", "image/jpeg", None),
    Upload("cmyk-jpeg-with-icc", hostile.cmyk_jpeg_with_profile, "photo.jpg", "image/jpeg", None),
    Upload("exif-rotated-with-gps", lambda: hostile.exif_rotated_jpeg_with_gps(6, hostile.quadrants()),
           "photo.jpg", "image/jpeg", None),
]
IDS = [u.name for u in UPLOADS]


def as_upload(upload: Upload) -> SimpleUploadedFile:
    return SimpleUploadedFile(upload.filename, upload.build(), content_type=upload.content_type)


def problems_with_stored_photo(data: bytes) -> list[str]:
    """Everything wrong with a stored photo's bytes (empty when it is a clean re-encoded JPEG)."""
    problems = []
    image = Image.open(io.BytesIO(data))
    if image.format not in ("JPEG", "PNG", "WEBP"):
        problems.append(f"format {image.format}")
    if image.size != images.PHOTO_SIZE:
        problems.append(f"size {image.size}, not {images.PHOTO_SIZE}")
    if image.mode != "RGB":
        problems.append(f"mode {image.mode}")
    if image.getexif():
        problems.append(f"EXIF tags {dict(image.getexif())}")
    problems += [f"metadata {key!r} in the file" for key in ("exif", "icc_profile", "comment", "xmp", "photoshop")
                 if key in image.info]
    if image.format == "JPEG":
        markers, trailer = hostile.jpeg_segments(data)
        problems += [f"segment 0x{m:02X} (metadata or comment)" for m in sorted(set(markers) - PIXEL_MARKERS)]
        if trailer:
            problems.append(f"{len(trailer)} bytes after the end-of-image marker")
    problems += [f"attacker bytes {needle!r} survived" for needle in ATTACKER_BYTES if needle in data]
    image.load()  # and it decodes completely
    return problems


def quadrant_colours(image: Image.Image) -> dict:
    width, height = image.size
    points = {"top_left": (width // 4, height // 4), "top_right": (3 * width // 4, height // 4),
              "bottom_left": (width // 4, 3 * height // 4), "bottom_right": (3 * width // 4, 3 * height // 4)}
    return {name: image.convert("RGB").getpixel(point) for name, point in points.items()}


def looks_upright(image: Image.Image) -> bool:
    return all(max(abs(a - b) for a, b in zip(seen, hostile.QUADRANT_COLOURS[name], strict=True)) < 40
               for name, seen in quadrant_colours(image).items())


def stored_photos() -> set[str]:
    try:
        return set(default_storage.listdir("photos")[1])
    except FileNotFoundError:
        return set()


# clean_image, directly ------------------------------------------------------------------------------


@pytest.mark.parametrize("upload", UPLOADS, ids=IDS)
def test_clean_image_refuses_with_a_clear_message_or_returns_a_clean_reencoded_photo(upload):
    if upload.refusal:
        with pytest.raises(ValidationError) as refused:
            images.clean_image(as_upload(upload))
        assert refused.value.messages == [upload.refusal]
    else:
        assert problems_with_stored_photo(images.clean_image(as_upload(upload)).read()) == []


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_is_stored_upright_without_gps(orientation):
    source = hostile.exif_rotated_jpeg_with_gps(orientation, hostile.quadrants())
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(0x8825)  # the upload really carries GPS
    if orientation != 1:
        assert not looks_upright(Image.open(io.BytesIO(source)))  # and really is stored turned
    data = images.clean_image(SimpleUploadedFile("p.jpg", source, content_type="image/jpeg")).read()
    assert problems_with_stored_photo(data) == []
    assert looks_upright(Image.open(io.BytesIO(data))), quadrant_colours(Image.open(io.BytesIO(data)))


def test_the_stored_photo_check_catches_metadata_trailers_and_wrong_sizes():
    # The checks above must be able to fail.
    exif_gps = hostile.exif_rotated_jpeg_with_gps(6, hostile.quadrants())
    problems = problems_with_stored_photo(exif_gps + b"<script>x</script>")
    assert any("EXIF" in p for p in problems) and any("after the end-of-image" in p for p in problems)
    assert any("size" in p for p in problems) and any("0xE1" in p for p in problems)
    assert any("comment" in p for p in problems_with_stored_photo(hostile.jpeg_with_html_comment()))


# Through the physician's edit form ------------------------------------------------------------------


@pytest.fixture
def editing_physician(client, physician):
    """A physician, logged in, whose profile already has a good photo (so a refusal can be seen to change nothing)."""
    client.force_login(physician.account)
    good = hostile.encode(hostile.quadrants(), quality=90)
    response = client.post(reverse("profiles:edit-profile"), profile_form_data(
        physician, photo=SimpleUploadedFile("me.jpg", good, content_type="image/jpeg")))
    assert response.status_code == 302
    physician.refresh_from_db()
    assert physician.photo.name.startswith("photos/")
    return physician


@pytest.mark.parametrize("upload", UPLOADS, ids=IDS)
def test_the_edit_form_refuses_hostile_photos_clearly_or_stores_them_clean(client, editing_physician, upload):
    profile = editing_physician
    before_photo, before_files, before_bio = profile.photo.name, stored_photos(), profile.bio
    response = client.post(reverse("profiles:edit-profile"),
                           profile_form_data(profile, bio="Updated bio.", photo=as_upload(upload)))
    profile.refresh_from_db()
    if upload.refusal:
        assert response.status_code == 200
        assert response.context["form"].errors["photo"] == [upload.refusal]
        assert upload.refusal in response.content.decode()  # shown on the page, next to the field
        assert (profile.photo.name, profile.bio) == (before_photo, before_bio)  # nothing saved
        assert stored_photos() == before_files  # nothing written
    else:
        assert response.status_code == 302, response.context["form"].errors if response.context else ""
        assert profile.photo.name != before_photo
        with default_storage.open(profile.photo.name) as stored:
            data = stored.read()
        assert problems_with_stored_photo(data) == []
        served = client.get(profile.photo.url)
        assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
        assert served["X-Content-Type-Options"] == "nosniff"
        assert b"".join(served.streaming_content) == data


def test_an_exif_rotated_phone_photo_is_shown_upright_on_the_public_page(client, editing_physician):
    upload = hostile.exif_rotated_jpeg_with_gps(6, hostile.quadrants())
    response = client.post(reverse("profiles:edit-profile"), profile_form_data(
        editing_physician, photo=SimpleUploadedFile("IMG_0001.jpg", upload, content_type="image/jpeg")))
    assert response.status_code == 302
    editing_physician.refresh_from_db()
    page = client.get(editing_physician.get_absolute_url()).content.decode()
    assert editing_physician.photo.url in page
    served = b"".join(client.get(editing_physician.photo.url).streaming_content)
    assert looks_upright(Image.open(io.BytesIO(served)))
