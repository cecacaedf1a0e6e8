"""Gathering, in a few bulk queries, the facts the review policy judges.

``due``, ``check``, ``article show`` and the reports all need every statement with
its latest verdict, its sources and what happened to them. At archive scale that is
hundreds of thousands of rows, so this reads plain tuples, not ORM objects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from factcheck.models import (
    Article,
    CheckworthyMark,
    Link,
    Reviewer,
    SignOff,
    Source,
    SourceStatusEvent,
    Statement,
    StatementEvent,
    Verdict,
)
from factcheck.schedule import (
    ArticleState,
    SignOffFact,
    SourceEventFact,
    Standing,
    StatementFacts,
    VerdictFact,
    article_state,
    followed,
    standing,
)
from factcheck.settings import Settings
from factcheck.store.withdrawn import live


@dataclass(frozen=True)
class StatementRecord:
    """A live statement with the facts about it and its standing on a given day."""

    statement_id: int
    article_id: int
    slug: str
    n: int
    text: str
    start: int
    end: int
    line: int
    checkworthy: bool  # the reviewer's latest mark, else the model's flag
    checkworthy_by: str  # "model", or the handle of the reviewer who marked it last
    checkworthy_score: float | None  # the model's probability, whoever decided
    kinds: tuple[str, ...]
    source_ids: tuple[str, ...]
    facts: StatementFacts
    standing: Standing

    @property
    def id(self) -> str:
        return f"{self.slug}:{self.n}"

    @property
    def followed(self) -> bool:
        """On the due list and counted by the gates (schedule.followed)."""
        return followed(self.checkworthy, self.facts.verdict)

    @property
    def verdict(self) -> VerdictFact | None:
        return self.facts.verdict


def statement_records(
    *,
    session: Session,
    settings: Settings,
    as_of: date,
    article_ids: Sequence[int] | None = None,
    topic: str | None = None,
) -> list[StatementRecord]:
    """Every live statement (optionally of some articles or a topic), judged on ``as_of``."""
    rows = _rows(session, _statements_query(article_ids, topic))
    # Scoped reads filter by a subquery, not a list of ids: SQLite caps bound parameters.
    scope = _scope(article_ids, topic)
    verdicts = _latest_verdicts(session, scope)
    marks = _latest_marks(session, scope)
    links = _links(session, scope)
    changed = _text_changes(session, scope)
    events = _source_events(session, scope)
    records = []
    for sid, article_id, slug, atopic, n, text, start, end, line, cw, score, kinds in rows:
        linked = links.get(sid, ())
        cw, by = marks.get(sid, (cw, "model"))  # the reviewer's word beats the model
        facts = StatementFacts(
            checkworthy=cw,
            kinds=tuple(kinds.split(",")) if kinds else (),
            topic=atopic,
            verdict=verdicts.get(sid),
            source_kinds=tuple(kind for _, kind in linked),
            source_events=tuple(e for src, _ in linked for e in events.get(src, ())),
            text_changed_at=changed.get(sid),
        )
        records.append(
            StatementRecord(
                statement_id=sid,
                article_id=article_id,
                slug=slug,
                n=n,
                text=text,
                start=start,
                end=end,
                line=line,
                checkworthy=cw,
                checkworthy_by=by,
                checkworthy_score=score,
                kinds=facts.kinds,
                source_ids=tuple(src for src, _ in linked),
                facts=facts,
                standing=standing(facts, settings, as_of),
            )
        )
    return records


def _rows(session: Session, query: Any) -> Any:
    # Core, not ORM, execution: the rows are tuples we unpack at once, and at archive
    # scale the ORM's per-row bookkeeping costs more than the query.
    return session.connection().execute(query)


def _scope(article_ids: Sequence[int] | None, topic: str | None) -> Any:
    if article_ids is None and topic is None:
        return None
    query = select(col(Statement.id))
    if article_ids is not None:
        query = query.where(col(Statement.article_id).in_(article_ids))
    if topic is not None:
        query = query.join(Article, col(Article.id) == col(Statement.article_id)).where(
            col(Article.topic) == topic
        )
    return query


def _statements_query(article_ids: Sequence[int] | None, topic: str | None) -> Any:
    query = (
        select(
            col(Statement.id),
            col(Statement.article_id),
            col(Article.slug),
            col(Article.topic),
            col(Statement.n),
            col(Statement.text),
            col(Statement.span_start),
            col(Statement.span_end),
            col(Statement.line),
            col(Statement.checkworthy),
            col(Statement.checkworthy_score),
            col(Statement.kinds),
        )
        .join(Article, col(Article.id) == col(Statement.article_id))
        .where(col(Statement.retired).is_(False))
    )
    if article_ids is not None:
        query = query.where(col(Statement.article_id).in_(article_ids))
    if topic is not None:
        query = query.where(col(Article.topic) == topic)
    return query.order_by(col(Article.slug), col(Statement.position), col(Statement.n))


def _latest_verdicts(session: Session, scope: Any) -> dict[int, VerdictFact]:
    """Each statement's standing verdict: the latest review date, then the latest entry.

    A verdict recorded today about a review in 2015 never displaces one dated 2026,
    and a withdrawn verdict counts for nothing.
    """
    rank = (
        func.row_number()
        .over(
            partition_by=col(Verdict.statement_id),
            order_by=(col(Verdict.reviewed_on).desc(), col(Verdict.id).desc()),
        )
        .label("rank")
    )
    latest = select(col(Verdict.id).label("id"), rank).where(live("verdict", Verdict.id))
    if scope is not None:
        latest = latest.where(col(Verdict.statement_id).in_(scope))
    sub = latest.subquery()
    query = (
        select(
            col(Verdict.statement_id),
            col(Verdict.verdict),
            col(Reviewer.handle),
            col(Verdict.reviewed_on),
            col(Verdict.recorded_at),
            col(Verdict.note),
        )
        .join(sub, (col(Verdict.id) == sub.c.id) & (sub.c.rank == 1))
        .join(Reviewer, col(Reviewer.id) == col(Verdict.reviewer_id))
    )
    return {
        sid: VerdictFact(v, who, on, at, note)
        for sid, v, who, on, at, note in _rows(session, query)
    }


def _latest_marks(session: Session, scope: Any) -> dict[int, tuple[bool, str]]:
    """statement id -> (checkworthy, reviewer handle) of its latest mark."""
    latest = select(func.max(col(CheckworthyMark.id)).label("id")).group_by(
        col(CheckworthyMark.statement_id)
    )
    latest = latest.where(live("mark", CheckworthyMark.id))
    if scope is not None:
        latest = latest.where(col(CheckworthyMark.statement_id).in_(scope))
    sub = latest.subquery()
    query = (
        select(
            col(CheckworthyMark.statement_id),
            col(CheckworthyMark.checkworthy),
            col(Reviewer.handle),
        )
        .join(sub, col(CheckworthyMark.id) == sub.c.id)
        .join(Reviewer, col(Reviewer.id) == col(CheckworthyMark.reviewer_id))
    )
    return {sid: (bool(cw), who) for sid, cw, who in _rows(session, query)}


def _links(session: Session, scope: Any) -> dict[int, tuple[tuple[str, str], ...]]:
    query = (
        select(col(Link.statement_id), col(Link.source_id), col(Source.kind))
        .join(Source, col(Source.id) == col(Link.source_id))
        .where(live("link", Link.id))
    )
    if scope is not None:
        query = query.where(col(Link.statement_id).in_(scope))
    found: dict[int, dict[str, str]] = defaultdict(dict)
    for sid, src, kind in _rows(session, query):
        found[sid][src] = kind
    return {sid: tuple(srcs.items()) for sid, srcs in found.items()}


def _text_changes(session: Session, scope: Any) -> dict[int, datetime]:
    query = (
        select(col(StatementEvent.statement_id), func.max(col(StatementEvent.recorded_at)))
        .where(col(StatementEvent.kind) == "changed")
        .group_by(col(StatementEvent.statement_id))
    )
    if scope is not None:
        query = query.where(col(StatementEvent.statement_id).in_(scope))
    return {sid: at for sid, at in _rows(session, query)}


def _source_events(session: Session, scope: Any) -> dict[str, list[SourceEventFact]]:
    events: dict[str, list[SourceEventFact]] = defaultdict(list)
    query = select(
        col(SourceStatusEvent.source_id),
        col(SourceStatusEvent.status),
        col(SourceStatusEvent.effective_on),
        col(SourceStatusEvent.recorded_at),
    ).where(live("source-status", SourceStatusEvent.id))
    if scope is not None:
        linked = select(col(Link.source_id)).where(col(Link.statement_id).in_(scope))
        query = query.where(col(SourceStatusEvent.source_id).in_(linked))
    for src, status, on, at in _rows(session, query):
        events[src].append(SourceEventFact(src, status, on, at))
    return events


def latest_signoffs(
    *, session: Session, settings: Settings, article_ids: Sequence[int] | None = None
) -> dict[int, SignOffFact]:
    """Each article's latest sign-off: the one with the latest date (then the latest entry)."""
    return {
        article_id: facts[-1]
        for article_id, facts in signoff_facts(
            session=session, settings=settings, article_ids=article_ids
        ).items()
    }


def signoff_facts(
    *, session: Session, settings: Settings, article_ids: Sequence[int] | None = None
) -> dict[int, list[SignOffFact]]:
    """Each article's sign-offs, by date and then the order they were entered."""
    query = (
        select(
            col(SignOff.article_id),
            col(SignOff.signed_on),
            col(SignOff.forced),
            col(SignOff.role),
            col(SignOff.statements_checked),
            col(SignOff.statements_total),
            col(SignOff.note),
            col(Reviewer.handle),
            col(Reviewer.name),
            col(Reviewer.credentials),
            col(Reviewer.role),
        )
        .join(Reviewer, col(Reviewer.id) == col(SignOff.reviewer_id))
        .where(live("signoff", SignOff.id))
        .order_by(col(SignOff.signed_on), col(SignOff.id))
    )
    if article_ids is not None:
        query = query.where(col(SignOff.article_id).in_(article_ids))
    found: dict[int, list[SignOffFact]] = defaultdict(list)
    for article_id, on, forced, role, checked, total, note, handle, name, creds, rrole in _rows(
        session, query
    ):
        role = role or settings.box.role_for(rrole)  # recorded before sign-offs had roles
        found[article_id].append(
            SignOffFact(handle, name, creds, on, forced, role, checked, total, note)
        )
    return found


def article_overview(
    *, session: Session, settings: Settings, article: Article, as_of: date
) -> tuple[ArticleState, list[StatementRecord]]:
    assert article.id is not None
    records = statement_records(
        session=session, settings=settings, as_of=as_of, article_ids=[article.id]
    )
    signoff = latest_signoffs(session=session, settings=settings, article_ids=[article.id]).get(
        article.id
    )
    return state_of(article, records, signoff), records


def state_of(
    article: Article, records: list[StatementRecord], signoff: SignOffFact | None
) -> ArticleState:
    """The article's review state from its judged statements and its latest sign-off."""
    return article_state([(r.followed, r.standing) for r in records], signoff)
