"""Every article's review state at once, for lists and the dashboard."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

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
