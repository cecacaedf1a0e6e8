"""A generated archive at newsroom scale, for the benchmarks.

``build_archive(path)`` writes a SQLite workspace database with (by default)
10,000 articles, 300,000 statements and 1,000,000 verdicts, plus reviewers,
sources, links, sign-offs and source status events, every row with its ledger
entry (signed with the ledger key, as real records are) so ``ledger verify``
passes. Rows go in through SQLAlchemy Core in bulk; the ORM would take minutes.
The same seed gives the same archive.
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from factcheck.db import ensure_schema, make_engine
from factcheck.ledger.backfill import Chainer
from factcheck.models import (
    Article,
    ArticleRevision,
    Link,
    Reviewer,
    SignOff,
    Source,
    SourceStatusEvent,
    Statement,
    Verdict,
)

AS_OF = date(2026, 11, 28)  # the day the benchmarks judge the archive on
TOPICS = ("depression", "anxiety", "sleep", "nutrition", "cardiology", "vaccines", None)
# Mostly supported, as in a newsroom whose articles are mostly right.
# Mostly supported, as in a newsroom whose articles are mostly right: about one
# verdict in a hundred says the article is wrong (misleading, outdated).
VERDICTS = (
    ("supported",) * 170
    + ("partly-supported",) * 12
    + ("unverifiable",) * 6
    + ("not-a-claim",) * 8
    + ("misleading", "outdated") * 2
)
WORDS = (
    "study",
    "patients",
    "percent",
    "trial",
    "researchers",
    "dose",
    "brain",
    "risk",
    "found",
    "reported",
    "daily",
    "weeks",
    "improved",
    "symptoms",
    "compared",
    "group",
)


class _Chain:
    """Collects the generated rows of one table."""

    def __init__(self, table: Any) -> None:
        self.table, self.rows = table, []

    def add(self, row: dict[str, Any]) -> None:
        row.setdefault("id", len(self.rows) + 1)
        self.rows.append(row)


def build_archive(
    path: Path,
    *,
    articles: int = 10_000,
    statements_per_article: int = 30,
    verdicts: int = 1_000_000,
    seed: int = 1,
    quiet: bool = False,
) -> Path:
    rng = random.Random(seed)
    if path.exists():
        path.unlink()
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    start = time.perf_counter()
    base_time = datetime(2015, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        reviewers = [
            {
                "id": i,
                "handle": f"rev{i}",
                "name": f"Reviewer {i}",
                "role": "reviewer",
                "credentials": "PhD" if i % 2 else None,
                "created_at": base_time,
            }
            for i in range(1, 21)
        ]
        chainer = Chainer(conn, kind="insert")
        _bulk(chainer, Reviewer, reviewers)
        sources = [_source(i, rng, base_time) for i in range(1, 2001)]
        _bulk(chainer, Source, sources)
        revisions, link_chain = _Chain(ArticleRevision), _Chain(Link)
        arts, stmts = [], []
        for a in range(1, articles + 1):
            arts.append(_article(a, rng, base_time))
            texts = [_sentence(rng) for _ in range(statements_per_article)]
            body = " ".join(texts)
            revisions.add(
                {
                    "id": a,
                    "article_id": a,
                    "number": 1,
                    "text": body,
                    "sha256": hashlib.sha256(body.encode()).hexdigest(),
                    "format": "text",
                    "source_file": f"articles/a{a}.txt",
                    "recorded_at": base_time + timedelta(minutes=a),
                }
            )
            pos = 0
            for n, text in enumerate(texts, start=1):
                sid = (a - 1) * statements_per_article + n
                stmts.append(
                    {
                        "id": sid,
                        "article_id": a,
                        "n": n,
                        "text": text,
                        "span_start": pos,
                        "span_end": pos + len(text),
                        "line": 1,
                        "position": n,
                        "checkworthy": rng.random() < 0.8,
                        "kinds": rng.choice(
                            (
                                "",
                                "",
                                "quantity",
                                "quantity",
                                "study-finding",
                                "study-finding",
                                "quote,attribution",
                                "other",
                                "other",
                                "time-relative",
                            )
                        ),
                        "retired": False,
                    }
                )
                pos += len(text) + 1
                if rng.random() < 0.3:
                    link_chain.add(
                        {
                            "statement_id": sid,
                            "source_id": rng.choice(sources)["id"],
                            "quote": "as reported",
                            "locator": f"p. {rng.randint(1, 900)}",
                            "relation": "supports",
                            "recorded_at": base_time + timedelta(minutes=a, seconds=n),
                        }
                    )
        _bulk(chainer, Article, arts)
        _bulk(chainer, ArticleRevision, revisions.rows)
        _bulk(chainer, Statement, stmts)
        _bulk(chainer, Link, link_chain.rows)
        _verdicts_and_signoffs(chainer, rng, len(stmts), verdicts, articles, base_time)
        events = _Chain(SourceStatusEvent)
        for src in rng.sample(sources, 40):
            events.add(
                {
                    "source_id": src["id"],
                    "status": rng.choice(("retracted", "corrected")),
                    "effective_on": date(2024, 3, 1),
                    "note": None,
                    "origin": "manual",
                    "recorded_at": datetime(2026, 1, 1, tzinfo=UTC),
                }
            )
        _bulk(chainer, SourceStatusEvent, events.rows)
        chainer.flush()
    engine.dispose()
    if not quiet:
        print(f"built {path} in {time.perf_counter() - start:.1f}s", file=sys.stderr)
    return path


def _verdicts_and_signoffs(
    chainer: Chainer,
    rng: random.Random,
    n_statements: int,
    total: int,
    articles: int,
    base_time: datetime,
) -> None:
    chain, signoffs = _Chain(Verdict), _Chain(SignOff)
    latest: dict[int, int] = {}
    for vid in range(1, total + 1):
        # Every statement gets a first verdict (2019-2023) and, as in a newsroom that
        # keeps to its schedule, a re-review in the 11 months before AS_OF; the other
        # verdicts are further re-reviews of statements drawn at random. What falls due
        # is what the shorter rules (6 months, 3 months) bring round.
        first = vid <= n_statements
        if first:
            sid = vid
        elif vid <= 2 * n_statements:
            sid = vid - n_statements
        else:
            sid = rng.randint(1, n_statements)
        back = rng.randint(1100, 2900) if first else rng.randint(0, 330)
        reviewed = AS_OF - timedelta(days=back)
        chain.add(
            {
                "id": vid,
                "statement_id": sid,
                "reviewer_id": rng.randint(1, 20),
                "verdict": rng.choice(VERDICTS),
                "note": None,
                "reviewed_on": reviewed,
                "supersedes_id": latest.get(sid),
                "recorded_at": base_time + timedelta(seconds=vid * 10),
            }
        )
        latest[sid] = vid
    _bulk(chainer, Verdict, chain.rows)
    for a in range(1, articles + 1):
        signoffs.add(
            {
                "article_id": a,
                "reviewer_id": rng.randint(1, 20),
                "signed_on": AS_OF - timedelta(days=rng.randint(0, 420)),
                "note": None,
                "forced": False,
                "revision_number": 1,
                "recorded_at": base_time + timedelta(days=3700, minutes=a),
            }
        )
    _bulk(chainer, SignOff, signoffs.rows)


def _bulk(chainer: Chainer, model: Any, rows: list[dict[str, Any]], size: int = 20_000) -> None:
    """Insert ``rows``, each with its ledger entry (history rows carry their hashes)."""
    table = model.__table__
    history = "hash" in table.c
    for row in rows:
        prev, hash_ = chainer.add(table, row)
        if history:
            row["prev_hash"], row["hash"] = prev, hash_
    for i in range(0, len(rows), size):
        chainer.conn.execute(insert(model), rows[i : i + size])


def _source(i: int, rng: random.Random, at: datetime) -> dict[str, Any]:
    kind = rng.choice(("paper", "paper", "paper", "press-release", "guideline"))
    return {
        "id": f"src-{i:08x}",
        "kind": kind,
        "title": f"Source {i}",
        "doi": f"10.5555/bench.{i}" if kind == "paper" else None,
        "pmid": None,
        "url": f"https://example.org/s/{i}",
        "authors": "Doe J; Roe R",
        "published": date(2010, 1, 1) + timedelta(days=i),
        "publisher": "Journal",
        "text": None,
        "created_at": at,
    }


def _article(a: int, rng: random.Random, at: datetime) -> dict[str, Any]:
    published = date(2010, 1, 1) + timedelta(days=rng.randint(0, 4000))
    return {
        "id": a,
        "slug": f"article-{a:05d}",
        "title": f"Generated article {a}",
        "author": f"Writer {a % 50}",
        "url": f"https://example.org/a/{a}",
        "topic": rng.choice(TOPICS),
        "published": published,
        "updated": published + timedelta(days=rng.randint(0, 900)),
        "page_reviewed": None,
        "page_reviewed_by": None,
        "page_next_review_due": None,
        "page_jsonld_reviewed": None,
        "detected_sources": "[]",
        "created_at": at,
    }


def _sentence(rng: random.Random) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 18)))
    return f"In {rng.randint(1990, 2024)}, {rng.randint(2, 95)} {words}."


if __name__ == "__main__":
    build_archive(Path(sys.argv[1] if len(sys.argv) > 1 else "archive.db"))
