"""
`python -m benchmarks.chaoslib.worker …celery args…`: a real Celery worker that, when CHAOS_CRASH_AT names
a step of a send, kills its own process at that step, once per message (a marker file remembers).

The hook is installed in the parent before the pool forks, so every pool process carries it.
"""

import os
import sys
from pathlib import Path

STEP = os.environ.get("CHAOS_CRASH_AT", "")
# Only the scenario's own messages ("first-last"): a leftover task from an earlier scenario is not killed.
FIRST, _, LAST = os.environ.get("CHAOS_CRASH_IDS", "0-0").partition("-")


def crash_once(step: str, message_id: int) -> None:
    if step != STEP or not int(FIRST) <= message_id <= int(LAST):
        return
    marker = Path(os.environ["CHAOS_RECORD_DIR"]) / f"crashed-{step}-{message_id}"
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return
    os.close(fd)
    os._exit(137)  # as abrupt as a SIGKILL: no cleanup, no rollback handler, no ack


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    if STEP:
        from messaging import faults

        faults.install(crash_once)
    from celery.bin.celery import main as celery_main

    sys.argv = ["celery", *sys.argv[1:]]
    celery_main()


if __name__ == "__main__":
    main()
