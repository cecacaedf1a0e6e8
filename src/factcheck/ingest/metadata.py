"""Metadata from what pages really print: bylines, "last updated/reviewed" lines.

Dates are located with a pattern and parsed by dateutil; a date is only taken when
day, month and year are all printed, and only from a line that says what the date
is (an APA "Retrieved on ..." line is not the article's date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE = (
    rf"(?:\d{{4}}-\d{{2}}-\d{{2}}|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+{_DAY},?\s+\d{{4}})"
)
_DATE_RE = re.compile(DATE, re.IGNORECASE)
_NAME = r"(?P<name>[^—–|•\n]+?)"
_SEP = r"\s*(?:[—–|•·]|\s-\s|$)\s*"

# (field, pattern). Each pattern names a ``date`` and/or a ``name`` group.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "next_review_due",
        re.compile(rf"(?:next )?review (?:due|date)\s*:?\s*(?P<date>{DATE})", re.I),
    ),
    ("published", re.compile(rf"date of (?:issue|publication)\s*:?\s*(?P<date>{DATE})", re.I)),
    (
        "reviewed",
        re.compile(
            rf"(?:page |article )?last reviewed\s*:?\s*(?:by\s+{_NAME}\s+on\s+)?(?P<date>{DATE})",
            re.I,
        ),
    ),
    (
        "reviewed",
        re.compile(
            rf"(?:medically|scientifically|fact)[- ]?(?:reviewed|checked) by\s+{_NAME}"
            rf"(?:\s*(?:,|on)\s*(?P<date>{DATE}))?{_SEP}",
            re.I,
        ),
    ),
    (
        "published",
        re.compile(rf"\(\s*originally(?: published)?\s*:?\s*(?:on\s+)?(?P<date>{DATE})", re.I),
    ),
    ("updated", re.compile(rf"(?:last )?updated\s*(?:on)?\s*:?\s*(?P<date>{DATE})", re.I)),
    (
        "published",
        re.compile(rf"(?:first |originally )?published\s*(?:on)?\s*:?\s*(?P<date>{DATE})", re.I),
    ),
    ("author", re.compile(rf"(?:written|reported) by\s+{_NAME}{_SEP}", re.I)),
    ("author", re.compile(r"^\s*[Bb]y\s+(?P<name>(?:[A-Z][\w.'-]*\s*){2,4})(?:\s*[,|—–·•-]|$)")),
]
_MAX_BYLINE = 240
_LABEL_ONLY = re.compile(
    r"^\s*(?:scientifically|medically|expert)[- ]reviewed\s*$|^\s*fact[- ]checked\s*$", re.I
)


@dataclass
class Byline:
    """What the byline and review lines of one article said."""

    author: str | None = None
    published: date | None = None
    updated: date | None = None
    reviewed: date | None = None
    reviewed_by: str | None = None
    next_review_due: date | None = None

    def merge(self, other: Byline) -> None:
        """Fill fields still empty from ``other``."""
        for key in ("author", "published", "updated", "reviewed", "reviewed_by", "next_review_due"):
            if getattr(self, key) is None:
                setattr(self, key, getattr(other, key))


def parse_date(value: str | None) -> date | None:
    """A full day-month-year date in any usual English form, else None."""
    if not value:
        return None
    found = _DATE_RE.search(value)
    if not found:
        return None
    from dateutil import parser

    try:
        return parser.parse(found.group(0), default=datetime(1900, 1, 1), fuzzy=True).date()
    except (ValueError, OverflowError):
        return None


def parse_iso_or_text(value: object) -> date | None:
    """A date from front matter or JSON-LD: a date object, ISO text or English text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    iso = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    return parse_date(value)


def is_review_label(line: str) -> bool:
    """A bare "Scientifically Reviewed" / "Fact checked" badge."""
    return bool(_LABEL_ONLY.match(line))


def read_byline(line: str) -> Byline | None:
    """The metadata one line prints, or None when it prints none."""
    line = line.strip()
    if len(line) > _MAX_BYLINE:
        return None
    found = Byline()
    first = len(line)
    for key, pattern in _RULES:
        match = pattern.search(line)
        if not match:
            continue
        first = min(first, match.start())
        groups = match.groupdict()
        _store(found, key, groups.get("name"), groups.get("date"))
    # A byline starts with its keyword; a sentence that mentions a date is prose.
    if found == Byline() or first > 3:
        return None
    return found


def _store(found: Byline, key: str, name: str | None, when: str | None) -> None:
    day = parse_date(when)
    if key == "author":
        if found.author is None and name:
            found.author = _clean_name(name)
    elif key == "reviewed":
        if found.reviewed_by is None and name:
            found.reviewed_by = _clean_name(name)
        if found.reviewed is None:
            found.reviewed = day
    elif getattr(found, key) is None and day is not None:
        setattr(found, key, day)


def _clean_name(name: str) -> str:
    name = re.sub(r"^\s*by\s+", "", name.strip(), flags=re.I)
    return name.strip(" ,;:—–-")
