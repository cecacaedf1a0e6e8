"""The due list: what needs review, most urgent first, and its writers (csv, ics)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time

from factcheck.schedule import URGENCY
from factcheck.store.state import CachedStanding


@dataclass(slots=True)
class DueItem:
    statement: str
    article: str
    title: str
    text: str
    due: date | None
    status: str
    reason: str
    why: str
    reviewer: str | None  # who gave the latest verdict
    topic: str | None

    def as_json(self) -> dict[str, object]:
        # Not asdict(): its deep copies cost seconds on an archive's due list.
        return {f: getattr(self, f) for f in self.__slots__}


def due_items(standings: list[CachedStanding]) -> list[DueItem]:
    """The due list, most urgent first; within a status, by due date, then article order."""
    ordered = sorted(standings, key=lambda s: (URGENCY[s.status], s.due or date.min, s.slug, s.n))
    return [
        DueItem(
            s.id, s.slug, s.title, s.text, s.due, s.status, s.reason, s.why, s.reviewer, s.topic
        )
        for s in ordered
    ]


def to_csv(items: list[DueItem]) -> str:
    out = io.StringIO()
    fields = ["statement", "article", "due", "status", "reason", "why", "reviewer", "topic", "text"]
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow({**asdict(item), "due": item.due.isoformat() if item.due else ""})
    return out.getvalue()


def to_ics(items: list[DueItem], *, as_of: date) -> bytes:
    """An iCalendar feed: one all-day event per article and due date, listing statements.

    Statements with no due date (never reviewed) are due as of ``as_of``.
    """
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//factcheck//re-review schedule//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "factcheck re-reviews")
    groups: dict[tuple[str, date], list[DueItem]] = defaultdict(list)
    for item in items:
        groups[(item.article, item.due or as_of)].append(item)
    for (slug, day), group in sorted(groups.items()):
        event = Event()
        event.add("uid", f"{slug}-{day.isoformat()}@factcheck")
        event.add("dtstamp", _stamp(as_of))
        event.add("dtstart", day)
        event.add("summary", f"Re-review {group[0].title} ({len(group)} statements)")
        event.add(
            "description", "\n".join(f"{i.statement} [{i.status}: {i.why}] {i.text}" for i in group)
        )
        event.add("categories", [slug])
        cal.add_component(event)
    return cal.to_ical()


def _stamp(day: date) -> datetime:

    return datetime.combine(day, time(0, 0), tzinfo=UTC)
