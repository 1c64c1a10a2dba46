"""Train the suicide/self-harm risk score shipped in messaging/triage_model.json.

    .venv/bin/python evals/train_triage_model.py            # cross-validate, pick threshold, write JSON
    .venv/bin/python evals/train_triage_model.py --check    # same, but only compare with the shipped JSON

Data: tests/data/triage/train/suicide_risk.csv (`text,label,source_id`; label 1 = the source dataset
marks the post as suicidal, 0 = not; sources in tests/data/triage/SOURCES.md, "training data (not
evaluation)"). Any training row that shares six consecutive words with a row of the evaluation set
(tests/data/triage/messages.csv) is dropped before anything else, and the count is printed.

Model: Naive Bayes log-count ratios on binary unigram+bigram features
(`messaging.triage_model.features`, kept when they occur in at least two training texts), turned into
a probability by Platt scaling fitted on the cross-validated scores, so that at run time the score
is sigmoid(bias + sum of the weights of the features present): a logistic model in form.
Threshold: chosen on 5-fold cross-validated scores of the TRAINING
data only (never the evaluation set): the highest threshold whose cross-validated recall of the
suicidal class is at least RECALL_FLOOR, provided no patient-style negative (the medical questions,
symptom phrases and customer-service requests) scores above it; otherwise the lowest threshold that
keeps those negatives below it. Plain Python, deterministic.
"""

import csv
import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from messaging.triage import normalize  # noqa: E402
from messaging.triage_model import MODEL_PATH, features  # noqa: E402

TRAIN = ROOT / "tests" / "data" / "triage" / "train" / "suicide_risk.csv"
EVAL = ROOT / "tests" / "data" / "triage" / "messages.csv"
PATIENT_STYLE = ("mqp:", "b77-test:", "mst:")  # negatives that look like messages to a practice
FOLDS = 5
ALPHA = 0.5
MIN_DF = 2
KEEP = 3000
RECALL_FLOOR = 0.80
SHINGLE = 6


def shingles(norm: str) -> set[tuple[str, ...]]:
    words = norm.split()
    return {tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def load_training():
    with EVAL.open(newline="", encoding="utf-8") as f:
        eval_norms = [normalize(r["text"]) for r in csv.DictReader(f)]
    eval_shingles = set().union(*(shingles(n) for n in eval_norms))
    kept, dropped = [], []
    with TRAIN.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            norm = normalize(row["text"])
            overlaps = shingles(norm) & eval_shingles or any(norm in e or e in norm for e in eval_norms if len(e) > 20)
            (dropped if overlaps else kept).append((row["source_id"], norm, int(row["label"])))
    return kept, dropped


def fold_of(source_id: str) -> int:
    return hashlib.sha256(source_id.encode()).digest()[0] % FOLDS


def fit(docs: list[tuple[set[str], int]]) -> tuple[float, dict[str, float]]:
    """Naive Bayes over binary features: each weight is the smoothed log-ratio of how often the feature
    occurs in suicidal vs other texts. Returns (bias, weights) with bias 0 (calibrated later)."""
    pos = [feats for feats, y in docs if y]
    neg = [feats for feats, y in docs if not y]
    in_pos = Counter(f for feats in pos for f in feats)
    in_neg = Counter(f for feats in neg for f in feats)
    vocab = {f for f in in_pos.keys() | in_neg.keys() if in_pos[f] + in_neg[f] >= MIN_DF}
    weights = {
        f: math.log((in_pos[f] + ALPHA) / (len(pos) + 2 * ALPHA))
        - math.log((in_neg[f] + ALPHA) / (len(neg) + 2 * ALPHA))
        for f in vocab
    }
    return 0.0, weights


def platt(pairs: list[tuple[float, int]]) -> tuple[float, float]:
    """Scale a and offset c so that sigmoid(a * z + c) is a calibrated probability (Platt scaling)."""
    a, c = 0.1, 0.0
    for _ in range(3000):
        ga = gc = 0.0
        for z, y in pairs:
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, a * z + c))))
            ga += (p - y) * z
            gc += p - y
        a -= 0.05 * ga / len(pairs)
        c -= 0.05 * gc / len(pairs)
    return a, c


def score(b: float, w: dict[str, float], feats: set[str]) -> float:
    z = b + sum(w.get(f, 0.0) for f in feats)
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def raw(w: dict[str, float], feats: set[str]) -> float:
    return sum(w.get(f, 0.0) for f in sorted(feats))  # fixed order: same floats on every run


def cross_validate(rows):
    """Out-of-fold probabilities for every training row, and the Platt scaling fitted on them."""
    oof_raw = []
    for k in range(FOLDS):
        _, w = fit([(features(n), y) for sid, n, y in rows if fold_of(sid) != k])
        oof_raw += [(raw(w, features(n)), y, sid) for sid, n, y in rows if fold_of(sid) == k]
    a, c = platt([(z, y) for z, y, _ in oof_raw])
    return [(1 / (1 + math.exp(-max(-30.0, min(30.0, a * z + c)))), y, sid) for z, y, sid in oof_raw], (a, c)


def curve(oof, threshold):
    tp = sum(1 for s, y, _ in oof if y and s >= threshold)
    fp = sum(1 for s, y, _ in oof if not y and s >= threshold)
    pos = sum(y for _, y, _ in oof)
    patient_fp = sum(1 for s, y, sid in oof if not y and s >= threshold and sid.startswith(PATIENT_STYLE))
    return tp / pos, (tp / (tp + fp) if tp + fp else 1.0), patient_fp


def choose_threshold(oof) -> float:
    grid = [t / 100 for t in range(5, 100)]
    safe = [t for t in grid if curve(oof, t)[2] == 0]
    meeting = [t for t in safe if curve(oof, t)[0] >= RECALL_FLOOR]
    return max(meeting) if meeting else min(safe)


def main() -> int:
    rows, dropped = load_training()
    pos = sum(y for _, _, y in rows)
    print(f"training rows: {len(rows)} ({pos} suicidal, {len(rows) - pos} not)")
    print(f"dropped for overlap with the eval set: {len(dropped)}")
    for sid, _, _ in dropped:
        print(f"  dropped {sid}")
    oof, (a, c) = cross_validate(rows)
    print(f"\n{FOLDS}-fold cross-validation on the training data")
    print("(threshold: recall, precision, patient-style negatives above it)")
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        r, p, pf = curve(oof, t)
        print(f"  {t:.2f}: recall {r:.3f}  precision {p:.3f}  patient-style false positives {pf}")
    threshold = choose_threshold(oof)
    r, p, pf = curve(oof, threshold)
    print(f"chosen threshold {threshold:.2f}: CV recall {r:.3f}, CV precision {p:.3f}, patient-style FP {pf}")
    _, w = fit([(features(n), y) for _, n, y in rows])
    b, w = c, {f: a * v for f, v in w.items()}  # Platt-scaled, so sigmoid(b + sum) is the probability
    top = sorted(w.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:KEEP]
    model = {
        "about": "suicide/self-harm risk language: Naive Bayes log-ratios over unigrams+bigrams, Platt-scaled; "
        "see evals/train_triage_model.py",
        "training_rows": len(rows),
        "cv": {
            "folds": FOLDS,
            "recall": round(r, 3),
            "precision": round(p, 3),
            "threshold_rule": f"highest with CV recall >= {RECALL_FLOOR} and no patient-style negative above, "
            "else the lowest with no patient-style negative above",
        },
        "bias": round(b, 4),
        "threshold": threshold,
        "weights": {f: round(v, 4) for f, v in sorted(top, key=lambda kv: (-kv[1], kv[0])) if round(v, 4)},
    }
    ranked = sorted(w.items(), key=lambda kv: (-kv[1], kv[0]))
    print("\nstrongest features for risk:", ", ".join(f for f, _ in ranked[:25]))
    print("strongest features against:", ", ".join(f for f, _ in ranked[::-1][:15]))
    text = json.dumps(model, indent=0, ensure_ascii=False) + "\n"
    if "--check" in sys.argv:
        same = MODEL_PATH.read_text(encoding="utf-8") == text
        print(f"\nshipped {MODEL_PATH.name} {'matches' if same else 'DIFFERS from'} a fresh training run")
        return 0 if same else 1
    MODEL_PATH.write_text(text, encoding="utf-8")
    size = MODEL_PATH.stat().st_size
    print(f"\nwrote {MODEL_PATH.relative_to(ROOT)} ({len(model['weights'])} features, {size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
