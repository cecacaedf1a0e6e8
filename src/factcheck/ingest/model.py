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
    detected_sources: list[DetectedSource] = field(default_factory=list)
