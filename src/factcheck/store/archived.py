"""Reading the archived source texts: what a quote is looked for in.

Apart from :mod:`factcheck.store.texts` (which archives texts and searches them, with
the models) and read through table handles, so that ``check``, which looks a quote up
when it was linked before its source's text was archived, never builds the mapped
classes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from factcheck.store.tables import source, sourcetext


@dataclass(frozen=True)
class Archived:
    source_id: str
    text: str
    pages: list[int]
    format: str


def archived_texts(*, conn: Connection, source_ids: list[str] | None) -> list[Archived]:
    """The latest archived text of each source named (or of every source with one).

    A text given with ``source add --text`` counts when nothing was attached since.
    """
    src, st = source.c, sourcetext.c
    if source_ids is None:
        ids = list(conn.execute(select(src.id).order_by(src.id)).scalars())
    else:
        ids = source_ids
    rows = conn.execute(
        select(st.source_id, st.text, st.pages, st.format)
        .where(st.source_id.in_(ids))
        .order_by(st.id)
    )
    attached = {row.source_id: row for row in rows}  # ordered by id: the last one wins
    out = []
    for sid in ids:
        if sid in attached:
            row = attached[sid]
            out.append(Archived(sid, row.text, json.loads(row.pages), row.format))
            continue
        legacy = conn.execute(select(src.text).where(src.id == sid)).scalar()
        if legacy:
            out.append(Archived(sid, legacy, [], "text"))
    return out


def archived_text(*, conn: Connection, source_id: str) -> Archived | None:
    found = archived_texts(conn=conn, source_ids=[source_id])
    return found[0] if found else None


def quote_found_now(
    *,
    conn: Connection,
    source_id: str,
    quote: str | None,
    recorded: bool | None,
    texts: dict[str, Archived | None] | None = None,
) -> bool | None:
    """A link's ``quote_found``: as recorded, or, for a quote linked before its source's
    text was archived, checked now (``texts`` keeps the texts read, for many links)."""
    if recorded is not None or not quote:
        return recorded
    from factcheck.evidence.quotes import quote_found

    texts = {} if texts is None else texts
    if source_id not in texts:
        texts[source_id] = archived_text(conn=conn, source_id=source_id)
    archived = texts[source_id]
    return quote_found(quote, archived.text) if archived else None
