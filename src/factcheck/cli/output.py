"""Printing: JSON documents on stdout, tables via rich, messages on stderr."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from factcheck.escaping import flat, for_terminal, one_line

if TYPE_CHECKING:
    from rich.console import Console


# DEL and the C1 controls (U+009B is a terminal's CSI), as UTF-8: 0xC2 is only ever a
# lead byte, so a match is always a whole character.
_C1 = re.compile(rb"\x7f|\xc2[\x80-\x9f]")


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: Any, *, default: Callable[[Any], Any] = _default) -> None:
    """``data`` as JSON; ``default`` turns what JSON cannot hold into what it can, one
    object at a time as the text is written (no copy of a long list held beside it)."""
    # Keys that are not text (a count by number, say) are written as json.dumps did:
    # {"1": …}. The due list's items, all text keys, skip the check it costs.
    options = _options(indented=sys.stdout.isatty(), any_keys=True)
    with stdout_bytes() as write:
        write(_json(data, options, default))
        write(b"\n")


def print_json_list(items: Iterable[Any], *, batch: int = 1000) -> None:
    """A JSON array written ``batch`` elements at a time as they come: the same text as
    ``print_json(list(items))`` (of text-keyed items) without holding the list, or its
    text, whole."""
    indented = sys.stdout.isatty()
    options = _options(indented=indented)
    # A batch encoded as an array is the whole array's text between its brackets.
    opener, separator, closer = (b"[\n", b",\n", b"\n]") if indented else (b"[", b",", b"]")
    lead, it = opener, iter(items)
    with stdout_bytes() as write:
        while chunk := list(islice(it, batch)):
            text = _json(chunk, options)
            write(lead)
            write(memoryview(text)[len(opener) : -len(closer)])
            lead = separator
        write(b"[]\n" if lead is opener else closer + b"\n")


@contextmanager
def stdout_bytes() -> Iterator[Callable[[bytes | memoryview], object]]:
    """A writer of UTF-8 bytes to stdout's byte stream, after any text already written
    to it, and flushed at the end, so that what is written next (a message on stderr,
    at a terminal) comes after it; or, where stdout is a text stream alone, of text."""
    out = sys.stdout
    binary = getattr(out, "buffer", None)
    if binary is None:
        yield lambda data: out.write(bytes(data).decode())
        return
    out.flush()
    try:
        yield binary.write
    finally:
        binary.flush()


def _options(*, indented: bool, any_keys: bool = False) -> int:
    import orjson  # here, not at the top: a command that prints no JSON never loads it

    # orjson's own forms for dates and dataclasses would differ from ``default``'s;
    # these flags hand them to it, as json.dumps did.
    options = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
    if indented:  # for people; compact (and smaller) when piped to a program
        options |= orjson.OPT_INDENT_2
    if any_keys:
        options |= orjson.OPT_NON_STR_KEYS
    return options


def _json(data: Any, options: int, default: Callable[[Any], Any] = _default) -> bytes:
    """UTF-8 JSON, by orjson: several times faster than json.dumps on a due list."""
    import orjson

    text = orjson.dumps(data, default=default, option=options)
    # orjson escapes C0 controls itself; DEL and C1 can only occur inside strings,
    # where \u escapes mean the same. One C-speed scan rules them out of ASCII text
    # (a due list's megabytes) before the regex runs.
    if not text.isascii() or b"\x7f" in text:
        text = _C1.sub(lambda m: b"\\u%04x" % ord(m.group(0).decode()), text)
    return text


def message(text: str) -> None:
    """A note for the person at the terminal; never part of the data on stdout."""
    sys.stderr.write(for_terminal(text) + "\n")


def echo(text: str) -> None:
    """Human-readable lines on stdout; control characters shown, never sent raw."""
    sys.stdout.write(for_terminal(text) + "\n")


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    no_color = bool(os.environ.get("NO_COLOR"))
    return Console(stderr=stderr, no_color=no_color, highlight=False, soft_wrap=False)


def print_table(
    title: str | None,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    empty: str = "nothing to show",
) -> None:
    from rich.table import Table
    from rich.text import Text

    # Cells are one line each: an ESC or a line break in an article's text must not
    # reach the terminal, or break the table apart.
    rows = [[("" if c is None else flat(str(c))) for c in row] for row in rows]
    if not rows:
        message(empty)
        return
    shown_title = Text(one_line(title)) if title is not None else None
    table = Table(title=shown_title, show_lines=False, header_style="bold")
    for name in columns:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(Text(c) for c in row))  # Text: "[b]" in an article is not markup
    _console().print(table)


def print_pairs(pairs: Iterable[tuple[str, Any]]) -> None:
    """``key: value`` lines for one record."""
    for key, value in pairs:
        if value not in (None, "", []):
            sys.stdout.write(f"{key}: {flat(str(value))}\n")


@contextmanager
def progress(label: str, *, at_least: int = 2) -> Iterator[Callable[[int, int], None]]:
    """Yield ``update(done, total)``. A transient bar appears on stderr once there are
    ``at_least`` items to do, and only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import Progress, TaskID

    bar = Progress(console=_console(stderr=True), transient=True)
    task: TaskID | None = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            if total < at_least:
                return
            bar.start()
            task = bar.add_task(label, total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if task is not None:
            bar.stop()
