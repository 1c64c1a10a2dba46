"""A small learned score for suicide or self-harm risk language, used by `messaging.triage`.

What it is: L2-regularized logistic regression over binary word unigrams and bigrams (whole words,
no stemming, so the phrases quoted to staff are the writer's words; unigrams skip function words
and negations, bigrams keep them, so "not want" differs from "want"), trained by
`evals/train_triage_model.py` on public posts and patient-style questions listed under "training
data (not evaluation)" in tests/data/triage/SOURCES.md, none of which is in the evaluation set. The
largest weights (by absolute value) ship in `messaging/triage_model.json` beside this module and
are read once, at import: nothing is downloaded or trained at run time.

It explains itself: `risk(norm)` returns the probability and the phrases that pushed it up most, so
the triage reason can quote them to staff. Pure: normalized text in, numbers and phrases out.
"""

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("triage_model.json")

_TOKEN = re.compile(r"[a-z0-9]+")
_CLAUSE = re.compile(r"[.;!?,:()\n\"]|\b(?:but|however|although|though)\b")
_NEGATORS = frozenset({"not", "no", "never", "without", "nor"})
# Unigrams too common to say anything on their own (they still take part in bigrams).
_STOP = frozenset(
    [
        "i",
        "me",
        "my",
        "myself",
        "a",
        "an",
        "the",
        "to",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "so",
        "just",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "you",
        "your",
        "he",
        "she",
        "his",
        "her",
        "they",
        "them",
        "their",
        "we",
        "our",
        "us",
        "as",
        "if",
        "by",
        "from",
        "up",
        "out",
        "about",
        "what",
        "when",
        "how",
        "why",
        "who",
        "which",
        "there",
        "here",
        "then",
        "than",
        "can",
        "could",
        "would",
        "will",
        "should",
    ]
)
NEGATED = "~"  # marks a negated word in older feature sets; `readable` still understands it


def features(norm: str) -> set[str]:
    """The unigram and bigram features of normalized text (see `messaging.triage.normalize`)."""
    found: set[str] = set()
    for clause in _CLAUSE.split(norm):
        if not clause:
            continue
        previous = ""
        for word in _TOKEN.findall(clause):
            if word not in _STOP and word not in _NEGATORS:
                found.add(word)
            if previous:
                found.add(f"{previous} {word}")
            previous = word
    return found


def readable(feature: str) -> str:
    """A feature as staff should read it in a reason ("~want ~to" -> "not want to")."""
    words = feature.split(" ")
    out = []
    for i, word in enumerate(words):
        if word.startswith(NEGATED):
            after_negation = i and (words[i - 1].startswith(NEGATED) or words[i - 1] in _NEGATORS)
            word = word[1:] if after_negation else "not " + word[1:]
        out.append(word)
    return " ".join(out)


@dataclass(frozen=True)
class Risk:
    score: float  # probability of suicide/self-harm risk language, 0..1
    phrases: tuple[str, ...]  # the features that raised it most, readable


class RiskModel:
    def __init__(self, data: dict):
        self.bias = float(data["bias"])
        self.threshold = float(data["threshold"])
        self.weights: dict[str, float] = data["weights"]

    def risk(self, norm: str, *, top: int = 3) -> Risk:
        present = [(w, f) for f in features(norm) if (w := self.weights.get(f))]
        z = self.bias + sum(w for w, _ in present)
        score = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
        raising = sorted((p for p in present if p[0] > 0), reverse=True)[:top]
        return Risk(score, tuple(readable(f) for _, f in raising))


def load(path: Path = MODEL_PATH) -> RiskModel:
    with path.open(encoding="utf-8") as f:
        return RiskModel(json.load(f))
