"""What a report says, as data: one :class:`ArticleReport` per article, one
:class:`PortfolioReport` for the site. Writers (html, md, json, claimreview) only
render these; nothing here knows about a format or the database.

Dates are ``date`` objects; each writer prints them its own way (Babel for people,
ISO for machines). Text fields are raw, exactly as recorded: escaping is the
writer's job, so every writer escapes for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property


@dataclass(frozen=True)
class ReviewBox:
    """The review box a reader sees: status and the dates behind it, from our records."""

    reviewed: bool = field(metadata={"help": "True once the article has a sign-off"})
    status: str = field(metadata={"help": "unreviewed|current|due|overdue|stale|needs-correction"})
    status_label: str = field(metadata={"help": "the status in words, e.g. 'Up to date'"})
    published: date | None = field(metadata={"help": "first published (page metadata)"})
    updated: date | None = field(metadata={"help": "last updated (page metadata)"})
    last_reviewed: date | None = field(metadata={"help": "date of the latest sign-off"})
    reviewer_name: str | None = field(metadata={"help": "who signed off"})
    reviewer_credentials: str | None = field(metadata={"help": "their credentials"})
    next_review_due: date | None = field(metadata={"help": "earliest due date of its statements"})
    page_claimed_reviewed: date | None = field(
        default=None, metadata={"help": "the 'last reviewed' date the imported page printed"}
    )


@dataclass(frozen=True)
class Evidence:
    """One link from a statement to a source, with the quote and where it is."""

    source_id: str
    relation: str  # supports | contradicts | context
    quote: str | None
    locator: str | None


@dataclass(frozen=True)
class StatementRow:
    """A statement with its current verdict, due state and evidence."""

    id: str
    n: int
    text: str
    checkworthy: bool = field(metadata={"help": "a reviewer's latest mark, else the model's"})
    checkworthy_by: str = field(metadata={"help": "'model' or the marking reviewer's handle"})
    checkworthy_score: float | None = field(metadata={"help": "the model's probability, 0-1"})
    followed: bool = field(metadata={"help": "under review: check-worthy, or judged already"})
    kinds: tuple[str, ...]
    status: str
    due: date | None
    reason: str = field(metadata={"help": "stable code: interval, text-changed, …"})
    why: str = field(metadata={"help": "the reason in words"})
    verdict: str | None = field(metadata={"help": "verdict name, e.g. supported"})
    verdict_label: str | None = field(metadata={"help": "its label on the scale"})
    reviewer: str | None = field(metadata={"help": "handle of the latest verdict's reviewer"})
    reviewer_name: str | None
    reviewed_on: date | None
    note: str | None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Citation:
    """A source formatted as a reference: plain-text parts a writer escapes and joins."""

    authors: str | None  # "Li, N., Lee, B. & Duman, R. S."
    year: str | None
    title: str | None
    container: str | None  # journal or publisher
    doi: str | None
    doi_url: str | None  # https://doi.org/…, always percent-encoded
    url: str | None  # only an http(s) URL, else None
    pmid: str | None
    short: str  # "Li et al. (2010)": how a statement's evidence names it


@dataclass(frozen=True)
class SourceEntry:
    id: str
    kind: str
    status: str  # active | corrected | retracted | superseded | concern
    citation: Citation
    statements: tuple[str, ...]  # ids of the statements citing it


# Not frozen, but slotted: an archive has about a hundred events per article, and a
# frozen dataclass sets each field through ``object.__setattr__`` (five times slower).
@dataclass(slots=True)
class HistoryEntry:
    """One event of the review history, oldest first."""

    recorded_at: datetime
    on: date | None  # the date the event is about (review date, effective date)
    event: str  # revision | statement-added | … | link | mark | verdict | signoff | source-status
    statement: str | None
    actor: str | None  # reviewer handle
    summary: str  # plain text, e.g. "verdict supported"
    note: str | None
    hash: str


@dataclass(frozen=True)
class CorrectionEntry:
    """A correction of the record: what was corrected, when and by whom."""

    recorded_at: datetime
    kind: str = field(metadata={"help": "withdraw | edit | retire"})
    summary: str = field(metadata={"help": "plain text, e.g. 'withdrew verdict supported on …'"})
    by: str | None = field(metadata={"help": "the name of the reviewer who corrected it"})
    note: str | None = field(metadata={"help": "why"})


@dataclass(frozen=True)
class RevisionEntry:
    number: int
    recorded_at: datetime
    sha256: str
    format: str
    source_file: str | None


@dataclass(frozen=True)
class ArticleReport:
    """Everything the audit of one article shows (html, md and json say the same)."""

    slug: str
    title: str
    author: str | None
    url: str | None  # only an http(s) URL, else None
    topic: str | None
    as_of: date
    box: ReviewBox
    counts: dict[str, int]  # statuses of its followed statements (check-worthy or judged)
    statements: tuple[StatementRow, ...]
    sources: tuple[SourceEntry, ...]
    history: tuple[HistoryEntry, ...]
    revisions: tuple[RevisionEntry, ...]
    corrections: tuple[CorrectionEntry, ...] = ()  # a public corrections log, oldest first
    retired: CorrectionEntry | None = None  # set while the article is retired

    # ``counts`` tallies every followed statement by status (schedule.article_state,
    # over the same records as ``statements``), so the totals below need no loop.

    @property
    def checkworthy(self) -> int:
        return sum(self.counts.values())

    def source(self, source_id: str) -> SourceEntry | None:
        return self._sources_by_id.get(source_id)

    @cached_property
    def _sources_by_id(self) -> dict[str, SourceEntry]:
        return {s.id: s for s in reversed(self.sources)}  # first match wins, like a scan

    @property
    def covered(self) -> int:
        """Check-worthy statements with a current verdict."""
        return self.counts["current"]


# --- the portfolio --------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: a label and a count (and an optional status for colour)."""

    label: str
    value: int
    tone: str = "neutral"  # neutral | good | warn | bad
    month: date | None = None  # for a bar that stands for a month: printed with Babel


@dataclass(frozen=True)
class ArticleLine:
    """One article on the dashboard, linking to its audit page."""

    slug: str
    title: str
    status: str
    status_label: str
    checkworthy: int
    covered: int
    urgent: int  # overdue + stale + needs-correction statements
    last_reviewed: date | None
    next_review_due: date | None


@dataclass(frozen=True)
class PortfolioReport:
    """The site at a glance: coverage, what is slipping, the coming workload."""

    as_of: date
    articles: int
    statements: int
    checkworthy: int
    covered: int  # check-worthy statements with a current verdict
    by_status: tuple[Bar, ...]  # articles by status
    statement_status: tuple[Bar, ...]  # check-worthy statements by status
    workload: tuple[Bar, ...]  # statements falling due per month, the next 12 months
    verdict_mix: tuple[Bar, ...]
    review_age: tuple[Bar, ...]
    per_reviewer: tuple[Bar, ...]  # statements whose latest verdict is theirs
    attention: tuple[ArticleLine, ...]  # most urgent articles first
    lines: tuple[ArticleLine, ...]  # every article, slug order

    @property
    def needing_attention(self) -> int:
        """Articles that are not up to date."""
        return sum(1 for line in self.lines if line.status != "current")

    @property
    def coverage(self) -> float:
        return self.covered / self.checkworthy if self.checkworthy else 1.0
