"""Making user-supplied text safe for where it is printed: terminals, CSV, GitHub.

Reports escape for HTML and Markdown in ``reports/render.py``; this module holds the
rules for the other places text leaves the tool. Each function takes any text and
returns text that cannot act in its destination: no escape sequences on a terminal,
no formulas in a spreadsheet, no workflow commands in a GitHub Actions log.
"""

from __future__ import annotations

import re
from functools import lru_cache

# C0 controls except tab and newline, DEL, and the C1 controls (U+0080-U+009F): ESC
# sequences recolour, retitle or rewrite a terminal; CSI (U+009B) does the same on
# terminals that honour 8-bit controls. Bidi overrides reorder what the eye sees.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code == 0x0A:
        return "\\n"
    if code == 0x0D:
        return "\\r"
    if code == 0x09:
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """``text`` with control characters shown as escapes (``\\x1b``); newlines and
    tabs kept, for multi-line output meant for people."""
    # Every character either pattern matches is unprintable to Python (Cc or Cf), so
    # printable text, nearly all of it, skips the regex: one C scan instead.
    return text if text.isprintable() else _CONTROL.sub(_visible, text)


def one_line(text: str) -> str:
    """``text`` as a single terminal-safe line: line breaks shown as ``\\n`` too."""
    return text if text.isprintable() else _CONTROL_OR_BREAK.sub(_visible, text)


def flat(text: str) -> str:
    """``text`` for one table cell or ``key: value`` line: line breaks become spaces (a
    statement may span lines in its file), other control characters are shown."""
    return for_terminal(" ".join(text.splitlines()) if "\n" in text or "\r" in text else text)


def shown(value: object, *, limit: int = 80) -> str:
    """A user-supplied value quoted for an error message: repr-quoted, one line, no
    control characters, and cut short so a megabyte of junk is not echoed back."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return "'" + one_line(text).replace("'", "\\'") + "'"


# OWASP "CSV injection": a cell starting with one of these is a formula to Excel,
# LibreOffice and Google Sheets. A leading apostrophe makes it text in all three.
_FORMULA_FIRST = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def csv_field(value: str | None) -> str:
    """A CSV field (RFC 4180) of user-supplied text that a spreadsheet shows as text,
    never evaluates: a formula's first character is led by an apostrophe, and the
    field quoted where it holds a quote, comma or line break. Plain code, not the
    ``csv`` module: it runs on every cell of a due list of hundreds of thousands."""
    if not value:
        return ""
    if value[0] in _FORMULA_FIRST:
        value = "'" + value
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


def github_message(text: str) -> str:
    """A workflow-command message: ``%``, CR and LF escaped (GitHub's own rules, as in
    ``@actions/core`` ``escapeData``), so text cannot end the command and start another."""
    if "%" not in text and text.isprintable():  # nearly all: no CR, LF or control in it
        return text
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return for_terminal(escaped)  # an ESC in a log still recolours it


@lru_cache(maxsize=4096)  # an article's file and title recur on each of its findings
def github_property(text: str) -> str:
    """A workflow-command property value (``file=``, ``title=``): also ``:`` and ``,``
    (``escapeProperty``), and ``;`` which some runners read as a separator."""
    return github_message(text).replace(":", "%3A").replace(",", "%2C").replace(";", "%3B")
