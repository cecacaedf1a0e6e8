"""What the CI gate reads: each article's claims beside its sign-offs, and the
evidence that looks suspect.

``check`` only reads, so these queries name table handles (:mod:`factcheck.store.tables`)
rather than the models: building the mapped classes would cost it more than a query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection

from factcheck.store.archived import Archived, quote_found_now
from factcheck.store.tables import article, articlerevision, link, signoff, sourcetext, statement
from factcheck.store.withdrawn import live


class ArticleClaim(NamedTuple):
    """What an article's page claimed, and what our sign-offs say (a tuple: one for
    every article, built at half the cost of a frozen dataclass)."""

    article_id: int
    slug: str
    file: str | None
    page_reviewed: date | None
    jsonld_reviewed: date | None
    last_signoff: date | None


def article_claims(*, conn: Connection) -> list[ArticleClaim]:
    """Every article's page claims beside its latest sign-off and the file its latest
    revision came from, for the CI gate: one query, two correlated index lookups a row.

    Grouped joins (a window for the latest revision) measured no faster: on SQLite
    they read every revision, whose row runs through its text (a third slower on
    10,000 articles), and on PostgreSQL 100,000 articles took about as long either
    way, the joins sorting by slug where the lookups follow its index."""
    a, revision, signed = article.c, articlerevision.c, signoff.c
    last_signoff = (
        select(func.max(signed.signed_on))
        .where(signed.article_id == a.id, live("signoff", signed.id))
        .scalar_subquery()
    )
    latest_file = (
        select(revision.source_file)
        .where(revision.article_id == a.id)
        .order_by(revision.number.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(
            a.id,
            a.slug,
            latest_file,
            a.page_reviewed,
            a.page_jsonld_reviewed,
            last_signoff,
        )
        .where(a.retired.is_(False))  # a retired page is no longer vouched for
        .order_by(a.slug)
    )
    return [ArticleClaim._make(row) for row in conn.execute(query).all()]


@dataclass(frozen=True)
class FlaggedLink:
    article_id: int
    statement: str  # SLUG:N
    line: int
    source_id: str
    problem: str


def flagged_links(*, conn: Connection) -> list[FlaggedLink]:
    """Every current statement's latest link to each source whose evidence is suspect:
    a quote not in the archived text, or numbers the quote does not state."""
    from factcheck.evidence.flags import evidence_flags

    ln, s = link.c, statement.c
    # A later link of a statement to the same source supersedes the earlier ones: the
    # latest is asked for only of the few candidates, by the index on
    # link.statement_id. (A NOT EXISTS became a hash anti-join on PostgreSQL, which
    # hashed all 900,000 links of 100,000 articles in three processes to probe with
    # none: 0.9 s of CPU beside the gate's other reads, against 0.35 s.)
    later = link.alias("later").c
    latest = (
        select(func.max(later.id))
        .where(later.statement_id == ln.statement_id, later.source_id == ln.source_id)
        .scalar_subquery()
    )
    dialect = conn.dialect.name
    query = (
        select(
            ln.source_id,
            ln.quote,
            ln.quote_found,
            s.article_id,
            s.n,
            s.line,
            s.text,
            article.c.slug,
        )
        .select_from(
            link.join(statement, s.id == ln.statement_id).join(
                article, article.c.id == s.article_id
            )
        )
        .where(s.retired.is_(False), _maybe_flagged(dialect), ln.id == latest)
        .order_by(ln.id)
    )
    texts: dict[str, Archived | None] = {}
    out = []
    for source_id, quote, found, article_id, n, line, text, slug in conn.execute(query):
        found = quote_found_now(
            conn=conn, source_id=source_id, quote=quote, recorded=found, texts=texts
        )
        for problem in evidence_flags(text, quote, found):
            out.append(FlaggedLink(article_id, f"{slug}:{n}", line, source_id, problem))
    return out


def _maybe_flagged(dialect: str) -> Any:
    """Links that could be flagged: a quote not found, a quote with a digit in it, or
    a quote linked before its source's text was archived (checked now). Filtering in
    SQL keeps ``check`` from reading every statement an archive links (its quotes are
    mostly words). The sources with a text are listed once (IN), not looked up for
    every link whose quote was never checked (EXISTS): on an archive, most of them."""
    ln = link.c
    archived_since = and_(
        ln.quote_found.is_(None),
        ln.quote.is_not(None),
        ln.source_id.in_(select(sourcetext.c.source_id)),
    )
    return or_(ln.quote_found.is_(False), _has_digit(ln.quote, dialect), archived_since)


def _has_digit(quote: Any, dialect: str) -> Any:
    """An ASCII digit anywhere in the quote (what ten LIKEs, one a digit, asked), by
    each database's own pattern test: one pass over the text instead of ten. On 90,000
    links, 0.02 s against 0.04 on SQLite and 0.044 against 0.061 on PostgreSQL."""
    if dialect == "postgresql":
        return quote.regexp_match("[0-9]")  # ~ '[0-9]'
    return quote.op("GLOB")("*[0-9]*")
