"""Proving the record intact: recompute the chain, then every row against it.

First every entry, in order: it must follow the one before (``prev``), carry the
next number, and hash (HMAC) to its ``hash``. Then every row of every recorded
table: its content must equal that of the latest entry for it, a history row must
have exactly the entry whose hash it carries, and no entry may name a row that is
gone. So an edit, deletion, insertion or reordering anywhere is found; truncating
the tail is found given an earlier head (``anchor``) to look for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

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
from factcheck.models import LedgerEntry, WorkspaceMeta

BATCH = 5000


@dataclass(frozen=True)
class Break:
    table: str
    row: str | None
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.table} row {self.row}: {self.reason}"
            if self.row
            else (f"{self.table}: {self.reason}")
        )


@dataclass(frozen=True)
class Outcome:
    events: int
    head: str | None
    broken: Break | None


def head(session: Session) -> tuple[int, str | None]:
    """How many entries there are, and the newest one's hash."""
    last = session.execute(
        select(LedgerEntry.seq, LedgerEntry.hash)  # type: ignore[call-overload]
        .order_by(LedgerEntry.seq.desc())  # type: ignore[attr-defined]
        .limit(1)
    ).first()
    return (int(last[0]), str(last[1])) if last else (0, None)


def verify(session: Session, *, anchor: str | None = None) -> Outcome:
    """Check the whole ledger; the first break found, or none."""
    _snapshot(session)
    stored = session.get(WorkspaceMeta, keys.META_KEY)
    count, _ = head(session)
    latest: dict[tuple[str, str], tuple[str, str, str]] = {}
    if count == 0 and stored is None:
        # Nothing signed yet, so no key is needed; any row found is then unrecorded.
        events, tip, broken = 0, None, _anchor_break(anchor) if anchor else None
    else:
        key = keys.load_key(create=False)
        keys.check_key(key, stored.value if stored else None)
        events, tip, broken = _check_chain(session, key, latest, anchor)
    if broken is None:
        broken = _check_rows(session, latest)
    if broken is None:
        broken = _check_gone(latest)
    return Outcome(events, tip, broken)


def _snapshot(session: Session) -> None:
    # Read the ledger and the tables as of one moment, while writers go on (SQLite's
    # read transaction is a snapshot already).
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _anchor_break(anchor: str) -> Break:
    return Break(
        "ledger",
        None,
        f"anchor {anchor} is not in the ledger: entries up to it were removed or rewritten",
    )


def _check_chain(
    session: Session,
    key: bytes,
    latest: dict[tuple[str, str], tuple[str, str, str]],
    anchor: str | None,
) -> tuple[int, str | None, Break | None]:
    prev, seq, found_anchor = "", 0, anchor is None
    names = [c.name for c in LedgerEntry.__table__.columns]  # type: ignore[attr-defined]
    for row in _stream(session, "ledger", names, ["seq"]):
        seq += 1
        n, kind, table, key_, actor, at, content, row_prev, row_hash = row
        where = (table, key_)
        if n != seq or row_prev != prev:
            return (
                seq,
                prev,
                Break(
                    table,
                    key_,
                    f"ledger entry {n} does not follow entry {seq - 1} "
                    "(an entry was removed, inserted or reordered)",
                ),
            )
        fields = [n, kind, table, key_, actor, timestamp(at), content]
        if entry_hash(key, prev, fields) != row_hash:
            return (
                seq,
                prev,
                Break(
                    table, key_, f"ledger entry {n} does not match its signature (edited or forged)"
                ),
            )
        latest[where] = (kind, content, row_hash)
        prev = row_hash
        found_anchor = found_anchor or row_hash == anchor
    if not found_anchor:
        assert anchor is not None
        return seq, prev or None, _anchor_break(anchor)
    return seq, prev or None, None


def _check_rows(
    session: Session, latest: dict[tuple[str, str], tuple[str, str, str]]
) -> Break | None:
    history = history_tables()
    for table in _tables():
        cols = layout(table)
        keys_ = list(table.primary_key)
        is_history = table.name in history
        extra = ["hash"] if is_history else []
        pk = [c.name for c in keys_]
        width = len(keys_)
        for row in _stream(session, table.name, [*pk, *(n for n, _ in cols), *extra], pk):
            key_ = row_key(row[:width])
            entry = latest.pop((table.name, key_), None)
            if entry is None or entry[0] == "delete":
                return Break(table.name, key_, "row is not in the ledger (added behind its back)")
            values = row[width : width + len(cols)]
            if content_hash(cols, values) != entry[1]:
                return Break(
                    table.name, key_, "content does not match the ledger (edited behind its back)"
                )
            if is_history and row[-1] != entry[2]:
                return Break(table.name, key_, "row carries another entry's hash (swapped)")
    return None


def _check_gone(latest: dict[tuple[str, str], tuple[str, str, str]]) -> Break | None:
    for (table, key_), (kind, _, _) in latest.items():
        if kind != "delete":
            return Break(table, key_, "row is in the ledger but gone (deleted behind its back)")
    return None


def _tables() -> Iterator[Table]:
    for table in SQLModel.metadata.sorted_tables:
        if recorded(table):
            yield table


def _stream(session: Session, table: str, columns: list[str], order: list[str]) -> Iterator[Any]:
    """Rows as the driver gives them: no type processing, which would cost more than
    the hashing (the converters accept SQLite's stored text as well as objects)."""
    quote = lambda name: f'"{name}"'  # noqa: E731
    sql = (
        f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)} "
        f"ORDER BY {', '.join(map(quote, order))}"
    )
    conn = session.connection().execution_options(stream_results=True)
    result = conn.exec_driver_sql(sql)
    while rows := result.fetchmany(BATCH):
        yield from rows
