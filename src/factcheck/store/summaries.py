"""Every article's review state at once, for lists, the CI gate and the dashboard."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Date, func, type_coerce
from sqlmodel import Session, col, select

from factcheck.models import Article
from factcheck.schedule import ArticleState
from factcheck.settings import Settings
from factcheck.store.articles import list_articles
from factcheck.store.records import (
    StatementRecord,
    latest_signoffs,
    state_of,
    statement_records,
)
from factcheck.store.withdrawn import live


@dataclass(frozen=True)
class ArticleClaim:
    """What an article's page claimed, and what our sign-offs say."""

    article_id: int
    slug: str
    file: str | None
    page_reviewed: date | None
    jsonld_reviewed: date | None
    last_signoff: date | None


@dataclass(frozen=True)
class ArticleStanding:
    article: Article
    state: ArticleState
    records: list[StatementRecord]


def article_standings(
    *, session: Session, settings: Settings, as_of: date
) -> list[ArticleStanding]:
    """All articles, slug order, each with its statements judged on ``as_of``."""
    articles = list_articles(session=session)
    by_article: dict[int, list[StatementRecord]] = defaultdict(list)
    for record in statement_records(session=session, settings=settings, as_of=as_of):
        by_article[record.article_id].append(record)
    signoffs = latest_signoffs(session=session, settings=settings)
    result = []
    for article in articles:
        assert article.id is not None
        records = by_article.get(article.id, [])
        state = state_of(article, records, signoffs.get(article.id))
        result.append(ArticleStanding(article, state, records))
    return result


def article_summaries(*, session: Session, settings: Settings, as_of: date) -> list[dict[str, Any]]:
    rows = []
    for s in article_standings(session=session, settings=settings, as_of=as_of):
        a, state = s.article, s.state
        rows.append(
            {
                "slug": a.slug,
                "title": a.title,
                "author": a.author,
                "topic": a.topic,
                "url": a.url,
                "status": state.status,
                "statements": len(s.records),
                "checkworthy": sum(state.counts.values()),
                "reviewed": state.last_reviewed,
                "reviewed_by": state.reviewed_by.reviewer_name if state.reviewed_by else None,
                "page_reviewed": a.page_reviewed,
                "next_review_due": state.next_review_due,
                "counts": state.counts,
                "retired": a.retired,
            }
        )
    return rows


def article_claims(*, session: Session) -> list[ArticleClaim]:
    """Every article's page claims beside its latest sign-off and the file its latest
    revision came from, for the CI gate: one query, two correlated index lookups a row."""
    from factcheck.models import ArticleRevision, SignOff

    last_signoff = (
        select(func.max(col(SignOff.signed_on)))
        .where(col(SignOff.article_id) == col(Article.id), live("signoff", SignOff.id))
        .scalar_subquery()
    )
    latest_file = (
        select(col(ArticleRevision.source_file))
        .where(col(ArticleRevision.article_id) == col(Article.id))
        .order_by(col(ArticleRevision.number).desc())
        .limit(1)
        .scalar_subquery()
    )
    query = sa.select(  # SQLModel's select() types at most four columns
        col(Article.id),
        col(Article.slug),
        latest_file,
        col(Article.page_reviewed),
        col(Article.page_jsonld_reviewed),
        type_coerce(last_signoff, Date),
    ).where(col(Article.retired).is_(False))  # a retired page is no longer vouched for
    query = query.order_by(col(Article.slug))
    return [ArticleClaim(*row) for row in session.connection().execute(query).all()]
