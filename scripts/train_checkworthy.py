"""Train the check-worthiness models shipped in src/factcheck/ingest/checkworthy_model.json.

Two TF-IDF (word 1-2 grams, sublinear tf) + logistic regression models, each pruned
to its strongest terms and refitted on that vocabulary so the JSON stays small and
plain-Python inference is exact:

- ``claims`` (modes "health" and "news"): "does this sentence state a verifiable
  fact?" -- CheckThat! 2022 task 1B English (COVID-19 tweets labelled for verifiable
  factual claims) train split, our own labelled health sentences
  (benchmarks/data/labelled_sentences.tsv, weighted up: they are the copy we review),
  and CT24 debate sentences at a low weight (political and economic claims).
- ``debate`` (mode "debate"): CT24 English train alone, as before, so CT24 scores
  do not move.

Thresholds are chosen on dev data only: "health" is the highest threshold that keeps
recall >= 0.96 on benchmarks/data/health_news_dev.tsv (health-news sentences we
wrote and never train on; CT22 1B dev is printed beside it, as tweets are another
register); "news" and "debate" take 0.5, where
class-balanced weights make a missed claim and a false flag cost the same (on 1B,
63% of tweets are claims, so a best-F1 cut there would sit as low as "health").
CT22 1B dev-test and CT24 dev-test are never read here: bench_ingest.py scores them.

    .venv/bin/python scripts/train_checkworthy.py [--ct24 DIR] [--ct22 DIR]

DIR for --ct22 holds the English task 1 files of the CheckThat! 2022 lab repository
(task1/data/subtasks-english: CT22_english_1B_claim.zip, or the TSVs inside it); see
the README, "Check-worthiness and claim kinds".
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
    ROOT.parent / "shared" / "data",
)
OWN = ROOT / "benchmarks" / "data" / "labelled_sentences.tsv"
DEV = ROOT / "benchmarks" / "data" / "health_news_dev.tsv"
OUT = ROOT / "src" / "factcheck" / "ingest" / "checkworthy_model.json"
TOKEN_PATTERN = r"(?u)\b\w\w+\b"
HEALTH_RECALL = 0.96  # on DEV; the rules in checkworthy.py add recall on top
OWN_WEIGHT = 5.0  # 260 sentences against 3,300 tweets: make them count
CT24_WEIGHT_IN_CLAIMS = 0.3  # CT24 says "worth checking", stricter than "a claim"


def ct22_dir(given: Path | None) -> Path:
    if given is not None:
        return given
    env = os.environ.get("FACTCHECK_CT22")
    return Path(env) if env else SHARED / "checkthat-2022"


def read_ct22(folder: Path, split: str) -> tuple[list[str], list[int]]:
    """One CT22 English task 1 split ("1B_claim_train", "1B_claim_dev", ...)."""
    name = f"CT22_english_{split}.tsv"
    if (folder / name).exists():
        raw = (folder / name).read_text(encoding="utf-8")
    else:
        task = "_".join(split.split("_")[:2])
        with zipfile.ZipFile(folder / f"CT22_english_{task}.zip") as archive:
            member = next(m for m in archive.namelist() if m.endswith(name))
            raw = archive.read(member).decode("utf-8")
    rows = csv.DictReader(io.StringIO(raw), delimiter="\t", quoting=csv.QUOTE_NONE)
    pairs = [(tweet_text(r["tweet_text"]), int(r["class_label"].strip())) for r in rows]
    return [t for t, _ in pairs], [label for _, label in pairs]


def tweet_text(text: str) -> str:
    """A tweet as prose: links and @handles carry no claim; a hashtag is its word."""
    text = re.sub(r"https?://\S+|@\w+", " ", text).replace("#", "")
    return re.sub(r"\s+", " ", text).strip()


def read_ct24(path: Path) -> tuple[list[str], list[int]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["Text"] for r in rows], [int(r["class_label"].strip() == "Yes") for r in rows]


def read_own(path: Path = OWN) -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("role\t"):
            continue
        role, text = (line.split("\t")[0], line.split("\t")[-1])
        texts.append(text)
        labels.append(int(role == "claim"))
    return texts, labels


def fit(texts, labels, weights, vocabulary=None):  # type: ignore[no-untyped-def]
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
    model = LogisticRegression(C=1.0, max_iter=3000, class_weight="balanced")
    model.fit(matrix, labels, sample_weight=weights)
    return vectorizer, model


def pruned(texts, labels, weights, keep: int):  # type: ignore[no-untyped-def]
    """Fit, keep the ``keep`` strongest terms, refit on them; return (vectorizer, model)."""
    vectorizer, model = fit(texts, labels, weights)
    terms = vectorizer.get_feature_names_out()
    strongest = sorted(range(len(terms)), key=lambda i: -abs(model.coef_[0][i]))[:keep]
    return fit(texts, labels, weights, vocabulary=sorted(terms[i] for i in strongest))


def as_json(vectorizer, model) -> dict:  # type: ignore[no-untyped-def]
    vocabulary = {
        term: [round(float(vectorizer.idf_[i]), 4), round(float(model.coef_[0][i]), 4)]
        for term, i in sorted(vectorizer.vocabulary_.items())
    }
    return {"intercept": round(float(model.intercept_[0]), 5), "vocabulary": vocabulary}


def recall_threshold(probabilities, labels, recall: float) -> float:  # type: ignore[no-untyped-def]
    """The highest threshold that still flags ``recall`` of the positives."""
    positives = sorted(p for p, y in zip(probabilities, labels, strict=True) if y)
    index = min(len(positives) - 1, int((1.0 - recall) * len(positives)))
    return round(float(positives[index]) - 1e-4, 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ct24", type=Path, default=SHARED / "checkworthiness-ct24")
    parser.add_argument("--ct22", type=Path, default=None, help="CT22 English task 1 folder")
    parser.add_argument("--keep", type=int, default=8000, help="terms kept per model")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    ct22 = ct22_dir(args.ct22)
    for needed in (args.ct24 / "CT24_checkworthy_english_train.tsv", ct22):
        if not needed.exists():
            print(f"no training data at {needed}", file=sys.stderr)
            return 2
    debate_texts, debate_labels = read_ct24(args.ct24 / "CT24_checkworthy_english_train.tsv")
    tweets, tweet_labels = read_ct22(ct22, "1B_claim_train")
    own, own_labels = read_own()
    debate = pruned(debate_texts, debate_labels, None, 10000)
    weights = [1.0] * len(tweets) + [OWN_WEIGHT] * len(own)
    weights += [CT24_WEIGHT_IN_CLAIMS] * len(debate_texts)
    claims = pruned(
        tweets + own + debate_texts, tweet_labels + own_labels + debate_labels, weights, args.keep
    )

    def probabilities(pair, texts):  # type: ignore[no-untyped-def]
        return pair[1].predict_proba(pair[0].transform(texts))[:, 1]

    dev, dev_labels = read_own(DEV)
    health = recall_threshold(probabilities(claims, dev), dev_labels, HEALTH_RECALL)
    dev_1b, dev_1b_labels = read_ct22(ct22, "1B_claim_dev")
    for name, texts, labels in (
        ("health-news dev", dev, dev_labels),
        ("CT22 1B dev", dev_1b, dev_1b_labels),
    ):
        flags = [p >= health for p in probabilities(claims, texts)]
        hits = sum(f and y for f, y in zip(flags, labels, strict=True))
        recall, flagged = hits / sum(labels), sum(flags) / len(flags)
        print(f"  at {health}: {name} recall {recall:.3f}, flagged {flagged:.0%}")
    modes = {
        "health": {"model": "claims", "threshold": health},
        "news": {"model": "claims", "threshold": 0.5},
        "debate": {"model": "debate", "threshold": 0.5},
    }
    document = {
        "format": "factcheck-checkworthy/2",
        "trained_on": {
            "claims": "CT22 task 1B English train (COVID-19 tweets, verifiable factual claim), "
            f"our labelled health sentences (x{OWN_WEIGHT:g}), "
            f"CT24 English train (x{CT24_WEIGHT_IN_CLAIMS:g})",
            "debate": "CT24 checkworthy English train",
        },
        "token_pattern": TOKEN_PATTERN,
        "ngram_max": 2,
        "modes": modes,
        "models": {"claims": as_json(*claims), "debate": as_json(*debate)},
    }
    args.out.write_text(
        json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    size = args.out.stat().st_size
    terms = {name: len(model["vocabulary"]) for name, model in document["models"].items()}
    print(f"wrote {args.out}: {size:,} bytes, terms {terms}")
    for mode, rule in modes.items():
        print(f"  {mode:7} model {rule['model']:7} threshold {rule['threshold']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
