"""Measure ingest: Golden Rules, check-worthiness, claim kinds, throughput vs bare pySBD.

    .venv/bin/python benchmarks/bench_ingest.py [--ct22 DIR]

Reads ../shared/data when present and CheckThat! 2022 task 1B English from DIR (or
$FACTCHECK_CT22, or ../shared/data/checkthat-2022; see scripts/train_checkworthy.py);
skips a part, saying so, when its data is missing. Prints measured numbers only.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from factcheck.ingest import read_article  # noqa: E402
from factcheck.ingest.checkworthy import MODES, is_checkworthy, model_says  # noqa: E402
from factcheck.ingest.claims import KINDS, kinds_of  # noqa: E402
from factcheck.ingest.sentences import split_sentences  # noqa: E402

# ../shared/data beside the repository (or beside a parent folder, for a worktree).
DATA = next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
    ROOT.parent / "shared" / "data",
)
SEEDS = DATA.parent / "seeds"
FIXTURES = ROOT / "tests" / "ingest" / "fixtures"
LABELLED = ROOT / "benchmarks" / "data" / "labelled_sentences.tsv"
sys.path.insert(0, str(ROOT / "scripts"))
from train_checkworthy import DEV, ct22_dir, read_ct22, read_own  # noqa: E402


def golden_rules() -> None:
    path = DATA / "sentence-golden-rules" / "english_golden_rules.json"
    if not path.exists():
        print("golden rules: skipped (no data at ../shared/data)")
        return
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    failed = [c["id"] for c in cases if split_sentences(c["text"]) != c["expected"]]
    print(f"golden rules: {len(cases) - len(failed)}/{len(cases)} (failed ids: {failed})")


def _scores(predicted: list[bool], truth: list[bool]) -> str:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    flagged = sum(predicted) / len(predicted) if predicted else 0.0
    return f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  flagged {flagged:.0%}"


def health_claims(folder: Path) -> None:
    """CT22 1B dev-test: COVID-19 tweets labelled for verifiable factual claims.

    Held out: training reads only 1B train, and thresholds come from 1B dev.
    """
    try:
        texts, labels = read_ct22(folder, "1B_claim_dev_test")
    except (OSError, KeyError, StopIteration):
        print(f"health claims: skipped (no CheckThat! 2022 task 1B data at {folder})")
        return
    truth = [bool(label) for label in labels]
    print(
        f"health claims, CT22 1B dev-test ({len(texts)} COVID-19 tweets, "
        f"{sum(truth)} claims; kept out of training):"
    )
    for mode in MODES:
        flags = [is_checkworthy(t, kinds_of(t), mode) for t in texts]
        print(f"  checkworthy {mode:7} {_scores(flags, truth)}")
    # As read_article would read a tweet: split into sentences, flagged if any one is.
    split = [
        any(is_checkworthy(s, kinds_of(s)) for s in split_sentences(t) or [t]) for t in texts
    ]
    print(f"  health, by sentence {_scores(split, truth)}")
    print(f"  every sentence      {_scores([True] * len(texts), truth)}")
    print(f"  has a digit         {_scores([any(c.isdigit() for c in t) for t in texts], truth)}")


def health_news_dev() -> None:
    """Health-news sentences we wrote, not trained on; the health threshold is picked here."""
    texts, labels = read_own(DEV)
    truth = [bool(y) for y in labels]
    print(f"health-news dev ({len(texts)} sentences, {sum(truth)} claims; sets the threshold):")
    for mode in MODES:
        flags = [is_checkworthy(t, kinds_of(t), mode) for t in texts]
        print(f"  checkworthy {mode:7} {_scores(flags, truth)}")
    print(f"  every sentence      {_scores([True] * len(texts), truth)}")
    print(f"  has a digit         {_scores([any(c.isdigit() for c in t) for t in texts], truth)}")


def own_sentences() -> None:
    """Our labelled health sentences: training data, so only a sanity check of the rules."""
    texts, labels = read_own(LABELLED)
    flags = [is_checkworthy(t, kinds_of(t)) for t in texts]
    missed = [t for t, f, y in zip(texts, flags, labels, strict=True) if y and not f]
    print(f"own health sentences ({len(texts)}, in training), health mode:")
    print(f"  checkworthy         {_scores(flags, [bool(y) for y in labels])}")
    for text in missed:
        print(f"    missed: {text}")


def _kind_rows(path: Path) -> list[tuple[set[str], str]]:
    """(labelled kinds, text) from a TSV whose last two columns are kinds and text."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith(("#", "role\t", "kinds\t")):
            continue
        kinds, text = line.split("\t")[-2:]
        rows.append((set(kinds.split(",")) - {"-"}, text))
    return rows


def claim_kinds() -> None:
    """Per-kind precision and recall of claims.kinds_of on our labelled sentences."""
    sets = (
        ("developed on", LABELLED),
        ("held out", ROOT / "benchmarks" / "data" / "kinds_holdout.tsv"),
    )
    for title, path in sets:
        rows = _kind_rows(path)
        found = [set(kinds_of(text)) - {"other"} for _, text in rows]
        print(f"claim kinds, {title}: {path.name} ({len(rows)} sentences):")
        for kind in KINDS[:-1]:
            pairs = [(kind in t, kind in f) for (t, _), f in zip(rows, found, strict=True)]
            tp = sum(t and f for t, f in pairs)
            fp = sum(f and not t for t, f in pairs)
            fn = sum(t and not f for t, f in pairs)
            precision = tp / (tp + fp) if tp + fp else 0.0
            recall = tp / (tp + fn) if tp + fn else 0.0
            print(
                f"  {kind:22} labelled {tp + fn:3}  precision {precision:.2f}  "
                f"recall {recall:.2f}"
            )


def checkworthiness() -> None:
    path = DATA / "checkworthiness-ct24" / "CT24_checkworthy_english_dev-test.tsv"
    if not path.exists():
        print("CT24 dev-test: skipped (no data at ../shared/data)")
        return
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts = [r["Text"] for r in rows]
    truth = [r["class_label"].strip() == "Yes" for r in rows]
    print(f"CT24 dev-test ({len(rows)} debate sentences, models trained on train only):")
    print(f"  debate model alone  {_scores([model_says(t, 'debate') for t in texts], truth)}")
    for mode in MODES:
        flags = [is_checkworthy(t, kinds_of(t), mode) for t in texts]
        print(f"  checkworthy {mode:7} {_scores(flags, truth)}")


def _corpus() -> list[tuple[str, bytes]]:
    files = sorted(FIXTURES.glob("*.txt")) + sorted(FIXTURES.glob("*.md"))
    files += sorted(SEEDS.glob("*.txt")) if SEEDS.exists() else []
    return [(f.name, f.read_bytes()) for f in files]


def _timed(work) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _rates(first, second, chars: int, rounds: int = 5) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best of ``rounds``, the two runs interleaved so machine load hits both alike."""
    best_first = best_second = float("inf")
    for _ in range(rounds):
        best_first = min(best_first, _timed(first))
        best_second = min(best_second, _timed(second))
    return chars / best_first, chars / best_second


def throughput(repeat: int = 20) -> None:
    import pysbd

    corpus = _corpus()
    texts = [data.decode("utf-8") for _, data in corpus]
    chars = sum(len(t) for t in texts) * repeat
    segmenter = pysbd.Segmenter(language="en", clean=False)
    for name, data in corpus:  # warm up: lazy imports, the model, regex caches
        read_article(data, name=name)

    def bare() -> None:
        for _ in range(repeat):
            for text in texts:
                segmenter.segment(text)

    def pipeline() -> None:
        for _ in range(repeat):
            for name, data in corpus:
                read_article(data, name=name)

    ours, theirs = _rates(pipeline, bare, chars)
    print(f"throughput on {len(corpus)} text/markdown articles x{repeat} ({chars:,} chars):")
    print(f"  bare pysbd.segment  {theirs:,.0f} chars/s")
    print(f"  read_article        {ours:,.0f} chars/s  ({ours / theirs:.2f}x bare pysbd)")
    html = (FIXTURES / "health_page.html").read_bytes()
    rate = (
        len(html)
        * repeat
        / _timed(lambda: [read_article(html, name="p.html") for _ in range(repeat)])
    )
    print(f"  read_article, HTML  {rate:,.0f} bytes of HTML/s (trafilatura extraction included)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ct22", type=Path, default=None, help="CT22 English task 1 folder")
    args = parser.parse_args()
    golden_rules()
    health_claims(ct22_dir(args.ct22))
    health_news_dev()
    checkworthiness()
    claim_kinds()
    own_sentences()
    throughput()
