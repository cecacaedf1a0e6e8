"""Check-worthiness: a TF-IDF + logistic regression model shipped as plain JSON.

``scripts/train_checkworthy.py`` trains it with scikit-learn on CT24 train/dev and
writes ``checkworthy_model.json``; inference here is plain Python (no scikit-learn,
no pickle, no network). It reproduces scikit-learn's TfidfVectorizer (lowercase,
``\\b\\w\\w+\\b`` tokens, word n-grams, sublinear tf, l2 norm) over the pruned vocabulary.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from factcheck.ingest.claims import STRONG_KINDS, not_a_claim

MODEL_FILE = "checkworthy_model.json"
FORMAT = "factcheck-checkworthy/1"
STRONG_MARGIN = 0.1


@dataclass(frozen=True)
class Model:
    """Weights and settings of the shipped model."""

    weights: dict[str, tuple[float, float]]  # term -> (idf, coefficient)
    intercept: float
    threshold: float
    ngram_max: int
    token_pattern: re.Pattern[str]

    def probability(self, sentence: str) -> float:
        counts: dict[str, int] = {}
        tokens = self.token_pattern.findall(sentence.lower())
        for n in range(1, self.ngram_max + 1):
            for i in range(len(tokens) - n + 1):
                term = tokens[i] if n == 1 else " ".join(tokens[i : i + n])
                if term in self.weights:
                    counts[term] = counts.get(term, 0) + 1
        dot = 0.0
        norm = 0.0
        for term, count in counts.items():
            idf, coef = self.weights[term]
            value = (1.0 + math.log(count)) * idf
            dot += value * coef
            norm += value * value
        score = self.intercept + (dot / math.sqrt(norm) if norm else 0.0)
        return 1.0 / (1.0 + math.exp(-score))


@lru_cache(maxsize=1)
def load_model() -> Model | None:
    """The shipped model, or None if the file is missing (rules alone then decide)."""
    try:
        raw = resources.files("factcheck.ingest").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    data = json.loads(raw)
    if data.get("format") != FORMAT:
        return None
    return Model(
        weights={term: (float(v[0]), float(v[1])) for term, v in data["vocabulary"].items()},
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
        ngram_max=int(data["ngram_max"]),
        token_pattern=re.compile(data["token_pattern"]),
    )


def model_says(sentence: str) -> bool:
    """The model's own decision (what the CT24 benchmark scores first)."""
    model = load_model()
    if model is None:
        return False
    return model.probability(sentence) >= model.threshold


def is_checkworthy(sentence: str, kinds: tuple[str, ...]) -> bool:
    """Worth checking: not a question/advice/opinion, and the model or a strong kind says so."""
    if not_a_claim(sentence):
        return False
    model = load_model()
    if model is None:
        return bool(STRONG_KINDS.intersection(kinds))
    probability = model.probability(sentence)
    if probability >= model.threshold:
        return True
    # Recall first: a strong claim kind lowers the bar a little.
    if "study-finding" in kinds and "correlation-causation" in kinds:
        return True  # "researchers found X reduces Y": rare in debates, the core of science news
    return probability >= model.threshold - STRONG_MARGIN and bool(STRONG_KINDS.intersection(kinds))
