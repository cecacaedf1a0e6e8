"""The one place that appends to the ledger, called by the hook on every session's
flush (:mod:`factcheck.ledger.hook`).

Whatever code adds, changes or deletes a row through the ORM, the flush that
writes it also writes one ledger entry per row, in the same transaction, so no
write can reach the database without its entry and no module needs ledger code.
New tables are covered with no code here: a ChainedEvent subclass is history
(insert only), any other table is a record whose every change is an entry
(except the caches named in ``models.UNRECORDED_TABLES``).

An entry's hash covers the row's key, so new rows get their key before the flush
(the next id, taken under the writer lock that serialises every writer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Integer, func, inspect, select, text
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import col

from factcheck.errors import FactcheckError
from factcheck.identity import current_actor
from factcheck.ledger import keys
from factcheck.ledger.content import (
    content_hash,
    entry_hash,
    history_tables,
    layout,
    recorded,
    row_key,
    timestamp,
)
from factcheck.ledger.hook import STATE
from factcheck.models import ChainedEvent, LedgerEntry, WorkspaceMeta, utcnow


class HistoryError(FactcheckError):
    """A history row was about to be changed or deleted: a bug, never user input."""


@dataclass
class Tip:
    """The chain's end as this transaction sees it, and the ids it hands out."""

    key: bytes
    actor: str
    seq: int
    hash: str
    next_ids: dict[str, int] = field(default_factory=dict)


def tip_of(session: OrmSession) -> Tip:
    """This transaction's tip, read once after taking the writer lock."""
    found = session.info.get(STATE)
    if found is not None:
        return found  # type: ignore[no-any-return]
    from factcheck.db import WRITER_LOCK, serialize

    # Re-entrant: session_scope(write=True) holds it already; any other writer waits here.
    serialize(session, WRITER_LOCK)  # type: ignore[arg-type]
    conn = session.connection()
    last = conn.execute(
        select(LedgerEntry.seq, LedgerEntry.hash)  # type: ignore[call-overload]
        .order_by(LedgerEntry.seq.desc())  # type: ignore[attr-defined]
        .limit(1)
    ).first()
    stored = conn.execute(
        select(col(WorkspaceMeta.value)).where(col(WorkspaceMeta.key) == keys.META_KEY)
    ).scalar()
    key = keys.load_key(create=last is None and stored is None)
    keys.check_key(key, stored)
    if stored is None:
        session.merge(WorkspaceMeta(key=keys.META_KEY, value=keys.key_id(key)))
    tip = Tip(key, current_actor(session), last[0] if last else 0, last[1] if last else "")
    session.info[STATE] = tip
    return tip


def record(session: OrmSession) -> None:
    """One ledger entry for each covered row the coming flush inserts, updates or
    deletes, appended to the chain in the same transaction."""
    changes = [(obj, "insert") for obj in session.new if _covered(obj)]
    changes += [
        (obj, "update")
        for obj in session.dirty
        if _covered(obj) and session.is_modified(obj, include_collections=False)
    ]
    changes += [(obj, "delete") for obj in session.deleted if _covered(obj)]
    if not changes:
        return
    tip = tip_of(session)
    history = history_tables()
    for obj, kind in changes:
        table = obj.__table__
        if kind != "insert" and table.name in history:
            raise HistoryError(f"{table.name} is append-only history: refusing to {kind} a row")
        if kind == "insert":
            _assign_key(session, tip, obj)
        _append(session, tip, obj, kind)


def _covered(obj: Any) -> bool:
    table = getattr(obj, "__table__", None)
    return table is not None and recorded(table)


@cache
def _attributes(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The attribute names holding ``cls``'s key, and its hashed columns in order."""
    mapper: Any = inspect(cls)
    table = mapper.local_table
    attr = {c.name: mapper.get_property_by_column(c).key for c in table.columns}
    return (
        tuple(attr[c.name] for c in table.primary_key),
        tuple(attr[name] for name, _ in layout(table)),
    )


def _append(session: OrmSession, tip: Tip, obj: Any, kind: str) -> None:
    table = obj.__table__
    keys_, hashed = _attributes(type(obj))  # type: ignore[arg-type]
    key = row_key([getattr(obj, a) for a in keys_])
    if kind == "delete":
        content = ""
    else:
        content = content_hash(layout(table), (getattr(obj, a) for a in hashed))
    at = utcnow()
    tip.seq += 1
    fields = [tip.seq, kind, table.name, key, tip.actor, timestamp(at), content]
    new_hash = entry_hash(tip.key, tip.hash, fields)
    if isinstance(obj, ChainedEvent):
        obj.prev_hash, obj.hash = tip.hash, new_hash
    session.add(
        LedgerEntry(
            seq=tip.seq,
            kind=kind,
            table_name=table.name,
            row_key=key,
            actor=tip.actor,
            recorded_at=at,
            content=content,
            prev=tip.hash,
            hash=new_hash,
        )
    )
    tip.hash = new_hash


def _assign_key(session: OrmSession, tip: Tip, obj: Any) -> None:
    """Give a new row its id now, as the database would have on insert."""
    table = obj.__table__
    pk = list(table.primary_key)
    if len(pk) != 1 or not isinstance(pk[0].type, Integer):
        return  # a natural key (a source's id) is set by the caller
    column = pk[0]
    attr = inspect(type(obj)).get_property_by_column(column).key
    if getattr(obj, attr) is not None:
        return
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # The serial sequence, so ids stay in step with rows inserted any other way;
        # moved past the highest id when rows were inserted with ids of their own.
        names = {"t": table.name, "c": column.name}
        value = conn.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, :c))"), names
        ).scalar_one()
        top = conn.execute(select(func.coalesce(func.max(column), 0))).scalar_one()
        if value <= top:
            value = conn.execute(
                text("SELECT setval(pg_get_serial_sequence(:t, :c), :v)"), {**names, "v": top + 1}
            ).scalar_one()
    else:
        if table.name not in tip.next_ids:
            top = conn.execute(select(func.max(column))).scalar()
            tip.next_ids[table.name] = (top or 0) + 1
        value = tip.next_ids[table.name]
        tip.next_ids[table.name] += 1
    setattr(obj, attr, int(value))

