"""Check-worthiness: TF-IDF + logistic regression models shipped as plain JSON.

``scripts/train_checkworthy.py`` trains them with scikit-learn and writes
``checkworthy_model.json``; inference here is plain Python (no scikit-learn, no
pickle, no network). It reproduces scikit-learn's TfidfVectorizer (lowercase,
``\\b\\w\\w+\\b`` tokens, word n-grams, sublinear tf, l2 norm) over each model's
pruned vocabulary.

A mode (``[ingest] checkworthy`` in factcheck.toml) says how wide the net is:

- ``health`` (default): a medical review checks every statement of fact. The
  ``claims`` model at a recall-first threshold, and any factual claim kind (a
  number, an effect, a study, a rule, what someone said...) flags on its own.
- ``news``: the same model at its balanced threshold; a strong kind lowers the bar.
- ``debate``: the CT24 model (political debates), as the CheckThat! lab scores it.

Questions, advice to the reader and opinion are never flagged (claims.not_a_claim).
``checkworthy_score`` is the probability from the mode's model (0-1).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from factcheck.ingest.claims import (
    HEALTH_KINDS,
    STRONG_KINDS,
    not_a_claim,
    states_a_possibility,
)
from factcheck.settings import CHECKWORTHY_MODES

if TYPE_CHECKING:
    from factcheck.ingest.model import ParsedArticle

MODEL_FILE = "checkworthy_model.json"
FORMAT = "factcheck-checkworthy/2"
MODES = CHECKWORTHY_MODES
DEFAULT_MODE = "health"
HEADLINE = "headline"  # the kind ingest gives a title or heading that asserts something
STRONG_MARGIN = 0.1


@dataclass(frozen=True)
class Model:
    """One model's weights: term -> (idf, coefficient)."""

    weights: dict[str, tuple[float, float]]
    intercept: float
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


@dataclass(frozen=True)
class Mode:
    """A mode: which model scores a sentence, and from what score it is flagged."""

    model: Model
    threshold: float


@lru_cache(maxsize=1)
def load_modes() -> dict[str, Mode] | None:
    """The shipped modes, or None if the file is missing (rules alone then decide)."""
    try:
        raw = resources.files("factcheck.ingest").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    data = json.loads(raw)
    if data.get("format") != FORMAT:
        return None
    pattern = re.compile(data["token_pattern"])
    models = {
        name: Model(
            weights={term: (float(v[0]), float(v[1])) for term, v in body["vocabulary"].items()},
            intercept=float(body["intercept"]),
            ngram_max=int(data["ngram_max"]),
            token_pattern=pattern,
        )
        for name, body in data["models"].items()
    }
    return {
        name: Mode(models[rule["model"]], float(rule["threshold"]))
        for name, rule in data["modes"].items()
    }


def _mode(mode: str) -> Mode | None:
    modes = load_modes()
    if mode not in MODES:
        raise ValueError(f"unknown check-worthiness mode {mode!r} (expected one of {MODES})")
    return None if modes is None else modes[mode]


def checkworthy_score(sentence: str, mode: str = DEFAULT_MODE) -> float | None:
    """The mode's model probability that ``sentence`` is worth checking (None: no model)."""
    chosen = _mode(mode)
    return None if chosen is None else round(chosen.model.probability(sentence), 4)


def model_says(sentence: str, mode: str = "debate") -> bool:
    """The model's own decision, without the rules (what the CT24 benchmark scores first)."""
    chosen = _mode(mode)
    return chosen is not None and chosen.model.probability(sentence) >= chosen.threshold


def decide(
    sentence: str, kinds: tuple[str, ...], score: float | None, mode: str = DEFAULT_MODE
) -> bool:
    """Flag or not, from the sentence's shape, its claim kinds and its model score."""
    if HEADLINE in kinds:
        return True  # ingest makes headlines only of headings that assert: always checked
    if not_a_claim(sentence):
        return False
    chosen = _mode(mode)
    if mode == "health" and (HEALTH_KINDS.intersection(kinds) or states_a_possibility(sentence)):
        return True  # a medical review checks every stated effect, risk, number, study, rule
    if chosen is None or score is None:
        return bool(STRONG_KINDS.intersection(kinds))
    if score >= chosen.threshold:
        return True
    # Recall first: a strong claim kind lowers the bar a little.
    if "study-finding" in kinds and "correlation-causation" in kinds:
        return True  # "researchers found X reduces Y": rare in debates, the core of science news
    return score >= chosen.threshold - STRONG_MARGIN and bool(STRONG_KINDS.intersection(kinds))


def assess(
    sentence: str, kinds: tuple[str, ...], mode: str = DEFAULT_MODE
) -> tuple[bool, float | None]:
    """``(checkworthy, checkworthy_score)`` of one sentence in ``mode``."""
    score = checkworthy_score(sentence, mode)
    return decide(sentence, kinds, score, mode), score


def is_checkworthy(sentence: str, kinds: tuple[str, ...], mode: str = DEFAULT_MODE) -> bool:
    """Worth checking in ``mode`` (see the module docstring)."""
    return assess(sentence, kinds, mode)[0]


def apply_mode(article: ParsedArticle, mode: str) -> ParsedArticle:
    """Re-flag an article read in the default mode for ``mode`` (the workspace setting).

    Reading flags statements for "health"; another mode re-decides each statement
    (re-scoring it when the mode uses another model), so ingest needs no setting.
    """
    if mode == DEFAULT_MODE:
        return article
    chosen, default = _mode(mode), _mode(DEFAULT_MODE)
    same_model = chosen is not None and default is not None and chosen.model is default.model
    statements = []
    for s in article.statements:
        score = s.checkworthy_score if same_model else checkworthy_score(s.text, mode)
        flagged = decide(s.text, s.kinds, score, mode)
        statements.append(replace(s, checkworthy=flagged, checkworthy_score=score))
    article.statements = statements
    return article
