"""The tamper-evident history: appending to and verifying the hash chains.

Each event table is its own chain, ordered by id: a row's ``hash`` covers its
content and the previous row's hash. Editing, deleting or inserting a row behind
the tool's back breaks the chain at that row, which ``verify`` reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

from sqlmodel import Session, col, select

from factcheck.db import serialize
from factcheck.models import LEDGER_TABLES, ChainedEvent

E = TypeVar("E", bound=ChainedEvent)


def append(session: Session, event: E) -> E:
    """Chain ``event`` to the tip of its table and add it to the session."""
    table = type(event)
    serialize(session, f"chain.{table.__tablename__!s}")  # writers to one chain queue
    tip = session.exec(
        select(table.hash).order_by(col(table.id).desc()).limit(1)  # type: ignore[attr-defined]
    ).first()
    event.prev_hash = tip or ""
    event.hash = event.compute_hash()
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class Break:
    table: str
    row_id: int | None
    problem: str

    def __str__(self) -> str:
        return f"{self.table} row {self.row_id}: {self.problem}"


def verify(session: Session) -> tuple[int, list[Break]]:
    """Recompute every chain; return how many rows were checked and every break."""
    checked, breaks = 0, []
    for table in LEDGER_TABLES:
        expected_prev = ""
        for row in _rows(session, table):
            checked += 1
            name = str(table.__tablename__)
            if row.prev_hash != expected_prev:
                breaks.append(
                    Break(
                        name,
                        row.id,
                        "does not follow the row before it "
                        "(a row was removed, inserted or reordered)",
                    )
                )
            elif row.hash != row.compute_hash():
                breaks.append(
                    Break(
                        name, row.id, "content does not match its hash (edited outside factcheck)"
                    )
                )
            expected_prev = row.hash
    return checked, breaks


def _rows(session: Session, table: type[E]) -> Iterator[E]:
    stmt = (
        select(table)
        .order_by(col(table.id))
        .execution_options(  # type: ignore[attr-defined]
            yield_per=2000
        )
    )
    yield from session.exec(stmt)
