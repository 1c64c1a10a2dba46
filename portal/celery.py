"""The Celery app. Worker: `make worker`; beat: `make beat` (see the README)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs call the same functions as the rest of the portal; each app adds its entries here.
app.conf.beat_schedule = {
    # messaging: re-enqueue messages left QUEUED (e.g. Redis was down), release texts whose wait is over.
    "messaging-sweep-outbox": {"task": "messaging.tasks.sweep_outbox", "schedule": 60.0},
}


@app.task(ignore_result=False)
def ping() -> str:
    """A task that does nothing but answer: used by /healthz-style checks and the worker test."""
    return "pong"
