from unittest import mock

from django.db.utils import OperationalError


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_answers_503_with_a_reason_when_the_database_is_down(client, db):
    with mock.patch("portal.health.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content.decode().startswith("database: OperationalError")


def test_healthz_answers_503_when_the_configured_broker_is_refused(client, db, settings):
    # Nothing listens on port 1: the broker check must fail fast and say so.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "broker: ConnectionError" in response.content.decode()
