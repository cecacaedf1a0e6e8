"""Which articles a ledger entry bears on: how ``report --all`` knows what changed.

Every write is a ledger entry naming its table and row (:mod:`factcheck.ledger`).
An audit page shows the records of its article, of the article's statements, of the
sources they cite and of the reviewers who judged them, so an entry bears on the
articles those relations lead to: a verdict on its statement's article, a source's
retraction on every article citing the source. :func:`newest_entries` follows them
and keeps, per article, the newest entry: the page names that entry's hash (the
record it shows, whichever later entries touched other articles), and a build
rebuilds the pages whose newest entry is later than the one it last built from.

Some entries bear on every page: a reviewer's name edited (reviewers are named on
every page they judged), or an entry of a table this module does not know. Mapping
an entry to too many articles costs a rebuild; to too few, a stale page: so every
table is either mapped here or counted everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, cast, func, select
from sqlmodel import Session

from factcheck.models import (
    Article,
    ArticleRevision,
    Assignment,
    CheckworthyMark,
    Comment,
    Correction,
    LedgerEntry,
    Link,
    Reviewer,
    SignOff,
    SourceStatusEvent,
    SourceText,
    Statement,
    StatementEvent,
    Verdict,
)

LEDGER: Any = LedgerEntry.__table__  # type: ignore[attr-defined]
ARTICLE_ROWS: tuple[Any, ...] = (ArticleRevision, SignOff, Assignment)  # naming their article
STATEMENT_ROWS: tuple[Any, ...] = (StatementEvent, Link, Verdict, CheckworthyMark, Comment)
SOURCE_ROWS: tuple[Any, ...] = (SourceStatusEvent, SourceText)


@dataclass(frozen=True)
class Bearing:
    """The newest ledger entry (its ``seq``) bearing on each article."""

    articles: dict[int, int]
    everywhere: int = 0  # the newest entry bearing on every article; 0: none

    def newest(self, article_id: int) -> int:
        return max(self.articles.get(article_id, 0), self.everywhere)


def newest_entries(*, session: Session, after: int = 0) -> Bearing:
    """Per article, the newest entry after ``after`` bearing on it (0: the whole ledger).

    After a build, ``after`` is the head it was built from: the few entries since
    are read by their sequence number. From 0, each kind of row is read through the
    ledger's index on tables, once.
    """
    newest: dict[int, int] = {}
    for article_col, seq_col, query in _branches(after):
        rows = session.execute(
            query.add_columns(article_col, func.max(seq_col)).group_by(article_col)
        )
        for article_id, seq in rows:
            if seq > newest.get(article_id, 0):
                newest[article_id] = seq
    everywhere = max(
        (session.execute(q.add_columns(func.max(LEDGER.c.seq))).scalar() or 0)
        for q in _everywhere(after, unknown=_tables(session) - KNOWN_TABLES)
    )
    return Bearing(newest, everywhere)


def entry_hashes(*, session: Session, seqs: Iterable[int]) -> dict[int, str]:
    """The hash of each ledger entry named by its ``seq``."""
    wanted = sorted(set(seqs))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):  # SQLite caps bound parameters
        chunk = wanted[start : start + 500]
        rows = session.execute(select(LEDGER.c.seq, LEDGER.c.hash).where(LEDGER.c.seq.in_(chunk)))
        found.update((int(seq), str(hash_)) for seq, hash_ in rows)
    return found


def _entries(table: str, after: int) -> Any:
    """The ledger entries of ``table`` after ``after``, as a query to join rows to."""
    name = LEDGER.c.table_name
    if after:
        # Only the newest entries are wanted: read them by sequence number. Compared as
        # an expression, the table name does not tempt SQLite into ix_ledger_row, which
        # would walk every verdict's entry to find the one recorded since.
        name = func.lower(name)
    return select().select_from(LEDGER).where(name == table, LEDGER.c.seq > after)


def _row(model: Any) -> Any:
    return model.id == cast(LEDGER.c.row_key, Integer)


def _branches(after: int) -> Iterator[tuple[Any, Any, Any]]:
    """(article id column, seq column, query) for each way an entry leads to articles."""
    seq = LEDGER.c.seq
    yield Article.id, seq, _entries("article", after).join(Article, _row(Article))
    yield (
        Statement.article_id,
        seq,
        _entries("statement", after).join(Statement, _row(Statement)),
    )
    for model in ARTICLE_ROWS:
        yield model.article_id, seq, _entries(model.__tablename__, after).join(model, _row(model))
    for model in STATEMENT_ROWS:
        # Newest per statement first, then per article: a million verdicts' entries
        # meet 300,000 statements, not a million statement lookups.
        per_statement = (
            _entries(model.__tablename__, after)
            .join(model, _row(model))
            .add_columns(model.statement_id.label("statement_id"), func.max(seq).label("seq"))
            .group_by(model.statement_id)
            .subquery()
        )
        yield (
            Statement.article_id,
            per_statement.c.seq,
            select()
            .select_from(per_statement)
            .join(Statement, Statement.id == per_statement.c.statement_id),
        )
    # A source bears on every article with a statement citing it (withdrawn links too:
    # a full build and an incremental one must follow the same relations).
    yield (
        Statement.article_id,
        seq,
        _entries("source", after)
        .join(Link, Link.source_id == LEDGER.c.row_key)
        .join(Statement, Statement.id == Link.statement_id),
    )
    for model in SOURCE_ROWS:
        yield (
            Statement.article_id,
            seq,
            _entries(model.__tablename__, after)
            .join(model, _row(model))
            .join(Link, Link.source_id == model.source_id)
            .join(Statement, Statement.id == Link.statement_id),
        )
    # A correction names its record: an article's slug, or a source's id.
    corrections = _entries("correction", after).join(Correction, _row(Correction))
    yield Article.id, seq, corrections.join(Article, Article.slug == Correction.record)
    yield (
        Statement.article_id,
        seq,
        corrections.join(Link, Link.source_id == Correction.record).join(
            Statement, Statement.id == Link.statement_id
        ),
    )


KNOWN_TABLES = frozenset(
    {"article", "statement", "source", "correction", "reviewer"}
    | {m.__tablename__ for m in (*ARTICLE_ROWS, *STATEMENT_ROWS, *SOURCE_ROWS)}
)


def _everywhere(after: int, *, unknown: set[str]) -> Iterator[Any]:
    """Queries for entries bearing on every article."""
    # A reviewer changed (name, credentials, role): pages name reviewers. A new one
    # has judged nothing yet.
    yield _entries("reviewer", after).where(LEDGER.c.kind != "insert")
    yield (
        _entries("correction", after)
        .join(Correction, _row(Correction))
        .join(Reviewer, Reviewer.handle == Correction.record)
    )
    if unknown:
        yield (
            select()
            .select_from(LEDGER)
            .where(LEDGER.c.table_name.in_(sorted(unknown)), LEDGER.c.seq > after)
        )


def _tables(session: Session) -> set[str]:
    """The tables the ledger has entries of, a step through its index per table (a
    scan of a million entries would cost seconds)."""
    found: set[str] = set()
    name = session.execute(select(func.min(LEDGER.c.table_name))).scalar()
    while name is not None:
        found.add(name)
        name = session.execute(
            select(func.min(LEDGER.c.table_name)).where(LEDGER.c.table_name > name)
        ).scalar()
    return found
