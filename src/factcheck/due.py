"""The due list's writers (csv, ics).

``store.state.most_urgent`` hands the list over, most urgent first, as due items
(dicts of the stable JSON fields, docs/cli.md) for JSON and the table, or as due
records (the same fields in a tuple) for these writers. On an archive the list runs
to hundreds of thousands, so they format text themselves rather than build an object
per row, or a dict per statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import partial
from itertools import chain, islice
from operator import itemgetter
from typing import Any, BinaryIO, TextIO, TypeVar

from factcheck import halves
from factcheck.escaping import csv_field
from factcheck.halves import Write

CSV_FIELDS = ("statement", "article", "due", "status", "reason", "why", "reviewer", "topic", "text")

# A record's fields, in order: CSV's, then the article's title for the calendar.
RECORD_FIELDS = (*CSV_FIELDS, "title")

T = TypeVar("T")
DueItem = dict[str, Any]
# A statement's RECORD_FIELDS; only ``due``, ``reviewer`` and ``topic`` may be None.
DueRecord = tuple[str, str, str | None, str, str, str, str | None, str | None, str, str]

# A thousand events at a time, a list per part: their keys (article slugs or
# statement ids), days, and SUMMARY, DESCRIPTION and CATEGORIES not yet escaped.
Events = tuple[list[str], list[str], list[str], list[str], list[str]]
_EVENTS = 1000
_LINE = 75  # octets in a calendar's line before it is folded (RFC 5545 3.1)


def write_csv(records: Iterable[DueRecord], out: TextIO) -> None:
    """The records as CSV (RFC 4180, LF line ends) on ``out``, a thousand rows a write.

    Formatted here rather than by the ``csv`` module, which took 4 µs a row, over a
    second for a list of 245,759 statements. The first four fields are ours (the
    statement id and article slug, which are slugs, the ISO due date and the status)
    and never need quoting or a formula guard; every other field, the newsroom's
    text, goes through ``escaping.csv_field``. tests/core/test_safe_output.py checks
    that the ``csv`` module reads back what went in.
    """
    lines = [",".join(CSV_FIELDS)]
    for statement, article, due, status, reason, why, reviewer, topic, text, _ in records:
        lines.append(
            f"{statement},{article},{due or ''},{status},{csv_field(reason)},{csv_field(why)},"
            f"{csv_field(reviewer)},{csv_field(topic)},{csv_field(text)}"
        )
        if len(lines) >= 1000:
            lines.append("")  # the last line's end
            out.write("\n".join(lines))
            lines.clear()
    lines.append("")
    out.write("\n".join(lines))


def write_ics(
    records: Iterable[DueRecord], out: BinaryIO, *, as_of: date, per_statement: bool = False
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
    event took seconds. The events come in order, a thousand at a time, from
    ``_article_events`` or ``_statement_events``; here they are escaped, folded and
    written. tests/schedule checks the output parses with that package, and matches
    a plain construction of the same calendar byte for byte.
    """
    # Days are kept as ISO text, which sorts as the dates do: a long list parses none.
    today = as_of.isoformat()
    # An event's lines, its values put in by one %-format per thousand events: lines
    # of our own making (BEGIN, DTSTAMP, DTSTART, END) are short ASCII, the rest are
    # escaped and folded first, each ending in CRLF. (No % in the fixed text: the day
    # is ISO.)
    event = (
        f"BEGIN:VEVENT\r\n%sDTSTAMP:{today.replace('-', '')}T000000Z\r\n"
        "DTSTART;VALUE=DATE:%s\r\n%s%s%sEND:VEVENT\r\n"
    )

    def written(batch: Events) -> bytes:
        keys, days, summaries, descriptions, categories = batch
        uids = [f"UID:{_uid(key)}-{day}@factcheck" for key, day in zip(keys, days, strict=True)]
        values = zip(
            _folded(uids),
            [day.replace("-", "") for day in days],
            [_fold("SUMMARY:" + summary) for summary in _texts(summaries)],
            [_fold("DESCRIPTION:" + description) for description in _texts(descriptions)],
            _folded(["CATEGORIES:" + category for category in _texts(categories)]),
            strict=True,
        )
        return ((event * len(keys)) % tuple(chain.from_iterable(values))).encode()

    out.write(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//factcheck//re-review schedule//EN\r\n"
        b"X-WR-CALNAME:factcheck re-reviews\r\n"
    )
    if per_statement:
        # A statement is listed once, so each event holds one and its id alone orders
        # them (the calendar's order is by key, then day).
        statements = sorted(records, key=itemgetter(0))
        _write_events(statements, partial(_statement_events, today=today), written, out.write)
    else:
        runs, titles = _article_runs(records, today)
        _write_events(runs, partial(_article_events, titles=titles), written, out.write)
    out.write(b"END:VCALENDAR\r\n")


def _write_events(
    events: list[T],
    batches: Callable[[list[T]], Iterable[Events]],
    written: Callable[[Events], bytes],
    write: Write,
) -> None:
    """The calendar's ``events`` (statements, or runs of an article's), as ``batches``
    makes a thousand of them at a time, ``written``: a long calendar's halves by two
    processes at once (:mod:`factcheck.halves`)."""

    def work(part: list[T], sink: Write) -> None:
        for batch in batches(part):
            sink(written(batch))

    halves.write_parts(events, work, write, size=len(events))


# An event of the calendar by article: its article and day, and its statements' lines.
Run = tuple[tuple[str, str], list[str]]


def _article_runs(records: Iterable[DueRecord], today: str) -> tuple[list[Run], dict[str, str]]:
    """An event per article and day, in order, its statements in the list's order;
    work past due on ``today``; and each article's title.

    Records that come in the calendar's order (``most_urgent``'s ``article`` order)
    are taken as they come, each run of one article and day an event; from the first
    record out of that order on, they are grouped and sorted here (0.29 s against
    0.75 s for 245,759 in urgency order)."""
    runs: list[Run] = []
    described: defaultdict[tuple[str, str], list[str]] | None = None  # once out of order
    titles: dict[str, str] = {}  # each of an article's statements carries its title
    key: tuple[str, str] = ("", "")
    lines: list[str] = []
    for statement, article, due, status, _, why, _, _, text, title in records:
        day = due or today
        event = (article, day if day > today else today)
        if event != key:
            if described is None and event < key:  # not the calendar's order: group
                described = defaultdict(list, runs)
            key = event
            if described is None:
                lines = []
                runs.append((key, lines))
            else:
                lines = described[key]
            titles[article] = title
        lines.append(_described(statement, due, status, why, text))
    return (runs if described is None else sorted(described.items())), titles


def _article_events(runs: list[Run], titles: dict[str, str]) -> Iterator[Events]:
    events = iter(runs)
    while batch := list(islice(events, _EVENTS)):
        articles = [article for (article, _), _ in batch]
        yield (
            articles,
            [day for (_, day), _ in batch],
            [_subject(titles[article], len(lines)) for (article, _), lines in batch],
            ["\n".join(lines) for _, lines in batch],
            articles,
        )


def _statement_events(statements: list[DueRecord], today: str) -> Iterator[Events]:
    """An event per statement, on its due day (``today`` if never reviewed)."""
    ordered = iter(statements)
    while batch := list(islice(ordered, _EVENTS)):
        yield (
            [r[0] for r in batch],
            [r[2] or today for r in batch],
            [f"Re-review {r[0]}: {_short(r[8])}" for r in batch],
            [_described(r[0], r[2], r[3], r[5], r[8]) for r in batch],
            [r[1] for r in batch],
        )


def _subject(title: str, n: int) -> str:
    return f"Re-review {title} ({n} statement{'s' if n != 1 else ''})"


def _described(statement: str, due: str | None, status: str, why: str, text: str) -> str:
    return f"{statement} [{status}{f', due {due}' if due else ''}: {why}] {text}"


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _uid(key: str) -> str:
    return key.replace(":", "-")  # SLUG:N: a colon reads oddly in an id


def _texts(values: Sequence[str]) -> list[str]:
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


def _folded(lines: list[str]) -> list[str]:
    """``_fold`` of each line; at one check for a batch whose lines are all short ASCII,
    as the ids and categories of a calendar almost always are."""
    if max(map(len, lines), default=0) <= _LINE and "".join(lines).isascii():
        return [line + "\r\n" for line in lines]
    return [_fold(line) for line in lines]


def _fold(line: str, limit: int = _LINE) -> str:
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
