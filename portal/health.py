"""/healthz: 200 when the database (and the broker, where configured) answers, 503 with a reason otherwise."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


def database_problem() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
        return f"database: {type(exc).__name__}"
    return ""


def broker_problem() -> str:
    if not settings.REDIS_URL:
        return ""
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_timeout=settings.REDIS_SOCKET_TIMEOUT,
            socket_connect_timeout=settings.REDIS_SOCKET_TIMEOUT,
        )
        client.ping()
    except Exception as exc:  # noqa: BLE001
        return f"broker: {type(exc).__name__}"
    return ""


@never_cache
def healthz(request):
    problems = [p for p in (database_problem(), broker_problem()) if p]
    if problems:
        return HttpResponse("; ".join(problems) + "\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
