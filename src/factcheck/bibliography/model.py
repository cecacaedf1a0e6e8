"""One bibliographic reference, whatever file or string it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from factcheck.errors import InputError


@dataclass
class Reference:
    title: str | None = None
    authors: list[str] = field(default_factory=list)  # "Family, Given" or an organisation
    container: str | None = None  # journal, publisher or website
    year: int | None = None
    month: int | None = None
    day: int | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    kind: str = "paper"
    key: str | None = None  # the entry's key or position in its file, for messages

    @property
    def published(self) -> PartialDate | None:
        if self.year is None:
            return None
        return PartialDate.of(self.year, self.month, self.day if self.month else None)


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day ("2019", "2019-05", "2019-05-03")."""

    value: date  # the first day of what is known
    precision: str  # year | month | day

    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> PartialDate:
        try:
            value = date(year, month or 1, day or 1)
        except ValueError:
            shown = "-".join(str(p) for p in (year, month, day) if p is not None)
            raise InputError(f"not a real date: {shown}") from None
        return cls(value, "day" if day else "month" if month else "year")

    def __str__(self) -> str:
        return format_partial(self.value, self.precision)


def format_partial(value: date, precision: str) -> str:
    """ISO, cut to what is known: 2019, 2019-05 or 2019-05-03."""
    iso = value.isoformat()
    return iso[:4] if precision == "year" else iso[:7] if precision == "month" else iso


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(text: str, *, what: str = "--published date") -> PartialDate:
    """``2019``, ``2019-05`` or ``2019-05-03``: a source's date is often only a year."""
    m = _PARTIAL.match(text.strip())
    if not m:
        raise InputError(f"bad {what}: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in m.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise InputError(f"bad {what}: {text!r} (no month {month})")
    try:
        return PartialDate.of(year, month, day)
    except InputError:
        raise InputError(f"bad {what}: {text!r} (not a real day)") from None
