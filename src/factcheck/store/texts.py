"""Archived source texts (``source attach``) and the evidence found in them.

Reading a source's latest text is :mod:`factcheck.store.archived`."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from factcheck import ledger
from factcheck.errors import InputError
from factcheck.evidence.texts import Extracted
from factcheck.identity import authorize
from factcheck.models import Link, Source, SourceText, utcnow
from factcheck.store.archived import archived_texts


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
            conn=session.connection(), source_ids=[get_source(session=session, ref=source).id]
        )
        if not texts:
            raise InputError(
                f"source {source} has no archived text (see `factcheck source attach`)"
            )
    else:
        linked = linked_source_ids(session=session, statement_id=statement.id)
        texts = archived_texts(conn=session.connection(), source_ids=linked) if linked else []
        texts = texts or archived_texts(conn=session.connection(), source_ids=None)
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
