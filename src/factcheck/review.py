"""Recording the review: evidence links, verdicts, check-worthiness marks and sign-offs.

Every write is an append to the ledger; nothing here updates or deletes a past
event. A new verdict names the one it supersedes.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from factcheck import ledger
from factcheck.errors import InputError
from factcheck.identifiers import optional_text
from factcheck.models import (
    Article,
    CheckworthyMark,
    Link,
    Reviewer,
    SignOff,
    Source,
    Statement,
    Verdict,
)
from factcheck.settings import Settings
from factcheck.store.articles import get_article, get_statement, is_author, latest_revision
from factcheck.store.reviewers import get_reviewer
from factcheck.store.sources import get_source
from factcheck.store.state import invalidate_statements
from factcheck.store.withdrawn import live
from factcheck.words import plural

RELATIONS = ("supports", "contradicts", "context")
MARKS = {"checkworthy": True, "not-checkworthy": False}


def add_link(
    *,
    session: Session,
    statement_id: str,
    source: str,
    quote: str | None = None,
    locator: str | None = None,
    relation: str = "supports",
) -> tuple[Statement, Source, Link]:
    if relation not in RELATIONS:
        raise InputError(f"unknown relation {relation!r} (one of: {', '.join(RELATIONS)})")
    _, statement = get_statement(session=session, statement_id=statement_id)
    src = get_source(session=session, ref=source)
    assert statement.id is not None
    invalidate_statements(session, [statement.id])
    link = ledger.append(
        session,
        Link(
            statement_id=statement.id,
            source_id=src.id,
            quote=optional_text(quote),
            locator=optional_text(locator),
            relation=relation,
        ),
    )
    return statement, src, link


def check_reviewer_may_review(article: Article, reviewer: Reviewer, what: str) -> None:
    if is_author(article, name=reviewer.name, handle=reviewer.handle):
        raise InputError(
            f"{reviewer.handle} wrote {article.slug!r} and may not record {what} on it "
            "(four-eyes rule)"
        )


def check_not_before_publication(article: Article, day: date) -> None:
    if article.published and day < article.published:
        raise InputError(
            f"--date {day} is before {article.slug!r} was first published "
            f"({article.published}): a review cannot predate the article"
        )


def record_verdict(
    *,
    session: Session,
    settings: Settings,
    statement_id: str,
    verdict: str,
    reviewer: str | None,
    reviewed_on: date,
    note: str | None = None,
) -> tuple[Article, Statement, Verdict]:
    if verdict not in settings.scale:
        raise InputError(f"unknown verdict {verdict!r} (one of: {', '.join(settings.scale)})")
    article, statement = get_statement(session=session, statement_id=statement_id)
    check_not_before_publication(article, reviewed_on)
    who = get_reviewer(session=session, handle=reviewer)
    check_reviewer_may_review(article, who, "verdicts")
    assert statement.id is not None and who.id is not None
    previous = standing_verdict(session=session, statement_id=statement.id)
    invalidate_statements(session, [statement.id])
    event = ledger.append(
        session,
        Verdict(
            statement_id=statement.id,
            reviewer_id=who.id,
            verdict=verdict,
            note=optional_text(note),
            reviewed_on=reviewed_on,
            supersedes_id=superseded(previous, reviewed_on),
        ),
    )
    return article, statement, event


def mark_statement(
    *,
    session: Session,
    statement_id: str,
    mark: str,
    reviewer: str | None,
    marked_on: date,
    note: str | None = None,
) -> tuple[Article, Statement, CheckworthyMark]:
    """Record a reviewer's word on whether a statement is check-worthy.

    The latest mark beats the model's flag from then on, across revisions that keep
    the statement's id. The same rules as for verdicts: a registered reviewer who did
    not write the article.
    """
    if mark not in MARKS:
        raise InputError(f"unknown mark {mark!r} (one of: {', '.join(MARKS)})")
    article, statement = get_statement(session=session, statement_id=statement_id)
    who = get_reviewer(session=session, handle=reviewer)
    check_reviewer_may_review(article, who, "check-worthiness marks")
    assert statement.id is not None and who.id is not None
    invalidate_statements(session, [statement.id])  # its place on the due list may change
    event = ledger.append(
        session,
        CheckworthyMark(
            statement_id=statement.id,
            reviewer_id=who.id,
            checkworthy=MARKS[mark],
            note=optional_text(note),
            marked_on=marked_on,
        ),
    )
    return article, statement, event


def superseded(previous: Verdict | None, reviewed_on: date) -> int | None:
    """The verdict a new one dated ``reviewed_on`` supersedes: the standing one, unless
    that was reviewed later (then the new verdict is history, and the old one stands)."""
    if previous is None or previous.reviewed_on > reviewed_on:
        return None
    return previous.id


def standing_verdict(*, session: Session, statement_id: int) -> Verdict | None:
    """The verdict that stands: latest review date, then latest entry; never a withdrawn one."""
    return session.exec(
        select(Verdict)
        .where(col(Verdict.statement_id) == statement_id, live("verdict", Verdict.id))
        .order_by(col(Verdict.reviewed_on).desc(), col(Verdict.id).desc())
        .limit(1)
    ).first()


def sign_off(
    *,
    session: Session,
    slug: str,
    reviewer: str | None,
    signed_on: date,
    note: str | None = None,
    force: bool = False,
    blockers: list[str] | None = None,
) -> SignOff:
    """Record the article-level review.

    ``blockers`` are the check-worthy statements without a current verdict (the
    caller computes them with the schedule); sign-off is refused while there are
    any, unless ``force`` with a ``note`` says why.
    """
    article = get_article(session=session, slug=slug)
    check_not_before_publication(article, signed_on)
    who = get_reviewer(session=session, handle=reviewer)
    check_reviewer_may_review(article, who, "a sign-off")
    if blockers and not force:
        listed = ", ".join(blockers[:10]) + (" …" if len(blockers) > 10 else "")
        raise InputError(
            f"cannot sign off {slug}: {plural(len(blockers), 'check-worthy statement')} "
            f"without a current verdict: {listed} (or use --force --note WHY)"
        )
    if force and not optional_text(note):
        raise InputError("--force needs a --note saying why the sign-off is forced")
    assert article.id is not None and who.id is not None
    revision = latest_revision(session=session, article_id=article.id)
    return ledger.append(
        session,
        SignOff(
            article_id=article.id,
            reviewer_id=who.id,
            signed_on=signed_on,
            note=optional_text(note),
            forced=bool(force and blockers),
            revision_number=revision.number,
        ),
    )
