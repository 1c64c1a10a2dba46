import pytest

from profiles.models import PhysicianProfile, ProfileRevision

from .conftest import image_bytes, upload


def _form_data(profile, **changes):
    data = {
        "name": profile.name, "credentials": profile.credentials, "board_certifications": "",
        "education": "", "bio": profile.bio, "accepting_new_patients": "on",
        "specialties": [t.pk for t in profile.specialties], "languages": [t.pk for t in profile.languages],
        "locations": [loc.pk for loc in profile.locations.all()],
    }
    data.update(changes)
    return data


def _values(profile):
    profile = PhysicianProfile.objects.get(pk=profile.pk)
    return {f.name: getattr(profile, f.name) for f in PhysicianProfile._meta.concrete_fields} | {
        "terms": sorted(profile.terms.values_list("pk", flat=True))}


def test_a_physician_edits_their_own_profile_and_the_save_is_recorded(client, physician_factory):
    profile = physician_factory(name="Eve Before")
    client.force_login(profile.account)
    assert client.get("/account/profile/").status_code == 200
    response = client.post("/account/profile/", _form_data(profile, name="Eve After", bio="New *bio*"))
    assert response.status_code == 302 and response["Location"] == "/account/profile/preview/"
    profile.refresh_from_db()
    assert (profile.name, profile.bio) == ("Eve After", "New *bio*")
    revision = ProfileRevision.objects.get(profile=profile)
    assert revision.changed_by == profile.account and revision.via == "portal"
    assert revision.changes["name"] == ["Eve Before", "Eve After"]
    assert revision.changes["bio"] == ["", "New *bio*"]
    assert set(revision.changes) == {"name", "bio"}


def test_changing_specialties_and_locations_is_recorded_by_name(client, physician_factory, practice):
    from profiles.models import Location, Term

    profile = physician_factory(specialties=("cardiology",), locations=("lake-street",))
    client.force_login(profile.account)
    pediatrics = Term.objects.get(slug="pediatrics")
    hill = Location.objects.get(slug="hill-road")
    client.post("/account/profile/", _form_data(profile, specialties=[pediatrics.pk], locations=[hill.pk]))
    changes = ProfileRevision.objects.get(profile=profile).changes
    assert changes["specialties"] == [["Cardiology"], ["Pediatrics"]]
    assert changes["locations"] == [["Lake Street"], ["Hill Road"]]
    assert [t.name for t in PhysicianProfile.objects.get(pk=profile.pk).languages] == ["English"]


def test_a_save_without_changes_records_no_revision(client, physician_factory):
    profile = physician_factory()
    client.force_login(profile.account)
    client.post("/account/profile/", _form_data(profile))
    assert not ProfileRevision.objects.filter(profile=profile).exists()


@pytest.mark.parametrize("action", ["publish", "unpublish"])
def test_a_physician_cannot_publish_or_unpublish_another_physicians_profile(client, physician_factory, action):
    alice = physician_factory(published=action == "unpublish")
    bob = physician_factory()
    before = _values(alice)
    client.force_login(bob.account)
    response = client.post(f"/account/profile/{alice.pk}/{action}/")
    assert response.status_code in (403, 404)
    assert _values(alice) == before
    assert not ProfileRevision.objects.filter(profile=alice).exists()


def test_posting_another_profiles_fields_only_ever_changes_ones_own(client, physician_factory):
    alice = physician_factory(name="Alice Owner")
    bob = physician_factory(name="Bob Other")
    before = _values(alice)
    client.force_login(bob.account)
    data = _form_data(bob, name="Hijacked", account=alice.account.pk, slug=alice.slug, pk=alice.pk, id=alice.pk,
                      is_published="")
    client.post("/account/profile/", data)
    assert _values(alice) == before
    bob.refresh_from_db()
    assert (bob.name, bob.account_id, bob.is_published) == ("Hijacked", bob.account_id, True)
    assert bob.slug != alice.slug


def test_the_admin_is_closed_to_physicians(client, physician_factory):
    alice = physician_factory()
    bob = physician_factory()
    client.force_login(bob.account)
    response = client.post(f"/admin/profiles/physicianprofile/{alice.pk}/change/", {"name": "x"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert PhysicianProfile.objects.get(pk=alice.pk).name == alice.name


def test_publish_and_unpublish_switch_the_public_page_and_are_recorded(
    client, physician_factory, django_capture_on_commit_callbacks
):
    from django.test import Client

    profile = physician_factory(published=False)
    public = Client()
    assert public.get(profile.get_absolute_url()).status_code == 404
    client.force_login(profile.account)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/account/profile/{profile.pk}/publish/").status_code == 302
    assert public.get(profile.get_absolute_url()).status_code == 200
    assert profile.display_name.encode() in public.get("/doctors/").content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/account/profile/{profile.pk}/unpublish/")
    assert public.get(profile.get_absolute_url()).status_code == 404
    assert profile.display_name.encode() not in public.get("/doctors/").content
    changes = [r.changes for r in ProfileRevision.objects.filter(profile=profile).order_by("pk")]
    assert changes == [{"is_published": [False, True]}, {"is_published": [True, False]}]


def test_publishing_needs_a_post(client, physician_factory):
    profile = physician_factory(published=False)
    client.force_login(profile.account)
    assert client.get(f"/account/profile/{profile.pk}/publish/").status_code == 405
    assert not PhysicianProfile.objects.get(pk=profile.pk).is_published


def test_the_preview_shows_an_unpublished_profile_to_its_owner_only(client, physician_factory):
    profile = physician_factory(published=False, name="Drafty Preview")
    other = physician_factory()
    client.force_login(profile.account)
    response = client.get("/account/profile/preview/")
    assert response.status_code == 200
    assert b"Drafty Preview" in response.content and b"not published" in response.content
    client.force_login(other.account)
    assert b"Drafty Preview" not in client.get("/account/profile/preview/").content


def test_a_save_refreshes_the_cached_public_pages_it_changed(
    client, physician_factory, django_capture_on_commit_callbacks
):
    from django.test import Client

    profile = physician_factory(name="Cached Name")
    untouched = physician_factory(name="Other Name")
    public = Client()
    for url in [profile.get_absolute_url(), untouched.get_absolute_url(), "/doctors/", "/", "/sitemap.xml"]:
        public.get(url)  # fill the cache
    client.force_login(profile.account)
    with_cache = public.get(untouched.get_absolute_url()).content
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/profile/", _form_data(profile, name="Fresh Name"))
    assert b"Fresh Name" in public.get(profile.get_absolute_url()).content
    assert b"Fresh Name" in public.get("/doctors/").content
    assert b"Fresh Name" in public.get("/").content
    assert public.get(untouched.get_absolute_url()).content == with_cache


def test_a_save_invalidates_exactly_the_changed_pages(physician_factory, django_capture_on_commit_callbacks):
    from unittest import mock

    from profiles import actions

    profile = physician_factory()
    with mock.patch("profiles.pagecache.invalidate") as invalidate, \
            django_capture_on_commit_callbacks(execute=True):
        actions.set_published(profile, False, by=profile.account)
    invalidate.assert_called_once_with(f"profile:{profile.slug}", f"profile:{profile.slug}", "directory", "home",
                                       "sitemap")


def test_editing_a_draft_touches_no_public_page(physician_factory, django_capture_on_commit_callbacks):
    from unittest import mock

    from profiles import actions
    from profiles.forms import ProfileForm

    profile = physician_factory(published=False)
    form = ProfileForm(_form_data(profile, name="Changed Draft"), instance=profile)
    assert form.is_valid(), form.errors
    with mock.patch("profiles.pagecache.invalidate") as invalidate, \
            django_capture_on_commit_callbacks(execute=True):
        actions.save_profile_form(form, by=profile.account)
    invalidate.assert_not_called()


def test_a_good_photo_is_stored_cleaned_and_a_bad_one_gets_a_form_error(client, physician_factory):
    profile = physician_factory()
    client.force_login(profile.account)
    response = client.post("/account/profile/", _form_data(profile, photo=upload(b"<html>hi</html>", "x.jpg")))
    assert response.status_code == 200
    assert "Please upload a photo in JPEG, PNG or WebP format." in response.content.decode()
    assert not PhysicianProfile.objects.get(pk=profile.pk).photo
    response = client.post("/account/profile/", _form_data(profile, photo=upload(image_bytes("PNG"), "me.png")))
    assert response.status_code == 302
    stored = PhysicianProfile.objects.get(pk=profile.pk).photo
    assert stored.name.startswith("photos/") and stored.name.endswith(".jpg")
    assert ProfileRevision.objects.get(profile=profile).changes["photo"] == ["", stored.name]


def test_replacing_a_photo_deletes_the_old_file(client, physician_factory, django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    profile = physician_factory()
    client.force_login(profile.account)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/profile/", _form_data(profile, photo=upload(image_bytes("PNG"), "a.png")))
    first = PhysicianProfile.objects.get(pk=profile.pk).photo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/profile/", _form_data(profile, photo=upload(image_bytes("PNG", color=(0, 9, 200)))))
    second = PhysicianProfile.objects.get(pk=profile.pk).photo.name
    assert first != second and default_storage.exists(second) and not default_storage.exists(first)


def test_staff_and_anonymous_visitors_cannot_use_the_physician_edit_page(client, staff_user, user_factory):
    assert client.get("/account/profile/").status_code == 302  # to the login page
    client.force_login(user_factory())
    assert client.get("/account/profile/").status_code == 403


def test_a_physician_without_a_profile_gets_an_unpublished_draft(client, user_factory, practice):
    from accounts import roles

    account = user_factory(group=roles.PHYSICIANS, first_name="Nova", last_name="Newcomer")
    client.force_login(account)
    assert client.get("/account/profile/").status_code == 200
    profile = PhysicianProfile.objects.get(account=account)
    assert (profile.name, profile.is_published, profile.slug) == ("Nova Newcomer", False, "nova-newcomer")
