"""Measure ingest: Golden Rules, CT24 check-worthiness, throughput vs bare pySBD.

    .venv/bin/python benchmarks/bench_ingest.py

Reads ../shared/data when present (skips a part, saying so, when not). Prints
measured numbers only.
"""

from __future__ import annotations

import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from factcheck.ingest import read_article  # noqa: E402
from factcheck.ingest.checkworthy import is_checkworthy, model_says  # noqa: E402
from factcheck.ingest.claims import kinds_of  # noqa: E402
from factcheck.ingest.sentences import split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "tests" / "ingest" / "fixtures"


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
    return f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"


def checkworthiness() -> None:
    path = DATA / "checkworthiness-ct24" / "CT24_checkworthy_english_dev-test.tsv"
    if not path.exists():
        print("CT24 dev-test: skipped (no data at ../shared/data)")
        return
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    texts = [r["Text"] for r in rows]
    truth = [r["class_label"].strip() == "Yes" for r in rows]
    print(f"CT24 dev-test ({len(rows)} sentences, model trained on train only):")
    print(f"  model alone         {_scores([model_says(t) for t in texts], truth)}")
    pipeline = [is_checkworthy(t, kinds_of(t)) for t in texts]
    print(f"  read_article rules  {_scores(pipeline, truth)}")


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
    golden_rules()
    checkworthiness()
    throughput()
