"""The review history of an article or one statement, oldest first."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from factcheck.models import (
    Article,
    ArticleRevision,
    Assignment,
    CheckworthyMark,
    Comment,
    LedgerEntry,
    Link,
    Reviewer,
    SignOff,
    SourceStatusEvent,
    Statement,
    StatementEvent,
    Verdict,
)
from factcheck.store.articles import get_article, get_statement


def history(*, session: Session, ref: str) -> list[dict[str, Any]]:
    """Every event about ``ref`` (a slug or a ``SLUG:N`` statement id), in the order
    they were recorded."""
    if ":" in ref:
        # A retired statement's history is kept, and shown.
        article, statement = get_statement(session=session, statement_id=ref, include_retired=True)
        statements = {statement.id: statement}
    else:
        article = get_article(session=session, slug=ref)
        statements = {
            st.id: st
            for st in session.exec(select(Statement).where(col(Statement.article_id) == article.id))
        }
    events = _statement_events(session, article, statements)
    if ":" not in ref:
        events += _article_events(session, article)
    _add_actors(session, events)
    return sorted(events, key=lambda e: (e["recorded_at"], e["order"]))


def _add_actors(session: Session, events: list[dict[str, Any]]) -> None:
    """Who wrote each event: the login on its ledger entry (found by its unique ``prev``)."""
    prevs = [e.pop("prev") for e in events]
    actors: dict[str, str] = {}
    for i in range(0, len(prevs), 500):
        rows = session.exec(
            select(LedgerEntry.prev, LedgerEntry.actor).where(
                col(LedgerEntry.prev).in_(prevs[i : i + 500])
            )
        )
        actors.update({prev: actor for prev, actor in rows})
    for event, prev in zip(events, prevs, strict=True):
        event["actor"] = actors.get(prev)


def _sid(article: Article, st: Statement) -> str:
    return f"{article.slug}:{st.n}"


def _statement_events(
    session: Session, article: Article, statements: dict[int | None, Statement]
) -> list[dict[str, Any]]:
    ids = list(statements)
    out: list[dict[str, Any]] = []
    verdicts = session.exec(
        select(Verdict, col(Reviewer.handle))
        .join(Reviewer, col(Reviewer.id) == col(Verdict.reviewer_id))
        .where(col(Verdict.statement_id).in_(ids))
    )
    for v, handle in verdicts:
        out.append(
            _event(
                v,
                "verdict",
                date=v.reviewed_on,
                statement=_sid(article, statements[v.statement_id]),
                reviewer=handle,
                verdict=v.verdict,
                note=v.note,
                supersedes=v.supersedes_id,
            )
        )
    out += _marks(session, article, statements)
    comments = session.exec(
        select(Comment, col(Reviewer.handle))
        .join(Reviewer, col(Reviewer.id) == col(Comment.reviewer_id))
        .where(col(Comment.statement_id).in_(ids))
    )
    for c, handle in comments:
        out.append(
            _event(
                c,
                "comment",
                statement=_sid(article, statements[c.statement_id]),
                reviewer=handle,
                text=c.text,
            )
        )
    for a in session.exec(select(Assignment).where(col(Assignment.statement_id).in_(ids))):
        out.append(_assignment(session, a, _sid(article, statements[a.statement_id])))
    sources: set[str] = set()
    for link in session.exec(select(Link).where(col(Link.statement_id).in_(ids))):
        sources.add(link.source_id)
        out.append(
            _event(
                link,
                "link",
                statement=_sid(article, statements[link.statement_id]),
                source=link.source_id,
                relation=link.relation,
                quote=link.quote,
                locator=link.locator,
                quote_found=link.quote_found,
            )
        )
    for e in session.exec(select(StatementEvent).where(col(StatementEvent.statement_id).in_(ids))):
        out.append(
            _event(
                e,
                f"statement-{e.kind}",
                statement=_sid(article, statements[e.statement_id]),
                old_text=e.old_text,
                new_text=e.new_text,
            )
        )
    for s in session.exec(
        select(SourceStatusEvent).where(col(SourceStatusEvent.source_id).in_(sources))
    ):
        out.append(
            _event(
                s,
                "source-status",
                date=s.effective_on,
                source=s.source_id,
                status=s.status,
                note=s.note,
                origin=s.origin,
            )
        )
    return out


def _marks(
    session: Session, article: Article, statements: dict[int | None, Statement]
) -> list[dict[str, Any]]:
    marks = session.exec(
        select(CheckworthyMark, col(Reviewer.handle))
        .join(Reviewer, col(Reviewer.id) == col(CheckworthyMark.reviewer_id))
        .where(col(CheckworthyMark.statement_id).in_(list(statements)))
    )
    return [
        _event(
            m,
            "mark",
            date=m.marked_on,
            statement=_sid(article, statements[m.statement_id]),
            reviewer=handle,
            checkworthy=m.checkworthy,
            note=m.note,
        )
        for m, handle in marks
    ]


def _article_events(session: Session, article: Article) -> list[dict[str, Any]]:
    out = []
    for r in session.exec(
        select(ArticleRevision).where(col(ArticleRevision.article_id) == article.id)
    ):
        out.append(
            _event(r, "revision", revision=r.number, source_file=r.source_file, sha256=r.sha256)
        )
    for a in session.exec(
        select(Assignment).where(
            col(Assignment.article_id) == article.id, col(Assignment.statement_id).is_(None)
        )
    ):
        out.append(_assignment(session, a, None))
    signoffs = session.exec(
        select(SignOff, col(Reviewer.handle))
        .join(Reviewer, col(Reviewer.id) == col(SignOff.reviewer_id))
        .where(col(SignOff.article_id) == article.id)
    )
    for s, handle in signoffs:
        out.append(
            _event(
                s,
                "signoff",
                date=s.signed_on,
                reviewer=handle,
                note=s.note,
                forced=s.forced,
                revision=s.revision_number,
                role=s.role,
                statements_checked=s.statements_checked,
                statements_total=s.statements_total,
            )
        )
    return out


def _assignment(session: Session, a: Assignment, statement: str | None) -> dict[str, Any]:
    to, by = session.get(Reviewer, a.assignee_id), session.get(Reviewer, a.assigned_by_id)
    assert to is not None and by is not None
    return _event(
        a, "assignment", statement=statement, reviewer=by.handle, to=to.handle,
        date=a.due_on, note=a.note,
    )  # fmt: skip


_ORDER = {
    "assignment": 3,
    "revision": 0,
    "statement-added": 1,
    "statement-changed": 1,
    "statement-retired": 1,
    "source-status": 2,
    "link": 3,
    "mark": 4,
    "verdict": 4,
    "comment": 4,
    "signoff": 5,
}


def _event(row: Any, kind: str, **fields: Any) -> dict[str, Any]:
    return {
        "event": kind,
        "recorded_at": row.recorded_at,
        "order": _ORDER[kind],
        "hash": row.hash,
        "prev": row.prev_hash,
        **{k: v for k, v in fields.items()},
    }
