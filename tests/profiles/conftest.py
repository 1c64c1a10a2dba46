"""Fixtures for the profiles tests: a practice with a location and tags, and physicians with profiles."""

import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(settings, tmp_path):
    from django.core.cache import cache

    from profiles import pagecache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    pagecache.clear_local()
    yield
    cache.clear()
    pagecache.clear_local()


@pytest.fixture
def practice(db):
    from profiles.models import Location, Practice, Term

    practice = Practice.objects.create(
        name="Lakeside Clinic", tagline="Care close to home.", phone="+1 555 0100 400",
        urgent_care_guidance="Call us first for same-day slots.",
    )
    Location.objects.create(practice=practice, name="Lake Street", slug="lake-street",
                            street_address="1 Lake Street", locality="Springfield", region="IL",
                            postal_code="62701", opening_hours="Mo-Fr 08:00-17:00")
    Location.objects.create(practice=practice, name="Hill Road", slug="hill-road",
                            street_address="9 Hill Road", locality="Springfield", region="IL",
                            postal_code="62702", opening_hours="Sa 09:00-12:00")
    for kind, name, slug in [(Term.Kind.SPECIALTY, "Cardiology", "cardiology"),
                             (Term.Kind.SPECIALTY, "Pediatrics", "pediatrics"),
                             (Term.Kind.LANGUAGE, "English", "english"),
                             (Term.Kind.LANGUAGE, "Spanish", "spanish")]:
        Term.objects.create(kind=kind, name=name, slug=slug)
    return practice


@pytest.fixture
def physician_factory(user_factory, practice):
    """A physician account (in the Physicians group) with a profile; published unless told otherwise."""
    from accounts import roles
    from profiles.models import Location, PhysicianProfile, Term

    def make(*, name=None, published=True, specialties=("cardiology",), languages=("english",),
             locations=("lake-street",), accepting=True, account_extra=None, **fields):
        n = next(_seq)
        name = name or f"Robin Doctor{n}"
        account = user_factory(group=roles.PHYSICIANS, **(account_extra or {}))
        profile = PhysicianProfile.objects.create(
            account=account, practice=practice, name=name, slug=f"robin-doctor-{n}", credentials="MD",
            is_published=published, accepting_new_patients=accepting, **fields,
        )
        profile.terms.set(Term.objects.filter(slug__in=[*specialties, *languages]))
        profile.locations.set(Location.objects.filter(slug__in=locations))
        return profile

    return make


def image_bytes(fmt: str, size=(300, 200), color=(200, 30, 30), **save_args) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt, **save_args)
    return buffer.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
