"""Archived source texts (``source attach``) and the evidence found in them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from factcheck import ledger
from factcheck.errors import InputError
from factcheck.evidence.texts import Extracted
from factcheck.identity import authorize
from factcheck.models import Link, Source, SourceText, utcnow


@dataclass(frozen=True)
class Archived:
    source_id: str
    text: str
    pages: list[int]
    format: str


def attach_text(
    *,
    session: Session,
    source: Source,
    extracted: Extracted,
    file_name: str | None,
    on: date,
    recorded_at: datetime | None = None,
) -> tuple[SourceText, bool]:
    """Archive a source's text; return the event and whether anything new was recorded.

    Attaching the same file again records nothing: its sha256 is already on file.
    ``recorded_at`` is for a bundle replaying the original time.
    """
    latest = _latest(session, [source.id]).get(source.id)
    if latest is not None and latest.sha256 == extracted.sha256:
        return latest, False
    authorize(session=session, action="source")
    event = ledger.append(
        session,
        SourceText(
            source_id=source.id,
            text=extracted.text,
            sha256=extracted.sha256,
            format=extracted.format,
            file_name=file_name,
            pages=json.dumps(extracted.pages),
            attached_on=on,
            recorded_at=recorded_at or utcnow(),
        ),
    )
    return event, True


def _latest(session: Session, source_ids: list[str]) -> dict[str, SourceText]:
    rows = session.exec(
        select(SourceText)
        .where(col(SourceText.source_id).in_(source_ids))
        .order_by(col(SourceText.id))
    )
    return {row.source_id: row for row in rows}  # ordered by id: the last one wins


def archived_texts(*, session: Session, source_ids: list[str] | None) -> list[Archived]:
    """The latest archived text of each source named (or of every source with one).

    A text given with ``source add --text`` counts when nothing was attached since.
    """
    if source_ids is None:
        ids = [s for s in session.exec(select(Source.id).order_by(col(Source.id))) if s is not None]
    else:
        ids = source_ids
    attached = _latest(session, ids)
    out = []
    for sid in ids:
        if sid in attached:
            row = attached[sid]
            out.append(Archived(sid, row.text, json.loads(row.pages), row.format))
            continue
        legacy = session.exec(select(Source.text).where(col(Source.id) == sid)).first()
        if legacy:
            out.append(Archived(sid, legacy, [], "text"))
    return out


def archived_text(*, session: Session, source_id: str) -> Archived | None:
    found = archived_texts(session=session, source_ids=[source_id])
    return found[0] if found else None


def quote_found_now(
    *,
    session: Session,
    source_id: str,
    quote: str | None,
    recorded: bool | None,
    texts: dict[str, Archived | None] | None = None,
) -> bool | None:
    """A link's ``quote_found``: as recorded, or, for a quote linked before its source's
    text was archived, checked now (``texts`` keeps the texts read, for many links)."""
    if recorded is not None or not quote:
        return recorded
    from factcheck.evidence.quotes import quote_found

    texts = {} if texts is None else texts
    if source_id not in texts:
        texts[source_id] = archived_text(session=session, source_id=source_id)
    archived = texts[source_id]
    return quote_found(quote, archived.text) if archived else None


def text_info(*, session: Session, source_id: str) -> dict[str, Any] | None:
    """What ``source show`` says about the archived text (not the text itself)."""
    row = _latest(session, [source_id]).get(source_id)
    if row is None:
        return None
    return {
        "format": row.format,
        "sha256": row.sha256,
        "file": row.file_name,
        "pages": len(json.loads(row.pages)) or None,
        "characters": len(row.text),
        "attached_on": row.attached_on,
    }


def linked_source_ids(*, session: Session, statement_id: int) -> list[str]:
    rows = session.exec(
        select(Link.source_id).where(col(Link.statement_id) == statement_id).order_by(col(Link.id))
    )
    return list(dict.fromkeys(rows))


def evidence(
    *,
    session: Session,
    statement_id: str,
    source: str | None = None,
    limit: int = 5,
) -> list[dict[str, Any]]:
    """The passages of the archived texts that best answer a statement, best first.

    Searched: ``source`` if given, else the statement's linked sources that have a
    text, else every archived text.
    """
    from factcheck.evidence.numbers import compare
    from factcheck.evidence.passages import rank, split
    from factcheck.store.articles import get_statement
    from factcheck.store.sources import get_source

    if limit < 1:
        raise InputError("--limit must be at least 1")
    _, statement = get_statement(session=session, statement_id=statement_id)
    assert statement.id is not None
    if source is not None:
        texts = archived_texts(
            session=session, source_ids=[get_source(session=session, ref=source).id]
        )
        if not texts:
            raise InputError(
                f"source {source} has no archived text (see `factcheck source attach`)"
            )
    else:
        linked = linked_source_ids(session=session, statement_id=statement.id)
        texts = archived_texts(session=session, source_ids=linked) if linked else []
        texts = texts or archived_texts(session=session, source_ids=None)
    passages = [p for t in texts for p in split(t.source_id, t.text, t.pages)]
    out = []
    for hit in rank(statement.text, passages, limit=limit):
        numbers = compare(statement.text, hit.passage.text)
        out.append(
            {
                "source": hit.passage.source_id,
                "locator": hit.passage.locator,
                "text": hit.passage.text,
                "score": hit.score,
                "numbers_match": numbers.match,
                "numbers": [{"statement": q, "found": ok} for q, ok in numbers.compared],
            }
        )
    return out


def _maybe_flagged() -> Any:
    """Links that could be flagged: a quote not found, a quote with a digit in it, or
    a quote linked before its source's text was archived (checked now). Filtering in
    SQL keeps ``check`` from reading every statement an archive links (its quotes are
    mostly words); LIKE is the digit test both databases share."""
    from sqlalchemy import and_, or_

    has_digit = or_(*(col(Link.quote).contains(str(d)) for d in range(10)))
    archived_since = and_(
        col(Link.quote_found).is_(None),
        col(Link.quote).is_not(None),
        select(SourceText.id).where(col(SourceText.source_id) == col(Link.source_id)).exists(),
    )
    return or_(col(Link.quote_found).is_(False), has_digit, archived_since)


@dataclass(frozen=True)
class FlaggedLink:
    article_id: int
    statement: str  # SLUG:N
    line: int
    source_id: str
    problem: str


def flagged_links(*, session: Session) -> list[FlaggedLink]:
    """Every current statement's latest link to each source whose evidence is suspect:
    a quote not in the archived text, or numbers the quote does not state."""
    from sqlalchemy.orm import aliased

    from factcheck.evidence.flags import evidence_flags
    from factcheck.models import Article, Statement

    # A later link of a statement to the same source supersedes the earlier ones;
    # asked only of the few candidates, by the index on link.statement_id.
    later = aliased(Link)
    superseded = (
        select(later.id)
        .where(
            col(later.statement_id) == col(Link.statement_id),
            col(later.source_id) == col(Link.source_id),
            col(later.id) > col(Link.id),
        )
        .exists()
    )
    rows = session.exec(
        select(  # type: ignore[call-overload]
            Link.statement_id,
            Link.source_id,
            Link.quote,
            Link.quote_found,
            Statement.article_id,
            Statement.n,
            Statement.line,
            Statement.text,
            Article.slug,
        )
        .join(Statement, col(Statement.id) == col(Link.statement_id))
        .join(Article, col(Article.id) == col(Statement.article_id))
        .where(col(Statement.retired).is_(False), _maybe_flagged(), ~superseded)
        .order_by(col(Link.id))
    )
    texts: dict[str, Archived | None] = {}
    out = []
    for _, source_id, quote, found, article_id, n, line, text, slug in rows:
        found = quote_found_now(
            session=session, source_id=source_id, quote=quote, recorded=found, texts=texts
        )
        for problem in evidence_flags(text, quote, found):
            out.append(FlaggedLink(article_id, f"{slug}:{n}", line, source_id, problem))
    return out
