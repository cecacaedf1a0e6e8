"""From blocks to the article: every block becomes statements or a set-aside span.

One pass over the blocks of the stored text. Each block is, in this order: a
footnote, table or code block (set aside), a heading that opens a section
(references, related links, an "About …" box), a byline or date line (metadata),
page furniture, a "Source:" line, a heading (the title or a section heading: a
``headline`` statement when it asserts something), a block inside a section that
is not body text, or prose, which is split into statements. Whatever is not a
statement is recorded with its reason, so nothing is dropped unseen.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from factcheck.ingest import boilerplate as bp
from factcheck.ingest import model as m
from factcheck.ingest.checkworthy import assess, checkworthy_score
from factcheck.ingest.claims import kinds_of
from factcheck.ingest.headings import asserts
from factcheck.ingest.layout import (
    CODE,
    HEADING,
    ITEM,
    LINKS,
    NOTE,
    PARAGRAPH,
    TABLE,
    Block,
    line_starts,
)
from factcheck.ingest.metadata import DATE, Byline, parse_date, read_byline
from factcheck.ingest.model import DetectedSource, ParsedStatement, SetAside
from factcheck.ingest.sentences import split_spans
from factcheck.ingest.sources import mentions, source_from_text, source_line

HEADLINE = "headline"
_OWN_KIND = {NOTE: m.REFERENCE, TABLE: m.TABLE, CODE: m.CODE, LINKS: m.NAVIGATION}
_OPENER_REASON = {bp.RELATED: m.FURNITURE, bp.BIO: m.BIO, bp.CITE: m.REFERENCE}
_SECTION_REASON = {bp.SOURCES: m.REFERENCE, bp.CITE: m.REFERENCE, bp.RELATED: m.FURNITURE}
# "OXFORD, 4 March 2024 — Researchers …", "GENEVA (Healthwire) - The agency …"
# (no "^": match() at a block's offset anchors there, and "^" would not)
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)*)(?:,\s*[A-Z][a-z]{1,12}\.?)?"
    rf"(?:,?\s+\(?(?P<date>{DATE})\)?)?"
    r"\s*(?:\([^()\n]{1,30}\)|/[^/\n]{1,30}/)?\s*(?:—|–|--|-)\s*(?=[A-Z“\"‘])"
)

_CLOSING = re.compile(r"(?:\[[^\]\n]{1,12}\]|[”’\"')\s])+$")  # quotes, "[^3]" after a stop
_NOTE_LABEL = re.compile(r"^\s*\[[^\]\n]+\]:\s*")
_DATE_ONLY = re.compile(
    rf"^\s*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*,?\s+)?{DATE}(?:,?\s+\d{{1,2}}[:.]\d\d\s*\w*)?\s*$",
    re.I,
)


@dataclass
class Findings:
    """What the walk over the blocks found."""

    title: str | None = None
    topic: str | None = None
    byline: Byline = field(default_factory=Byline)
    statements: list[ParsedStatement] = field(default_factory=list)
    sources: list[DetectedSource] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)


LineOf = Callable[[int], int]


def walk(
    text: str,
    blocks: list[Block],
    *,
    title: str | None = None,
    line_of: LineOf | None = None,
    line_offset: int = 0,
) -> Findings:
    """Read metadata, sources, statements and set-aside spans from ``blocks`` of ``text``.

    A statement's line is ``line_of(start)``; by default the 1-based line of
    ``start`` in ``text`` plus ``line_offset`` (lines before ``text`` in the file).
    """
    if line_of is None:
        starts = line_starts(text)

        def line_of(offset: int) -> int:
            return bisect_right(starts, offset) + line_offset

    walker = _Walk(text, blocks, Findings(title=title), line_of)
    walker.run()
    return walker.found


class _Walk:
    def __init__(self, text: str, blocks: list[Block], found: Findings, line_of: LineOf):
        self.text, self.blocks, self.found, self.line_of = text, blocks, found, line_of
        self.section = bp.BODY
        self.title_seen = False
        self.prose_seen = False
        # Headings and short lines after the last paragraph of prose or list item head
        # nothing: "More on this story", a publisher's name at the foot of a leaflet.
        self.last_content = max(
            (i for i, b in enumerate(blocks) if b.kind == ITEM or _prose_like(text, b)),
            default=-1,
        )
        self.skip: set[int] = set()

    def run(self) -> None:
        for index, block in enumerate(self.blocks):
            if index not in self.skip:
                self.block(index, block)

    def chunk(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def aside(self, start: int, end: int, reason: str) -> None:
        if start < end:
            self.found.set_aside.append(SetAside(self.text[start:end], start, end, reason))

    def block(self, index: int, block: Block) -> None:
        chunk = self.chunk(block)
        own = _OWN_KIND.get(block.kind)
        if own is not None:
            if own == m.REFERENCE:  # "[^1]: Author. Title. doi:…" cites what follows the label
                self.found.sources.append(source_from_text(_NOTE_LABEL.sub("", chunk, count=1)))
            self.aside(block.start, block.end, own)
            return
        opened = bp.section_of(chunk) if block.kind == HEADING else None
        if opened is not None:
            self.section = opened
            self.aside(block.start, block.end, _OPENER_REASON.get(opened, m.HEADING))
            return
        if not any(char.isalpha() for char in chunk):
            self.aside(block.start, block.end, m.FURNITURE)  # "###", "-30-", "* * *"
            return
        reason = self.byline(chunk)
        if reason is None and self.section == bp.SOURCES:
            reason = self.reference(chunk)
        reason = reason or self.furniture(chunk)
        if reason is not None:
            self.aside(block.start, block.end, reason)
        elif self.heading_like(index, block, chunk):
            self.heading(index, block, chunk)
        elif self.section != bp.BODY:
            self.aside(block.start, block.end, _SECTION_REASON.get(self.section, m.BIO))
        elif self.found.byline.author and bp.is_bio_of(self.found.byline.author, chunk):
            self.aside(block.start, block.end, m.BIO)
        elif index > self.last_content and self.prose_seen:
            # Short lines trailing the article (after its last prose): "Was this page useful?".
            self.aside(block.start, block.end, m.FURNITURE)
        else:
            self.prose(block)

    def reference(self, chunk: str) -> str:
        self.found.sources.append(source_from_text(chunk))
        return m.REFERENCE

    def byline(self, chunk: str) -> str | None:
        """``byline`` or ``date-line`` for a line that prints metadata (which is kept)."""
        byline = read_byline(chunk) if len(chunk) <= 240 else None
        if byline is None and _DATE_ONLY.match(chunk):
            byline = Byline(published=parse_date(chunk))  # "March 12, 2024" under a byline
        if byline is None:
            return None
        self.found.byline.merge(byline)
        return m.BYLINE if byline.author or byline.reviewed_by else m.DATE_LINE

    def furniture(self, chunk: str) -> str | None:
        """The set-aside reason of page furniture, a citation or a "Source:" line."""
        if bp.looks_like_citation(chunk):
            return self.reference(chunk)
        reason = bp.furniture_reason(chunk)
        if reason is not None:
            if reason == m.NAVIGATION and self.found.topic is None:
                self.found.topic = bp.breadcrumb_topic(chunk)
            return reason
        source = source_line(chunk)
        if source is not None:
            self.found.sources.append(source)
            return m.REFERENCE
        return None

    def heading_like(self, index: int, block: Block, chunk: str) -> bool:
        if self.section != bp.BODY and ("," in chunk or bp.looks_like_name(chunk)):
            return False  # "Rachel Dunn, Press Office" inside a contact or about box
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if block.kind == HEADING:
            return True
        if _question_over_answer(self.text, block, following) or _label_over_list(
            self.text, block, following
        ):
            return True
        if block.kind != ITEM:
            return bp.looks_like_name(chunk)
        # A listicle's "1. Walk after meals" stands alone between paragraphs; the
        # items of an ordinary list have item neighbours.
        around = (index - 1, index + 1)
        neighbours = [self.blocks[i].kind for i in around if 0 <= i < len(self.blocks)]
        return ITEM not in neighbours and len(chunk) < 80 and not chunk.rstrip().endswith(".")

    def heading(self, index: int, block: Block, chunk: str) -> None:
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        if (
            following is not None
            and self.found.statements  # a bio follows the article, not the title
            and bp.looks_like_name(chunk)
            and bp.is_bio_of(chunk, self.chunk(following))
        ):
            # "Traci Pedersen" then "Traci Pedersen is a writer ...": author line and bio.
            if self.found.byline.author is None:
                self.found.byline.author = chunk
            self.aside(block.start, block.end, m.BYLINE)
            self.aside(following.start, following.end, m.BIO)
            self.skip.add(index + 1)
            return
        self.section = bp.BODY
        if index > self.last_content and self.found.title is not None:
            self.aside(block.start, block.end, m.FURNITURE)
            return
        if self.found.title is None and _kicker(chunk, following, self.text):
            self.aside(block.start, block.end, m.HEADING)  # "News release" above the title
            return
        if self.found.title is None:
            self.found.title = chunk
        if _same(chunk, self.found.title):
            if self.title_seen:  # the title printed again: furniture, not a second claim
                self.aside(block.start, block.end, m.TITLE)
                return
            self.title_seen = True
            self.headline_or(block, m.TITLE)
            return
        self.headline_or(block, m.HEADING)

    def headline_or(self, block: Block, reason: str) -> None:
        """A title or heading: a ``headline`` statement if it asserts, else set aside."""
        chunk = self.chunk(block)
        if not asserts(chunk):
            self.aside(block.start, block.end, reason)
            return
        # A headline is what most readers take away: checked like any claim.
        kinds = (HEADLINE, *kinds_of(chunk))
        self.add_statement(
            block.start, block.end, kinds, checkworthy=True, score=checkworthy_score(chunk)
        )

    def add_statement(
        self,
        start: int,
        end: int,
        kinds: tuple[str, ...],
        *,
        checkworthy: bool,
        score: float | None = None,
    ) -> None:
        sentence = self.text[start:end]
        self.found.statements.append(
            ParsedStatement(
                text=sentence,
                start=start,
                end=end,
                checkworthy=checkworthy,
                kinds=kinds,
                line=self.line_of(start),
                checkworthy_score=score,
            )
        )
        self.found.sources.extend(mentions(sentence))

    def prose(self, block: Block) -> None:
        start = self.dateline(block)
        self.prose_seen = True
        start = self.unglued(start, block.end)
        if start >= block.end:
            return
        for s_start, s_end in split_spans(self.text, start, block.end):
            self.sentence(s_start, s_end)

    def sentence(self, start: int, end: int) -> None:
        sentence = self.text[start:end]
        reason = None
        if not any(char.isalpha() for char in sentence):
            reason = m.FURNITURE  # "###", "-30-", a lone dash
        elif len(sentence) < 120 and bp.furniture_reason(sentence):
            reason = bp.furniture_reason(sentence)
        elif _same(sentence, self.found.title):
            reason = m.TITLE
        elif sentence.endswith(":") and len(sentence) < 80:  # "Common symptoms include:"
            reason = m.LEAD_IN
        if reason is not None:
            self.aside(start, end, reason)
            return
        kinds = kinds_of(sentence)
        checkworthy, score = assess(sentence, kinds)
        self.add_statement(start, end, kinds, checkworthy=checkworthy, score=score)

    def dateline(self, block: Block) -> int:
        """Set aside a press dateline ("OXFORD, 4 March 2024 —"); where the prose starts."""
        match = _DATELINE.match(self.text, block.start, block.end)
        if match is None or self.prose_seen:  # only the story's first paragraph has one
            return block.start
        if self.found.byline.published is None:
            self.found.byline.published = parse_date(match.group("date"))
        self.aside(block.start, block.start + len(match.group(0).rstrip()), m.DATE_LINE)
        return match.end()  # an offset into the whole text: match() began at block.start

    def unglued(self, start: int, end: int) -> int:
        """Set aside a title glued to the first sentence by a bad copy ("…KetamineYale …")."""
        title = self.found.title
        if not title or not self.text.startswith(title, start):
            return start
        after = start + len(title)
        while after < end and self.text[after].isspace():
            after += 1
        if after < end and not self.text[after].isupper() and self.text[after] not in '“"‘':
            return start  # the title's words are the sentence's own opening
        self.aside(start, start + len(title), m.TITLE)
        return after


def _kicker(chunk: str, following: Block | None, text: str) -> bool:
    """A label of a word or three right above a longer heading: that one is the title."""
    if following is None or following.kind != HEADING or len(chunk.split()) > 3:
        return False
    title = text[following.start : following.end]
    return len(title.split()) > len(chunk.split()) + 1 and bp.section_of(title) is None


def _prose_like(text: str, block: Block) -> bool:
    """A block of running prose: several words ending in a full stop or the like."""
    chunk = _CLOSING.sub("", text[block.start : block.end])
    return block.kind in (PARAGRAPH, ITEM) and len(chunk.split()) >= 8 and chunk[-1:] in ".!?"


def _label_over_list(text: str, block: Block, following: Block | None) -> bool:
    """ "On this page" right above a list: a label, not a sentence."""
    chunk = text[block.start : block.end]
    return (
        following is not None
        and following.kind in (ITEM, LINKS)
        and block.kind == PARAGRAPH
        and len(chunk.split()) <= 8
        and not chunk.rstrip().endswith((".", "!", "?", ":", ";"))
    )


def _question_over_answer(text: str, block: Block, following: Block | None) -> bool:
    """A one-line question with its answer on the very next line: an FAQ heading."""
    chunk = text[block.start : block.end]
    return (
        following is not None
        and following.line == block.line + 1
        and "\n" not in chunk
        and chunk.endswith("?")
        and len(chunk.split()) <= 15
    )


def _same(a: str, b: str | None) -> bool:
    return b is not None and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
