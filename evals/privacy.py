"""How well the patient-privacy guard holds identifying posts and lets ordinary ones through.

Runs `profiles.privacy.privacy_findings` on the labelled posts in tests/data/privacy/ (see LABELING.md)
and prints, for the dev rows, the held-out rows and all rows: recall on identifying posts and the
share of ordinary posts wrongly held (a post is held when it has any finding), with per-kind counts.
PASS needs recall >= 0.98 and wrongly held <= 0.05 on all rows; exits 1 on FAIL.
Run: `make eval-privacy` (or `.venv/bin/python evals/privacy.py`; `--show-heldout` lists held-out misses).
"""

import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from profiles.privacy import Kind, privacy_findings  # noqa: E402

DATA = ROOT / "tests" / "data" / "privacy"
RECALL_TARGET, WRONGLY_HELD_TARGET = 0.98, 0.05


def is_heldout(row_id: int) -> bool:
    """The held-out 30 % (LABELING.md): ids ending in 3, 6 or 9."""
    return row_id % 10 in (3, 6, 9)


def lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def main(argv: list[str]) -> int:
    patients, contacts = lines("patients.txt"), lines("practice_contacts.txt")
    with (DATA / "posts.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    results = []
    started = time.perf_counter()
    for row in rows:
        findings = privacy_findings(row["text"], patients, public_contacts=contacts)
        results.append((int(row["id"]), row["label"], row["text"], findings))
    per_post_ms = (time.perf_counter() - started) * 1000 / len(rows)

    print(f"Privacy guard on {len(rows)} labelled posts ({len(patients)} registry names), "
          f"{per_post_ms:.2f} ms per post\n")
    print(f"{'split':<10}{'identifying':>12}{'recall':>9}{'ordinary':>10}{'wrongly held':>14}")
    figures = {}
    for split, keep in (("dev", lambda i: not is_heldout(i)), ("held-out", is_heldout), ("all", lambda i: True)):
        part = [r for r in results if keep(r[0])]
        ident = [r for r in part if r[1] == "identifying"]
        ordinary = [r for r in part if r[1] == "ordinary"]
        recall = sum(bool(r[3]) for r in ident) / len(ident)
        wrongly = sum(bool(r[3]) for r in ordinary) / len(ordinary)
        figures[split] = (recall, wrongly)
        print(f"{split:<10}{len(ident):>12}{recall:>9.3f}{len(ordinary):>10}{wrongly:>14.3f}")

    print("\nPosts with a finding of each kind (identifying / ordinary):")
    for kind in Kind:
        counts = Counter(label for _, label, _, found in results if any(f.kind is kind for f in found))
        print(f"  {kind.name:<15}{counts['identifying']:>4} / {counts['ordinary']}")

    show_heldout = "--show-heldout" in argv
    misses = [r for r in results if (r[1] == "identifying") != bool(r[3]) and (show_heldout or not is_heldout(r[0]))]
    print(f"\nErrors ({'all rows' if show_heldout else 'dev rows only; held-out errors are counted, not shown'}):")
    for row_id, label, text, found in misses:
        what = "; ".join(f"{f.kind.name}: {f.text!r}" for f in found) or "no finding"
        print(f"  #{row_id} [{label}] {text}\n      -> {what}")
    if not misses:
        print("  none")

    recall, wrongly = figures["all"]
    ok = recall >= RECALL_TARGET and wrongly <= WRONGLY_HELD_TARGET
    print(f"\n{'PASS' if ok else 'FAIL'}: recall {recall:.3f} (target >= {RECALL_TARGET}), "
          f"ordinary posts wrongly held {wrongly:.3f} (target <= {WRONGLY_HELD_TARGET}), on all rows.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
