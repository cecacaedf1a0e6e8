"""Sources from reference files and printed citations, matched to those we have."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from factcheck.bibliography.model import Reference
from factcheck.errors import InputError
from factcheck.models import Source
from factcheck.settings import SOURCE_KINDS
from factcheck.store.sources import add_source


@dataclass(frozen=True)
class Imported:
    key: str | None
    source: str | None  # the source id; None when the entry was skipped
    state: str  # registered | matched | skipped
    title: str | None
    reason: str | None = None


def register_reference(*, session: Session, ref: Reference) -> tuple[Source, bool]:
    """Register one reference (or match it to the source already registered)."""
    published = ref.published
    return add_source(
        session=session,
        doi=ref.doi,
        pmid=ref.pmid,
        url=ref.url,
        title=ref.title,
        kind=ref.kind if ref.kind in SOURCE_KINDS else "other",
        authors="; ".join(ref.authors) or None,
        published=published.value if published else None,
        published_precision=published.precision if published else "day",
        publisher=ref.container,
    )


def import_references(*, session: Session, refs: list[Reference]) -> list[Imported]:
    """One source per entry; an entry with a malformed identifier or nothing to
    identify it is skipped and reported, the rest are registered or matched."""
    out = []
    for ref in refs:
        try:
            with session.begin_nested():  # a skipped entry leaves nothing behind
                source, new = register_reference(session=session, ref=ref)
        except InputError as exc:
            out.append(Imported(ref.key, None, "skipped", ref.title, str(exc)))
            continue
        state = "registered" if new else "matched"
        out.append(Imported(ref.key, source.id, state, source.title))
    return out
