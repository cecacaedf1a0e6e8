"""The reviewers' digest: each reviewer's assigned, due and newly stale work.

Built from the same queue ``factcheck queue`` prints, so the digest and the queue
can never disagree; this module only sorts each queue into the digest's sections.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from factcheck.models import Reviewer
from factcheck.schedule import stale_since
from factcheck.settings import Settings
from factcheck.store.assignments import QueueItem, queue
from factcheck.store.records import statement_records
from factcheck.store.reviewers import get_reviewer, list_reviewers
from factcheck.store.state import CachedStanding, needing_review


@dataclass(frozen=True)
class StaleItem:
    """Work that went stale after the digest's ``since`` day."""

    work: QueueItem
    stale_since: date  # the day the change that made it stale was recorded (UTC)


@dataclass(frozen=True)
class ReviewerDigest:
    """One reviewer's digest. Each piece of work is in one section only, the first
    that fits: newly stale, then assigned, then due (reviewed by them last)."""

    handle: str
    name: str
    newly_stale: list[StaleItem]
    assigned: list[QueueItem]
    due: list[QueueItem]

    @property
    def empty(self) -> bool:
        return not (self.newly_stale or self.assigned or self.due)


@dataclass(frozen=True)
class Digest:
    as_of: date
    since: date  # "newly stale" means stale since after this day
    reviewers: list[ReviewerDigest]

    def per_reviewer(self) -> list[Digest]:
        """One digest for each reviewer with something in it: one mail each."""
        return [Digest(self.as_of, self.since, [r]) for r in self.reviewers if not r.empty]


def build_digest(
    *,
    session: Session,
    settings: Settings,
    as_of: date,
    since: date,
    reviewer: str | None = None,
) -> Digest:
    """The digest of ``reviewer``, or of every registered reviewer, on ``as_of``.

    Newly stale: work in the reviewer's queue that is stale on ``as_of`` and whose
    first change making it stale since its last verdict (a revision that changed its
    text; a retraction, correction, supersession or concern on a linked source) was
    recorded after ``since``. Older stale work stays under assigned or due.
    """
    people: list[Reviewer] = (
        [get_reviewer(session=session, handle=reviewer)]
        if reviewer is not None
        else list_reviewers(session=session)
    )
    needing = needing_review(session.connection(), as_of=as_of)
    queues = {
        p.handle: queue(session=session, reviewer=p.handle, as_of=as_of, needing=needing)
        for p in people
    }
    stale = _stale_days(session, settings, as_of, needing, queues.values())
    return Digest(
        as_of,
        since,
        [_sorted(p, queues[p.handle], stale, since) for p in people],
    )


def _sorted(
    person: Reviewer, work: list[QueueItem], stale: dict[str, date], since: date
) -> ReviewerDigest:
    newly_stale: list[StaleItem] = []
    assigned: list[QueueItem] = []
    due: list[QueueItem] = []
    for item in work:  # already most urgent first
        day = stale.get(item.statement or "")
        if day is not None and day > since:
            newly_stale.append(StaleItem(item, day))
        elif item.assigned_to is not None:
            assigned.append(item)
        else:
            due.append(item)
    return ReviewerDigest(person.handle, person.name, newly_stale, assigned, due)


def _stale_days(
    session: Session,
    settings: Settings,
    as_of: date,
    needing: list[CachedStanding],
    queues: Iterable[list[QueueItem]],
) -> dict[str, date]:
    """``SLUG:N`` -> the day each stale statement in the queues went stale.

    The state cache keeps a stale statement's reason and its source event's
    *effective* date; when the change was recorded takes the statement's facts,
    read for the few articles concerned only.
    """
    wanted = {i.statement for work in queues for i in work if i.status == "stale"}
    articles = sorted({s.article_id for s in needing if s.id in wanted})
    if not articles:
        return {}
    records = statement_records(
        session=session, settings=settings, as_of=as_of, article_ids=articles
    )
    return {
        r.id: when.date()
        for r in records
        if r.id in wanted and (when := stale_since(r.facts)) is not None
    }
