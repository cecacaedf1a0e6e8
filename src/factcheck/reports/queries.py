"""Read-only bulk queries for reports: a batch of articles at a time, plain tuples.

The audit of 10,000 articles cannot afford a query per article per table, nor all
million verdicts in memory at once, so each function reads one batch of articles
(see :data:`BATCH`) in one query per table. Scoping is by subquery, never by a
long list of bound parameters (SQLite caps those).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlmodel import Session, col
from sqlmodel import select as sqlmodel_select

from factcheck.models import (
    Article,
    ArticleRevision,
    CheckworthyMark,
    Comment,
    Correction,
    Link,
    Reviewer,
    SignOff,
    Source,
    SourceStatusEvent,
    Statement,
    StatementEvent,
    Verdict,
)
from factcheck.store.withdrawn import live

BATCH = 200  # articles per batch: bounded memory, few round trips

# SQLAlchemy's own ``select``, not SQLModel's: SQLModel types at most four columns,
# and these reads want many. ``_rows`` runs them.


@dataclass(frozen=True)
class LinkRow:
    article_id: int
    n: int
    source_id: str
    quote: str | None
    locator: str | None
    relation: str
    recorded_at: datetime
    hash: str
    quote_found: bool | None = None


@dataclass(frozen=True)
class SourceRow:
    id: str
    kind: str
    title: str | None
    doi: str | None
    pmid: str | None
    url: str | None
    authors: str | None
    published: date | None
    publisher: str | None
    published_precision: str = "day"


def _select(*columns: Any) -> Any:
    """SQLAlchemy's select over SQLModel attributes (typed as plain values for mypy)."""
    return select(*columns)


def _rows(session: Session, query: Any) -> Any:
    return session.connection().execute(query)


# The history reads fetch about a hundred events per article, a million on a full
# archive. SQLAlchemy converts each date and datetime in Python (and SQLModel's
# time-zone type adds a second pass); reading them as the driver returns them and
# parsing once with the C ``fromisoformat`` halves the cost of those reads.


def _raw(column: Any) -> Any:
    """The column without SQLAlchemy's result conversion: ISO text on SQLite, the
    driver's own ``date``/``datetime`` elsewhere (PostgreSQL); see :func:`parse_moment`."""
    return type_coerce(column, String)


def parse_moment(value: str | datetime) -> datetime:
    """A ``recorded_at`` read by :func:`_raw` as SQLModel would return it: UTC, aware."""
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    # Databases without time zones store UTC without an offset.
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def parse_day(value: str | date | None) -> date | None:
    """A date column read by :func:`_raw`."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def unmapped(session: Session) -> None:
    """Read this session's SQLite database through ``read()``, not a memory map.

    The workspace maps up to 256 MB of the file (db.py: the due list looks rows up
    by key), and every mapped page a process touches counts in its resident size. A
    full build reads the ledger and every verdict once, in order: mapped, that is
    its whole window in each process, for no gain in speed (measured the same both
    ways), where SQLite's own small page cache does the same reads.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA mmap_size=0")


def article_ids(*, session: Session, slugs: Sequence[str] | None) -> list[tuple[int, str]]:
    """(id, slug) of the named articles, or of all; slug order."""
    query = _select(Article.id, Article.slug).order_by(Article.slug)
    if slugs is not None:
        query = query.where(col(Article.slug).in_(slugs))
    return [(i, s) for i, s in _rows(session, query) if i is not None]


def articles(*, session: Session, ids: Sequence[int]) -> list[Article]:
    return list(session.exec(sqlmodel_select(Article).where(col(Article.id).in_(ids))))


def reviewers(*, session: Session) -> dict[str, tuple[str, str | None]]:
    """handle → (name, credentials) of every reviewer (a small table)."""
    query = _select(Reviewer.handle, Reviewer.name, Reviewer.credentials)
    return {h: (n, c) for h, n, c in _rows(session, query)}


def links(*, session: Session, ids: Sequence[int]) -> list[LinkRow]:
    query = (
        _select(
            Statement.article_id,
            Statement.n,
            Link.source_id,
            Link.quote,
            Link.locator,
            Link.relation,
            _raw(Link.recorded_at),
            Link.hash,
            Link.quote_found,
        )
        .join(Statement, col(Statement.id) == Link.statement_id)
        .where(col(Statement.article_id).in_(ids), live("link", Link.id))
        .order_by(Link.id)
    )
    return [
        LinkRow(a, n, src, quote, locator, relation, parse_moment(at), h, found)
        for a, n, src, quote, locator, relation, at, h, found in _rows(session, query)
    ]


def sources(*, session: Session, source_ids: set[str]) -> dict[str, SourceRow]:
    """The sources named, without their archived text (it can be large)."""
    if not source_ids:
        return {}
    return _sources(session, col(Source.id).in_(sorted(source_ids)))


def cited_sources(*, session: Session) -> dict[str, SourceRow]:
    """Every source a statement cites (withdrawn links too), without its text."""
    return _sources(session, col(Source.id).in_(_select(Link.source_id).distinct()))


def _sources(session: Session, which: Any) -> dict[str, SourceRow]:
    query = _select(
        Source.id,
        Source.kind,
        Source.title,
        Source.doi,
        Source.pmid,
        Source.url,
        Source.authors,
        Source.published,
        Source.publisher,
        Source.published_precision,
    ).where(which)
    return {row[0]: SourceRow(*row) for row in _rows(session, query)}


def source_events(*, session: Session, source_ids: set[str]) -> list[Any]:
    """(source id, status, effective on, note, recorded at, hash), oldest first."""
    if not source_ids:
        return []
    query = (
        _select(
            SourceStatusEvent.source_id,
            SourceStatusEvent.status,
            SourceStatusEvent.effective_on,
            SourceStatusEvent.note,
            SourceStatusEvent.recorded_at,
            SourceStatusEvent.hash,
        )
        .where(
            col(SourceStatusEvent.source_id).in_(sorted(source_ids)),
            live("source-status", SourceStatusEvent.id),
        )
        .order_by(SourceStatusEvent.id)
    )
    return list(_rows(session, query))


def verdicts(*, session: Session, ids: Sequence[int]) -> Any:
    """Every verdict, superseded ones too, withdrawn ones never: (article id, n, verdict,
    handle, reviewed on, note, recorded at, hash, supersedes id, id), the two dates raw
    (see :func:`parse_moment`)."""
    query = (
        _select(
            Statement.article_id,
            Statement.n,
            Verdict.verdict,
            Reviewer.handle,
            _raw(Verdict.reviewed_on),
            Verdict.note,
            _raw(Verdict.recorded_at),
            Verdict.hash,
            Verdict.supersedes_id,
            Verdict.id,
        )
        .join(Statement, col(Statement.id) == Verdict.statement_id)
        .join(Reviewer, col(Reviewer.id) == Verdict.reviewer_id)
        .where(col(Statement.article_id).in_(ids), live("verdict", Verdict.id))
        .order_by(Verdict.id)
    )
    return _rows(session, query).all()


def marks(*, session: Session, ids: Sequence[int]) -> list[Any]:
    """(article id, n, checkworthy, handle, marked on, note, recorded at, hash)."""
    query = (
        _select(
            Statement.article_id,
            Statement.n,
            CheckworthyMark.checkworthy,
            Reviewer.handle,
            CheckworthyMark.marked_on,
            CheckworthyMark.note,
            CheckworthyMark.recorded_at,
            CheckworthyMark.hash,
        )
        .join(Statement, col(Statement.id) == CheckworthyMark.statement_id)
        .join(Reviewer, col(Reviewer.id) == CheckworthyMark.reviewer_id)
        .where(col(Statement.article_id).in_(ids), live("mark", CheckworthyMark.id))
        .order_by(CheckworthyMark.id)
    )
    return list(_rows(session, query))


def comments(*, session: Session, ids: Sequence[int]) -> list[Any]:
    """(article id, n, handle, text, recorded at, hash): for the internal audit only."""
    query = (
        _select(
            Statement.article_id,
            Statement.n,
            Reviewer.handle,
            Comment.text,
            Comment.recorded_at,
            Comment.hash,
        )
        .join(Statement, col(Statement.id) == Comment.statement_id)
        .join(Reviewer, col(Reviewer.id) == Comment.reviewer_id)
        .where(col(Statement.article_id).in_(ids))
        .order_by(Comment.id)
    )
    return list(_rows(session, query))


def statement_events(*, session: Session, ids: Sequence[int]) -> list[Any]:
    """(article id, n, kind, old text, new text, recorded at, hash)."""
    query = (
        _select(
            Statement.article_id,
            Statement.n,
            StatementEvent.kind,
            StatementEvent.old_text,
            StatementEvent.new_text,
            StatementEvent.recorded_at,
            StatementEvent.hash,
        )
        .join(Statement, col(Statement.id) == StatementEvent.statement_id)
        .where(col(Statement.article_id).in_(ids))
        .order_by(StatementEvent.id)
    )
    return list(_rows(session, query))


def signoffs(*, session: Session, ids: Sequence[int]) -> list[Any]:
    """(article id, handle, signed on, note, forced, revision, recorded at, hash, role)."""
    query = (
        _select(
            SignOff.article_id,
            Reviewer.handle,
            SignOff.signed_on,
            SignOff.note,
            SignOff.forced,
            SignOff.revision_number,
            SignOff.recorded_at,
            SignOff.hash,
            SignOff.role,
        )
        .join(Reviewer, col(Reviewer.id) == SignOff.reviewer_id)
        .where(col(SignOff.article_id).in_(ids), live("signoff", SignOff.id))
        .order_by(SignOff.id)
    )
    return list(_rows(session, query))


def revisions(*, session: Session, ids: Sequence[int]) -> dict[int, list[Any]]:
    """article id → [(number, recorded at, sha256, format, source file, hash)], without text."""
    query = (
        _select(
            ArticleRevision.article_id,
            ArticleRevision.number,
            ArticleRevision.recorded_at,
            ArticleRevision.sha256,
            ArticleRevision.format,
            ArticleRevision.source_file,
            ArticleRevision.hash,
        )
        .where(col(ArticleRevision.article_id).in_(ids))
        .order_by(ArticleRevision.article_id, ArticleRevision.number)
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for article_id, *rest in _rows(session, query):
        found[article_id].append(tuple(rest))
    return found


def corrections(*, session: Session, records: set[str]) -> list[Any]:
    """Corrections of the named records (slugs, source ids, handles), oldest first:
    (record, kind, subject, event id, field, old, new, note, recorded at, reviewer name)."""
    if not records:
        return []
    query = (
        _select(
            Correction.record,
            Correction.kind,
            Correction.subject,
            Correction.event_id,
            Correction.field,
            Correction.old_value,
            Correction.new_value,
            Correction.note,
            Correction.recorded_at,
            Reviewer.name,
        )
        .outerjoin(Reviewer, col(Reviewer.id) == Correction.reviewer_id)
        .where(col(Correction.record).in_(sorted(records)))
        .order_by(Correction.id)
    )
    return list(_rows(session, query))


def withdrawn_events(*, session: Session, ids: dict[str, set[int]]) -> dict[tuple[str, int], str]:
    """What each withdrawn event said, in words, keyed by (kind, id)."""
    found: dict[tuple[str, int], str] = {}
    if ids.get("verdict"):
        query = (
            _select(Verdict.id, Article.slug, Statement.n, Verdict.verdict, Verdict.reviewed_on)
            .join(Statement, col(Statement.id) == Verdict.statement_id)
            .join(Article, col(Article.id) == Statement.article_id)
            .where(col(Verdict.id).in_(sorted(ids["verdict"])))
        )
        for i, slug, n, verdict, on in _rows(session, query):
            found[("verdict", i)] = f"verdict {verdict} on {slug}:{n} (reviewed {on})"
    if ids.get("link"):
        query = (
            _select(Link.id, Article.slug, Statement.n, Link.source_id)
            .join(Statement, col(Statement.id) == Link.statement_id)
            .join(Article, col(Article.id) == Statement.article_id)
            .where(col(Link.id).in_(sorted(ids["link"])))
        )
        for i, slug, n, source in _rows(session, query):
            found[("link", i)] = f"link of {slug}:{n} to {source}"
    if ids.get("mark"):
        query = (
            _select(CheckworthyMark.id, Article.slug, Statement.n, CheckworthyMark.checkworthy)
            .join(Statement, col(Statement.id) == CheckworthyMark.statement_id)
            .join(Article, col(Article.id) == Statement.article_id)
            .where(col(CheckworthyMark.id).in_(sorted(ids["mark"])))
        )
        for i, slug, n, checkworthy in _rows(session, query):
            word = "check-worthy" if checkworthy else "not check-worthy"
            found[("mark", i)] = f"mark of {slug}:{n} as {word}"
    if ids.get("signoff"):
        query = _select(SignOff.id, SignOff.signed_on).where(
            col(SignOff.id).in_(sorted(ids["signoff"]))
        )
        for i, on in _rows(session, query):
            found[("signoff", i)] = f"sign-off of {on}"
    if ids.get("source-status"):
        query = _select(
            SourceStatusEvent.id,
            SourceStatusEvent.source_id,
            SourceStatusEvent.status,
            SourceStatusEvent.effective_on,
        ).where(col(SourceStatusEvent.id).in_(sorted(ids["source-status"])))
        for i, source, status, on in _rows(session, query):
            found[("source-status", i)] = f"{source} {status} on {on}"
    return found
