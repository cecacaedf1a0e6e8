"""SQLModel tables: one per noun of the newsroom (see PRODUCT.md).

Event tables (every :class:`ChainedEvent` subclass: revisions, statement changes,
links, verdicts, sign-offs, source status changes…) are append-only: the tool never
updates or deletes their rows, and database triggers refuse it. Every write to any
table, events and mutable records alike, is also an entry in one global hash chain,
the ``ledger`` table (see :mod:`factcheck.ledger`), so ``factcheck ledger verify``
proves nobody changed anything behind the tool's back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import ClassVar

from pydantic import ConfigDict
from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

# Every flush of these classes appends to the ledger: the hook is registered wherever a
# mapped object can exist, whichever session writes it.
from factcheck.ledger import hook  # noqa: F401


class Base(SQLModel):
    """Every table's base. The tables are rows to read and write, never validated or
    serialised by pydantic, so pydantic builds that machinery only if it is ever asked
    for (about 5 ms of every command's start-up otherwise)."""

    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]  # merged into SQLModel's


def utcnow() -> datetime:
    """Recorded-at times are aware UTC; SQLModel stores and returns them as UTC."""
    return datetime.now(UTC)


class Reviewer(Base, table=True):
    # A unique index, not a constraint: SQLite can add it without rebuilding the table.
    __table_args__ = (Index("uq_reviewer_login", "login", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(unique=True)
    name: str
    role: str = "reviewer"  # reviewer | editor | admin
    credentials: str | None = None
    # The database login (PostgreSQL) or OS login (SQLite) that acts as this reviewer.
    login: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Article(Base, table=True):
    """An article and the metadata its page printed when it was imported.

    ``page_*`` fields are what the page claimed; our own records (sign-offs,
    verdicts) are the truth, and ``check`` flags any disagreement.
    """

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    title: str
    author: str | None = None
    url: str | None = None
    topic: str | None = Field(default=None, index=True)
    published: date | None = None
    updated: date | None = None
    page_reviewed: date | None = None
    page_reviewed_by: str | None = None
    page_next_review_due: date | None = None
    page_jsonld_reviewed: date | None = None
    detected_sources: str = "[]"  # JSON list of {text, doi, pmid, url}
    # Set and cleared only with a Correction (``article retire``, or withdrawing that):
    # a retired article leaves the due list, the dashboard and the CI gate.
    retired: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class Statement(Base, table=True):
    """A checkable statement. ``n`` is assigned once and never reused or renumbered."""

    __table_args__ = (UniqueConstraint("article_id", "n"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    n: int
    text: str
    span_start: int
    span_end: int
    line: int = 1
    position: int = 0  # order in the current revision
    checkworthy: bool = True  # the model's flag; a reviewer's CheckworthyMark overrides it
    checkworthy_score: float | None = None  # the model's probability, 0-1, when it gave one
    kinds: str = ""  # comma-separated claim kinds
    retired: bool = False


class Source(Base, table=True):
    """A paper, press release, guideline… ``id`` is a short stable hash of its identity."""

    id: str = Field(primary_key=True)
    kind: str = "other"
    title: str | None = None
    doi: str | None = Field(default=None, unique=True)
    pmid: str | None = Field(default=None, index=True)
    url: str | None = None
    authors: str | None = None  # "A; B"
    published: date | None = None
    # How much of ``published`` is known: "year" (2019), "month" (2019-05) or "day".
    # Many guidelines carry only a year; the date is stored as its first day.
    published_precision: str = "day"
    publisher: str | None = None
    text: str | None = None  # archived source text
    created_at: datetime = Field(default_factory=utcnow)


class StatementState(Base, table=True):
    """A cache of each statement's standing, so ``due`` and ``check`` answer by index.

    Not history: a row is deleted whenever something that bears on it is recorded
    (a verdict, a check-worthiness mark, a link, a source event, a revision) and
    recomputed from the ledger on the next read; all rows are recomputed when the
    review policy changes. A ``dated`` row's status depends only on how ``due_on``
    compares with the day asked about; every other condition holds whatever the day.
    """

    # Covering: the due list and the CI gate are answered from the index alone, without
    # a table lookup per statement (at archive scale, that lookup was half the time).
    __table_args__ = (
        Index(
            "ix_statementstate_due",
            "followed",
            "condition",
            "due_on",
            "article_id",
            "n",
            "line",
            "reason",
            "why",
            "reviewer",
            "statement_id",
        ),
    )

    statement_id: int = Field(foreign_key="statement.id", primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    n: int  # copied from the statement, so the CI gate never reads statement rows
    line: int = 1
    # On the due list: check-worthy (a reviewer's mark, else the model), or judged
    # already whatever its flag (schedule.followed).
    followed: bool
    condition: str  # unreviewed | dated | stale | needs-correction
    due_on: date | None = None
    reason: str
    why: str
    reviewer: str | None = None  # handle of the latest verdict's reviewer


class WorkspaceMeta(Base, table=True):
    """Small facts about the database itself, such as the policy the states follow."""

    key: str = Field(primary_key=True)
    value: str


# --- append-only, hash-chained events ------------------------------------------------


class ChainedEvent(Base):
    """Mixin for history rows: subclassing it makes a table append-only history.

    ``prev_hash``/``hash`` are filled by the ledger when the row is written: they are
    the previous and own hash of the row's entry in the global chain (so ``prev_hash``
    is unique: two writers racing for one tip cannot both commit). ``chain_fields`` is
    no longer used: the ledger hashes every column.
    """

    chain_fields: ClassVar[tuple[str, ...]] = ()
    # Fields added after rows were first chained: hashed only when set, so a row
    # recorded before the field existed still matches its hash.
    later_chain_fields: ClassVar[tuple[str, ...]] = ()

    id: int | None = Field(default=None, primary_key=True)
    recorded_at: datetime = Field(default_factory=utcnow)
    prev_hash: str = Field(default="", unique=True)
    hash: str = ""


class LedgerEntry(Base, table=True):
    """One write to one row, in the one global order every write is chained in.

    ``content`` is the SHA-256 of the row as written (recomputed from the row by
    ``ledger verify``); ``hash`` is an HMAC, under a key kept outside the database,
    of this entry and ``prev`` (the hash of the entry before it).
    """

    __tablename__ = "ledger"
    __table_args__ = (Index("ix_ledger_row", "table_name", "row_key"),)

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    kind: str  # insert | update | delete | backfill
    table_name: str
    row_key: str
    actor: str
    recorded_at: datetime
    content: str
    prev: str = Field(unique=True)
    hash: str


class ArticleRevision(ChainedEvent, table=True):
    __table_args__ = (UniqueConstraint("article_id", "number"),)
    chain_fields = ("article_id", "number", "sha256", "source_file", "format")

    article_id: int = Field(foreign_key="article.id", index=True)
    number: int
    text: str
    sha256: str = Field(index=True)  # `article add` refuses an article's current text
    format: str = "text"
    source_file: str | None = None
    # JSON list of {text, start, end, reason}: what of ``text`` is not a statement, and
    # why. Not in the hash: it is derived from ``text`` (whose sha256 is chained) by the
    # reader, and a better reader may explain the same text differently.
    set_aside: str = "[]"


class StatementEvent(ChainedEvent, table=True):
    """A statement appeared, changed text, or was retired in a revision."""

    chain_fields = ("statement_id", "revision_id", "kind", "old_text", "new_text")

    statement_id: int = Field(foreign_key="statement.id", index=True)
    revision_id: int = Field(foreign_key="articlerevision.id")
    kind: str  # added | changed | retired
    old_text: str | None = None
    new_text: str | None = None


class Link(ChainedEvent, table=True):
    """Evidence: a statement supported, contradicted or given context by a source."""

    chain_fields = ("statement_id", "source_id", "quote", "locator", "relation")

    statement_id: int = Field(foreign_key="statement.id", index=True)
    source_id: str = Field(foreign_key="source.id", index=True)
    quote: str | None = None
    locator: str | None = None
    relation: str = "supports"  # supports | contradicts | context
    # Was the quote found in the source's archived text when linked? None: no quote,
    # or no text archived yet.
    quote_found: bool | None = None


class Verdict(ChainedEvent, table=True):
    """A reviewer's verdict on a statement. A later verdict supersedes, never overwrites."""

    __table_args__ = (
        Index("ix_verdict_statement_latest", "statement_id", "id"),
        # Standing goes by review date, then entry order.
        Index("ix_verdict_standing", "statement_id", "reviewed_on", "id"),
    )
    chain_fields = (
        "statement_id",
        "reviewer_id",
        "verdict",
        "note",
        "reviewed_on",
        "supersedes_id",
    )

    statement_id: int = Field(foreign_key="statement.id")
    reviewer_id: int = Field(foreign_key="reviewer.id", index=True)
    verdict: str
    note: str | None = None
    reviewed_on: date
    supersedes_id: int | None = Field(default=None, foreign_key="verdict.id")


class SignOff(ChainedEvent, table=True):
    """The article-level review: "Medically reviewed by … on …", one role at a time.

    ``role`` is a key of ``[box.roles]`` (None on sign-offs recorded before roles:
    read as the signer's reviewer role maps it). ``statements_checked`` of
    ``statements_total`` check-worthy statements were current when it was recorded
    (None before this was kept): a forced sign-off says how much it covered.
    """

    chain_fields = ("article_id", "reviewer_id", "signed_on", "note", "forced", "revision_number")
    later_chain_fields = ("role", "statements_checked", "statements_total")

    article_id: int = Field(foreign_key="article.id", index=True)
    reviewer_id: int = Field(foreign_key="reviewer.id")
    signed_on: date
    note: str | None = None
    forced: bool = False
    revision_number: int = 1
    role: str | None = None
    statements_checked: int | None = None
    statements_total: int | None = None


class CheckworthyMark(ChainedEvent, table=True):
    """A reviewer's word on whether a statement is check-worthy; it beats the model.

    The latest mark of a statement wins. Marks follow the statement id, so they
    survive revisions that keep the id (even when its text is edited).
    """

    __table_args__ = (Index("ix_checkworthymark_statement_latest", "statement_id", "id"),)
    chain_fields = ("statement_id", "reviewer_id", "checkworthy", "note", "marked_on")

    statement_id: int = Field(foreign_key="statement.id")
    reviewer_id: int = Field(foreign_key="reviewer.id", index=True)
    checkworthy: bool
    note: str | None = None
    marked_on: date


class SourceStatusEvent(ChainedEvent, table=True):
    """A source was corrected, retracted, superseded, flagged, or cleared (active)."""

    chain_fields = ("source_id", "status", "effective_on", "note", "origin")

    source_id: str = Field(foreign_key="source.id", index=True)
    status: str
    effective_on: date
    note: str | None = None
    origin: str = "manual"  # manual | retraction-list


class SourceText(ChainedEvent, table=True):
    """A source's text was archived (``source attach``): the latest one is the text.

    ``pages`` is a JSON list of character offsets where each PDF page starts in
    ``text`` (empty for HTML and plain text), so passages can say which page.
    """

    chain_fields = ("source_id", "sha256", "format", "file_name", "pages", "attached_on")

    source_id: str = Field(foreign_key="source.id", index=True)
    text: str
    sha256: str  # of the file as given, so the archived copy can be matched to it
    format: str  # pdf | html | text
    file_name: str | None = None
    pages: str = "[]"
    attached_on: date


class Comment(ChainedEvent, table=True):
    """A remark on a statement, kept in its history and the internal audit report only."""

    chain_fields = ("statement_id", "reviewer_id", "text")

    statement_id: int = Field(foreign_key="statement.id", index=True)
    reviewer_id: int = Field(foreign_key="reviewer.id")
    text: str


class Assignment(ChainedEvent, table=True):
    """An editor gave an article, or one statement of it, to a reviewer.

    The latest assignment of a target is the one in force: giving it to someone else
    takes it off the first reviewer's queue.
    """

    chain_fields = (
        "article_id",
        "statement_id",
        "assignee_id",
        "assigned_by_id",
        "due_on",
        "note",
    )

    article_id: int = Field(foreign_key="article.id", index=True)
    statement_id: int | None = Field(default=None, foreign_key="statement.id")
    assignee_id: int = Field(foreign_key="reviewer.id", index=True)
    assigned_by_id: int = Field(foreign_key="reviewer.id")
    due_on: date | None = None
    note: str | None = None


class Correction(ChainedEvent, table=True):
    """A correction of the record, itself a new event: nothing earlier is rewritten.

    ``withdraw`` names an event (``subject`` its kind, ``event_id`` its row) that every
    derived fact then ignores; ``edit`` records one field of an article, source or
    reviewer (``record`` its slug, id or handle) changing from ``old_value`` to
    ``new_value``; ``retire`` takes an article off the due list, dashboard and gate.
    """

    chain_fields = (
        "kind",
        "subject",
        "event_id",
        "record",
        "field",
        "old_value",
        "new_value",
        "note",
        "reviewer_id",
    )

    kind: str = Field(index=True)  # withdraw | edit | retire
    subject: str  # verdict | link | signoff | source-status | retire | article | source | reviewer
    event_id: int | None = None
    record: str | None = Field(default=None, index=True)
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    note: str | None = None
    reviewer_id: int | None = Field(default=None, foreign_key="reviewer.id")


LEDGER_TABLES: tuple[type[ChainedEvent], ...] = (
    ArticleRevision,
    StatementEvent,
    Link,
    Verdict,
    SignOff,
    SourceStatusEvent,
    CheckworthyMark,
    SourceText,
    Comment,
    Assignment,
    Correction,
)

UNRECORDED_TABLES = frozenset({"statementstate", "workspacemeta", "ledger"})
"""Tables the ledger does not cover: caches recomputed from the record, and itself.
Every other table is recorded automatically, whoever adds it."""
