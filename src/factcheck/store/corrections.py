"""Correcting the record without rewriting it: withdrawals, edits, retirements.

Every correction is a new :class:`~factcheck.models.Correction` event; the event it
corrects stays in the ledger and in ``history``. What is derived from the record
(standings, the due list, the gate, reports, the box) reads events through
:func:`live`, so a withdrawn event counts as if it had never happened.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from factcheck import ledger
from factcheck.errors import InputError, NotFound
from factcheck.identifiers import optional_text
from factcheck.identity import authorize
from factcheck.models import (
    Article,
    ChainedEvent,
    CheckworthyMark,
    Correction,
    Link,
    SignOff,
    SourceStatusEvent,
    Statement,
    Verdict,
    utcnow,
)
from factcheck.store.reviewers import get_reviewer
from factcheck.store.state import invalidate_article, invalidate_source, invalidate_statements
from factcheck.store.withdrawn import event_ref as event_ref

# The kinds of event ``withdraw`` takes, as ``history`` names them (``verdict:12``).
WITHDRAWABLE: dict[str, type[ChainedEvent]] = {
    "verdict": Verdict,
    "link": Link,
    "signoff": SignOff,
    "source-status": SourceStatusEvent,
    "retire": Correction,
    "mark": CheckworthyMark,
}
# Withdrawing an event takes the role that recording it takes (identity.ACTIONS).
_ACTION = {"retire": "retire", "source-status": "source-status"}


def parse_event_ref(value: str) -> tuple[str, int]:
    kind, sep, number = value.strip().rpartition(":")
    if not sep or kind not in WITHDRAWABLE or not number.isdigit():
        raise InputError(
            f"not an event id: {value!r} (expected KIND:N as `factcheck history` prints it, "
            f"KIND one of: {', '.join(WITHDRAWABLE)})"
        )
    return kind, int(number)


def withdrawal_of(*, session: Session, kind: str, event_id: int) -> Correction | None:
    return session.exec(
        select(Correction).where(
            col(Correction.kind) == "withdraw",
            col(Correction.subject) == kind,
            col(Correction.event_id) == event_id,
        )
    ).first()


def withdraw(
    *,
    session: Session,
    event: str,
    note: str | None,
    reviewer: str | None,
    recorded_at: datetime | None = None,
) -> Correction:
    """Withdraw an event entered in error: it stays in history, and counts for nothing."""
    kind, event_id = parse_event_ref(event)
    row = session.get(WITHDRAWABLE[kind], event_id)
    if row is None or (isinstance(row, Correction) and row.kind != "retire"):
        raise NotFound(f"no event {event!r} (see `factcheck history`)")
    if not optional_text(note):
        raise InputError("withdraw needs a --note saying why the event was wrong")
    if withdrawal_of(session=session, kind=kind, event_id=event_id) is not None:
        raise InputError(f"{event} was already withdrawn")
    who = get_reviewer(session=session, handle=reviewer)
    authorize(session=session, action=_ACTION.get(kind, kind), as_handle=who.handle)
    record = _undo(session, row)
    return ledger.append(
        session,
        Correction(
            kind="withdraw",
            subject=kind,
            event_id=event_id,
            record=record,
            note=optional_text(note),
            reviewer_id=who.id,
            recorded_at=recorded_at or utcnow(),
        ),
    )


def _undo(session: Session, row: ChainedEvent) -> str:
    """Invalidate whatever the event bore on; return the record it belongs to."""
    if isinstance(row, Verdict | Link | CheckworthyMark):
        statement = session.get(Statement, row.statement_id)
        assert statement is not None
        invalidate_statements(session, [row.statement_id])
        return _slug(session, statement.article_id)
    if isinstance(row, SignOff):
        return _slug(session, row.article_id)
    if isinstance(row, SourceStatusEvent):
        invalidate_source(session, row.source_id)
        return row.source_id
    assert isinstance(row, Correction) and row.record is not None  # a retirement
    article = _article(session, row.record)
    article.retired = False
    session.add(article)
    assert article.id is not None
    invalidate_article(session, article.id)
    return row.record


def _slug(session: Session, article_id: int) -> str:
    article = session.get(Article, article_id)
    assert article is not None
    return article.slug


def _article(session: Session, slug: str) -> Article:
    from factcheck.store.articles import get_article

    return get_article(session=session, slug=slug)


def retire_article(
    *,
    session: Session,
    slug: str,
    note: str | None,
    reviewer: str | None,
    recorded_at: datetime | None = None,
) -> Correction:
    """Take an article off the due list, the dashboard and the gate; its record stays."""
    article = _article(session, slug)
    if article.retired:
        raise InputError(f"article {slug!r} is already retired")
    if not optional_text(note):
        raise InputError("retire needs a --note saying why the article is retired")
    who = get_reviewer(session=session, handle=reviewer)
    authorize(session=session, action="retire", as_handle=who.handle)
    article.retired = True
    session.add(article)
    assert article.id is not None
    invalidate_article(session, article.id)
    return ledger.append(
        session,
        Correction(
            kind="retire",
            subject="article",
            record=slug,
            note=optional_text(note),
            reviewer_id=who.id,
            recorded_at=recorded_at or utcnow(),
        ),
    )


# Editing a record takes the role that creating it takes: editors answer for articles,
# any reviewer may register (and so correct) a source, admins manage reviewers.
_EDIT_ACTION = {"article": "article", "source": "source", "reviewer": "reviewer"}


def record_edits(
    *,
    session: Session,
    subject: str,
    record: str,
    target: Any,
    changes: dict[str, Any],
    reviewer: str | None,
) -> list[Correction]:
    """Apply ``changes`` to ``target`` and record one edit event per field that changed.

    Values are compared and stored as text (dates as ISO); a field set to what it
    already holds records nothing.
    """
    out = []
    for name, new in changes.items():
        old = getattr(target, name)
        if _text(old) == _text(new):
            continue
        setattr(target, name, new)
        out.append(
            record_edit(
                session=session,
                subject=subject,
                record=record,
                field=name,
                old=_text(old),
                new=_text(new),
                reviewer=reviewer,
            )
        )
    session.add(target)
    session.flush()
    return out


def record_edit(
    *,
    session: Session,
    subject: str,
    record: str,
    field: str,
    old: str | None,
    new: str | None,
    reviewer: str | None,
    note: str | None = None,
    recorded_at: datetime | None = None,
) -> Correction:
    """One edit event: ``field`` of ``record`` went from ``old`` to ``new`` (as text)."""
    who = get_reviewer(session=session, handle=reviewer) if reviewer else None
    authorize(session=session, action=_EDIT_ACTION[subject])
    return ledger.append(
        session,
        Correction(
            kind="edit",
            subject=subject,
            record=record,
            field=field,
            old_value=old,
            new_value=new,
            note=note,
            reviewer_id=who.id if who else None,
            recorded_at=recorded_at or utcnow(),
        ),
    )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
