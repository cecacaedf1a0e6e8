"""Normalising and checking the identifiers users type: DOIs, PMIDs, URLs, slugs, dates."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from urllib.parse import unquote, urlsplit

from factcheck.errors import InputError
from factcheck.escaping import shown

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
    # Trailing hyphens cannot occur (words are joined), so the result obeys the rule.
    return check_slug(slug or "article")


# The one slug rule. fullmatch, not match with "$": "$" also matches before a final
# newline, and a slug names files (reports/SLUG.html, reviews/SLUG.yaml), so "a/b",
# "../x", "" or a line break must never pass.
SLUG_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")
SLUG_RULE = "1-80 lower-case letters, digits and inner hyphens"


def is_slug(value: object) -> bool:
    return isinstance(value, str) and SLUG_PATTERN.fullmatch(value) is not None


def check_slug(value: object, *, what: str = "slug") -> str:
    """``value`` if it is a valid slug, else an InputError naming the rule."""
    if not is_slug(value):
        raise InputError(f"not a valid {what}: {shown(value)} ({SLUG_RULE})")
    assert isinstance(value, str)
    return value


def parse_statement_id(value: str) -> tuple[str, int]:
    slug, sep, n = value.rpartition(":")
    if not sep or not is_slug(slug) or not n.isascii() or not n.isdigit() or len(n) > 9:
        raise InputError(f"not a statement id: {shown(value)} (expected SLUG:N, like ketamine:3)")
    return slug, int(n)


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(value: str, *, what: str = "date") -> date:
    """ISO ``YYYY-MM-DD`` only: on input we never guess between 08/09 and 09/08."""
    text = value.strip()
    try:
        # fromisoformat alone also takes 20180808 and 2018-W32-3; help says YYYY-MM-DD.
        if not _ISO_DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"bad {what}: {shown(value)} (expected YYYY-MM-DD, a real day)") from None


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
