"""Sources (papers, press releases, guidelines…) and their status events."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from factcheck import ledger
from factcheck.bibliography.model import format_partial
from factcheck.errors import InputError, NotFound
from factcheck.identifiers import (
    check_url,
    normalize_doi,
    normalize_pmid,
    optional_text,
    source_id,
)
from factcheck.identity import authorize
from factcheck.models import Correction, Source, SourceStatusEvent, utcnow
from factcheck.settings import SOURCE_KINDS
from factcheck.store.state import invalidate_source
from factcheck.store.withdrawn import live

KINDS = SOURCE_KINDS
STATUSES = ("active", "corrected", "retracted", "superseded", "concern")


def add_source(
    *,
    session: Session,
    doi: str | None = None,
    pmid: str | None = None,
    url: str | None = None,
    title: str | None = None,
    kind: str | None = None,
    authors: str | None = None,
    published: date | None = None,
    published_precision: str = "day",
    publisher: str | None = None,
    text: str | None = None,
    created_at: datetime | None = None,
) -> tuple[Source, bool]:
    """Register a source; return it and whether it is new.

    Registering the same DOI (or PMID, or URL) twice returns the existing source.
    """
    doi = normalize_doi(doi) if doi else None
    pmid = normalize_pmid(pmid) if pmid else None
    url = check_url(url) if url else None
    title = optional_text(title)
    if not (doi or pmid or url or title):
        raise InputError("a source needs at least one of --doi, --pmid, --url or --title")
    kind = kind or ("paper" if doi or pmid else "web" if url else "other")
    if kind not in KINDS:
        raise InputError(f"unknown source kind {kind!r} (one of: {', '.join(KINDS)})")
    sid = source_id(doi=doi, pmid=pmid, url=url, title=title)
    existing = session.get(Source, sid) or find_existing(
        session=session, doi=doi, pmid=pmid, url=url, title=title
    )
    if existing:
        return existing, False
    authorize(session=session, action="source")
    source = Source(
        id=sid,
        kind=kind,
        title=title,
        doi=doi,
        pmid=pmid,
        url=url,
        authors=optional_text(authors),
        published=published,
        published_precision=published_precision if published else "day",
        publisher=optional_text(publisher),
        text=text,
        created_at=created_at or utcnow(),
    )
    session.add(source)
    session.flush()
    return source, True


def find_existing(
    *,
    session: Session,
    doi: str | None,
    pmid: str | None,
    url: str | None,
    title: str | None,
) -> Source | None:
    """A registered source that is the same work: same DOI, else PMID, else URL, else
    (when the new one has no identifier) the same title, ignoring case and spacing."""
    for column, value in ((Source.doi, doi), (Source.pmid, pmid), (Source.url, url)):
        if value:
            found = session.exec(select(Source).where(col(column) == value)).first()
            if found:
                return found
    if title and not (doi or pmid or url):
        key = " ".join(title.split()).casefold()
        for candidate in session.exec(select(Source).where(col(Source.title).is_not(None))):
            if " ".join((candidate.title or "").split()).casefold() == key:
                return candidate
    return None
def edit_source(
    *,
    session: Session,
    ref: str,
    changes: dict[str, Any],
    reviewer: str | None = None,
) -> list[Correction]:
    """Correct a source's metadata; each changed field is recorded as an edit event.

    ``changes`` holds the options given, as typed (``published`` as a (date, precision)
    pair); its id stays what it was, so links and bundles keep pointing at it.
    """
    from factcheck.store.corrections import record_edits

    source = get_source(session=session, ref=ref)
    if not changes:
        raise InputError(
            "nothing to edit: give at least one of --doi, --pmid, --url, --title, --kind, "
            "--authors, --published, --publisher or --text"
        )
    fields = dict(changes)
    published = fields.pop("published", None)
    for name, check in (("doi", normalize_doi), ("pmid", normalize_pmid), ("url", check_url)):
        if name in fields:
            fields[name] = check(fields[name]) if fields[name].strip() else None
    for name in ("title", "authors", "publisher"):
        if name in fields:
            fields[name] = optional_text(fields[name])
    if "kind" in fields and fields["kind"] not in KINDS:
        raise InputError(f"unknown source kind {fields['kind']!r} (one of: {', '.join(KINDS)})")
    doi = fields.get("doi")
    if doi and (other := _by_doi(session, doi)) is not None and other.id != source.id:
        raise InputError(f"DOI {doi} already belongs to source {other.id}")
    after = {k: fields.get(k, getattr(source, k)) for k in ("doi", "pmid", "url", "title")}
    if not any(after.values()):
        raise InputError("a source needs at least one of --doi, --pmid, --url or --title")
    edits = record_edits(
        session=session,
        subject="source",
        record=source.id,
        target=source,
        changes=fields,
        reviewer=reviewer,
    )
    if published is not None:
        edits += _edit_published(session, source, published, reviewer)
    if any(e.field == "kind" for e in edits):
        invalidate_source(session, source.id)  # review intervals follow a source's kind
    return edits


def _shown(when: date | None, precision: str) -> str | None:
    return format_partial(when, precision) if when else None


def _edit_published(
    session: Session, source: Source, published: tuple[date | None, str], reviewer: str | None
) -> list[Correction]:
    """The publication date and its precision change together, as one edit: 2010 → 2010-08."""
    from factcheck.store.corrections import record_edit

    old = _shown(source.published, source.published_precision)
    new = _shown(*published)
    if old == new:
        return []
    source.published, source.published_precision = published
    session.add(source)
    edit = record_edit(
        session=session,
        subject="source",
        record=source.id,
        field="published",
        old=old,
        new=new,
        reviewer=reviewer,
    )
    return [edit]


def _by_doi(session: Session, doi: str) -> Source | None:
    return session.exec(select(Source).where(col(Source.doi) == doi)).first()


def get_source(*, session: Session, ref: str) -> Source:
    """A source by its id, or by DOI, PMID or URL."""
    ref = ref.strip()
    source = session.get(Source, ref)
    if source is None and ref.startswith(("10.", "doi:", "https://doi.org/", "http")):
        try:
            source = _by_doi(session, normalize_doi(ref))
        except InputError:
            source = session.exec(select(Source).where(col(Source.url) == ref)).first()
    if source is None and ref.isdigit():
        source = session.exec(select(Source).where(col(Source.pmid) == str(int(ref)))).first()
    if source is None:
        raise NotFound(f"no source {ref!r} (see `factcheck source list`)")
    return source


def list_sources(*, session: Session) -> list[Source]:
    return list(session.exec(select(Source).order_by(col(Source.kind), col(Source.id))))


def record_status(
    *,
    session: Session,
    source: Source,
    status: str,
    effective_on: date,
    note: str | None = None,
    origin: str = "manual",
    recorded_at: datetime | None = None,
) -> SourceStatusEvent:
    if status not in STATUSES:
        raise InputError(f"unknown source status {status!r} (one of: {', '.join(STATUSES)})")
    authorize(session=session, action="source-status")
    invalidate_source(session, source.id)
    return ledger.append(
        session,
        SourceStatusEvent(
            source_id=source.id,
            status=status,
            effective_on=effective_on,
            note=optional_text(note),
            origin=origin,
            recorded_at=recorded_at or utcnow(),
        ),
    )


def current_status(*, session: Session, source_id: str) -> str:
    event = session.exec(
        select(SourceStatusEvent)
        .where(
            col(SourceStatusEvent.source_id) == source_id,
            live("source-status", SourceStatusEvent.id),
        )
        .order_by(col(SourceStatusEvent.id).desc())
        .limit(1)
    ).first()
    return event.status if event else "active"


def register_detected(*, session: Session, slug: str, register: bool) -> list[dict[str, object]]:
    """The article's detected citations, each parsed into authors, title, journal and
    year; with ``register``, each one with a DOI, PMID or URL, or a parsed title and
    year, becomes (or is matched to) a registered source."""
    import json

    from factcheck.bibliography.parse import parse_citation
    from factcheck.store.articles import get_article
    from factcheck.store.references import register_reference

    article = get_article(session=session, slug=slug)
    rows: list[dict[str, object]] = []
    for d in json.loads(article.detected_sources or "[]"):
        ref = parse_citation(d.get("text") or "")
        ref.doi, ref.pmid, ref.url = (
            d.get("doi") or ref.doi,
            d.get("pmid") or ref.pmid,
            (d.get("url") or ref.url),
        )
        ref.container = ref.container or d.get("journal")
        if not ref.title and not (ref.doi or ref.pmid):
            ref.title = d.get("journal") or None  # "published in Science": the journal only
        row = {
            "text": d.get("text"),
            "doi": ref.doi,
            "pmid": ref.pmid,
            "url": ref.url,
            "journal": ref.container,
            "title": ref.title,
            "authors": ref.authors,
            "year": ref.year,
            "source": None,
        }
        citable = ref.doi or ref.pmid or ref.url or (ref.title and ref.year)
        if register and citable:
            ref.kind = "paper" if ref.doi or ref.pmid else "web" if ref.url else "other"
            try:
                with session.begin_nested():
                    source, _ = register_reference(session=session, ref=ref)
                row["source"] = source.id
            except InputError:
                pass  # a malformed citation stays listed, unregistered
        rows.append(row)
    return rows
