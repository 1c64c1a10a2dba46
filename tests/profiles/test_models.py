import pytest

from profiles.models import PhysicianProfile, Practice, ProfileRevision


def test_practice_current_creates_one_practice_with_safe_defaults(db):
    practice = Practice.current()
    assert (practice.emergency_number, practice.crisis_line, practice.time_zone) == ("911", "988", "America/New_York")
    assert Practice.current().pk == practice.pk
    assert Practice.objects.count() == 1


def test_practice_current_returns_the_configured_practice(practice):
    assert Practice.current() == practice
    assert [loc.name for loc in Practice.current().locations.all()] == ["Hill Road", "Lake Street"]


def test_display_name_adds_credentials_and_tags_split_by_kind(physician_factory):
    profile = physician_factory(name="Ivy Ng", specialties=("cardiology", "pediatrics"), languages=("spanish",))
    assert profile.display_name == "Ivy Ng, MD"
    assert [t.name for t in profile.specialties] == ["Cardiology", "Pediatrics"]
    assert [t.name for t in profile.languages] == ["Spanish"]


def test_location_hours_with_a_bad_line_fail_validation(practice):
    from django.core.exceptions import ValidationError

    location = practice.locations.first()
    location.opening_hours = "weekdays nine to five"
    with pytest.raises(ValidationError):
        location.full_clean()


def test_groups_get_their_profile_permissions(db):
    from django.contrib.auth.models import Group

    from accounts import roles

    physicians = set(Group.objects.get(name=roles.PHYSICIANS).permissions.values_list("codename", flat=True))
    staff = set(Group.objects.get(name=roles.PRACTICE_STAFF).permissions.values_list("codename", flat=True))
    assert {"change_physicianprofile"} <= physicians
    assert "change_practice" not in physicians and "add_physicianprofile" not in physicians
    assert {"add_physicianprofile", "change_physicianprofile", "view_practice", "change_location",
            "view_profilerevision"} <= staff
    assert "change_profilerevision" not in staff


def _admin_data(profile, **changes):
    data = {
        "account": profile.account_id, "practice": profile.practice_id, "slug": profile.slug,
        "is_published": "on", "name": profile.name, "credentials": profile.credentials,
        "board_certifications": "", "education": "", "bio": "", "accepting_new_patients": "on",
        "specialties": [t.pk for t in profile.specialties], "languages": [t.pk for t in profile.languages],
        "locations": [loc.pk for loc in profile.locations.all()],
        "revisions-TOTAL_FORMS": "0", "revisions-INITIAL_FORMS": "0",
    }
    return data | changes


def test_staff_edit_any_profile_in_the_admin_and_the_change_is_recorded(client, staff_user, physician_factory):
    profile = physician_factory(name="Staff Edited")
    client.force_login(staff_user)
    response = client.post(f"/admin/profiles/physicianprofile/{profile.pk}/change/",
                           _admin_data(profile, credentials="MD, PhD", is_published=""))
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert (profile.credentials, profile.is_published) == ("MD, PhD", False)
    revision = ProfileRevision.objects.get(profile=profile)
    assert (revision.changed_by, revision.via) == (staff_user, "admin")
    assert revision.changes == {"credentials": ["MD", "MD, PhD"], "is_published": [True, False]}


def test_revisions_are_read_only_in_the_admin(client, staff_user, physician_factory):
    profile = physician_factory()
    revision = ProfileRevision.objects.create(profile=profile, via="portal", changes={"name": ["a", "b"]})
    client.force_login(staff_user)
    url = f"/admin/profiles/profilerevision/{revision.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(url, {"via": "forged", "changes": "{}"})
    assert client.post(f"/admin/profiles/profilerevision/{revision.pk}/delete/", {"post": "yes"}).status_code == 403
    revision.refresh_from_db()
    assert (revision.via, revision.changes) == ("portal", {"name": ["a", "b"]})


def test_seed_demo_publishes_a_profile_for_each_demo_physician_idempotently(db):
    from django.core.management import call_command

    call_command("seed_demo", "--quiet-logins")
    call_command("seed_demo", "--quiet-logins")
    profiles = PhysicianProfile.objects.published()
    assert profiles.count() == 2
    assert all(p.photo and p.specialties and p.locations.exists() for p in profiles)
    practice = Practice.current()
    assert practice.phone and practice.urgent_care_guidance and practice.locations.count() == 2
    assert all(loc.hours for loc in practice.locations.all())


@pytest.mark.parametrize("path", ["/admin/profiles/practice/{practice}/change/", "/admin/profiles/location/",
                                  "/admin/profiles/term/", "/admin/profiles/physicianprofile/",
                                  "/admin/profiles/physicianprofile/add/", "/admin/profiles/profilerevision/"])
def test_staff_admin_pages_for_profiles_open(client, staff_user, practice, physician_factory, path):
    physician_factory()
    client.force_login(staff_user)
    assert client.get(path.format(practice=practice.pk)).status_code == 200


def test_saving_the_practice_in_the_admin_refreshes_every_public_page(client, staff_user, practice,
                                                                      django_capture_on_commit_callbacks):
    from django.test import Client

    public = Client()
    assert b"Lakeside Clinic" in public.get("/").content
    client.force_login(staff_user)
    change = client.get(f"/admin/profiles/practice/{practice.pk}/change/").context["adminform"].form
    data = {name: value for name, value in change.initial.items() if value is not None and name != "id"}
    data |= {"name": "Lakeside Health", "locations-TOTAL_FORMS": "0", "locations-INITIAL_FORMS": "0"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/profiles/practice/{practice.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert b"Lakeside Health" in public.get("/").content


# Staff editing a bio in the admin go through the same privacy guard as physicians in the portal.

NAMING_BIO = "Last spring I treated Maria López after her knee surgery; she walks again."


@pytest.fixture
def maria(db):
    from consent import actions

    return actions.find_or_create_patient(name="Maria Lopez", email="maria.lopez@example.com")


def test_admin_holds_a_published_bio_that_names_a_patient_and_records_the_check(client, staff_user,
                                                                                 physician_factory, maria):
    from profiles.models import PrivacyCheck

    profile = physician_factory(name="Admin Guarded", bio="Board-certified cardiologist.")
    client.force_login(staff_user)
    response = client.post(f"/admin/profiles/physicianprofile/{profile.pk}/change/",
                           _admin_data(profile, bio=NAMING_BIO))
    assert response.status_code == 200  # the form again, with the error on the bio
    errors = list(response.context["adminform"].form.errors["bio"])
    assert "privacy check holds this bio back" in errors[0]
    assert any(e.startswith("1. ") for e in errors)
    assert any("Names a patient of the practice (Maria Lopez)" in e for e in errors[1:])
    profile.refresh_from_db()
    assert profile.bio == "Board-certified cardiologist."  # nothing saved
    check = PrivacyCheck.objects.get(profile=profile)
    assert (check.action, check.outcome, check.checked_by) == ("admin", PrivacyCheck.Outcome.HELD, staff_user)
    assert b"Maria L" not in client.get(f"/doctors/{profile.slug}/").content


def test_admin_holds_publishing_a_profile_whose_stored_bio_names_a_patient(client, staff_user,
                                                                          physician_factory, maria):
    profile = physician_factory(name="Draft Guarded", bio=NAMING_BIO, published=False)
    client.force_login(staff_user)
    data = _admin_data(profile, bio=NAMING_BIO)  # publishing (is_published on) with the bio unchanged
    response = client.post(f"/admin/profiles/physicianprofile/{profile.pk}/change/", data)
    assert response.status_code == 200
    profile.refresh_from_db()
    assert not profile.is_published


def test_admin_saves_an_unpublished_bio_with_findings_and_a_clean_published_one(client, staff_user,
                                                                              physician_factory, maria):
    from profiles.models import PrivacyCheck

    draft = physician_factory(name="Still Draft", published=False)
    live = physician_factory(name="Clean Live")
    client.force_login(staff_user)
    url = "/admin/profiles/physicianprofile/{}/change/"
    unpublished = _admin_data(draft, bio=NAMING_BIO, is_published="")
    assert client.post(url.format(draft.pk), unpublished).status_code == 302  # not public: no check needed
    clean = _admin_data(live, bio="Cardiologist; I enjoy teaching students.")
    assert client.post(url.format(live.pk), clean).status_code == 302
    assert PrivacyCheck.objects.get(profile=live).outcome == PrivacyCheck.Outcome.CLEAR
    assert not PrivacyCheck.objects.filter(profile=draft).exists()


def test_admin_adding_a_published_profile_whose_bio_names_a_patient_is_refused(client, staff_user, practice,
                                                                               user_factory, maria):
    from accounts import roles

    account = user_factory(group=roles.PHYSICIANS)
    client.force_login(staff_user)
    data = {"account": account.pk, "practice": practice.pk, "slug": "new-doctor", "is_published": "on",
            "name": "New Doctor", "credentials": "MD", "board_certifications": "", "education": "",
            "bio": NAMING_BIO, "accepting_new_patients": "on", "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0"}
    response = client.post("/admin/profiles/physicianprofile/add/", data)
    assert response.status_code == 200
    assert "privacy check holds this bio back" in response.context["adminform"].form.errors["bio"][0]
    assert not PhysicianProfile.objects.filter(slug="new-doctor").exists()
