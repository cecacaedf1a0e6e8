"""The stable JSON shapes of CLI.md, built from records: no database, no printing."""

from __future__ import annotations

import json
from typing import Any

from factcheck.bibliography.model import format_partial
from factcheck.models import Article, Source
from factcheck.schedule import ArticleState
from factcheck.store.records import StatementRecord


def statement_json(record: StatementRecord) -> dict[str, Any]:
    v = record.verdict
    return {
        "id": record.id,
        "n": record.n,
        "text": record.text,
        "start": record.start,
        "end": record.end,
        "checkworthy": record.checkworthy,
        "checkworthy_by": record.checkworthy_by,
        "checkworthy_score": record.checkworthy_score,
        "kinds": list(record.kinds),
        "status": record.standing.status,
        "verdict": None
        if v is None
        else {
            "verdict": v.verdict,
            "reviewer": v.reviewer,
            "date": v.reviewed_on,
            "note": v.note,
        },
        "due": record.standing.due,
        "reason": record.standing.reason,
        "sources": list(record.source_ids),
    }


def article_json(
    article: Article, state: ArticleState, records: list[StatementRecord]
) -> dict[str, Any]:
    signoff = state.reviewed_by
    return {
        "slug": article.slug,
        "title": article.title,
        "author": article.author,
        "url": article.url,
        "topic": article.topic,
        "published": article.published,
        "updated": article.updated,
        # "Last reviewed" is our latest sign-off and nothing else; what the page
        # printed is kept apart, and `check` flags any claim our records don't back.
        "reviewed": state.last_reviewed,
        "reviewed_by": signoff.reviewer_name if signoff else None,
        "next_review_due": state.next_review_due,
        "status": state.status,
        "retired": article.retired,
        "statements": [statement_json(r) for r in records],
        "detected_sources": json.loads(article.detected_sources or "[]"),
        "page_reviewed": article.page_reviewed,
        "page_reviewed_by": article.page_reviewed_by,
        "page_next_review_due": article.page_next_review_due,
    }


def source_json(source: Source, status: str) -> dict[str, Any]:
    return {
        "id": source.id,
        "kind": source.kind,
        "title": source.title,
        "doi": source.doi,
        "pmid": source.pmid,
        "url": source.url,
        "authors": source.authors,
        # As precise as it is known: "2019", "2019-05" or "2019-05-03".
        "published": format_partial(source.published, source.published_precision)
        if source.published
        else None,
        "publisher": source.publisher,
        "status": status,
    }
