"""What the review screen shows: a sitting's queue and, for each statement, everything a
reviewer needs before a verdict. Data only; ``cli/review_screen.py`` renders it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from factcheck.evidence.flags import evidence_flags
from factcheck.evidence.passages import Passage, split
from factcheck.models import Comment, Link, Reviewer, Source
from factcheck.review import signoff_blockers
from factcheck.settings import Settings
from factcheck.store.archived import archived_text, quote_found_now
from factcheck.store.articles import get_article, get_statement, latest_revision
from factcheck.store.assignments import QueueItem, queue
from factcheck.store.records import StatementRecord, statement_records
from factcheck.store.state import CachedStanding, needing_review
from factcheck.store.texts import evidence
from factcheck.store.withdrawn import live

PASSAGES = 3  # the best evidence passages a screen shows
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class LinkedEvidence:
    """A source linked to the statement (its latest live link), with what is wrong with it."""

    source: str
    title: str | None
    relation: str
    quote: str | None
    locator: str | None
    quote_found: bool | None  # None: no quote, or no archived text to look in
    flags: tuple[str, ...]  # a quote not found, numbers the quote does not state


@dataclass(frozen=True)
class PastVerdict:
    verdict: str
    reviewer: str
    reviewed_on: date
    note: str | None


@dataclass(frozen=True)
class ThreadComment:
    reviewer: str
    recorded_at: datetime
    text: str


@dataclass(frozen=True)
class EvidencePassage:
    source: str
    locator: str
    text: str
    score: float
    numbers_match: bool | None  # None: the passage states no quantity to compare


@dataclass(frozen=True)
class ReviewItem:
    """One statement as the review screen shows it."""

    statement: str  # SLUG:N
    article: str  # the slug
    title: str
    text: str
    status: str  # unreviewed | due | overdue | stale | needs-correction | current
    why: str  # why it is in the queue: the assignment, then the policy's reason
    due: date | None
    paragraph: str  # the statement's paragraph in the article's current text
    highlight: tuple[int, int]  # the statement's span within ``paragraph``
    links: tuple[LinkedEvidence, ...]
    previous: PastVerdict | None  # the verdict that stands, if any
    comments: tuple[ThreadComment, ...]  # oldest first
    passages: tuple[EvidencePassage, ...]  # best first


def sitting_queue(
    *, session: Session, reviewer: str | None, as_of: date, ref: str | None = None
) -> list[QueueItem]:
    """The work of one ``review`` sitting: the reviewer's queue, most urgent first.

    ``ref`` narrows it to an article (``SLUG``) or a statement (``SLUG:N``), and then
    brings in what needs review there though it is not in the reviewer's queue:
    naming an article or a statement is asking to review it.
    """
    if ref is None:
        return queue(session=session, reviewer=reviewer, as_of=as_of)
    # Read once: the queue is built from it.
    needing = needing_review(session.connection(), as_of=as_of)
    items = queue(session=session, reviewer=reviewer, as_of=as_of, needing=needing)
    if ":" in ref:
        return [_named_statement(session, items, needing, ref)]
    article = get_article(session=session, slug=ref)
    mine = [i for i in items if i.article == article.slug]
    listed = {i.statement for i in mine}
    others = [_unassigned(s) for s in needing if s.article_id == article.id and s.id not in listed]
    return sorted(mine + others, key=lambda i: i.order)


def _named_statement(
    session: Session, items: list[QueueItem], needing: list[CachedStanding], ref: str
) -> QueueItem:
    article, statement = get_statement(session=session, statement_id=ref)
    full_id = f"{article.slug}:{statement.n}"
    for item in items:
        if item.statement == full_id:
            return item
    for s in needing:
        if s.statement_id == statement.id:
            return _unassigned(s)
    return QueueItem(
        full_id, article.slug, statement.text, "current", "named for review", None, None
    )


def _unassigned(s: CachedStanding) -> QueueItem:
    return QueueItem(s.id, s.slug, s.text, s.status, s.why, s.due, None)


def review_item(
    *, session: Session, settings: Settings, statement_id: str, as_of: date, why: str
) -> ReviewItem:
    """Everything the screen shows for one statement, read fresh (a link or a comment
    made at the screen shows at once)."""
    article, statement = get_statement(session=session, statement_id=statement_id)
    assert article.id is not None and statement.id is not None
    record = _record(session, settings, article.id, statement.n, as_of)
    paragraph, highlight = statement_in_paragraph(
        latest_revision(session=session, article_id=article.id).text,
        statement.text,
        statement.span_start,
        statement.span_end,
    )
    v = record.verdict
    return ReviewItem(
        statement=record.id,
        article=article.slug,
        title=article.title,
        text=statement.text,
        status=record.standing.status,
        why=why,
        due=record.standing.due,
        paragraph=paragraph,
        highlight=highlight,
        links=tuple(_links(session, statement.id, statement.text)),
        previous=PastVerdict(v.verdict, v.reviewer, v.reviewed_on, v.note) if v else None,
        comments=tuple(_comments(session, statement.id)),
        passages=tuple(
            EvidencePassage(h["source"], h["locator"], h["text"], h["score"], h["numbers_match"])
            for h in evidence(session=session, statement_id=record.id, limit=PASSAGES)
        ),
    )


def statement_in_paragraph(
    text: str, statement: str, start: int, end: int
) -> tuple[str, tuple[int, int]]:
    """The paragraph of ``text`` holding ``start:end``, and that span within it.

    A paragraph ends at a blank line. When the span no longer holds the statement (an
    article stored before spans were kept exact), the statement stands alone.
    """
    if not (0 <= start < end <= len(text)) or text[start:end] != statement:
        return statement, (0, len(statement))
    breaks = list(_PARAGRAPH_BREAK.finditer(text))
    begin = max((m.end() for m in breaks if m.end() <= start), default=0)
    finish = min((m.start() for m in breaks if m.start() >= end), default=len(text))
    return text[begin:finish], (start - begin, end - begin)


def signoff_ready(*, session: Session, settings: Settings, slug: str, on: date) -> list[str]:
    """The statements that keep ``slug`` from a sign-off on ``on`` (none: it may be signed)."""
    article = get_article(session=session, slug=slug)
    assert article.id is not None
    blockers, _ = signoff_blockers(
        session=session, settings=settings, article_id=article.id, as_of=on
    )
    return blockers


@dataclass(frozen=True)
class SourcePassage:
    locator: str
    text: str
    best: bool  # the passage the screen ranked first


def source_reading(
    *, session: Session, source_id: str, best: str | None
) -> list[SourcePassage] | None:
    """A source's archived text as passages with locators, ``best`` marked; None
    when the source has no archived text."""
    archived = archived_text(conn=session.connection(), source_id=source_id)
    if archived is None:
        return None
    passages: list[Passage] = split(source_id, archived.text, archived.pages)
    return [SourcePassage(p.locator, p.text, p.text == best) for p in passages]


def _record(
    session: Session, settings: Settings, article_id: int, n: int, as_of: date
) -> StatementRecord:
    records = statement_records(
        session=session, settings=settings, as_of=as_of, article_ids=[article_id]
    )
    return next(r for r in records if r.n == n)


def _links(session: Session, statement_id: int, text: str) -> list[LinkedEvidence]:
    rows = session.exec(
        select(Link, col(Source.title))
        .join(Source, col(Source.id) == col(Link.source_id))
        .where(col(Link.statement_id) == statement_id, live("link", Link.id))
        .order_by(col(Link.id))
    )
    latest = {link.source_id: (link, title) for link, title in rows}  # a later link wins
    out = []
    for link, title in latest.values():
        found = quote_found_now(
            conn=session.connection(),
            source_id=link.source_id,
            quote=link.quote,
            recorded=link.quote_found,
        )
        out.append(
            LinkedEvidence(
                link.source_id,
                title,
                link.relation,
                link.quote,
                link.locator,
                found,
                tuple(evidence_flags(text, link.quote, found)),
            )
        )
    return out


def _comments(session: Session, statement_id: int) -> list[ThreadComment]:
    rows = session.exec(
        select(Comment, col(Reviewer.handle))
        .join(Reviewer, col(Reviewer.id) == col(Comment.reviewer_id))
        .where(col(Comment.statement_id) == statement_id)
        .order_by(col(Comment.id))
    )
    return [ThreadComment(handle, c.recorded_at, c.text) for c, handle in rows]
