"""Password guessing is stopped on the login page and on the admin's (which is the same page), and the
password reset page answers the same whether or not it knows the address."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client

PASSWORD = "correct-horse-battery"  # noqa: S105 - the fixtures' password
LOGIN = "/accounts/login/"


def attempt(client, password, email="dr.a@practice.example", url=LOGIN):
    return client.post(url, {"login": email, "password": password}, follow=True)


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


@pytest.mark.django_db
def test_the_right_password_works_before_any_failure(world):
    client = Client()
    attempt(client, PASSWORD)
    assert logged_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize("failures", [5, 8])
def test_after_five_wrong_passwords_even_the_right_one_is_refused(world, failures):
    client = Client(REMOTE_ADDR="10.30.0.1")
    for _ in range(failures):
        attempt(client, "wrong-guess")
    response = attempt(client, PASSWORD)
    assert not logged_in(client)
    assert response.status_code in (200, 429)
    assert b"Too many" in response.content or response.status_code == 429


@pytest.mark.django_db
def test_guessing_one_account_from_many_addresses_is_stopped_too(world):
    for n in range(5):
        attempt(Client(REMOTE_ADDR=f"10.31.0.{n}"), "wrong-guess")
    fresh = Client(REMOTE_ADDR="10.31.1.1")
    attempt(fresh, PASSWORD)
    assert not logged_in(fresh)


@pytest.mark.django_db
def test_the_admin_login_sends_to_the_rate_limited_login_and_never_checks_a_password_itself(world):
    client = Client(REMOTE_ADDR="10.32.0.1")
    # A POST straight to the admin's login is not an authentication attempt: it redirects to allauth's.
    response = client.post("/admin/login/", {"username": "root@practice.example", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not logged_in(client)
    # Guessing through the admin's path lands on the same page and the same limits.
    for _ in range(5):
        response = attempt(client, "wrong-guess", email="root@practice.example", url="/admin/login/?next=/admin/")
        assert response.redirect_chain[0][0].startswith(LOGIN)
    target = client.get("/admin/login/?next=/admin/")["Location"]
    attempt(client, PASSWORD, email="root@practice.example", url=target)
    assert not logged_in(client)
    assert client.get("/admin/").status_code == 302


def _page_text(response) -> str:
    text = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_a_known_and_an_unknown_address(world):
    answers = []
    for email in ("dr.a@practice.example", "nobody-here@practice.example"):
        client = Client(REMOTE_ADDR="10.33.0.1" if "dr.a" in email else "10.33.0.2")
        response = client.post("/accounts/password/reset/", {"email": email})
        followed = client.get(response["Location"]) if response.status_code == 302 else response
        answers.append((response.status_code, response.get("Location"), followed.status_code, _page_text(followed)))

    assert answers[0] == answers[1]
    assert answers[0][0] == 302
    assert [m.to for m in mail.outbox] == [["dr.a@practice.example"]]
