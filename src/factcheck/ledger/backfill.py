"""Entries for rows written without the ORM: the migration that starts the ledger
(every existing row, in a fixed order: tables as their foreign keys order them,
rows by key) and bulk loaders such as the benchmark archive."""

from __future__ import annotations

from typing import Any

from sqlalchemy import MetaData, Table, bindparam, insert, inspect, select, text, update
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel, col

from factcheck.identity import os_login
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
from factcheck.models import LedgerEntry, WorkspaceMeta, utcnow

BATCH = 20_000


class Chainer:
    """Appends entries through one connection, buffering them for bulk inserts."""

    def __init__(self, conn: Connection, *, kind: str = "backfill") -> None:
        self.conn, self.kind = conn, kind
        stored = conn.execute(
            select(col(WorkspaceMeta.value)).where(col(WorkspaceMeta.key) == keys.META_KEY)
        ).scalar()
        last = conn.execute(
            select(LedgerEntry.seq, LedgerEntry.hash)  # type: ignore[call-overload]
            .order_by(LedgerEntry.seq.desc())  # type: ignore[attr-defined]
            .limit(1)
        ).first()
        self.key = keys.load_key(create=stored is None and last is None)
        keys.check_key(self.key, stored)
        if stored is None:
            conn.execute(
                insert(WorkspaceMeta.__table__).values(  # type: ignore[attr-defined]
                    key=keys.META_KEY, value=keys.key_id(self.key)
                )
            )
        self.seq, self.hash = (int(last[0]), str(last[1])) if last else (0, "")
        if conn.dialect.name == "postgresql":
            self.actor = str(conn.execute(text("SELECT session_user")).scalar_one())
        else:
            self.actor = os_login()
        self.pending: list[dict[str, Any]] = []

    def add(self, table: Table, row: dict[str, Any]) -> tuple[str, str]:
        """Chain one row (a dict of column values); return its ``(prev, hash)``."""
        cols = layout(table)
        key = row_key([row[c.name] for c in table.primary_key])
        content = content_hash(cols, (row.get(name) for name, _ in cols))
        at = utcnow()
        self.seq += 1
        fields = [self.seq, self.kind, table.name, key, self.actor, timestamp(at), content]
        prev, self.hash = self.hash, entry_hash(self.key, self.hash, fields)
        self.pending.append(
            dict(
                seq=self.seq,
                kind=self.kind,
                table_name=table.name,
                row_key=key,
                actor=self.actor,
                recorded_at=at,
                content=content,
                prev=prev,
                hash=self.hash,
            )
        )
        if len(self.pending) >= BATCH:
            self.flush()
        return prev, self.hash

    def flush(self) -> None:
        if self.pending:
            self.conn.execute(insert(LedgerEntry.__table__), self.pending)  # type: ignore[attr-defined]
            self.pending = []


def backfill(conn: Connection) -> int:
    """An entry for every row of every recorded table; history rows take their hashes.

    Run before the history tables' triggers exist (it updates ``prev_hash``/``hash``).
    """
    chainer = Chainer(conn)
    existing = set(inspect(conn).get_table_names())
    names = [t.name for t in SQLModel.metadata.sorted_tables if recorded(t) and t.name in existing]
    reflected = MetaData()
    reflected.reflect(conn, only=names)
    history = history_tables()
    count = 0
    for name in names:
        table = reflected.tables[name]
        rows = conn.execute(select(table).order_by(*table.primary_key)).mappings().all()
        moved = []
        for row in rows:
            prev, hash_ = chainer.add(table, dict(row))
            if name in history:
                moved.append({"k": row["id"], "p": prev, "h": hash_})
        chainer.flush()
        count += len(rows)
        if moved:
            stmt = (
                update(table)
                .where(table.c.id == bindparam("k"))
                .values(prev_hash=bindparam("p"), hash=bindparam("h"))
            )
            for i in range(0, len(moved), BATCH):
                conn.execute(stmt, moved[i : i + BATCH])
    return count


def rerecord(conn: Connection, table_name: str) -> int:
    """A new entry for every row of a record table, after a migration changed what its
    rows hold (a column added with a default that is not empty). History tables
    cannot be re-recorded: their rows carry their one entry's hash."""
    if table_name in history_tables():
        raise ValueError(f"{table_name} is history: add its columns with empty defaults")
    chainer = Chainer(conn, kind="update")
    reflected = MetaData()
    reflected.reflect(conn, only=[table_name])
    table = reflected.tables[table_name]
    rows = conn.execute(select(table).order_by(*table.primary_key)).mappings().all()
    for row in rows:
        chainer.add(table, dict(row))
    chainer.flush()
    return len(rows)
