"""Train the check-worthiness model shipped in src/factcheck/ingest/checkworthy_model.json.

TF-IDF (word 1-2 grams, sublinear tf) + logistic regression on CT24 English
train, pruned to the strongest terms and refitted on that vocabulary so the JSON
is small and plain-Python inference is exact. The decision threshold is fixed by
class-balanced weights (recall first) at 0.5; CT24 dev is only reported, dev-test
is never read here.

    .venv/bin/python scripts/train_checkworthy.py [--data ../shared/data/checkworthiness-ct24]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "checkworthiness-ct24"
OUT = ROOT / "src" / "factcheck" / "ingest" / "checkworthy_model.json"
TOKEN_PATTERN = r"(?u)\b\w\w+\b"
# Class-balanced weights already lean towards recall; 0.5 is where the two
# (re-weighted) classes cost the same. Dev is reported, not used to move it:
# its share of check-worthy sentences differs from dev-test's.
THRESHOLD = 0.5


def load(path: Path) -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            texts.append(row["Text"])
            labels.append(1 if row["class_label"].strip() == "Yes" else 0)
    return texts, labels


def fit(texts, labels, vocabulary=None):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2),
        sublinear_tf=True,
        min_df=2,
        token_pattern=TOKEN_PATTERN,
        vocabulary=vocabulary,
    )
    matrix = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    model.fit(matrix, labels)
    return vectorizer, model


def dev_f1(probabilities, labels, threshold: float) -> float:  # type: ignore[no-untyped-def]
    from sklearn.metrics import f1_score

    return float(f1_score(labels, [int(p >= threshold) for p in probabilities]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--keep", type=int, default=10000, help="terms kept after pruning")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    train = args.data / "CT24_checkworthy_english_train.tsv"
    dev = args.data / "CT24_checkworthy_english_dev.tsv"
    if not train.exists():
        print(f"no training data at {args.data}", file=sys.stderr)
        return 2
    texts, labels = load(train)
    vectorizer, model = fit(texts, labels)
    terms = vectorizer.get_feature_names_out()
    strongest = sorted(range(len(terms)), key=lambda i: -abs(model.coef_[0][i]))[: args.keep]
    vectorizer, model = fit(texts, labels, vocabulary=sorted(terms[i] for i in strongest))
    dev_texts, dev_labels = load(dev)
    probabilities = model.predict_proba(vectorizer.transform(dev_texts))[:, 1]
    threshold = THRESHOLD
    print(f"dev F1 at {threshold}: {dev_f1(probabilities, dev_labels, threshold):.3f}")
    vocabulary = {
        term: [round(float(vectorizer.idf_[i]), 5), round(float(model.coef_[0][i]), 5)]
        for term, i in sorted(vectorizer.vocabulary_.items())
    }
    document = {
        "format": "factcheck-checkworthy/1",
        "trained_on": "CT24 checkworthy English train (threshold chosen on dev)",
        "token_pattern": TOKEN_PATTERN,
        "ngram_max": 2,
        "intercept": round(float(model.intercept_[0]), 6),
        "threshold": threshold,
        "vocabulary": vocabulary,
    }
    args.out.write_text(
        json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    size = args.out.stat().st_size
    print(
        f"wrote {args.out.relative_to(ROOT)}: {len(vocabulary)} terms, {size:,} bytes, "
        f"threshold {threshold:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
