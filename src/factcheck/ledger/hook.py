"""The ledger's hook on every session's flush, registered when :mod:`factcheck.models`
loads: no mapped object can be written before then.

The hook itself loads nothing: the recorder is imported by the first flush that writes
a row. A command that only reads, ``due`` on an archive, reads on a plain connection
(:func:`factcheck.db.reading`) and loads neither the ORM nor this hook.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction

STATE = "factcheck.ledger"  # session.info's key for the transaction's chain tip


@event.listens_for(OrmSession, "before_flush")
def _record(session: OrmSession, _flush: UOWTransaction, _instances: Any) -> None:
    if session.new or session.dirty or session.deleted:
        from factcheck.ledger.recorder import record

        record(session)


@event.listens_for(OrmSession, "after_commit")
@event.listens_for(OrmSession, "after_rollback")
def _forget(session: OrmSession) -> None:
    session.info.pop(STATE, None)


@event.listens_for(OrmSession, "after_soft_rollback")
def _forget_savepoint(session: OrmSession, _previous: Any) -> None:
    # A rolled-back savepoint took its entries with it: read the tip again.
    session.info.pop(STATE, None)
