"""A physician, in headless Chromium: logs in (with TOTP when set up), edits the profile, previews,
publishes, and sees the change on the public page."""

import re

import pytest

from tests.e2e.scenario import log_in, physician_account, portal, practice  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_BIO = "Dr. Lee sees **adults and teenagers** for check-ups, asthma and allergies."
EDITED_BIO = "Dr. Okafor now also runs a *memory clinic* on Wednesday mornings."
PHYSICIAN_TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"


def test_a_new_physician_logs_in_writes_a_profile_previews_and_publishes_it(visit, practice):  # noqa: F811
    from profiles.models import PhysicianProfile

    account = physician_account("morgan.lee@practice.example")
    account.first_name, account.last_name = "Morgan", "Lee"
    account.save(update_fields=["first_name", "last_name"])
    v = visit("desktop", name="physician-new")
    page = v.page
    assert page.goto("/doctors/morgan-lee/").status == 404

    log_in(v, account.email, shots=True)  # no TOTP asked: this physician has not set it up
    page.get_by_role("link", name="Your public profile").click()
    page.wait_for_url("**/account/profile/")
    v.shot("edit")
    page.get_by_label("Credentials").fill("MD")
    page.get_by_label("Bio").fill(NEW_BIO)
    page.get_by_label("Family Medicine").check()
    page.get_by_role("button", name="Save and preview").click()
    page.wait_for_url("**/account/profile/preview/")
    v.shot("preview-unpublished")
    assert "not published" in page.get_by_role("status").first.inner_text()
    assert "adults and teenagers" in page.locator("main").inner_text()
    assert not PhysicianProfile.objects.get(account=account).is_published

    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/account/profile/preview/")
    assert "published" in page.get_by_role("status").first.inner_text()
    v.shot("preview-published")

    # The public page, as a patient sees it (a fresh browser, no login).
    public = visit("phone", name="physician-new-public")
    assert public.page.goto("/doctors/morgan-lee/").status == 200
    public.shot("public-profile")
    assert "Morgan Lee, MD" in public.page.locator("h1").inner_text()
    bio = public.page.locator("main").inner_html()
    assert "<strong>adults and teenagers</strong>" in bio
    public.page.goto("/doctors/?specialty=family-medicine")
    assert public.page.get_by_role("link", name=re.compile("Morgan Lee")).count() == 1
    assert public.context.cookies() == []


def test_a_physician_with_two_factor_logs_in_with_the_code_and_the_edited_bio_goes_public(visit, practice):  # noqa: F811
    from allauth.mfa.totp.internal.auth import TOTP

    from profiles.models import PhysicianProfile

    profile = PhysicianProfile.objects.get(name="Jordan Okafor")
    TOTP.activate(profile.account, PHYSICIAN_TOTP_SECRET)
    before = visit("desktop", name="physician-totp-public-before")
    before.page.goto(profile.get_absolute_url())
    assert "memory clinic" not in before.page.locator("main").inner_text()  # and the server has cached the page

    v = visit("phone", name="physician-totp")
    log_in(v, profile.account.email, totp_secret=PHYSICIAN_TOTP_SECRET, shots=True)
    v.page.goto("/account/profile/")
    v.page.get_by_label("Bio").fill(EDITED_BIO)
    v.shot("edit")
    v.page.get_by_role("button", name="Save and preview").click()
    v.page.wait_for_url("**/account/profile/preview/")
    v.shot("preview")
    assert "memory clinic" in v.page.locator("main").inner_text()

    # The physician opens the public page from the edit page; a patient's browser gets the new page too
    # (the server's page cache was refreshed by the save; browsers may keep a copy for BROWSER_MAX_AGE).
    v.page.goto("/account/profile/")
    v.page.get_by_role("link", name=profile.get_absolute_url()).click()
    v.page.wait_for_url(f"**{profile.get_absolute_url()}")
    v.shot("public-profile")
    assert "<em>memory clinic</em>" in v.page.locator("main").inner_html()
    after = visit("desktop", name="physician-totp-public-after")
    after.page.goto(profile.get_absolute_url())
    after.shot("public-profile-after-edit")
    assert "<em>memory clinic</em>" in after.page.locator("main").inner_html()
