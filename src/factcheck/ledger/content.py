"""What the ledger hashes: a row's content and an entry's place in the chain.

A row's content is every column's value, canonical by column type, so the hash
taken from the Python object when it is written equals the one recomputed from the
database row at verify time, on SQLite and on PostgreSQL. Empty values (NULL,
false, 0, "") are left out: a migration that adds a column with an empty default
changes no recorded row's content. (One that adds a column with another default
must re-record the table's rows; see :func:`factcheck.ledger.backfill.rerecord`.)
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Table

from factcheck.models import UNRECORDED_TABLES, ChainedEvent

Converter = Callable[[Any], Any]
CHAIN_COLUMNS = frozenset({"prev_hash", "hash"})  # a history row's place in the chain


def history_tables() -> frozenset[str]:
    """Every ChainedEvent table: append-only, whoever defined it."""
    found: set[str] = set()
    todo = list(ChainedEvent.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        name = getattr(cls, "__tablename__", None)
        if name and getattr(cls, "__table__", None) is not None:
            found.add(str(name))
    return frozenset(found)


def recorded(table: Table) -> bool:
    return table.name not in UNRECORDED_TABLES and not table.name.startswith("alembic")


def timestamp(value: Any) -> str:
    """UTC time as text; a naive value (as SQLite gives back) is UTC already."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            if value.tzinfo is not UTC:
                value = value.astimezone(UTC)
            value = value.replace(tzinfo=None)
        return value.isoformat(" ", "microseconds")
    return str(value)


def _day(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else str(value)


def _converter(column_type: Any) -> Converter:
    column_type = getattr(column_type, "impl_instance", column_type)  # a TypeDecorator
    if isinstance(column_type, Boolean):
        return bool
    if isinstance(column_type, Integer):
        return int
    if isinstance(column_type, Float):
        return float
    if isinstance(column_type, DateTime):
        return timestamp
    if isinstance(column_type, Date):
        return _day
    return str


@cache
def layout(table: Table) -> tuple[tuple[str, Converter], ...]:
    """The hashed columns of ``table`` in name order, each with its converter."""
    skip = CHAIN_COLUMNS if table.name in history_tables() else frozenset()
    return tuple(
        (c.name, _converter(c.type))
        for c in sorted(table.columns, key=lambda c: c.name)
        if c.name not in skip
    )


def content_hash(columns: Sequence[tuple[str, Converter]], values: Iterable[Any]) -> str:
    """SHA-256 of the non-empty ``values`` (in ``columns`` order) with their names.

    ``repr`` of a list of names and plain values is canonical and unambiguous (strings
    are quoted and escaped), and several times faster than JSON over a large archive.
    """
    items: list[Any] = []
    for (name, convert), value in zip(columns, values, strict=True):
        if value is not None:
            value = convert(value)
            if value:  # leave out NULL, false, 0 and ""
                items += (name, value)
    return hashlib.sha256(repr(items).encode("utf-8", "surrogatepass")).hexdigest()


def row_key(values: Sequence[Any]) -> str:
    return "/".join(str(v) for v in values)


def entry_hash(key: bytes, prev: str, fields: Sequence[Any]) -> str:
    """HMAC of an entry (seq, kind, table, row, actor, time, content) after ``prev``."""
    blob = repr([prev, *fields]).encode("utf-8", "surrogatepass")
    return hmac.digest(key, blob, "sha256").hex()  # the one-shot C path: 3x hmac.new
