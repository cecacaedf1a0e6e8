"""Corrections in review bundles: withdrawals, edits and retirements, round-trip exact.

Row ids differ between workspaces, so a bundle's ``withdraw`` event names the event
it withdraws by its position in the bundle's event list (``of: 7``); importing maps
each position to the row it became here. Edits travel as history only: the bundle's
article, source and reviewer sections already hold the corrected values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, or_, select

from factcheck.models import (
    Article,
    ChainedEvent,
    CheckworthyMark,
    Correction,
    Link,
    Reviewer,
    SignOff,
    SourceStatusEvent,
    Verdict,
)
from factcheck.store.state import invalidate_article, invalidate_source

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


class CorrectionReplay:
    """The importer's replay of correction events (mixed into ``bundles._Importer``)."""

    session: Session
    slug: str
    article_id: int
    reviewers: dict[str, int]
    replayed: list[tuple[str, int] | None]
    shared: tuple[str, int] | None = None  # a source event this workspace already held

    def _ref(self, kind: str, row: ChainedEvent | None) -> tuple[str, int] | None:
        """What a replayed event became here, for a later withdrawal to name."""
        if row is None:
            found, self.shared = self.shared, None
            return found
        kinds = {Verdict: "verdict", Link: "link", SignOff: "signoff",
                 SourceStatusEvent: "source-status", CheckworthyMark: "mark"}  # fmt: skip
        name = "retire" if kind == "retire" else kinds.get(type(row))  # type: ignore[call-overload]
        return (name, row.id) if name and row.id is not None else None

    def _who(self, e: dict[str, Any]) -> int | None:
        return self.reviewers[e["reviewer"]] if e.get("reviewer") else None

    def _withdraw(self, e: dict[str, Any], at: datetime) -> Correction | None:
        position = e["of"]
        known = isinstance(position, int) and 0 <= position < len(self.replayed)
        target = self.replayed[position] if known else None
        if target is None:
            raise ValueError(f"withdraw names no earlier event of the bundle ({position!r})")
        subject, event_id = target
        record = self.slug
        if subject == "source-status":
            source = self.session.get(SourceStatusEvent, event_id)
            assert source is not None
            record = source.source_id
            if self._exists(Correction.event_id == event_id, Correction.subject == subject):
                return None  # shared with another article's bundle: recorded once
            invalidate_source(self.session, record)
        elif subject == "retire":
            self._set_retired(False)
        return Correction(kind="withdraw", subject=subject, event_id=event_id, record=record,
                          note=e["note"], reviewer_id=self._who(e), recorded_at=at)  # fmt: skip

    def _edit(self, e: dict[str, Any], at: datetime) -> Correction | None:
        subject = e["subject"]
        if subject not in ("article", "source", "reviewer"):
            raise ValueError(f"unknown edit subject {subject!r}")
        record = self.slug if subject == "article" else e["record"]
        if subject != "article" and self._exists(
            Correction.subject == subject,
            Correction.record == record,
            Correction.field == e["field"],
            Correction.recorded_at == at,
        ):
            return None  # a source or reviewer shared with another bundle: recorded once
        return Correction(kind="edit", subject=subject, record=record, field=e["field"],
                          old_value=e["old_value"], new_value=e["new_value"],
                          reviewer_id=self._who(e), note=e.get("note"), recorded_at=at)  # fmt: skip

    def _retire(self, e: dict[str, Any], at: datetime) -> Correction:
        self._set_retired(True)
        return Correction(kind="retire", subject="article", record=self.slug, note=e["note"],
                          reviewer_id=self._who(e), recorded_at=at)  # fmt: skip

    def _set_retired(self, retired: bool) -> None:
        article = self.session.get(Article, self.article_id)
        assert article is not None
        article.retired = retired
        self.session.add(article)
        invalidate_article(self.session, self.article_id)

    def _exists(self, *where: Any) -> bool:
        return self.session.exec(select(Correction.id).where(*where)).first() is not None
