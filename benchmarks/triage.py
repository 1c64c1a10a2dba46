"""Triage speed on one core: messages per second and p50/p99 latency over the evaluation texts.

Run by `make bench`. Target (issue 6): p99 <= 5 ms per message. Exits non-zero on FAIL.
"""

import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from messaging.triage import triage  # noqa: E402

CALLS = 20_000
P99_TARGET_MS = 5.0


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with (ROOT / "tests" / "data" / "triage" / "messages.csv").open(newline="", encoding="utf-8") as f:
        texts = [row["text"] for row in csv.DictReader(f)]
    for text in texts:  # warm up (regex caches, first-call costs)
        triage(text)
    timings = []
    clock = time.perf_counter_ns
    start = clock()
    for i in range(CALLS):
        text = texts[i % len(texts)]
        t0 = clock()
        triage(text)
        timings.append(clock() - t0)
    total_s = (clock() - start) / 1e9
    timings.sort()
    p50 = timings[len(timings) // 2] / 1e6
    p99 = timings[int(len(timings) * 0.99)] / 1e6
    print(f"triage: {CALLS} calls over {len(texts)} texts on one core")
    print(f"  throughput: {CALLS / total_s:,.0f} messages/second")
    print(f"  latency: p50 {p50:.3f} ms, p99 {p99:.3f} ms, max {timings[-1] / 1e6:.3f} ms")
    ok = p99 <= P99_TARGET_MS
    print(f"{'PASS' if ok else 'FAIL'}  p99 {p99:.3f} ms (target <= {P99_TARGET_MS} ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
