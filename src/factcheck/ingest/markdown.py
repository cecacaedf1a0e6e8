"""Markdown: YAML front matter, and the body flattened to the text we store.

The stored text is the body with inline markup flattened (``[text](url)`` becomes
``text``, emphasis markers go) one output line per input line, so a statement's
line in the file is its line in the body plus the front matter's length. Block
markers (``#``, ``-``, ``1.``, ``>``) stay in the text; block spans exclude them.
Footnote and link definitions, tables and fenced code are kept as they are, as
blocks of their own kind, so nothing of the body vanishes from the stored text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from factcheck.errors import InputError
from factcheck.ingest.layout import (
    CODE,
    HEADING,
    ITEM,
    LINKS,
    NOTE,
    PARAGRAPH,
    TABLE,
    Block,
    iter_lines,
    trimmed,
)

_FRONT = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_REF_DEF = re.compile(r"^\s{0,3}\[(?P<caret>\^?)[^\]\n]+\]:\s*(?P<target>\S+)")
_CONTINUED = re.compile(r"^(?: {2,}|\t)\S")  # an indented line continues a footnote
_EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"
    r"|(?<![\w])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w])"
)
_CODE = re.compile(r"`([^`\n]+)`")
_TAG = re.compile(r"</?[a-zA-Z][^>\n]*>")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_CLOSING_HASHES = re.compile(r"\s+#+\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_SETEXT = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_TABLE = re.compile(r"^\s*\|")
# A list item or line that is one link and nothing else: a contents list, a menu.
_LINK_ONLY = re.compile(r"^\s*(?:(?:[-*+]|\d{1,3}[.)])\s+)?\[[^\]\n]+\]\([^)\n]*\)\s*$")


@dataclass
class MarkdownBody:
    """The flattened body, its blocks, the links it made, and where it started."""

    text: str
    blocks: list[Block]
    links: list[str] = field(default_factory=list)
    line_offset: int = 0  # lines of front matter before the body


def split_front_matter(text: str, *, who: str) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, number of lines before the body)."""
    match = _FRONT.match(text)
    if not match:
        return {}, text, 0
    import yaml

    from factcheck import safeyaml

    try:
        meta = safeyaml.load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where is not None else ""
        why = str(exc) if isinstance(exc, safeyaml.Refused) else ""
        what = f"is refused: {why}" if why else "is not valid YAML"
        raise InputError(f"{who}: the front matter {what}{line}") from None
    if not isinstance(meta, dict):
        raise InputError(f"{who}: the front matter must be a YAML mapping of key: value")
    return meta, text[match.end() :], text.count("\n", 0, match.end())


def flatten_inline(line: str, links: list[str]) -> str:
    """One line of Markdown as plain text; link targets are appended to ``links``."""
    if "[" in line or "!" in line:
        line = _IMAGE.sub("", line)

        def keep_text(match: re.Match[str]) -> str:
            links.append(match.group(2))
            return match.group(1)

        line = _LINK.sub(keep_text, line)
    if "`" in line:
        line = _CODE.sub(r"\1", line)
    if "*" in line or "_" in line:
        line = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", line)
    if "<" in line:
        line = _TAG.sub("", line)
    return line


def read_body(body: str, line_offset: int = 0) -> MarkdownBody:
    """Flatten ``body`` and cut it into blocks."""
    links: list[str] = []
    out: list[str] = []
    special: list[str | None] = []  # per line: NOTE, TABLE, CODE or None (ordinary)
    in_fence = False
    for raw in body.split("\n"):
        line = raw.rstrip("\r")
        kind = _special_line(line, in_fence, special[-1] if special else None)
        if _FENCE.match(line):
            in_fence = not in_fence
        if kind == NOTE:
            ref = _REF_DEF.match(line)
            if ref and not ref.group("caret"):
                links.append(ref.group("target"))  # [id]: https://… is a link target
        out.append(line if kind in (CODE, NOTE) else flatten_inline(line, links))
        special.append(kind)
    text = "\n".join(out)
    return MarkdownBody(
        text=text, blocks=_blocks(text, special), links=links, line_offset=line_offset
    )


def _special_line(line: str, in_fence: bool, previous: str | None) -> str | None:
    if in_fence or _FENCE.match(line):
        return CODE
    if _REF_DEF.match(line) or (previous == NOTE and _CONTINUED.match(line)):
        return NOTE
    if _TABLE.match(line):
        return TABLE
    if _LINK_ONLY.match(line):
        return LINKS
    return None


def _blocks(text: str, special: list[str | None]) -> list[Block]:
    blocks: list[Block] = []
    para: list[tuple[int, int, int]] = []  # (start, end, line)
    kept: list[str] = [PARAGRAPH]  # the kind of the lines in ``para``

    def flush(kind: str = PARAGRAPH) -> None:
        if para:
            start, end = trimmed(text, para[0][0], para[-1][1])
            if start < end:
                own = kept[0] if kept[0] != PARAGRAPH else kind
                blocks.append(Block(start, end, own, para[0][2]))
            para.clear()
        kept[0] = PARAGRAPH

    for line in iter_lines(text):
        body = line.of(text)
        own_kind = special[line.number - 1]
        if own_kind is not None:
            # A new footnote, or a change of kind, starts a block of its own.
            if kept[0] != own_kind or (own_kind == NOTE and _REF_DEF.match(body)):
                flush()
                kept[0] = own_kind
            para.append((line.start, line.end, line.number))
            continue
        if kept[0] != PARAGRAPH:
            flush()
        if not body.strip() or _RULE.match(body):
            if para and _SETEXT.match(body) and body.strip():
                flush(HEADING)
            flush()
            continue
        if _SETEXT.match(body) and para:
            flush(HEADING)
            continue
        marker = _HEADING.match(body) or _ITEM.match(body) or _QUOTE.match(body)
        if marker is None:
            para.append((line.start, line.end, line.number))
            continue
        flush()
        end = line.end
        if marker.re is _HEADING:
            closing = _CLOSING_HASHES.search(body)
            end = line.start + closing.start() if closing else end
            kind = HEADING
        else:
            kind = ITEM if marker.re is _ITEM else PARAGRAPH
        if kind == PARAGRAPH:  # a blockquote line: it may continue on the next line
            para.append((line.start + marker.end(), end, line.number))
            continue
        start, stop = trimmed(text, line.start + marker.end(), end)
        if start < stop:
            blocks.append(Block(start, stop, kind, line.number))
    flush()
    return blocks
