"""Corrections in review bundles: withdrawals, edits and retirements, round-trip exact.

Row ids differ between workspaces, so a bundle's ``withdraw`` event names the event
it withdraws by its position in the bundle's event list (``of: 7``); importing maps
each position to the row it became here (``bundle_import._Replay.withdraw``). Edits
travel as history only: the bundle's article, source and reviewer sections already
hold the corrected values.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, or_, select

from factcheck.models import (
    Correction,
    Reviewer,
)

REF = "_ref"  # (kind, row id) of an exported event, dropped once withdrawals are linked
_TARGET = "_target"


def reviewer_handles(session: Session, ids: set[int]) -> set[str]:
    return set(session.exec(select(Reviewer.handle).where(col(Reviewer.id).in_(ids))))


def corrections_of(
    session: Session,
    *,
    slug: str,
    sources: list[str],
    handles: set[str],
    shown: set[tuple[str, int | None]],
) -> list[Correction]:
    """The corrections an article's bundle carries: of the article and of the events,
    sources and reviewers the bundle holds."""
    rows = session.exec(
        select(Correction)
        .where(
            or_(
                col(Correction.record) == slug,
                col(Correction.record).in_(sources),
                col(Correction.record).in_(handles),
            )
        )
        .order_by(col(Correction.id))
    )
    out = []
    for c in rows:
        if c.kind == "withdraw":
            keep = (c.subject, c.event_id) in shown or (c.subject == "retire" and c.record == slug)
        elif c.subject == "article":
            keep = c.record == slug
        else:
            keep = c.record in (sources if c.subject == "source" else handles)
        if keep:
            out.append(c)
    return out


def correction_event(c: Correction, handle: dict[int | None, str]) -> dict[str, Any]:
    from factcheck.bundles import _plain

    event: dict[str, Any] = {"event": c.kind, "recorded_at": _plain(c.recorded_at)}
    if c.kind == "edit":
        event |= {"subject": c.subject, "record": c.record, "field": c.field,
                  "old_value": c.old_value, "new_value": c.new_value}  # fmt: skip
    elif c.kind == "withdraw":
        event |= {"of": None, _TARGET: (c.subject, c.event_id)}
    event |= {"note": c.note, "reviewer": handle.get(c.reviewer_id)}
    event[REF] = ("retire", c.id) if c.kind == "retire" else None
    return event


def linked_events(events: list[dict[str, Any]], *, order: dict[str, int]) -> list[dict[str, Any]]:
    """Events in recorded order, each withdrawal naming its target by position."""
    events = sorted(events, key=lambda e: (e["recorded_at"], order[e["event"]]))
    position = {e[REF]: i for i, e in enumerate(events) if e[REF] is not None}
    for e in events:
        if _TARGET in e:
            e["of"] = position[e.pop(_TARGET)]
        del e[REF]
    return events
