"""Recording the review: evidence links, verdicts, check-worthiness marks and sign-offs.

Every write is an append to the ledger; nothing here updates or deletes a past
event. A new verdict names the one it supersedes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from factcheck import ledger
from factcheck.errors import InputError
from factcheck.identifiers import optional_text
from factcheck.identity import authorize
from factcheck.models import (
    Article,
    CheckworthyMark,
    Comment,
    Link,
    Reviewer,
    SignOff,
    Source,
    Statement,
    Verdict,
    utcnow,
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
    recorded_at: datetime | None = None,
) -> tuple[Article, Statement, Source, Link]:
    if relation not in RELATIONS:
        raise InputError(f"unknown relation {relation!r} (one of: {', '.join(RELATIONS)})")
    authorize(session=session, action="link")
    article, statement = get_statement(session=session, statement_id=statement_id)
    src = get_source(session=session, ref=source)
    assert statement.id is not None
    invalidate_statements(session, [statement.id])
    quote = optional_text(quote)
    link = ledger.append(
        session,
        Link(
            statement_id=statement.id,
            source_id=src.id,
            quote=quote,
            locator=optional_text(locator),
            relation=relation,
            quote_found=_quote_found(session, src.id, quote),
            recorded_at=recorded_at or utcnow(),
        ),
    )
    return article, statement, src, link


def _quote_found(session: Session, source_id: str, quote: str | None) -> bool | None:
    """Is the quote in the source's archived text? None without a quote or a text."""
    from factcheck.evidence.quotes import quote_found
    from factcheck.store.archived import archived_text

    if not quote:
        return None
    # The text may have been archived in this very transaction: flushed first, since
    # the query goes to the session's connection, past the ORM's autoflush.
    session.flush()
    archived = archived_text(conn=session.connection(), source_id=source_id)
    return quote_found(quote, archived.text) if archived else None


# A review recorded late in the evening in UTC+14 is dated "tomorrow" in UTC.
_CLOCK_SLACK = timedelta(days=1)


def check_review_day(
    day: date, *, what: str, recorded_at: datetime | None = None, article: Article | None = None
) -> date:
    """Dates that make sense: a review is not dated after the day it was recorded (today,
    for a command), nor before the article it reviews was published."""
    if recorded_at is None and day > date.today():
        raise InputError(f"{what} {day.isoformat()} is in the future")
    if recorded_at is not None and day > recorded_at.date() + _CLOCK_SLACK:
        raise InputError(
            f"{what} {day.isoformat()} is after the day it was recorded "
            f"({recorded_at.date().isoformat()})"
        )
    if article is not None and article.published is not None and day < article.published:
        raise InputError(
            f"{what} {day.isoformat()} is before {article.slug} was published "
            f"({article.published.isoformat()})"
        )
    return day


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


def check_verdict(settings: Settings, verdict: str) -> None:
    """Refuse a verdict that is not on the workspace's scale."""
    if verdict not in settings.scale:
        raise InputError(f"unknown verdict {verdict!r} (one of: {', '.join(settings.scale)})")


def record_verdict(
    *,
    session: Session,
    settings: Settings,
    statement_id: str,
    verdict: str,
    reviewer: str | None,
    reviewed_on: date,
    note: str | None = None,
    recorded_at: datetime | None = None,
) -> tuple[Article, Statement, Verdict]:
    check_verdict(settings, verdict)
    article, statement = get_statement(session=session, statement_id=statement_id)
    check_not_before_publication(article, reviewed_on)
    who = get_reviewer(session=session, handle=reviewer)
    authorize(session=session, action="verdict", as_handle=who.handle)
    check_reviewer_may_review(article, who, "verdicts")
    check_review_day(reviewed_on, what="review date", recorded_at=recorded_at, article=article)
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
            recorded_at=recorded_at or utcnow(),
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
    recorded_at: datetime | None = None,
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
    authorize(session=session, action="mark", as_handle=who.handle)
    check_reviewer_may_review(article, who, "check-worthiness marks")
    check_review_day(marked_on, what="mark date", recorded_at=recorded_at)
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
            recorded_at=recorded_at or utcnow(),
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
    settings: Settings,
    slug: str,
    reviewer: str | None,
    signed_on: date,
    note: str | None = None,
    force: bool = False,
    role: str | None = None,
    recorded_at: datetime | None = None,
) -> SignOff:
    """Record the article-level review, in one role (``[box.roles]``).

    Refused while a check-worthy (or already judged) statement lacks a current verdict
    on ``signed_on``, unless ``force`` with a ``note`` says why. The coverage is kept
    with the sign-off, so the box can say what a forced one covered. Without ``role``,
    the signer's reviewer role decides (``[box.signoff_roles]``).
    """
    article = get_article(session=session, slug=slug)
    check_not_before_publication(article, signed_on)
    who = get_reviewer(session=session, handle=reviewer)
    authorize(session=session, action="signoff", as_handle=who.handle)
    check_reviewer_may_review(article, who, "a sign-off")
    roles = settings.box.roles
    if role is not None and role not in roles:
        raise InputError(
            f"unknown sign-off role {role!r} (one of: {', '.join(roles)}; see [box.roles])"
        )
    check_review_day(signed_on, what="sign-off date", recorded_at=recorded_at)
    assert article.id is not None and who.id is not None
    blockers, checkworthy = signoff_blockers(
        session=session, settings=settings, article_id=article.id, as_of=signed_on
    )
    if blockers and not force:
        listed = ", ".join(blockers[:10]) + (" …" if len(blockers) > 10 else "")
        raise InputError(
            f"cannot sign off {slug}: {plural(len(blockers), 'check-worthy statement')} "
            f"without a current verdict: {listed} (or use --force --note WHY)"
        )
    if force and not optional_text(note):
        raise InputError("--force needs a --note saying why the sign-off is forced")
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
            role=role or settings.box.role_for(who.role),
            statements_checked=checkworthy - len(blockers),
            statements_total=checkworthy,
            recorded_at=recorded_at or utcnow(),
        ),
    )


MAX_COMMENT = 10_000


def add_comment(
    *,
    session: Session,
    statement_id: str,
    reviewer: str | None,
    text: str,
    recorded_at: datetime | None = None,
) -> tuple[Article, Statement, Comment]:
    """A remark on a statement, threaded in its history; comments change no standing."""
    body = optional_text(text)
    if not body:
        raise InputError("a comment needs some text")
    if len(body) > MAX_COMMENT:
        raise InputError(f"a comment is at most {MAX_COMMENT:,} characters")
    article, statement = get_statement(session=session, statement_id=statement_id)
    who = get_reviewer(session=session, handle=reviewer)
    authorize(session=session, action="comment", as_handle=who.handle)
    assert statement.id is not None and who.id is not None
    event = ledger.append(
        session,
        Comment(
            statement_id=statement.id,
            reviewer_id=who.id,
            text=body,
            recorded_at=recorded_at or utcnow(),
        ),
    )
    return article, statement, event


def signoff_blockers(
    *, session: Session, settings: Settings, article_id: int, as_of: date
) -> tuple[list[str], int]:
    """The followed statements without a current verdict on ``as_of``, and how many
    statements are followed in all."""
    from factcheck.store.records import statement_records

    records = statement_records(
        session=session, settings=settings, as_of=as_of, article_ids=[article_id]
    )
    followed = [r for r in records if r.followed]
    return [r.id for r in followed if r.standing.status != "current"], len(followed)
