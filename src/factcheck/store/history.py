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
    Correction,
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
from factcheck.store.withdrawn import event_ref


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
    events += _corrections(session, article, events, whole_article=":" not in ref)
    _mark_withdrawn(events)
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


def _corrections(
    session: Session, article: Article, events: list[dict[str, Any]], *, whole_article: bool
) -> list[dict[str, Any]]:
    """The corrections of the events shown, and of the records they name: the article
    itself (for an article's history), its sources and its reviewers."""
    shown = {e["event"] for e in events}
    sources = {e["source"] for e in events if e.get("source")}
    handles = {e["reviewer"] for e in events if e.get("reviewer")}
    wanted = {"article": {article.slug} if whole_article else set(), "source": sources,
              "reviewer": handles}  # fmt: skip
    records = sources | handles | {article.slug}
    rows = session.exec(
        select(Correction, Reviewer.handle)  # type: ignore[call-overload]
        .outerjoin(Reviewer, col(Reviewer.id) == col(Correction.reviewer_id))
        .where(col(Correction.record).in_(records))
        .order_by(col(Correction.id))
    )
    out = []
    for c, handle in rows:
        target = event_ref(c.subject, c.event_id) if c.kind == "withdraw" else None
        if target is not None and target not in shown:
            continue  # a withdrawal of another statement's event
        if c.kind != "withdraw" and c.record not in wanted.get(c.subject, set()):
            continue
        out.append(correction_event(c, handle, target))
    return out


def correction_event(c: Correction, handle: str | None, target: str | None) -> dict[str, Any]:
    kind = c.kind
    return _event(
        c,
        kind,
        ref=event_ref("retire" if kind == "retire" else "correction", c.id),
        subject=c.subject,
        withdraws=target,
        record=c.record,
        field=c.field,
        old_value=c.old_value,
        new_value=c.new_value,
        reviewer=handle,
        note=c.note,
    )


def _mark_withdrawn(events: list[dict[str, Any]]) -> None:
    """Each event says whether, and by which correction, it was withdrawn."""
    by = {e["withdraws"]: e["event"] for e in events if e["kind"] == "withdraw"}
    for e in events:
        e["withdrawn_by"] = by.get(e["event"])


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
                ref=event_ref("verdict", v.id),
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
                ref=event_ref("comment", c.id),
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
                ref=event_ref("link", link.id),
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
                ref=event_ref("statement", e.id),
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
                ref=event_ref("source-status", s.id),
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
            ref=event_ref("mark", m.id),
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
            _event(
                r,
                "revision",
                ref=event_ref("revision", r.id),
                revision=r.number,
                source_file=r.source_file,
                sha256=r.sha256,
            )
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
                ref=event_ref("signoff", s.id),
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
        a, "assignment", ref=event_ref("assignment", a.id), statement=statement,
        reviewer=by.handle, to=to.handle, date=a.due_on, note=a.note,
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
    "edit": 6,
    "retire": 6,
    "withdraw": 6,
}


def _event(row: Any, kind: str, *, ref: str, **fields: Any) -> dict[str, Any]:
    """``event`` is the id ``withdraw`` takes (``verdict:12``); ``kind`` says what it is."""
    return {
        "event": ref,
        "kind": kind,
        "recorded_at": row.recorded_at,
        "order": _ORDER[kind],
        "hash": row.hash,
        "prev": row.prev_hash,
        **{k: v for k, v in fields.items()},
    }
