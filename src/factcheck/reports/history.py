"""The review history of a batch of articles as a timeline, oldest first.

The same events as ``factcheck history SLUG`` (store/history.py), read for many
articles at once and shaped for reading: one plain-text summary per event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from operator import attrgetter
from pathlib import PurePath
from typing import Any

from sqlmodel import Session

from factcheck.reports import queries as q
from factcheck.reports.model import HistoryEntry

# Same-instant events in the order they logically happen: revision, statement
# events, source status, link, check-worthiness mark, verdict, sign-off.
# ``history_entries`` appends them in this order and sorts by time alone; the sort is
# stable, so events of the same instant keep it (and, within a kind, the order they
# were recorded in).
_BY_TIME = attrgetter("recorded_at")


def history_entries(
    *,
    session: Session,
    slugs: dict[int, str],
    links: Sequence[q.LinkRow],
    source_events: Sequence[Any],
    revisions: dict[int, list[Any]],
) -> dict[int, list[HistoryEntry]]:
    """article id → its events, oldest first."""
    out: dict[int, list[HistoryEntry]] = defaultdict(list)
    ids = list(slugs)

    for article_id, revs in revisions.items():
        for number, at, _sha, _fmt, source_file, h in revs:
            # The file's name only: a report never shows a path of this machine.
            where = f" from {PurePath(source_file).name}" if source_file else ""
            summary = f"revision {number}{where}"
            out[article_id].append(
                HistoryEntry(at, at.date(), "revision", None, None, summary, None, h)
            )
    for article_id, n, kind, old, new, at, h in q.statement_events(session=session, ids=ids):
        text = new if kind != "retired" else old
        summary = f"statement {kind}: {text or ''}".strip()
        out[article_id].append(
            HistoryEntry(
                at,
                at.date(),
                f"statement-{kind}",
                f"{slugs[article_id]}:{n}",
                None,
                summary,
                None,
                h,
            )
        )
    _source_status(out, links, source_events)
    for link in links:
        where = f" ({link.locator})" if link.locator else ""
        summary = f"linked to {link.source_id}, {link.relation}{where}"
        out[link.article_id].append(
            HistoryEntry(
                link.recorded_at,
                link.recorded_at.date(),
                "link",
                f"{slugs[link.article_id]}:{link.n}",
                None,
                summary,
                link.quote,
                link.hash,
            )
        )
    for article_id, n, checkworthy, handle, on, note, at, h in q.marks(session=session, ids=ids):
        summary = "marked " + ("check-worthy" if checkworthy else "not check-worthy")
        out[article_id].append(
            HistoryEntry(at, on, "mark", f"{slugs[article_id]}:{n}", handle, summary, note, h)
        )
    _verdicts(out, session, slugs)
    for article_id, n, handle, text, at, h in q.comments(session=session, ids=ids):
        statement = f"{slugs[article_id]}:{n}"
        out[article_id].append(
            HistoryEntry(at, at.date(), "comment", statement, handle, "comment", text, h)
        )
    for article_id, handle, on, note, forced, revision, at, h, role in q.signoffs(
        session=session, ids=ids
    ):
        summary = f"signed off revision {revision}" + (f" ({role})" if role else "")
        summary += " (forced)" if forced else ""
        out[article_id].append(HistoryEntry(at, on, "signoff", None, handle, summary, note, h))
    for entries in out.values():
        entries.sort(key=_BY_TIME)
    return out


def _verdicts(out: dict[int, list[HistoryEntry]], session: Session, slugs: dict[int, str]) -> None:
    """Every verdict, superseded ones too: most of an archive's history."""
    moment, day = q.parse_moment, q.parse_day
    for article_id, n, verdict, handle, on, note, at, h, supersedes, _ in q.verdicts(
        session=session, ids=list(slugs)
    ):
        summary = f"verdict {verdict}" + (" (supersedes an earlier verdict)" if supersedes else "")
        out[article_id].append(
            HistoryEntry(
                moment(at), day(on), "verdict", f"{slugs[article_id]}:{n}", handle, summary, note, h
            )
        )


def _source_status(
    out: dict[int, list[HistoryEntry]], links: Sequence[q.LinkRow], events: Sequence[Any]
) -> None:
    """A source's status change belongs to the history of every article citing it."""
    citing: dict[str, set[int]] = defaultdict(set)
    for link in links:
        citing[link.source_id].add(link.article_id)
    for source_id, status, on, note, at, h in events:
        for article_id in citing.get(source_id, ()):
            out[article_id].append(
                HistoryEntry(
                    at,
                    on,
                    "source-status",
                    None,
                    None,
                    f"source {source_id} marked {status}",
                    note,
                    h,
                )
            )
