"""The due list's writers (csv, ics).

A due item is a plain dict with the stable JSON fields (docs/cli.md), as
``store.state.most_urgent`` reads them, most urgent first: on an archive the list
runs to tens of thousands, and every writer reads the same dicts.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from operator import itemgetter
from typing import Any, BinaryIO, TextIO

from factcheck.escaping import csv_row

CSV_FIELDS = ("statement", "article", "due", "status", "reason", "why", "reviewer", "topic", "text")

DueItem = dict[str, Any]

# An event as written, in the calendar's order: its key (an article slug or a
# statement id), its day, and its SUMMARY, DESCRIPTION and CATEGORIES as TEXT.
Event = tuple[str, str, str, str, str]


def write_csv(items: Iterable[DueItem], out: TextIO) -> None:
    """The items as CSV on ``out``, a row as each comes."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    # Article text is whatever the newsroom wrote, and "= 1+1" or "@SUM(...)" opens
    # as a formula in a spreadsheet: every cell goes through the OWASP rule.
    writer.writerows(map(csv_row, map(itemgetter(*CSV_FIELDS), items)))


def write_ics(
    items: Iterable[DueItem], out: BinaryIO, *, as_of: date, per_statement: bool = False
) -> None:
    """An iCalendar feed of the re-review work, on ``out``.

    By default one all-day event per article and day, listing its statements: work
    already past due (overdue, stale, needing correction, never reviewed) is listed
    on ``as_of``, since no one can do it earlier; work falling due later (``--within``)
    on its due day. ``per_statement`` gives one event per statement on its own due
    date instead (``as_of`` for one never reviewed). Each statement is listed at most
    once, as ``most_urgent`` lists them.

    Written by hand, not through the icalendar package: an archive's due list runs
    to tens of thousands of statements, and building a component object per event
    took seconds. The events come escaped, in order, from ``_article_events`` or
    ``_statement_events``; here each is folded and written, a thousand at a time.
    tests/schedule checks the output parses with that package, and matches a plain
    construction of the same calendar byte for byte.
    """
    # Days are kept as ISO text, which sorts as the dates do: a long list parses none.
    today = as_of.isoformat()
    events = _statement_events(items, today) if per_statement else _article_events(items, today)
    stamp = f"DTSTAMP:{today.replace('-', '')}T000000Z\r\n".encode()
    written = [
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//factcheck//re-review schedule//EN\r\n"
        b"X-WR-CALNAME:factcheck re-reviews\r\n"
    ]
    for key, day, summary, description, category in events:
        # Lines of our own making (BEGIN, DTSTAMP, DTSTART, END) are short ASCII;
        # the rest carry the newsroom's words and are folded.
        written += (
            b"BEGIN:VEVENT\r\n",
            _fold(f"UID:{_uid(key)}-{day}@factcheck"),
            stamp,
            f"DTSTART;VALUE=DATE:{day.replace('-', '')}\r\n".encode(),
            _fold(f"SUMMARY:{summary}"),
            _fold(f"DESCRIPTION:{description}"),
            _fold(f"CATEGORIES:{category}"),
            b"END:VEVENT\r\n",
        )
        if len(written) > 8000:  # a thousand events a write
            out.write(b"".join(written))
            written.clear()
    written.append(b"END:VCALENDAR\r\n")
    out.write(b"".join(written))


def _article_events(items: Iterable[DueItem], today: str) -> Iterator[Event]:
    """An event per article and day, its statements in the list's order; work past
    due on ``today``."""
    described: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    titles: dict[str, str] = {}  # each of an article's statements carries its title
    for item in items:
        day = item["due"] or today
        described[item["article"], day if day > today else today].append(_described(item))
        titles[item["article"]] = item["title"]
    for (article, day), lines in sorted(described.items()):
        n = len(lines)
        summary = f"Re-review {titles[article]} ({n} statement{'s' if n != 1 else ''})"
        yield article, day, _text(summary), _text("\n".join(lines)), _text(article)


def _statement_events(items: Iterable[DueItem], today: str) -> Iterator[Event]:
    """An event per statement, on its due day (``today`` if never reviewed).

    A statement is listed once, so each event holds one and the id alone orders
    them (the calendar's order is by key, then day): sorting the items sorts the
    events, with no table of events to build."""
    for item in sorted(items, key=itemgetter("statement")):
        key = item["statement"]
        summary = f"Re-review {key}: {_short(item['text'])}"
        yield (
            key,
            item["due"] or today,
            _text(summary),
            _text(_described(item)),
            _text(item["article"]),
        )


def _described(item: DueItem) -> str:
    due = f", due {item['due']}" if item["due"] else ""
    return f"{item['statement']} [{item['status']}{due}: {item['why']}] {item['text']}"


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _uid(key: str) -> str:
    return key.replace(":", "-")  # SLUG:N: a colon reads oddly in an id


def _text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped (CRLF, CR and
    LF each one newline)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    # CRLF and CR become LF, where there is a CR: most text has none, and looking
    # costs one scan where the two replaces cost two.
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n")


def _fold(line: str, limit: int = 75) -> bytes:
    """The line as UTF-8 ending in CRLF, lines over 75 octets continued on the next
    after a space (RFC 5545 3.1), cut between characters, never inside one's bytes."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return data + b"\r\n"
    cuts = range(limit, len(data), limit - 1)
    # Where the octets before the last cut are ASCII, no cut can fall inside a
    # character: so in ASCII lines, and in a per-statement summary whose one other
    # character is the ellipsis at its end. (A loop, not a generator: a line has a
    # few cuts, and the generator cost more than the slicing.)
    if line.isascii() or data[: cuts[-1]].isascii():
        parts = [data[:limit]]
        for cut in cuts:
            parts.append(data[cut : cut + limit - 1])
        return b"\r\n ".join(parts) + b"\r\n"
    parts, start, room = [], 0, limit
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte
            end -= 1
        parts.append(data[start:end])
        start, room = end, limit - 1  # a continuation line starts with a space
    return b"\r\n ".join(parts) + b"\r\n"
