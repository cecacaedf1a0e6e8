"""Normalising and checking the identifiers users type: DOIs, PMIDs, URLs, slugs, dates."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from urllib.parse import unquote, urlsplit

from factcheck.errors import InputError

# Crossref's advice for modern DOIs: "10." + 4-9 digit registrant + "/" + suffix.
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = (
    "https://doi.org/",
    "http://doi.org/",
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "doi.org/",
    "dx.doi.org/",
    "doi:",
)


def optional_text(value: str | None) -> str | None:
    """Free text as stored: stripped, and None when nothing is left."""
    return (value or "").strip() or None


def normalize_doi(value: str) -> str:
    """``https://doi.org/10.1126/SCIENCE.1190287`` → ``10.1126/science.1190287``.

    DOIs are case-insensitive, so the lower-case form is the one we store and match.
    """
    doi = unquote(value.strip())
    for prefix in _DOI_PREFIXES:
        if doi.lower().startswith(prefix):
            doi = doi[len(prefix) :].strip()
            break
    doi = doi.rstrip(".,;").lower()
    if not _DOI.match(doi):
        raise InputError(f"not a DOI: {value!r} (expected something like 10.1126/science.1190287)")
    return doi


def normalize_pmid(value: str) -> str:
    pmid = value.strip().removeprefix("PMID:").removeprefix("pmid:").strip()
    if not pmid.isdigit() or not 1 <= len(pmid) <= 9 or int(pmid) == 0:
        raise InputError(f"not a PubMed id: {value!r} (expected digits, like 20724638)")
    return str(int(pmid))


def check_url(value: str) -> str:
    """Accept only absolute http(s) URLs: anything else could be a ``javascript:`` trap."""
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in url:
        raise InputError(f"not an http(s) URL: {value!r}")
    return url


def is_safe_url(value: str | None) -> bool:
    if not value:
        return False
    try:
        check_url(value)
    except InputError:
        return False
    return True


def slugify(title: str, *, max_length: int = 60) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > max_length:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "article"


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def check_slug(value: str) -> str:
    if not _SLUG.match(value):
        raise InputError(f"not a valid slug: {value!r} (lower-case letters, digits and hyphens)")
    return value


def parse_statement_id(value: str) -> tuple[str, int]:
    slug, sep, n = value.rpartition(":")
    if not sep or not slug or not n.isdigit():
        raise InputError(f"not a statement id: {value!r} (expected SLUG:N, like ketamine:3)")
    return slug, int(n)


# ``date.fromisoformat`` also takes 20240101 and 2024-W01-1; help says YYYY-MM-DD,
# so input is held to exactly that.
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", re.ASCII)
PRECISIONS = ("year", "month", "day")


def parse_date(value: str, *, what: str = "date") -> date:
    """ISO ``YYYY-MM-DD`` only: on input we never guess between 08/09 and 09/08."""
    text = value.strip()
    try:
        if not _DAY.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"bad {what}: {value!r} (expected YYYY-MM-DD, a real day)") from None


def parse_partial_date(value: str, *, what: str = "date") -> tuple[date, str]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: a date as precise as the source gives it.

    Returns the first day it can mean and its precision (year, month or day).
    """
    found = _PARTIAL.match(value.strip())
    try:
        if not found:
            raise ValueError(value)
        year, month, day = found.groups()
        if day is not None and month is None:
            raise ValueError(value)
        when = date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise InputError(
            f"bad {what}: {value!r} (expected YYYY-MM-DD, or YYYY-MM or YYYY when the "
            "source gives no more)"
        ) from None
    return when, PRECISIONS[sum(part is not None for part in (month, day))]


def format_partial_date(when: date | None, precision: str) -> str | None:
    """A date printed no more precisely than it is known: 2019, 2019-03 or 2019-03-14."""
    if when is None:
        return None
    return {"year": f"{when.year:04d}", "month": f"{when.year:04d}-{when.month:02d}"}.get(
        precision, when.isoformat()
    )


def source_id(*, doi: str | None, pmid: str | None, url: str | None, title: str | None) -> str:
    """A short id that is the same in every workspace for the same source."""
    key = (
        f"doi:{doi}"
        if doi
        else f"pmid:{pmid}"
        if pmid
        else f"url:{url}"
        if url
        else f"title:{(title or '').strip().lower()}"
    )
    return "src-" + hashlib.sha256(key.encode()).hexdigest()[:8]
