"""Every article's review state at once, for lists, the CI gate and the dashboard."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, select

from factcheck.gate import ArticleClaim
from factcheck.models import Article
from factcheck.schedule import ArticleState, article_state
from factcheck.settings import Settings
from factcheck.store.records import StatementRecord, latest_signoffs, statement_records


@dataclass(frozen=True)
class ArticleStanding:
    article: Article
    state: ArticleState
    records: list[StatementRecord]


def article_standings(
    *, session: Session, settings: Settings, as_of: date
) -> list[ArticleStanding]:
    """All articles, slug order, each with its statements judged on ``as_of``."""
    articles = list(session.exec(select(Article).order_by(Article.slug)))
    by_article: dict[int, list[StatementRecord]] = defaultdict(list)
    for record in statement_records(session=session, settings=settings, as_of=as_of):
        by_article[record.article_id].append(record)
    signoffs = latest_signoffs(session=session)
    result = []
    for article in articles:
        assert article.id is not None
        records = by_article.get(article.id, [])
        state = article_state(
            [(r.checkworthy, r.standing) for r in records],
            signoffs.get(article.id),
            article.page_next_review_due,
        )
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
                "reviewed": state.last_reviewed or a.page_reviewed,
                "reviewed_by": state.reviewed_by.reviewer_name
                if state.reviewed_by
                else a.page_reviewed_by,
                "next_review_due": state.next_review_due,
                "counts": state.counts,
            }
        )
    return rows


def article_claims(*, session: Session) -> list[ArticleClaim]:
    """Every article's page claims beside its latest sign-off, for the CI gate."""
    from factcheck.models import ArticleRevision

    files: dict[int, str | None] = {}
    query = select(ArticleRevision.article_id, ArticleRevision.source_file).order_by(
        ArticleRevision.article_id, ArticleRevision.number
    )
    for article_id, file in session.connection().execute(query):
        files[article_id] = file  # the latest revision's file wins
    signoffs = latest_signoffs(session=session)
    rows = session.connection().execute(
        select(
            Article.id, Article.slug, Article.page_reviewed, Article.page_jsonld_reviewed
        ).order_by(Article.slug)
    )
    return [
        ArticleClaim(
            aid,
            slug,
            files.get(aid),
            page,
            jsonld,
            signoffs[aid].signed_on if aid in signoffs else None,
        )
        for aid, slug, page, jsonld in rows
    ]
