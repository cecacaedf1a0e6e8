"""Which events were withdrawn: the filter every derived fact reads events through.

Kept apart from :mod:`factcheck.store.corrections` (which writes corrections and
invalidates the state cache) so the readers of events can import it without a cycle.
It queries the correction table's handle, not the model, so a read-only command that
filters events (``check``) never builds the mapped classes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select

from factcheck.store.tables import correction


def event_ref(kind: str, row_id: int | None) -> str:
    """The stable id of an event, as ``history`` prints it and ``withdraw`` takes it."""
    return f"{kind}:{row_id}"


def withdrawn_ids(kind: str) -> Any:
    """A subquery of the ids of the ``kind`` events that were withdrawn."""
    c = correction.c
    return select(c.event_id).where(
        c.kind == "withdraw",
        c.subject == kind,
        c.event_id.is_not(None),  # NOT IN over a NULL matches nothing
    )


def live(kind: str, id_column: Any) -> ColumnElement[bool]:
    """A filter keeping only the events of ``kind`` that were not withdrawn."""
    # A model's attribute or a handle's column: both are SQL expressions.
    return id_column.not_in(withdrawn_ids(kind))  # type: ignore[no-any-return]
