"""The due list: what needs review, most urgent first, and its writers (csv, ics).

A due item is a plain dict with the stable JSON fields (CLI.md): on an archive the
list runs to tens of thousands, and every writer reads the same dicts.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import UTC, date, datetime, time
from typing import Any

from factcheck.schedule import URGENCY
from factcheck.store.state import CachedStanding

CSV_FIELDS = ("statement", "article", "due", "status", "reason", "why", "reviewer", "topic", "text")

DueItem = dict[str, Any]


def due_items(standings: list[CachedStanding]) -> list[DueItem]:
    """The due list, most urgent first; within a status, by due date, then article order.

    ``due`` is an ISO date (or None for statements never reviewed).
    """
    ordered = sorted(standings, key=lambda s: (URGENCY[s.status], s.due or date.min, s.slug, s.n))
    return [
        {
            "statement": f"{s.slug}:{s.n}",
            "article": s.slug,
            "title": s.title,
            "text": s.text,
            "due": s.due.isoformat() if s.due else None,
            "status": s.status,
            "reason": s.reason,
            "why": s.why,
            "reviewer": s.reviewer,
            "topic": s.topic,
        }
        for s in ordered
    ]


def to_csv(items: list[DueItem]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(items)
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
        day = date.fromisoformat(item["due"]) if item["due"] else as_of
        groups[(item["article"], day)].append(item)
    stamp = datetime.combine(as_of, time(0, 0), tzinfo=UTC)
    for (slug, day), group in sorted(groups.items()):
        event = Event()
        event.add("uid", f"{slug}-{day.isoformat()}@factcheck")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("summary", f"Re-review {group[0]['title']} ({len(group)} statements)")
        event.add(
            "description",
            "\n".join(f"{i['statement']} [{i['status']}: {i['why']}] {i['text']}" for i in group),
        )
        event.add("categories", [slug])
        cal.add_component(event)
    return cal.to_ical()
