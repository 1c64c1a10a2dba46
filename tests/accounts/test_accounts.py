import time

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from accounts.middleware import LOGIN_AT, SEEN_AT

PASSWORD = "correct-horse-battery"


def login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_the_two_roles_exist_from_a_data_migration(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {roles.PHYSICIANS, roles.PRACTICE_STAFF}
    staff_perms = set(Group.objects.get(name=roles.PRACTICE_STAFF).permissions.values_list("codename", flat=True))
    assert "view_user" in staff_perms


def test_there_is_no_public_sign_up(client, db, django_user_model):
    response = client.post("/accounts/signup/", {"email": "new@example.com", "password1": "a-Long-pass-123",
                                                 "password2": "a-Long-pass-123"})
    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode() or "closed" in response.content.decode().lower()
    assert not django_user_model.objects.filter(email="new@example.com").exists()


def test_a_physician_logs_in_with_e_mail(client, user_factory):
    from allauth.account.models import EmailAddress

    user = user_factory(email="dr@practice.example", group=roles.PHYSICIANS)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = login(client, "dr@practice.example")
    assert response.status_code == 302
    assert response.url == "/account/"
    assert client.get("/account/").status_code == 200


def test_an_unverified_e_mail_cannot_log_in(client, user_factory):
    user_factory(email="unverified@practice.example")
    response = login(client, "unverified@practice.example")
    assert response.status_code == 302
    assert "confirm-email" in response.url
    assert client.get("/account/").status_code == 302


def test_the_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_staff_without_two_factor_must_set_it_up_first(client, user_factory):
    from allauth.account.models import EmailAddress

    user = user_factory(email="newstaff@practice.example", is_staff=True, group=roles.PRACTICE_STAFF)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/totp/activate/"


def test_staff_with_two_factor_reach_the_admin(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store, private"


def test_staff_login_asks_for_the_totp_code(client, staff_user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=staff_user, email=staff_user.email, verified=True, primary=True)
    response = login(client, staff_user.email)
    assert response.status_code == 302
    assert response.url == "/accounts/2fa/authenticate/"


@pytest.mark.parametrize(
    ("seen_ago", "logged_in_ago", "still_in"),
    [(60, 600, True), (31 * 60, 40 * 60, False), (60, 12 * 3600 + 60, False)],
)
def test_staff_sessions_end_after_30_minutes_idle_or_12_hours(client, staff_user, seen_ago, logged_in_ago, still_in):
    client.force_login(staff_user)
    session = client.session
    now = time.time()
    session[SEEN_AT], session[LOGIN_AT] = now - seen_ago, now - logged_in_ago
    session.save()
    response = client.get("/admin/")
    assert (response.status_code == 200) is still_in
    if not still_in:
        assert response.url.startswith("/accounts/login/")
        assert client.get("/admin/").status_code == 302


def test_repeated_failed_logins_are_stopped_even_with_the_right_password(client, user_factory):
    from allauth.account.models import EmailAddress

    user = user_factory(email="target@practice.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _ in range(5):
        assert "not correct" in login(client, user.email, "wrong-password").content.decode()
    blocked = login(client, user.email)
    assert blocked.status_code == 200
    assert "Too many failed login attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_whether_an_e_mail_is_known(client, user_factory, mailoutbox):
    user_factory(email="known@practice.example")
    known = client.post("/accounts/password/reset/", {"email": "known@practice.example"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@practice.example"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
