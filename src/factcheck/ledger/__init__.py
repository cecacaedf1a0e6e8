"""The tamper-evident record: one global hash chain over every write.

Every row the tool writes, to any table but the caches, gets an entry in the
``ledger`` table in the same transaction (:mod:`.recorder`, a hook on every flush,
is the one place that appends); ``verify`` recomputes the chain and every row
against it (:mod:`.verify`, imported by the commands that verify or name the head,
not by every command that opens the database); entries are signed with a key kept
outside the database (:mod:`.keys`); triggers keep history append-only
(:mod:`.guards`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlmodel import Session

    from factcheck.models import ChainedEvent

E = TypeVar("E", bound="ChainedEvent")

__all__ = ["append"]


def append(session: Session, event: E) -> E:
    """Add a history event and write it now (its ledger entry and hash come with it)."""
    session.add(event)
    session.flush()
    return event
