"""Intake throughput on PostgreSQL: the whole path of one patient message, in messages per second.

Each iteration POSTs the public contact form (through Django's test client, so the real view, form,
middleware and templates run): the patient is found or created, the consent grants are appended to the
ledger, the message is stored and triaged, and the replies and confirmation requests are written and
enqueued on commit. Tasks are only enqueued (to Celery's in-memory broker unless REDIS_URL is set), not
delivered: delivery is a separate worker's throughput.

Run by `make bench`. Database: BENCH_INTAKE_DATABASE_URL, by default portal_bench_intake on the local
PostgreSQL (created and migrated if needed). N posts: BENCH_INTAKE_N (default 500).
"""

import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get("BENCH_INTAKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench_intake")
N = int(os.environ.get("BENCH_INTAKE_N", "500"))
WARMUP = 20
TEXTS = [
    "I have crushing chest pain right now and my left arm is numb",
    "Should I stop taking my blood pressure medicine because I feel dizzy?",
    "Can I move my appointment next Tuesday to the afternoon?",
    "Do you have parking near the office?",
]

os.environ.update({
    "DATABASE_URL": DATABASE_URL, "DJANGO_SETTINGS_MODULE": "portal.settings", "PORTAL_TESTING": "1",
    "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench-intake-" + "x" * 50, "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0", "CELERY_TASK_ALWAYS_EAGER": "0", "LOG_LEVEL": "WARNING",
})


def ensure_database() -> None:
    import dj_database_url
    import psycopg2

    params = dj_database_url.parse(DATABASE_URL)
    admin = psycopg2.connect(dbname="postgres", user=params["USER"], password=params["PASSWORD"] or None,
                             host=params["HOST"] or "127.0.0.1", port=params["PORT"] or 5432)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [params["NAME"]])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{params["NAME"]}"')
    admin.close()


def post_form(client, run: str, i: int):
    data = {"name": f"Bench Patient {i}", "email": f"bench-{run}-{i}@example.org",
            "message": TEXTS[i % len(TEXTS)], "consent_email": "on"}
    if i % 2:
        data.update(phone=f"202-555-{i % 10000:04d}", consent_sms="on")
    # A different address per post: the form's rate limit is per visitor, and this is many visitors.
    return client.post("/contact/", data, REMOTE_ADDR=f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}")


def main() -> int:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    call_command("migrate", verbosity=0, interactive=False)
    from messaging.models import InboundMessage, OutboundMessage, TextSettings
    from profiles.models import Practice

    practice = Practice.current()
    practice.name, practice.phone = practice.name or "Bench Practice", practice.phone or "+1 555 010 0200"
    practice.save()
    TextSettings.current()
    try:
        reverse("consent:request-contact")
    except NoReverseMatch:
        print("intake: the contact form (consent:request-contact) does not exist", file=sys.stderr)
        return 1

    client, run = Client(), uuid.uuid4().hex[:8]
    for i in range(WARMUP):
        post_form(client, run + "w", i)
    before_in, before_out = InboundMessage.objects.count(), OutboundMessage.objects.count()
    timings = []
    start = time.perf_counter()
    for i in range(N):
        t0 = time.perf_counter()
        response = post_form(client, run, i)
        timings.append(time.perf_counter() - t0)
        if response.status_code != 302:
            print(f"intake: post {i} answered {response.status_code}", file=sys.stderr)
            return 1
    elapsed = time.perf_counter() - start
    stored = InboundMessage.objects.count() - before_in
    queued = OutboundMessage.objects.count() - before_out
    timings.sort()
    p50, p99 = timings[len(timings) // 2] * 1000, timings[int(len(timings) * 0.99)] * 1000
    from django.conf import settings

    print(f"intake: {N} contact-form posts on PostgreSQL ({settings.DATABASES['default']['NAME']}), "
          f"broker {settings.CELERY_BROKER_URL.split('://')[0]}")
    print(f"intake: {stored} messages stored and triaged, {queued} outbound messages queued")
    print(f"intake: {N / elapsed:.1f} messages/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms per post")
    return 0 if stored == N else 1


if __name__ == "__main__":
    sys.exit(main())
