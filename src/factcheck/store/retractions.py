"""Matching a Retraction Watch list against our sources, offline.

The list is the Retraction Watch CSV layout (``OriginalPaperDOI``,
``OriginalPaperPubMedID``, ``RetractionNature``, ``RetractionDate``, ``Reason`` …).
Each row that names one of our sources by normalised DOI or PMID becomes a source
status event, once: a second run over the same list records nothing new.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from factcheck.encoding import refuse_broken_utf8
from factcheck.errors import InputError
from factcheck.identifiers import normalize_doi, normalize_pmid
from factcheck.models import Source, SourceStatusEvent
from factcheck.store.sources import record_status

NATURES = {
    "retraction": "retracted",
    "correction": "corrected",
    "expression of concern": "concern",
    "reinstatement": "active",
}
REQUIRED = ("OriginalPaperDOI", "OriginalPaperPubMedID", "RetractionNature", "RetractionDate")


@dataclass(frozen=True)
class Notice:
    doi: str | None
    pmid: str | None
    status: str
    effective_on: date
    note: str


@dataclass(frozen=True)
class Match:
    source_id: str
    status: str
    effective_on: date
    recorded: bool  # False: already on record from an earlier run


def read_notices(data: bytes, *, name: str) -> list[Notice]:
    """Parse the CSV; rows of other natures or with neither DOI nor PMID are skipped."""
    text = _decode(data, name)
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{name}: not a Retraction Watch list (no column {missing[0]!r})")
    notices = []
    for line, row in enumerate(reader, start=2):
        status = NATURES.get((row.get("RetractionNature") or "").strip().lower())
        doi, pmid = _doi(row["OriginalPaperDOI"]), _pmid(row["OriginalPaperPubMedID"])
        if status is None or not (doi or pmid):
            continue
        when = _date(row["RetractionDate"], name, line)
        reason = "; ".join(
            p.strip().lstrip("+") for p in (row.get("Reason") or "").split(";") if p.strip()
        )
        note = f"Retraction Watch: {row.get('RetractionNature', '').strip()}"
        if reason:
            note += f" ({reason})"
        notices.append(Notice(doi, pmid, status, when, note))
    return notices


def apply_notices(*, session: Session, notices: list[Notice]) -> list[Match]:
    sources = list(session.exec(select(Source)))
    by_doi = {s.doi: s for s in sources if s.doi}
    by_pmid = {s.pmid: s for s in sources if s.pmid}
    matches = []
    for n in notices:
        source = (by_doi.get(n.doi) if n.doi else None) or (by_pmid.get(n.pmid) if n.pmid else None)
        if source is None:
            continue
        known = session.exec(
            select(col(SourceStatusEvent.id)).where(
                col(SourceStatusEvent.source_id) == source.id,
                col(SourceStatusEvent.status) == n.status,
                col(SourceStatusEvent.effective_on) == n.effective_on,
            )
        ).first()
        if known is None:
            record_status(
                session=session,
                source=source,
                status=n.status,
                effective_on=n.effective_on,
                note=n.note,
                origin="retraction-list",
            )
        matches.append(Match(source.id, n.status, n.effective_on, recorded=known is None))
    return matches


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data:
        raise InputError(f"{name}: a binary file, not a CSV list")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        refuse_broken_utf8(data, name)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 or Windows-1252 text") from None


def _doi(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value or value.lower() in ("unavailable", "na", "n/a", "none"):
        return None
    try:
        return normalize_doi(value)
    except InputError:
        return None


def _pmid(value: str | None) -> str | None:
    value = (value or "").strip()
    try:
        return normalize_pmid(value) if value and value != "0" else None
    except InputError:
        return None


def _date(value: str | None, name: str, line: int) -> date:
    """Retraction Watch prints ``M/D/YYYY 0:00``; ISO dates are accepted too."""
    from datetime import datetime

    text = (value or "").strip().split(" ")[0]
    for fmt in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise InputError(f"{name}:{line}: bad RetractionDate {value!r}")
