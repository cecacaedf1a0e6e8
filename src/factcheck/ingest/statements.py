"""From blocks to the article: bylines, boilerplate, sources, then statements.

One pass over the blocks of the stored text. Each block is, in this order: a
byline or review line (metadata), page furniture (dropped), a "Source:" line or a
reference-list entry (a detected source), a heading (title or section marker), or
prose, which is split into statements.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from factcheck.ingest import boilerplate as bp
from factcheck.ingest.checkworthy import is_checkworthy, load_model
from factcheck.ingest.claims import kinds_of
from factcheck.ingest.layout import HEADING, Block, line_starts
from factcheck.ingest.metadata import Byline, read_byline
from factcheck.ingest.model import DetectedSource, ParsedStatement
from factcheck.ingest.sentences import split_spans
from factcheck.ingest.sources import mentions, source_from_text, source_line


@dataclass
class Findings:
    """What the walk over the blocks found."""

    title: str | None = None
    topic: str | None = None
    byline: Byline = field(default_factory=Byline)
    statements: list[ParsedStatement] = field(default_factory=list)
    sources: list[DetectedSource] = field(default_factory=list)


LineOf = Callable[[int], int]


def walk(
    text: str,
    blocks: list[Block],
    *,
    title: str | None = None,
    line_of: LineOf | None = None,
    line_offset: int = 0,
) -> Findings:
    """Read metadata, sources and statements from ``blocks`` of ``text``.

    A statement's line is ``line_of(start)``; by default the 1-based line of
    ``start`` in ``text`` plus ``line_offset`` (lines before ``text`` in the file).
    """
    found = Findings(title=title)
    if line_of is None:
        starts = line_starts(text)

        def line_of(offset: int) -> int:
            return bisect_right(starts, offset) + line_offset

    section = bp.BODY
    skip: set[int] = set()
    for index, block in enumerate(blocks):
        if index in skip:
            continue
        chunk = text[block.start : block.end]
        if block.kind == HEADING:
            opened = bp.section_of(chunk)
            if opened is not None:
                section = opened
                continue
        if _metadata_or_furniture(chunk, found):
            continue
        if block.kind == HEADING or (block.kind != "item" and bp.looks_like_name(chunk)):
            section = _heading(chunk, block, blocks, index, text, found, skip, section)
            continue
        if section == bp.SOURCES:
            found.sources.append(source_from_text(chunk))
            continue
        if section != bp.BODY or _is_bio(chunk, found):
            continue
        _statements(text, _unglued(text, block, found.title), found, line_of)
    return found


def _metadata_or_furniture(chunk: str, found: Findings) -> bool:
    if len(chunk) <= 240:
        byline = read_byline(chunk)
        if byline is not None:
            found.byline.merge(byline)
            return True
    if bp.is_boilerplate(chunk):
        if found.topic is None:
            found.topic = bp.breadcrumb_topic(chunk)
        return True
    source = source_line(chunk)
    if source is not None:
        found.sources.append(source)
        return True
    return False


def _heading(
    chunk: str,
    block: Block,
    blocks: list[Block],
    index: int,
    text: str,
    found: Findings,
    skip: set[int],
    section: str,
) -> str:
    """Handle a heading-like block; return the section it opens."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if following is not None and bp.is_bio_of(chunk, text[following.start : following.end]):
        # "Traci Pedersen" then "Traci Pedersen is a writer ...": author line and bio.
        if found.byline.author is None:
            found.byline.author = chunk
        skip.add(index + 1)
        return section
    opened = bp.section_of(chunk)
    if opened is not None:
        return opened
    if found.title is None and block.kind == HEADING:
        found.title = chunk
    return bp.BODY


def _is_bio(chunk: str, found: Findings) -> bool:
    return found.byline.author is not None and bp.is_bio_of(found.byline.author, chunk)


def _unglued(text: str, block: Block, title: str | None) -> Block:
    """Drop a title glued to the first sentence by a bad copy ("...KetamineYale ...")."""
    if not title or not text.startswith(title, block.start):
        return block
    start = block.start + len(title)
    while start < block.end and text[start].isspace():
        start += 1
    if start < block.end and not text[start].isupper() and text[start] not in '“"‘':
        return block  # the title's words are the sentence's own opening
    return Block(start, block.end, block.kind, block.line)


def _statements(text: str, block: Block, found: Findings, line_of: LineOf) -> None:
    if block.start >= block.end:
        return
    for start, end in split_spans(text, block.start, block.end):
        sentence = text[start:end]
        if not any(char.isalpha() for char in sentence):
            continue
        if len(sentence) < 120 and (bp.is_boilerplate(sentence) or sentence == found.title):
            continue
        if sentence.endswith(":") and len(sentence) < 80:  # "Common symptoms include:"
            continue
        kinds = kinds_of(sentence)
        model = load_model()  # cached: loaded once per process
        found.statements.append(
            ParsedStatement(
                text=sentence,
                start=start,
                end=end,
                checkworthy=is_checkworthy(sentence, kinds),
                checkworthy_score=model.probability(sentence) if model else None,
                kinds=kinds,
                line=line_of(start),
            )
        )
        found.sources.extend(mentions(sentence))
