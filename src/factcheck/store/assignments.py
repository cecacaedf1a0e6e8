"""Assignments (``assign``) and each reviewer's queue of work (``queue``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from factcheck import ledger
from factcheck.errors import InputError
from factcheck.identifiers import optional_text
from factcheck.identity import authorize
from factcheck.models import (
    Article,
    Assignment,
    Reviewer,
    SignOff,
    Statement,
    Verdict,
    utcnow,
)
from factcheck.store.articles import get_article, get_statement
from factcheck.store.reviewers import get_reviewer
from factcheck.store.state import CachedStanding, needing_review
from factcheck.store.withdrawn import live

ASSIGNERS = ("editor", "admin")
# Most urgent first; an assigned statement that is current, and an article ready
# for sign-off, come last.
_URGENCY = {
    "needs-correction": 0,
    "overdue": 1,
    "stale": 2,
    "due": 3,
    "unreviewed": 4,
    "current": 5,
    "sign-off": 6,
}


def assign(
    *,
    session: Session,
    target: str,
    to: str,
    by: str | None,
    due_on: date | None = None,
    note: str | None = None,
    recorded_at: datetime | None = None,
) -> Assignment:
    """Give an article (``SLUG``) or a statement (``SLUG:N``) to a reviewer
    (``recorded_at``: when a bundle replays it; else now)."""
    editor = get_reviewer(session=session, handle=by)
    authorize(session=session, action="assign", as_handle=editor.handle)
    if editor.role not in ASSIGNERS:
        raise InputError(f"{editor.handle} is a {editor.role}: only editors and admins assign")
    assignee = get_reviewer(session=session, handle=to)
    if ":" in target:
        article, statement = get_statement(session=session, statement_id=target)
        statement_id = statement.id
    else:
        article, statement_id = get_article(session=session, slug=target), None
    assert article.id is not None and assignee.id is not None and editor.id is not None
    return ledger.append(
        session,
        Assignment(
            article_id=article.id,
            statement_id=statement_id,
            assignee_id=assignee.id,
            assigned_by_id=editor.id,
            due_on=due_on,
            note=optional_text(note),
            recorded_at=recorded_at or utcnow(),
        ),
    )


@dataclass(frozen=True)
class QueueItem:
    statement: str | None  # SLUG:N; None for an article waiting for its sign-off
    article: str
    text: str
    status: str
    reason: str
    due: date | None
    assigned_to: str | None

    @property
    def order(self) -> tuple[int, date, str, int]:
        n = int(self.statement.rpartition(":")[2]) if self.statement else 0
        return (_URGENCY.get(self.status, 5), self.due or date.max, self.article, n)


def queue(
    *,
    session: Session,
    reviewer: str | None,
    as_of: date,
    needing: list[CachedStanding] | None = None,
) -> list[QueueItem]:
    """What ``reviewer`` should work on: assignments still open, and statements they
    last reviewed that are due again; most urgent first, each with its reason.

    ``needing`` is ``needing_review(session, as_of=as_of)`` when the caller already
    holds it (the digest builds every reviewer's queue from one due list).
    """
    who = get_reviewer(session=session, handle=reviewer)
    if needing is None:
        needing = needing_review(session.connection(), as_of=as_of)
    by_statement = {s.statement_id: s for s in needing}
    items: dict[str, QueueItem] = {}
    for a, editor in _open_assignments(session, who):
        why = f"assigned by {editor}" + (f": {a.note}" if a.note else "")
        if a.statement_id is not None:
            item = _assigned_statement(session, a, by_statement, why, who.handle)
            items[item.statement or ""] = item
            continue
        article = session.get(Article, a.article_id)
        assert article is not None
        mine = [s for s in needing if s.article_id == a.article_id]
        for s in mine:
            items[s.id] = _item(s, f"{why} ({s.why})", a.due_on or s.due, who.handle)
        if not mine:
            items[article.slug] = QueueItem(
                None, article.slug, article.title, "sign-off",
                f"{why}; every check-worthy statement is current: sign it off", a.due_on,
                who.handle,
            )  # fmt: skip
    for s in needing:
        if s.reviewer == who.handle and s.id not in items:
            items[s.id] = _item(s, f"you reviewed it last; {s.why}", s.due, None)
    return sorted(items.values(), key=lambda i: i.order)


def _item(s: CachedStanding, reason: str, due: date | None, to: str | None) -> QueueItem:
    return QueueItem(s.id, s.slug, s.text, s.status, reason, due, to)


def _assigned_statement(
    session: Session,
    a: Assignment,
    needing: dict[int, CachedStanding],
    why: str,
    handle: str,
) -> QueueItem:
    standing = needing.get(a.statement_id or 0)
    if standing is not None:
        return _item(standing, f"{why} ({standing.why})", a.due_on or standing.due, handle)
    statement = session.get(Statement, a.statement_id)
    article = session.get(Article, a.article_id)
    assert statement is not None and article is not None
    return QueueItem(
        f"{article.slug}:{statement.n}", article.slug, statement.text, "current",
        f"{why} (current, but assigned for a fresh look)", a.due_on, handle,
    )  # fmt: skip


def _open_assignments(session: Session, who: Reviewer) -> list[tuple[Assignment, str]]:
    """The reviewer's assignments still in force (the latest of their target) and not
    yet done: a verdict on the statement, or a sign-off of the article, since (and not
    withdrawn: an undone verdict leaves the work open)."""
    rows = session.exec(
        select(Assignment, col(Reviewer.handle))
        .join(Reviewer, col(Reviewer.id) == col(Assignment.assigned_by_id))
        .order_by(col(Assignment.id))
    )
    latest = {(a.article_id, a.statement_id): (a, handle) for a, handle in rows}
    open_ = [
        (a, handle)
        for a, handle in latest.values()
        if a.assignee_id == who.id and not _done(session, a)
    ]
    # Articles first, so a statement's own assignment (its note, its date) wins.
    return sorted(open_, key=lambda pair: pair[0].statement_id is not None)


def _done(session: Session, a: Assignment) -> bool:
    since: datetime = a.recorded_at
    if a.statement_id is not None:
        query = select(Verdict.id).where(
            col(Verdict.statement_id) == a.statement_id,
            col(Verdict.recorded_at) > since,
            live("verdict", Verdict.id),
        )
    else:
        query = select(SignOff.id).where(
            col(SignOff.article_id) == a.article_id,
            col(SignOff.recorded_at) > since,
            live("signoff", SignOff.id),
        )
    return session.exec(query.limit(1)).first() is not None
