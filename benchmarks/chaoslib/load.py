"""The load row: Locust (headless) against the contact form on PostgreSQL, with Redis paused mid-run."""

import json
import os
import subprocess
import sys
import threading
import time

from .scenarios import Harness, Row
from .services import CHAOS_DIR, ROOT


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def load_with_redis_pause(h: Harness, *, users: int, seconds: int, pause_at: int, pause_for: int,
                          drain_timeout: float) -> Row:
    row = Row(f"Locust: {users} users for {seconds}s on the form, Redis paused {pause_for}s")
    folder = h.fresh_records("load")
    log, accepted_file = CHAOS_DIR / "load-requests.jsonl", CHAOS_DIR / "load-accepted.txt"
    for path in (log, accepted_file):
        path.write_text("")
    worker = h.procs.worker("w-load", concurrency=2)
    h.start_sweepers()
    env = {**os.environ, "CHAOS_LOAD_LOG": str(log), "CHAOS_LOAD_ACCEPTED": str(accepted_file)}
    locust = subprocess.Popen(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "benchmarks/chaoslib/locustfile.py"), "--headless",
         "-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{seconds}s", "--host", h.base,
         "--only-summary", "--stop-timeout", "10"],
        cwd=ROOT, env=env, stdout=open(CHAOS_DIR / "locust.log", "w"), stderr=subprocess.STDOUT)  # noqa: SIM115
    window = {}

    def pause():
        time.sleep(pause_at)
        window["start"] = time.time()
        h.redis.pause(pause_for)
        time.sleep(pause_for)
        window["end"] = time.time()

    pauser = threading.Thread(target=pause, daemon=True)
    pauser.start()
    locust.wait(timeout=seconds + 120)
    pauser.join(timeout=pause_for + 5)
    requests = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
    accepted = [e for e in accepted_file.read_text().splitlines() if e.strip()]
    from messaging.models import OutboundMessage

    ids = list(OutboundMessage.objects.filter(template="consent_confirmation", patient__email__in=accepted)
               .values_list("pk", flat=True))
    counts = h.drain(ids, drain_timeout)
    h.stop_sweepers()
    h.procs.stop(worker)
    h.fill(row, ids, counts, folder, accepted)
    calls = h.calls(folder)
    delivered = sum(1 for e in accepted if calls.get(e))
    row.lost = len(accepted) - delivered
    failed = sum(1 for r in requests if r["failed"])
    start, end = window.get("start", 0), window.get("end", 0)
    outside = [r["ms"] for r in requests if r["start"] + r["ms"] / 1000 < start or r["start"] > end]
    during = [r["ms"] for r in requests if not (r["start"] + r["ms"] / 1000 < start or r["start"] > end)]
    ratio = failed / max(1, len(requests))
    p95_out, p95_in = percentile(outside, 0.95), percentile(during, 0.95)
    row.notes.append(f"{len(requests)} requests, {ratio:.2%} failed; p95 outside the pause {p95_out:.0f} ms, "
                     f"during it {p95_in:.0f} ms; forms accepted {len(accepted)}, confirmations sent {delivered}")
    row.expect(len(requests) > 0, "Locust sent no request")
    row.expect(failed == 0, f"{failed} failed requests")
    row.expect(p95_out <= 800, f"p95 outside the pause {p95_out:.0f} ms > 800 ms")
    row.expect(delivered == len(accepted) and row.duplicated == 0,
               f"forms accepted {len(accepted)} but confirmations sent {delivered} (duplicated {row.duplicated})")
    return row
