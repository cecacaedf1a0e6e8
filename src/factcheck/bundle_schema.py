"""The shape of a review bundle: every section's and event's fields, and their types.

A bundle is a file anyone can edit, so before anything is replayed every row is
checked against the tables below (each field and the kind of value it holds). A
missing or unknown field, a wrong type, an unknown event, a duplicate statement
number or events out of recorded order is refused with one line naming where.
A new event kind slots in with one :data:`EVENTS` entry: its fields, and the name of
its replay step in :mod:`factcheck.bundle_import`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from factcheck.errors import InputError
from factcheck.escaping import shown
from factcheck.identifiers import SLUG_RULE, check_url, is_slug

Bundle = dict[str, Any]


class _Bad(Exception):
    """A value is not of its field's kind; the message says what it should be."""


# --- kinds of value --------------------------------------------------------------------

Kind = Callable[[Any], Any]
_MAX_INT = 2**31 - 1  # both databases' INTEGER


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise _Bad("text")
    return value


def some_text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad("non-empty text")
    return value


def whole(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _MAX_INT:
        raise _Bad(f"a whole number from 0 to {_MAX_INT}")
    return value


def count(value: Any) -> int:
    if whole(value) < 1:
        raise _Bad("a whole number from 1")
    return int(value)


def probability(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise _Bad("a number from 0 to 1")
    return float(value)


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad("true or false")
    return value


def day(value: Any) -> date:
    """A real day, YYYY-MM-DD (YAML may already have made it a date)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        found = value
    elif isinstance(value, str) and len(value) == 10:
        try:
            found = date.fromisoformat(value)
        except ValueError:
            raise _Bad("a real day, YYYY-MM-DD") from None
    else:
        raise _Bad("a real day, YYYY-MM-DD")
    if not 1000 <= found.year <= 9000:
        raise _Bad("a day between the years 1000 and 9000")
    return found


def moment(value: Any) -> datetime:
    """A recorded-at time in ISO 8601; a time without a zone is UTC, as we record."""
    if isinstance(value, datetime):
        found = value
    elif isinstance(value, str):
        try:
            found = datetime.fromisoformat(value)
        except ValueError:
            raise _Bad("a time, YYYY-MM-DDTHH:MM:SS+00:00") from None
    else:
        raise _Bad("a time, YYYY-MM-DDTHH:MM:SS+00:00")
    if not 1970 <= found.year <= 9000:
        raise _Bad("a time between the years 1970 and 9000")
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)


def optional(kind: Kind) -> Kind:
    def check(value: Any) -> Any:
        return None if value is None else kind(value)

    return check


def citations(value: Any) -> list[dict[str, str | None]]:
    """Detected sources: a list of mappings of text fields (stored as JSON)."""
    if not isinstance(value, list) or not all(
        isinstance(item, dict)
        and all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in item.items())
        for item in value
    ):
        raise _Bad("a list of mappings of text fields")
    return value


def offsets(value: Any) -> list[int]:
    """Where each page of a source's text starts: a rising list of character offsets."""
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value
    ):
        raise _Bad("a list of character offsets (whole numbers)")
    if value != sorted(value):
        raise _Bad("character offsets in rising order")
    return value


_SPAN_KEYS = {"text", "start", "end", "reason"}


def spans(value: Any) -> list[dict[str, Any]]:
    """A revision's set-aside spans: a list of {text, start, end, reason}."""
    if not isinstance(value, list) or not all(
        isinstance(a, dict)
        and set(a) == _SPAN_KEYS
        and isinstance(a["text"], str)
        and isinstance(a["reason"], str)
        and all(isinstance(a[k], int) and not isinstance(a[k], bool) for k in ("start", "end"))
        for a in value
    ):
        raise _Bad("a list of {text, start, end, reason}")
    return value


class Added:
    """A field added to bundles after some were written: ``default`` where it is absent."""

    def __init__(self, kind: Kind, default: Any) -> None:
        self.kind, self.default = kind, default

    def __call__(self, value: Any) -> Any:
        return self.kind(value)


def slug(value: Any) -> str:
    if not is_slug(value):
        raise _Bad(f"{SLUG_RULE}, not {shown(value)}")
    return str(value)


def url(value: Any) -> str:
    try:
        return check_url(text(value))
    except InputError:
        raise _Bad("an http(s) URL") from None


Fields = dict[str, Kind]

# --- the tables ------------------------------------------------------------------------

ARTICLE: Fields = {
    "slug": slug,
    "title": some_text,
    "author": optional(text),
    "url": optional(url),
    "topic": optional(text),
    "published": optional(day),
    "updated": optional(day),
    "page_reviewed": optional(day),
    "page_reviewed_by": optional(text),
    "page_next_review_due": optional(day),
    "page_jsonld_reviewed": optional(day),
    "detected_sources": citations,
    "created_at": moment,
}
REVISION: Fields = {
    "number": count,
    "format": text,
    "source_file": optional(text),
    "sha256": text,
    "recorded_at": moment,
    "text": some_text,
    "set_aside": Added(spans, []),
}
STATEMENT: Fields = {
    "n": count,
    "text": text,
    "span_start": whole,
    "span_end": whole,
    "line": whole,
    "position": whole,
    "checkworthy": flag,
    "checkworthy_score": Added(optional(probability), None),
    "kinds": optional(text),
    "retired": flag,
}
REVIEWER: Fields = {
    "handle": some_text,
    "name": some_text,
    "role": text,
    "credentials": optional(text),
    "created_at": moment,
}
SOURCE: Fields = {
    "id": some_text,
    "kind": text,
    "title": optional(text),
    "doi": optional(text),
    "pmid": optional(text),
    "url": optional(text),
    "authors": optional(text),
    "published": optional(day),
    "published_precision": Added(text, "day"),
    "publisher": optional(text),
    "text": optional(text),
    "created_at": moment,
}
_STATEMENT_EVENT: Fields = {
    "statement": count,
    "revision": count,
    "old_text": optional(text),
    "new_text": optional(text),
}


@dataclass(frozen=True)
class EventKind:
    """An event's fields, and the name of the step in ``bundle_import`` that replays it."""

    fields: Fields
    replay: str


EVENTS: dict[str, EventKind] = {
    "statement-added": EventKind(_STATEMENT_EVENT, "statement_event"),
    "statement-changed": EventKind(_STATEMENT_EVENT, "statement_event"),
    "statement-retired": EventKind(_STATEMENT_EVENT, "statement_event"),
    "source-status": EventKind(
        {
            "source": some_text,
            "status": text,
            "effective_on": day,
            "note": optional(text),
            "origin": text,
        },
        "source_status",
    ),
    "link": EventKind(
        {
            "statement": count,
            "source": some_text,
            "quote": optional(text),
            "locator": optional(text),
            "relation": text,
            "quote_found": Added(optional(flag), None),  # recomputed from the archived text
        },
        "link",
    ),
    "mark": EventKind(
        {
            "statement": count,
            "reviewer": some_text,
            "checkworthy": flag,
            "marked_on": day,
            "note": optional(text),
        },
        "mark",
    ),
    "comment": EventKind(
        {"statement": count, "reviewer": some_text, "text": some_text},
        "comment",
    ),
    "assignment": EventKind(
        {
            "statement": optional(count),  # none: the whole article
            "to": some_text,
            "by": some_text,
            "due_on": optional(day),
            "note": optional(text),
        },
        "assignment",
    ),
    "source-text": EventKind(
        {
            "source": some_text,
            "format": text,
            "sha256": some_text,
            "file_name": optional(text),
            "pages": offsets,
            "attached_on": day,
            "text": some_text,
        },
        "source_text",
    ),
    "verdict": EventKind(
        {
            "statement": count,
            "reviewer": some_text,
            "verdict": text,
            "reviewed_on": day,
            "note": optional(text),
        },
        "verdict",
    ),
    "signoff": EventKind(
        {
            "reviewer": some_text,
            "signed_on": day,
            "note": optional(text),
            "forced": flag,
            "revision": count,
            "role": Added(optional(some_text), None),
            "statements_checked": Added(optional(whole), None),
            "statements_total": Added(optional(whole), None),
        },
        "signoff",
    ),
    # Corrections (see bundle_corrections): a withdrawal names its event by position.
    "withdraw": EventKind(
        {"of": whole, "note": optional(text), "reviewer": optional(some_text)}, "withdraw"
    ),
    "edit": EventKind(
        {
            "subject": text,
            "record": optional(text),
            "field": text,
            "old_value": optional(text),
            "new_value": optional(text),
            "note": optional(text),
            "reviewer": optional(some_text),
        },
        "edit",
    ),
    "retire": EventKind({"note": optional(text), "reviewer": optional(some_text)}, "retire"),
}
SECTIONS = ("article", "revisions", "statements", "reviewers", "sources", "events")


# --- checking ---------------------------------------------------------------------------


def _row(where: str, row: Any, fields: Fields) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise InputError(f"{where}: must be a mapping of field: value")
    for key in row:
        if key not in fields:
            raise InputError(f"{where}: unknown field {shown(key)}")
    out = {}
    for key, kind in fields.items():
        if key not in row and isinstance(kind, Added):
            out[key] = kind.default  # a field newer than the bundle
            continue
        if key not in row:
            raise InputError(f"{where}: lacks its {key!r} field")
        try:
            out[key] = kind(row[key])
        except _Bad as exc:
            raise InputError(f"{where}: {key} must be {exc}") from None
    return out


def _rows(bundle: Bundle, section: str, fields: Fields, key: str) -> list[dict[str, Any]]:
    raw = bundle[section]
    if not isinstance(raw, list):
        raise InputError(f"the {section!r} section must be a list")
    rows = [_row(f"{section}[{i}]", r, fields) for i, r in enumerate(raw)]
    seen: set[Any] = set()
    for i, r in enumerate(rows):
        if r[key] in seen:
            raise InputError(f"{section}[{i}]: {key} {shown(r[key])} appears twice")
        seen.add(r[key])
    return rows


def _event(i: int, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or not isinstance(raw.get("event"), str):
        raise InputError(f"events[{i}]: must be a mapping with an 'event' kind")
    kind = EVENTS.get(raw["event"])
    if kind is None:
        known = ", ".join(EVENTS)
        raise InputError(f"events[{i}]: unknown event {shown(raw['event'])} (one of: {known})")
    fields = {"event": text, "recorded_at": moment, **kind.fields}
    return _row(f"events[{i}] ({raw['event']})", raw, fields)


def check_shape(bundle: Bundle) -> Bundle:
    """The bundle with every field checked and typed, or an InputError naming where."""
    for section in SECTIONS:
        if section not in bundle:
            raise InputError(f"bundle lacks its {section!r} section")
    unknown = sorted(set(bundle) - {"format", *SECTIONS}, key=str)
    if unknown:
        raise InputError(f"unknown section {shown(unknown[0])}")
    checked: Bundle = {"article": _row("article", bundle["article"], ARTICLE)}
    checked["revisions"] = _rows(bundle, "revisions", REVISION, "number")
    checked["statements"] = _rows(bundle, "statements", STATEMENT, "n")
    checked["reviewers"] = _rows(bundle, "reviewers", REVIEWER, "handle")
    checked["sources"] = _rows(bundle, "sources", SOURCE, "id")
    if not isinstance(bundle["events"], list):
        raise InputError("the 'events' section must be a list")
    checked["events"] = [_event(i, e) for i, e in enumerate(bundle["events"])]
    _check_order(checked)
    return checked


def as_said_by(ours: Bundle, theirs: Bundle) -> Bundle:
    """``ours`` (checked) with each event field that ``theirs`` leaves unset, and the
    importer derives, unset too: a bundle written before such a field existed (a
    sign-off's role and coverage, a link's quote_found) describes the same record."""
    events = [
        {
            k: None if _derived(mine["event"], k) and said.get(k) is None else v
            for k, v in mine.items()
        }
        if said.get("event") == mine["event"]
        else mine
        for mine, said in zip(ours["events"], theirs["events"], strict=False)
    ]
    return {**ours, "events": events + ours["events"][len(events) :]}


def _derived(kind: str, field: str) -> bool:
    declared = EVENTS[kind].fields.get(field)
    return isinstance(declared, Added) and declared.default is None


def _check_order(b: Bundle) -> None:
    numbers = [r["number"] for r in b["revisions"]]
    if not numbers:
        raise InputError("the bundle has no revisions: an article has at least one")
    if numbers != list(range(1, len(numbers) + 1)):
        raise InputError("revisions must be numbered 1, 2, 3… in order")
    for section in ("revisions", "events"):
        times = [r["recorded_at"] for r in b[section]]
        for i in range(1, len(times)):
            if times[i] < times[i - 1]:
                raise InputError(f"{section}[{i}]: recorded before the one above it (out of order)")
    if (
        b["revisions"]
        and b["events"]
        and b["events"][0]["recorded_at"] < b["revisions"][0]["recorded_at"]
    ):
        raise InputError("events[0]: recorded before the article's first revision")
    for i, st in enumerate(b["statements"]):
        if st["span_start"] > st["span_end"]:
            raise InputError(f"statements[{i}]: span_start is after span_end")
