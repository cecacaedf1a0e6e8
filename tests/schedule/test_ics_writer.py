"""write_ics against a straightforward construction of the same calendar.

The writer takes short cuts for speed (an archive's due list runs to tens of
thousands of statements); here every event is built the plain way: RFC 5545 TEXT
escaped a character at a time, lines folded a character at a time. The two must
agree byte for byte, on texts with non-ASCII characters (two-, three- and four-octet),
the characters TEXT escapes, line breaks of every kind, and lines long enough to fold
many times.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.due import RECORD_FIELDS, _fold, _text, write_ics

AS_OF = date(2026, 11, 28)
STATUSES = ["needs-correction", "stale", "overdue", "due", "unreviewed"]
ESCAPES = {"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"}


def plain_text(value: str) -> str:
    """RFC 5545 TEXT: CRLF, CR and LF each one escaped line break."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ESCAPES.get(c, c) for c in value)


def plain_fold(line: str) -> bytes:
    """Whole characters to a line while they fit: 75 octets, 74 after the leading
    space of a continuation line."""
    lines, current, room = [], b"", 75
    for c in line:
        octets = c.encode()
        if len(current) + len(octets) > room:
            lines.append(current)
            current, room = b"", 74
        current += octets
    return b"\r\n ".join([*lines, current]) + b"\r\n"


def plain_calendar(items: list[dict[str, Any]], *, per_statement: bool) -> bytes:
    today = AS_OF.isoformat()
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in items:
        day = item["due"] or today
        if per_statement:
            key = item["statement"]
        else:
            key, day = item["article"], max(day, today)
        grouped.setdefault((key, day), []).append(item)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//factcheck//re-review schedule//EN",
        "X-WR-CALNAME:factcheck re-reviews",
    ]
    for (key, day), group in sorted(grouped.items()):
        first, n = group[0], len(group)
        if per_statement:
            text = first["text"]
            subject = f"{key}: {text if len(text) <= 60 else text[:59] + '…'}"
        else:
            subject = f"{first['title']} ({n} statement{'' if n == 1 else 's'})"
        described = [
            f"{i['statement']} [{i['status']}{', due ' + i['due'] if i['due'] else ''}: "
            f"{i['why']}] {i['text']}"
            for i in group
        ]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{key.replace(':', '-')}-{day}@factcheck",
            f"DTSTAMP:{AS_OF:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{day.replace('-', '')}",
            f"SUMMARY:{plain_text('Re-review ' + subject)}",
            f"DESCRIPTION:{plain_text(chr(10).join(described))}",
            f"CATEGORIES:{plain_text(first['article'])}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return b"".join(plain_fold(line) for line in lines)


# Mostly ASCII, as newsroom text is, with every kind of character the writer treats
# apart: TEXT's escapes, line breaks, and UTF-8 sequences of two, three and four octets.
ASCII = st.sampled_from([*"abcdefghij klmnop 0123456789 .:-,;\\", "patients ", "percent "])
OTHER = st.one_of(
    st.sampled_from(["\n", "\r", "\r\n", "é", "—", "…", "中", "😀"]),
    st.characters(blacklist_categories=("Cs",)),
)
WORDS = st.one_of(
    st.lists(st.one_of(ASCII, OTHER), max_size=10),
    st.lists(st.one_of(ASCII, ASCII, OTHER), min_size=40, max_size=200),
    st.builds(
        list.__add__, st.lists(ASCII, min_size=40, max_size=200), st.lists(OTHER, max_size=2)
    ),
).map("".join)
# Long slugs too: a UID or CATEGORIES line is folded like any other.
SLUGS = st.one_of(
    st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?", fullmatch=True),
    st.integers(30, 80).map(lambda n: ("a-long-slug-" * 7)[: n - 1] + "z"),
)
DAYS = st.one_of(
    st.none(),
    st.integers(-400, 60).map(lambda n: (AS_OF + timedelta(days=n)).isoformat()),
)


@st.composite
def due_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A due list's items in any order: a statement once, an article's title the same
    on each of its statements."""
    articles = draw(st.dictionaries(SLUGS, WORDS, min_size=1, max_size=4))
    ids = draw(
        st.lists(
            st.tuples(st.sampled_from(sorted(articles)), st.integers(1, 10**9 - 1)),
            unique=True,
            min_size=1,
            max_size=12,
        )
    )
    return [
        {
            "statement": f"{slug}:{n}",
            "article": slug,
            "title": articles[slug],
            "text": draw(WORDS),
            "due": draw(DAYS),
            "status": draw(st.sampled_from(STATUSES)),
            "reason": "policy",
            "why": draw(WORDS),
            "reviewer": None,
            "topic": None,
        }
        for slug, n in ids
    ]


def calendar_order(item: dict[str, Any]) -> tuple[str, str]:
    """An event's key, as the database orders a calendar's list (most_urgent's
    ``article`` order): article, then the day its work is listed on."""
    return item["article"], max(item["due"] or AS_OF.isoformat(), AS_OF.isoformat())


@given(due_lists(), st.booleans(), st.booleans())
@settings(max_examples=300, deadline=None)
def test_ics_is_the_straightforward_calendar(items, per_statement, in_order):
    """In any order, and in the calendar's own, which the writer takes as it comes."""
    out = io.BytesIO()
    given_items = sorted(items, key=calendar_order) if in_order else items
    records = (tuple(item[field] for field in RECORD_FIELDS) for item in given_items)
    write_ics(records, out, as_of=AS_OF, per_statement=per_statement)
    assert out.getvalue() == plain_calendar(items, per_statement=per_statement)


@given(due_lists(), st.booleans())
@settings(max_examples=40, deadline=None)
def test_a_long_calendar_written_by_two_processes_is_the_same(items, per_statement):
    """A long calendar's second half is written by a forked child (here: any calendar
    of two events or more); its bytes must land in place, whatever the split."""
    out = io.BytesIO()
    given_items = sorted(items, key=calendar_order)
    records = [tuple(item[field] for field in RECORD_FIELDS) for item in given_items]
    with mock.patch("factcheck.halves.WORTH_IT", 2):
        write_ics(records, out, as_of=AS_OF, per_statement=per_statement)
    assert out.getvalue() == plain_calendar(items, per_statement=per_statement)


@given(WORDS)
@settings(max_examples=300, deadline=None)
def test_text_escapes_as_the_rfc_says(value):
    assert _text(value) == plain_text(value)


# A long ASCII run and a short tail of any characters: a fold can fall in the run,
# in the tail, or beside a wide character where they meet.
LONG_LINES = st.builds(
    str.__add__,
    st.text(st.sampled_from("abc ,;\\"), max_size=300),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=8),
)


@given(st.one_of(LONG_LINES, WORDS.map(plain_text)))
@settings(max_examples=500, deadline=None)
def test_fold_fills_each_line_with_whole_characters(line):
    assert _fold(line).encode() == plain_fold(line)
