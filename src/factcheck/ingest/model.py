"""What reading an article produces: plain data, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class DetectedSource:
    """A citation found in the article (a "Source:" line, a reference, a DOI)."""

    text: str
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    # Added by the ingest issue (optional, with defaults):
    journal: str | None = None  # "Science" for "published in ... the journal Science"
    kind: str = "reference"  # reference | source-line | journal | doi | pmid | link


@dataclass(frozen=True)
class ParsedStatement:
    """One checkable statement: its exact span in ``ParsedArticle.text``."""

    text: str
    start: int
    end: int
    checkworthy: bool
    checkworthy_score: float | None = None  # the model's probability, 0-1, if it gave one
    kinds: tuple[str, ...] = ()
    line: int = 1  # 1-based line of ``start`` in the original file, for CI annotations


# Why a span of the stored text is not a statement (``SetAside.reason``).
TITLE = "title"  # the page title (or a repeat of it) that asserts nothing
HEADING = "heading"  # a section heading that asserts nothing
NAVIGATION = "navigation"  # breadcrumbs, menus, link lists, "skip to content"
BYLINE = "byline"  # author and reviewer lines, credit lines
DATE_LINE = "date-line"  # "Page last reviewed", "Updated on", a press dateline
REFERENCE = "reference"  # reference lists, footnote definitions, "Source:" lines
FURNITURE = "furniture"  # share, related, read more, series, cookies, copyright, contacts
BIO = "bio"  # about the author, about the publisher
LEAD_IN = "lead-in"  # "Common symptoms include:" before a list
TABLE = "table"  # Markdown table rows (kept, not split into statements)
CODE = "code"  # fenced code
UNCLASSIFIED = "unclassified"  # text no rule placed: a bug to report, never silently lost
REASONS = (
    TITLE,
    HEADING,
    NAVIGATION,
    BYLINE,
    DATE_LINE,
    REFERENCE,
    FURNITURE,
    BIO,
    LEAD_IN,
    TABLE,
    CODE,
    UNCLASSIFIED,
)


@dataclass(frozen=True)
class SetAside:
    """A span of the stored text that is not a statement, and why."""

    text: str
    start: int
    end: int
    reason: str


@dataclass
class ParsedArticle:
    """Metadata and statements read from one file.

    ``text`` is the article text we store; every statement span points into it.
    """

    text: str
    format: str  # text | markdown | html
    title: str | None = None
    author: str | None = None
    url: str | None = None
    topic: str | None = None
    published: date | None = None
    updated: date | None = None
    reviewed: date | None = None
    reviewed_by: str | None = None
    next_review_due: date | None = None
    # What a page's JSON-LD said, kept apart so `check` can flag disagreements.
    jsonld_reviewed: date | None = None
    statements: list[ParsedStatement] = field(default_factory=list)
    # Everything else in ``text``: statements and set-aside spans cover it all.
    set_aside: list[SetAside] = field(default_factory=list)
    detected_sources: list[DetectedSource] = field(default_factory=list)
