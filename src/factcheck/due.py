"""The due list's writers (csv, ics).

A due item is a plain dict with the stable JSON fields (docs/cli.md), as
``store.state.most_urgent`` reads them, most urgent first: on an archive the list
runs to tens of thousands, and every writer reads the same dicts.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from operator import itemgetter
from typing import Any, BinaryIO, TextIO

from factcheck.escaping import csv_row

CSV_FIELDS = ("statement", "article", "due", "status", "reason", "why", "reviewer", "topic", "text")

DueItem = dict[str, Any]


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
    date instead (``as_of`` for one never reviewed).

    Written by hand, not through the icalendar package: an archive's due list runs
    to tens of thousands of statements, and building a component object per event
    took seconds. Each event keeps only its heading and its statements' lines until
    it is written. tests/schedule checks the output parses with that package.
    """
    # Days are kept as ISO text, which sorts as the dates do: a long list parses none.
    today = as_of.isoformat()
    # (key, day) -> (the event's subject, its article, a line per statement)
    events: dict[tuple[str, str], tuple[str, str, list[str]]] = {}
    for item in items:
        day = item["due"] or today
        if day < today and not per_statement:
            day = today
        key = item["statement"] if per_statement else item["article"]
        event = events.get((key, day))
        if event is None:
            subject = f"{key}: {_short(item['text'])}" if per_statement else item["title"]
            event = events[(key, day)] = (subject, item["article"], [])
        event[2].append(_described(item))
    stamp = f"DTSTAMP:{today.replace('-', '')}T000000Z\r\n".encode()
    written = [
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//factcheck//re-review schedule//EN\r\n"
        b"X-WR-CALNAME:factcheck re-reviews\r\n"
    ]
    for (key, day), (subject, article, described) in sorted(events.items()):
        n = len(described)
        summary = f"Re-review {subject}"
        if not per_statement:
            summary += f" ({n} statement{'s' if n != 1 else ''})"
        # Lines of our own making (BEGIN, DTSTAMP, DTSTART, END) are short ASCII;
        # the rest carry the newsroom's words and are folded.
        written += (
            b"BEGIN:VEVENT\r\n",
            _fold(f"UID:{_uid(key)}-{day}@factcheck"),
            stamp,
            f"DTSTART;VALUE=DATE:{day.replace('-', '')}\r\n".encode(),
            _fold(f"SUMMARY:{_text(summary)}"),
            _fold(f"DESCRIPTION:{_text(chr(10).join(described))}"),
            _fold(f"CATEGORIES:{_text(article)}"),
            b"END:VEVENT\r\n",
        )
        if len(written) > 8000:  # a thousand events a write
            out.write(b"".join(written))
            written.clear()
    written.append(b"END:VCALENDAR\r\n")
    out.write(b"".join(written))


def _described(item: DueItem) -> str:
    due = f", due {item['due']}" if item["due"] else ""
    return f"{item['statement']} [{item['status']}{due}: {item['why']}] {item['text']}"


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _uid(key: str) -> str:
    return key.replace(":", "-")  # SLUG:N: a colon reads oddly in an id


def _text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str, limit: int = 75) -> bytes:
    """The line as UTF-8 ending in CRLF, lines over 75 octets continued on the next
    after a space (RFC 5545 3.1), cut between characters, never inside one's bytes."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return data + b"\r\n"
    if len(data) == len(line):  # ASCII: every octet is a character
        rest = range(limit, len(data), limit - 1)
        return b"\r\n ".join([data[:limit], *(data[i : i + limit - 1] for i in rest)]) + b"\r\n"
    parts, start, room = [], 0, limit
    while start < len(data):
        end = min(start + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte
            end -= 1
        parts.append(data[start:end])
        start, room = end, limit - 1  # a continuation line starts with a space
    return b"\r\n ".join(parts) + b"\r\n"
