"""A generated archive at newsroom scale, for the benchmarks.

    .venv/bin/python benchmarks/archive.py [PATH] [--db URL] [--articles N]

``build_archive(target)`` writes a workspace database with (by default) 10,000
articles, 300,000 statements and 1,000,000 verdicts, plus reviewers, sources, links,
sign-offs and source status events, every row with its ledger entry (signed with the
ledger key, as real records are) so ``ledger verify`` passes. The target is a SQLite
file or a PostgreSQL URL (the database is created when missing). Rows are generated
and written a chunk at a time, so memory stays flat at any size: COPY on PostgreSQL,
executemany through SQLAlchemy Core on SQLite (the ORM would take hours). The same
seed gives the same records.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from array import array
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Table, create_engine, insert, inspect, make_url, text
from sqlalchemy.engine import Connection

from factcheck.db import ensure_schema, make_engine
from factcheck.ledger.backfill import Chainer
from factcheck.models import (
    Article,
    ArticleRevision,
    LedgerEntry,
    Link,
    Reviewer,
    SignOff,
    Source,
    SourceStatusEvent,
    Statement,
    Verdict,
)

T = TypeVar("T")
AS_OF = date(2026, 11, 28)  # the day the benchmarks judge the archive on
TOPICS = ("depression", "anxiety", "sleep", "nutrition", "cardiology", "vaccines", None)
# Mostly supported, as in a newsroom whose articles are mostly right: about one
# verdict in a hundred says the article is wrong (misleading, outdated).
VERDICTS = (
    ("supported",) * 170
    + ("partly-supported",) * 12
    + ("unverifiable",) * 6
    + ("not-a-claim",) * 8
    + ("misleading", "outdated") * 2
)
KINDS = (
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


CHUNK = 20_000  # rows generated, chained and written at a time


def archive_url(target: Path | str) -> str:
    """A database URL for ``target``: a URL as given, or a SQLite file's path."""
    return target if isinstance(target, str) and "://" in target else f"sqlite:///{target}"


def build_archive(
    target: Path | str,
    *,
    articles: int = 10_000,
    statements_per_article: int = 30,
    verdicts: int | None = None,
    seed: int = 1,
    quiet: bool = False,
) -> str:
    """Write the archive to ``target`` (a SQLite path, replaced if it exists, or a
    PostgreSQL URL naming a missing or empty database); return its URL.
    ``verdicts`` defaults to 100 per article, the archive's ratio."""
    url = archive_url(target)
    if url.startswith("sqlite"):
        Path(target).unlink(missing_ok=True)
    else:
        _create_database(url)
    rng = random.Random(seed)
    engine = make_engine(url)
    ensure_schema(engine)
    start = time.perf_counter()
    base_time = datetime(2015, 1, 1, tzinfo=UTC)
    n_statements = articles * statements_per_article
    with engine.begin() as conn:
        loader = _Loader(conn)
        loader.load(Reviewer, (_reviewer(i, base_time) for i in range(1, 21)))
        sources = [_source(i, rng, base_time) for i in range(1, 2001)]
        loader.load(Source, sources)
        source_ids = [s["id"] for s in sources]
        pages = _pages(rng, articles, statements_per_article, source_ids, base_time)
        # An article's rows come together; the tables take them a chunk of articles at
        # a time, parents first (foreign keys are checked as rows arrive).
        for chunk in _batched(pages, max(1, CHUNK // statements_per_article)):
            for model, rows in zip(_PAGE_TABLES, zip(*chunk, strict=True), strict=True):
                loader.load(model, (row for group in rows for row in group))
        loader.load(Verdict, _verdicts(rng, n_statements, verdicts or articles * 100, base_time))
        loader.load(SignOff, (_signoff(a, rng, base_time) for a in range(1, articles + 1)))
        loader.load(SourceStatusEvent, _source_events(rng, source_ids))
        loader.finish()
    if engine.dialect.name == "postgresql":
        # Fresh statistics and visibility map: the planner's estimates and index-only
        # scans, as on a database that has lived a while.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE)")
    engine.dispose()
    if not quiet:
        shown = engine.url.render_as_string(hide_password=True)
        print(f"built {shown} in {time.perf_counter() - start:.1f}s", file=sys.stderr)
    return url


def _create_database(url: str) -> None:
    """Create the database ``url`` names if it is missing; refuse one holding tables."""
    target = make_url(url)
    name = target.database
    server = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).scalar()
        if not exists:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    server.dispose()
    if exists:
        engine = create_engine(target)
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
        engine.dispose()
        if tables:
            raise SystemExit(f"database {name} already holds tables: drop it or name another")


class _CopyChainer(Chainer):
    """Ledger entries written with COPY (PostgreSQL)."""

    def flush(self) -> None:
        if self.pending:
            _copy(self.conn, LedgerEntry.__table__, self.pending)  # type: ignore[attr-defined]
            self.pending = []


class _Loader:
    """Chains generated rows into the ledger and writes them, a chunk at a time."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.copy = conn.dialect.name == "postgresql"
        self.chainer = (_CopyChainer if self.copy else Chainer)(conn, kind="insert")

    def load(self, model: Any, rows: Iterable[dict[str, Any]]) -> None:
        """Write ``rows`` of ``model``'s table; history rows carry their entries' hashes."""
        table = model.__table__
        defaults = _scalar_defaults(table)
        history = "hash" in table.c
        for chunk in _batched(rows, CHUNK):
            complete = [{**defaults, **row} for row in chunk]
            for row in complete:
                prev, hash_ = self.chainer.add(table, row)
                if history:
                    row["prev_hash"], row["hash"] = prev, hash_
            if self.copy:
                _copy(self.conn, table, complete)
            else:
                self.conn.execute(insert(table), complete)

    def finish(self) -> None:
        # The ids written here are not taken from PostgreSQL's sequences: the ledger's
        # recorder moves a sequence past the highest id whenever it next takes one.
        self.chainer.flush()


def _copy(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """COPY ``rows`` into ``table`` through psycopg, in this connection's transaction."""
    names = [c.name for c in table.columns]
    columns = ", ".join(f'"{n}"' for n in names)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row.get(n) for n in names])


def _scalar_defaults(table: Table) -> dict[str, Any]:
    """Column defaults the generators leave out (hashed and written as the ORM would)."""
    return {
        c.name: c.default.arg
        for c in table.columns
        if c.default is not None and c.default.is_scalar and c.default.arg is not None
    }


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


_PAGE_TABLES = (Article, ArticleRevision, Statement, Link)
Page = tuple[list[dict[str, Any]], ...]


def _pages(
    rng: random.Random, articles: int, per_article: int, sources: list[str], base_time: datetime
) -> Iterator[Page]:
    """Each article with its revision, statements and links (in _PAGE_TABLES order)."""
    link_id = 0
    for a in range(1, articles + 1):
        article = _article(a, rng, base_time)
        texts = [_sentence(rng) for _ in range(per_article)]
        body = " ".join(texts)
        revision = {
            "id": a,
            "article_id": a,
            "number": 1,
            "text": body,
            "sha256": hashlib.sha256(body.encode()).hexdigest(),
            "format": "text",
            "source_file": f"articles/a{a}.txt",
            "recorded_at": base_time + timedelta(minutes=a),
        }
        statements, links = [], []
        pos = 0
        for n, sentence in enumerate(texts, start=1):
            sid = (a - 1) * per_article + n
            statements.append(
                {
                    "id": sid,
                    "article_id": a,
                    "n": n,
                    "text": sentence,
                    "span_start": pos,
                    "span_end": pos + len(sentence),
                    "line": 1,
                    "position": n,
                    "checkworthy": rng.random() < 0.8,
                    "kinds": rng.choice(KINDS),
                    "retired": False,
                }
            )
            pos += len(sentence) + 1
            if rng.random() < 0.3:
                link_id += 1
                links.append(
                    {
                        "id": link_id,
                        "statement_id": sid,
                        "source_id": rng.choice(sources),
                        "quote": "as reported",
                        "locator": f"p. {rng.randint(1, 900)}",
                        "relation": "supports",
                        "recorded_at": base_time + timedelta(minutes=a, seconds=n),
                    }
                )
        yield [article], [revision], statements, links


def _verdicts(
    rng: random.Random, n_statements: int, total: int, base_time: datetime
) -> Iterator[dict[str, Any]]:
    # The latest verdict of each statement so far, for supersedes_id (0: none yet);
    # an array, not a dict: 3,000,000 statements at the largest size.
    latest = array("l", bytes(8 * (n_statements + 1)))
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
        yield {
            "id": vid,
            "statement_id": sid,
            "reviewer_id": rng.randint(1, 20),
            "verdict": rng.choice(VERDICTS),
            "note": None,
            "reviewed_on": AS_OF - timedelta(days=back),
            "supersedes_id": latest[sid] or None,
            "recorded_at": base_time + timedelta(seconds=vid * 10),
        }
        latest[sid] = vid


def _signoff(a: int, rng: random.Random, base_time: datetime) -> dict[str, Any]:
    return {
        "id": a,
        "article_id": a,
        "reviewer_id": rng.randint(1, 20),
        "signed_on": AS_OF - timedelta(days=rng.randint(0, 420)),
        "note": None,
        "forced": False,
        "revision_number": 1,
        "recorded_at": base_time + timedelta(days=3700, minutes=a),
    }


def _source_events(rng: random.Random, sources: list[str]) -> Iterator[dict[str, Any]]:
    for i, source_id in enumerate(rng.sample(sources, 40), start=1):
        yield {
            "id": i,
            "source_id": source_id,
            "status": rng.choice(("retracted", "corrected")),
            "effective_on": date(2024, 3, 1),
            "note": None,
            "origin": "manual",
            "recorded_at": datetime(2026, 1, 1, tzinfo=UTC),
        }


def _reviewer(i: int, at: datetime) -> dict[str, Any]:
    return {
        "id": i,
        "handle": f"rev{i}",
        "name": f"Reviewer {i}",
        "role": "reviewer",
        "credentials": "PhD" if i % 2 else None,
        "created_at": at,
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "path", nargs="?", type=Path, default=Path("archive.db"), help="SQLite file to write"
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="build on this database instead, e.g. "
        "postgresql+psycopg://postgres@127.0.0.1:5432/fc_bench10k (created when missing)",
    )
    parser.add_argument(
        "--articles",
        type=int,
        default=10_000,
        help="articles (30 statements and 100 verdicts each); 100000 for the largest size",
    )
    args = parser.parse_args()
    build_archive(args.db or args.path, articles=args.articles)


if __name__ == "__main__":
    main()
