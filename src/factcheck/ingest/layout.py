"""Text layout: cut the stored text into blocks (paragraphs, headings, list items).

A block is a span of the stored text plus what kind of block it is. Statements are
only looked for inside paragraph and list-item blocks; everything else about a
block (is it a byline, a breadcrumb, a reference?) is decided elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

PARAGRAPH = "paragraph"
HEADING = "heading"
ITEM = "item"
NOTE = "note"  # a Markdown footnote or link definition: "[^1]: Author. Title. doi:…"
TABLE = "table"
LINKS = "links"  # lines that are each one link: a contents list or menu
CODE = "code"

_BULLET = re.compile(r"^[ \t]*(?:[-*+•·▪‣◦–]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t]+(?=\S)")
_TERMINAL = re.compile(r"[.!?:;…\"”’]\s*$")
_WRAP_MIN = 40  # a line this long without final punctuation continues on the next


@dataclass(frozen=True)
class Block:
    """A span ``start:end`` of the stored text: one paragraph, heading or list item."""

    start: int
    end: int
    kind: str
    line: int  # 1-based line of ``start`` in the stored text


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # excludes the newline
    number: int  # 1-based

    def of(self, text: str) -> str:
        return text[self.start : self.end]


def iter_lines(text: str) -> Iterator[Line]:
    """Every line of ``text`` with its offsets, newline excluded."""
    pos = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        body = raw[:-1] if raw.endswith("\r") else raw
        yield Line(pos, pos + len(body), number)
        pos += len(raw) + 1


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` shrunk to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def looks_like_heading(line: str) -> bool:
    """A short line with no closing punctuation: a title, heading or label."""
    stripped = line.strip()
    return bool(stripped) and not _TERMINAL.search(stripped) and len(stripped.split()) <= 15


def text_blocks(text: str, standalone: Callable[[str], bool]) -> list[Block]:
    """Blocks of a plain-text article.

    Paragraphs are runs of lines; a hard-wrapped line (long, no final punctuation)
    joins the next one. ``standalone`` names lines that are always a block of their
    own (bylines, labels, breadcrumbs), so a footer of short lines never merges.
    """
    blocks: list[Block] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            blocks.append(_paragraph_or_heading(text, current))
            current.clear()

    for line in iter_lines(text):
        body = line.of(text)
        if not body.strip():
            flush()
            continue
        bullet = _BULLET.match(body)
        if bullet:
            flush()
            start, end = trimmed(text, line.start + bullet.end(), line.end)
            blocks.append(Block(start, end, ITEM, line.number))
            continue
        if standalone(body):
            flush()
            current.append(line)
            flush()
            continue
        if current and not _continues(current[-1].of(text)):
            flush()
        current.append(line)
    flush()
    return blocks


def _continues(previous: str) -> bool:
    stripped = previous.strip()
    return len(stripped) >= _WRAP_MIN and not _TERMINAL.search(stripped)


def _paragraph_or_heading(text: str, lines: list[Line]) -> Block:
    start, end = trimmed(text, lines[0].start, lines[-1].end)
    kind = HEADING if len(lines) == 1 and looks_like_heading(text[start:end]) else PARAGRAPH
    return Block(start, end, kind, lines[0].number)


def line_starts(text: str) -> list[int]:
    """Offsets where each line starts, for turning an offset into a line number."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts
