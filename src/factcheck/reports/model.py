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
class BoxSignOff:
    """The latest sign-off of one role, as the box names it."""

    role: str = field(metadata={"help": "a key of [box.roles], e.g. medical"})
    label: str = field(metadata={"help": "its words, e.g. 'Medically reviewed by'"})
    name: str
    credentials: str | None
    signed_on: date
    forced: bool = field(metadata={"help": "signed off although statements lacked a verdict"})
    checked: int | None = field(metadata={"help": "statements current when it was recorded"})
    total: int | None = field(metadata={"help": "check-worthy statements then"})
    editor: bool = field(metadata={"help": "JSON-LD 'editor' rather than 'reviewedBy'"})


@dataclass(frozen=True)
class BoxLine:
    """One line of the box under its headline, in words, dates already printed."""

    kind: str = field(metadata={"help": "signoff | updated | next-review | page-claim"})
    text: str


@dataclass(frozen=True)
class ReviewBox:
    """The review box a reader sees, computed once from our records (reports.box).

    Every writer (badge html/text/jsonld, the html and md audit pages) prints these
    lines and nothing else, so the box says the same thing everywhere.
    """

    state: str = field(
        metadata={"help": "reviewed|due|overdue|under-review|correction|partly|unreviewed"}
    )
    tone: str = field(metadata={"help": "ok|attention|bad|unreviewed, for colour"})
    headline: str = field(metadata={"help": "the box's first line, in the [box] words"})
    lines: tuple[BoxLine, ...] = field(metadata={"help": "the lines under the headline"})
    reviewed: bool = field(metadata={"help": "True only when the box may say 'Reviewed'"})
    signed_off: bool = field(metadata={"help": "True once the article has a sign-off"})
    status: str = field(metadata={"help": "unreviewed|current|due|overdue|stale|needs-correction"})
    status_label: str = field(metadata={"help": "the status in words, e.g. 'Up to date'"})
    published: date | None = field(metadata={"help": "first published (page metadata)"})
    updated: date | None = field(metadata={"help": "last updated (page metadata)"})
    last_reviewed: date | None = field(metadata={"help": "date of the latest sign-off"})
    reviewer_name: str | None = field(metadata={"help": "who signed off last"})
    reviewer_credentials: str | None = field(metadata={"help": "their credentials"})
    next_review_due: date | None = field(metadata={"help": "earliest due date of its statements"})
    signoffs: tuple[BoxSignOff, ...] = field(
        default=(), metadata={"help": "the latest sign-off of each role, in [box.roles] order"}
    )
    page_claimed_reviewed: date | None = field(
        default=None, metadata={"help": "the 'last reviewed' date the imported page printed"}
    )
    page_claimed_next_review_due: date | None = field(
        default=None, metadata={"help": "the 'next review' date the imported page printed"}
    )

    @property
    def last_review(self) -> BoxSignOff | None:
        """The latest sign-off that vouches for a review: not forced, not an editor's.
        JSON-LD ``lastReviewed`` and the audit page's "Last reviewed" are its date."""
        vouched = [s for s in self.signoffs if not s.forced and not s.editor]
        return max(vouched, key=lambda s: s.signed_on, default=None)

    def text(self) -> str:
        """The box as plain text: the headline, then each line."""
        return "\n".join([self.headline, *(line.text for line in self.lines)])


@dataclass(frozen=True)
class Evidence:
    """One link from a statement to a source, with the quote and where it is."""

    source_id: str
    relation: str  # supports | contradicts | context
    quote: str | None
    locator: str | None
    quote_found: bool | None = field(
        default=None, metadata={"help": "the quote was found in the archived text (null: none)"}
    )
    flags: tuple[str, ...] = field(
        default=(), metadata={"help": "warnings: quote not found, numbers that disagree"}
    )


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
    text: str = field(
        default="", metadata={"help": "the reference in the workspace's CSL style, no links"}
    )


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
class SignOffEntry:
    """One sign-off as the audit page lists it, with what it covered."""

    signed_on: date
    reviewer: str  # handle
    reviewer_name: str
    role: str
    label: str  # "Medically reviewed by"
    forced: bool
    checked: int | None  # check-worthy statements current when it was recorded
    total: int | None  # None: recorded before coverage was kept
    coverage: str | None  # "5 of 8 statements checked", in the [box] words
    note: str | None


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
    signoffs: tuple[SignOffEntry, ...] = ()  # every sign-off, oldest first
    # The ledger entry the page shows the record up to: the newest bearing on the
    # article (report --all, so a page changes only with its records), else the head.
    ledger_head: str | None = None
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
    ledger_head: str | None = None  # the ledger's newest hash when the report was built

    @property
    def needing_attention(self) -> int:
        """Articles that are not up to date."""
        return sum(1 for line in self.lines if line.status != "current")

    @property
    def coverage(self) -> float:
        return self.covered / self.checkworthy if self.checkworthy else 1.0
