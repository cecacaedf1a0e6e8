"""The corrections log of an audit page: what was corrected, when and by whom.

Readers of health pages expect a public corrections log. It lists withdrawn events
(which no longer count anywhere else in the report), edits of the article's, its
sources' and its reviewers' metadata, and retirements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from factcheck.reports import queries as q
from factcheck.reports.model import CorrectionEntry
from factcheck.reports.queries import parse_moment


class CorrectionsLog:
    """The corrections bearing on a batch of articles, read in two queries."""

    def __init__(self, session: Session, records: set[str]) -> None:
        self.rows = q.corrections(session=session, records=records)
        wanted: dict[str, set[int]] = defaultdict(set)
        for row in self.rows:
            if row[1] == "withdraw":
                wanted[row[2]].add(row[3])
        self.targets = q.withdrawn_events(session=session, ids=wanted)

    def of(
        self, *, slug: str, sources: Iterable[str], reviewers: Iterable[str]
    ) -> tuple[CorrectionEntry, ...]:
        """Corrections of this article, its sources and its reviewers, oldest first."""
        mine = {"article": {slug}, "source": set(sources), "reviewer": set(reviewers)}
        mine["source-status"] = mine["source"]
        out = []
        for row in self.rows:
            record, kind, subject = row[0], row[1], row[2]
            scope = "article" if kind == "withdraw" and subject != "source-status" else subject
            if record in mine.get(scope, ()):
                out.append(self._entry(row))
        return tuple(out)

    def _entry(self, row: Any) -> CorrectionEntry:
        record, kind, subject, event_id, field, old, new, note, at, by = row
        if kind == "withdraw":
            what = self.targets.get((subject, event_id), f"{subject}:{event_id}")
            summary = (
                "withdrew the retirement of the article"
                if subject == "retire"
                else f"withdrew {what}"
            )
        elif kind == "retire":
            summary = "retired the article"
        elif field == "text":
            summary = f"replaced the archived text of {subject} {record}"
        else:
            summary = f"corrected the {subject}'s {field}: {_shown(old)} → {_shown(new)}"
        return CorrectionEntry(parse_moment(at), kind, summary, by, note)


def _shown(value: str | None) -> str:
    return f"“{value}”" if value else "(none)"


def retirement(entries: tuple[CorrectionEntry, ...], retired: bool) -> CorrectionEntry | None:
    """The retirement in force, if the article is retired."""
    if not retired:
        return None
    return next((e for e in reversed(entries) if e.kind == "retire"), None)
