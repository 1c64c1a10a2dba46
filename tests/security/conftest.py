"""Fixtures for the security sweep: a practice, a physician who edits their profile, and headless Chromium.

Browser tests (marked ``e2e``) are skipped only when Chromium is missing and REQUIRE_BROWSER is not "1"
(the same rule as tests/e2e/conftest.py).
"""

import pytest

# The browser fixture and the skip-unless-Chromium rule are shared: see tests/conftest.py.


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    yield


@pytest.fixture
def practice(db):
    from profiles.models import Location, Practice, Term

    practice = Practice.objects.create(name="Lakeside Clinic", phone="+1 555 0100 400")
    Location.objects.create(practice=practice, name="Lake Street", slug="lake-street", street_address="1 Lake St",
                            locality="Springfield", region="IL", postal_code="62701")
    Term.objects.create(kind=Term.Kind.SPECIALTY, name="Cardiology", slug="cardiology")
    return practice


@pytest.fixture
def physician(user_factory, practice):
    """A physician account with a published profile (empty bio, no photo)."""
    from accounts import roles
    from profiles.models import PhysicianProfile

    account = user_factory(email="dr.lee@practice.example", group=roles.PHYSICIANS)
    return PhysicianProfile.objects.create(account=account, practice=practice, name="Sam Lee", slug="sam-lee",
                                           credentials="MD", is_published=True)


def profile_form_data(profile, **overrides) -> dict:
    """What the physician's edit form posts, from the profile's current values."""
    data = {
        "name": profile.name,
        "credentials": profile.credentials,
        "board_certifications": profile.board_certifications,
        "education": profile.education,
        "accepting_new_patients": "on" if profile.accepting_new_patients else "",
        "bio": profile.bio,
        "specialties": [t.pk for t in profile.specialties],
        "languages": [t.pk for t in profile.languages],
        "locations": [loc.pk for loc in profile.locations.all()],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value != ""}
