"""The due list's writers (csv, ics).

A due item is a plain dict with the stable JSON fields (docs/cli.md), as
``store.state.most_urgent`` reads them, most urgent first; CSV takes the same fields
as a tuple, a due record. On an archive the list runs to hundreds of thousands, so
each writer formats text itself rather than build an object per row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from operator import itemgetter
from typing import Any, BinaryIO, TextIO

from factcheck.escaping import FORMULA_FIRST

CSV_FIELDS = ("statement", "article", "due", "status", "reason", "why", "reviewer", "topic", "text")

DueItem = dict[str, Any]
# The CSV_FIELDS of one statement, in order; only ``due`` may be None.
DueRecord = tuple[str, str, str | None, str, str, str, str | None, str | None, str]

# An event in the calendar's order: its key (an article slug or a statement id),
# its day, and its SUMMARY, DESCRIPTION and CATEGORIES, not yet escaped as TEXT.
Event = tuple[str, str, str, str, str]


def write_csv(records: Iterable[DueRecord], out: TextIO) -> None:
    """The records as CSV (RFC 4180, LF line ends) on ``out``, a thousand rows a write.

    Formatted here rather than by the ``csv`` module, which took 4 µs a row, over a
    second for a list of 245,759 statements. The first four fields are ours (the
    statement id and article slug, which are slugs, the ISO due date and the status)
    and never need quoting or a formula guard; every other field goes through
    ``_cell``. tests/schedule checks that the ``csv`` module reads back what went in.
    """
    lines = [",".join(CSV_FIELDS)]
    for statement, article, due, status, reason, why, reviewer, topic, text in records:
        lines.append(
            f"{statement},{article},{due or ''},{status},{_cell(reason)},{_cell(why)},"
            f"{_cell(reviewer)},{_cell(topic)},{_cell(text)}"
        )
        if len(lines) >= 1000:
            lines.append("")  # the last line's end
            out.write("\n".join(lines))
            lines.clear()
    lines.append("")
    out.write("\n".join(lines))


def _cell(value: str | None) -> str:
    """A CSV field of the newsroom's text: a cell that a spreadsheet shows as text and
    never evaluates (``escaping.csv_cell``), quoted where RFC 4180 says it must be."""
    if not value:
        return ""
    # Article text is whatever the newsroom wrote, and "= 1+1" or "@SUM(...)" opens
    # as a formula in a spreadsheet: a leading apostrophe makes it text (OWASP).
    if value[0] in FORMULA_FIRST:
        value = "'" + value
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


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
    to hundreds of thousands of statements, and building a component object per
    event took seconds. The events come in order from ``_article_events`` or
    ``_statement_events``; here they are escaped, folded and written a thousand at a
    time. tests/schedule checks the output parses with that package, and matches a
    plain construction of the same calendar byte for byte.
    """
    # Days are kept as ISO text, which sorts as the dates do: a long list parses none.
    today = as_of.isoformat()
    events = _statement_events(items, today) if per_statement else _article_events(items, today)
    stamp = f"DTSTAMP:{today.replace('-', '')}T000000Z\r\n"
    out.write(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//factcheck//re-review schedule//EN\r\n"
        b"X-WR-CALNAME:factcheck re-reviews\r\n"
    )
    while batch := list(islice(events, 1000)):
        keys, days, summaries, descriptions, categories = zip(*batch, strict=True)
        # Lines of our own making (BEGIN, DTSTAMP, DTSTART, END) are short ASCII;
        # the rest carry the newsroom's words and are folded.
        written = [
            f"BEGIN:VEVENT\r\n{_fold(f'UID:{_uid(key)}-{day}@factcheck')}{stamp}"
            f"DTSTART;VALUE=DATE:{day.replace('-', '')}\r\n{_fold('SUMMARY:' + summary)}"
            f"{_fold('DESCRIPTION:' + description)}{_fold('CATEGORIES:' + category)}"
            "END:VEVENT\r\n"
            for key, day, summary, description, category in zip(
                keys, days, _texts(summaries), _texts(descriptions), _texts(categories), strict=True
            )
        ]
        out.write("".join(written).encode())
    out.write(b"END:VCALENDAR\r\n")


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
        yield article, day, summary, "\n".join(lines), article


def _statement_events(items: Iterable[DueItem], today: str) -> Iterator[Event]:
    """An event per statement, on its due day (``today`` if never reviewed).

    A statement is listed once, so each event holds one and the id alone orders
    them (the calendar's order is by key, then day): sorting the items sorts the
    events, with no table of events to build."""
    for item in sorted(items, key=itemgetter("statement")):
        key = item["statement"]
        summary = f"Re-review {key}: {_short(item['text'])}"
        yield key, item["due"] or today, summary, _described(item), item["article"]


def _described(item: DueItem) -> str:
    due = f", due {item['due']}" if item["due"] else ""
    return f"{item['statement']} [{item['status']}{due}: {item['why']}] {item['text']}"


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _uid(key: str) -> str:
    return key.replace(":", "-")  # SLUG:N: a colon reads oddly in an id


def _texts(values: tuple[str, ...]) -> list[str]:
    """``_text`` of each value: of all at once, joined by NUL and split again, for
    escaping is a few passes in C over the whole batch where one value at a time
    cost a Python call each. Escaping neither adds nor removes a NUL, so values that
    hold one themselves are told by the count and escaped one by one."""
    escaped = _text("\0".join(values)).split("\0")
    return escaped if len(escaped) == len(values) else [_text(v) for v in values]


def _text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped (CRLF, CR and
    LF each one newline)."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    # CRLF and CR become LF, where there is a CR: most text has none, and looking
    # costs one scan where the two replaces cost two.
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\n", "\\n")


def _fold(line: str, limit: int = 75) -> str:
    """The line ending in CRLF, lines over 75 octets of UTF-8 continued on the next
    after a space (RFC 5545 3.1), cut between characters, never inside one's bytes."""
    size = len(line) if line.isascii() else len(line.encode())
    if size <= limit:
        return line + "\r\n"
    cuts = range(limit, size, limit - 1)
    # Where the characters before the last cut are ASCII, octets and characters line
    # up to it and the line is cut as text: so in ASCII lines, and in a per-statement
    # summary whose one other character is the ellipsis at its end. (A loop, not a
    # generator: a line has a few cuts, and the generator cost more than the slicing.)
    if line[: cuts[-1]].isascii():
        parts = [line[:limit]]
        for cut in cuts:
            parts.append(line[cut : cut + limit - 1])
        return "\r\n ".join(parts) + "\r\n"
    data = line.encode()
    folded, start, room = [], 0, limit
    while start < size:
        end = min(start + room, size)
        while end < size and data[end] & 0xC0 == 0x80:  # a continuation byte
            end -= 1
        folded.append(data[start:end].decode())
        start, room = end, limit - 1  # a continuation line starts with a space
    return "\r\n ".join(folded) + "\r\n"
