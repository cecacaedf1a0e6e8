"""The statement-state cache behind ``due`` and ``check``.

Judging 300,000 statements from the ledger takes seconds; reading their cached
standing through an index takes milliseconds. Writes only *invalidate* (delete the
rows of the statements they touch), so they need no policy; reads first fill in
whatever is missing, and recompute everything when the policy in
``factcheck.toml`` is not the one the rows were computed under.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from sqlalchemy import (
    ARRAY,
    Integer,
    String,
    Text,
    any_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import CompoundSelect, Select

from factcheck.db import concurrently, serialize
from factcheck.schedule import DATED_STATUSES, RULES_VERSION, URGENCY, dated_status
from factcheck.settings import Settings
from factcheck.store.tables import article as _article
from factcheck.store.tables import statement as _statement
from factcheck.store.tables import statementstate as _state
from factcheck.store.tables import workspacemeta as _meta

if TYPE_CHECKING:
    from sqlmodel import Session

    from factcheck.due import DueItem, DueRecord
    from factcheck.store.records import StatementRecord

POLICY_KEY = "state-policy"
DIRTY_KEY = "state-dirty"  # "0" once a refresh has judged every live statement
UNDATED = ("unreviewed", "stale", "needs-correction")
_BATCH = 5000
_ARTICLES = 500  # judged a chunk at a time: bounded memory, and a progress step
_SETTLE_AFTER = 10_000  # statements judged in one refresh that call for a vacuum


def policy_fingerprint(settings: Settings) -> str:
    """Everything in the settings, and the version of the rules, that bears on a
    statement's standing."""
    policy = {
        "rules": RULES_VERSION,
        "interval": str(settings.interval),
        "topics": {k: str(v) for k, v in settings.topics.items()},
        "verdicts": {k: str(v) for k, v in settings.verdict_intervals.items()},
        "sources": {k: str(v) for k, v in settings.source_intervals.items()},
        "kinds": {k: str(v) for k, v in settings.kind_intervals.items()},
        "needs_correction": sorted(k for k, v in settings.scale.items() if v.needs_correction),
    }
    return hashlib.sha256(json.dumps(policy, sort_keys=True).encode()).hexdigest()[:16]


# --- invalidation (called by every write that bears on a standing) ---------------------


# Invalidation and refresh take one lock, so that on PostgreSQL a refresh computed from
# records read before a verdict committed can never be written after that verdict's
# invalidation (SQLite's single writer gives the same order by itself).
STATE_LOCK = "statement-state"


def mark_dirty(session: Session) -> None:
    """Something bears on a standing, or new statements exist: the next read refreshes.

    A flag, so that the common read (nothing changed) costs one primary-key lookup
    instead of a scan for statements without a state row.
    """
    from factcheck.models import WorkspaceMeta  # a writer has the models loaded

    serialize(session, STATE_LOCK)
    session.merge(WorkspaceMeta(key=DIRTY_KEY, value="1"))


def invalidate_statements(session: Session, statement_ids: Iterable[int]) -> None:
    mark_dirty(session)
    ids = list(statement_ids)
    for i in range(0, len(ids), _BATCH):
        session.execute(delete(_state).where(_state.c.statement_id.in_(ids[i : i + _BATCH])))


def invalidate_article(session: Session, article_id: int) -> None:
    mark_dirty(session)
    session.execute(delete(_state).where(_state.c.article_id == article_id))


def invalidate_source(session: Session, source_id: str) -> None:
    from factcheck.models import Link

    mark_dirty(session)
    link = Link.__table__.c  # type: ignore[attr-defined]
    linked = select(link.statement_id).where(link.source_id == source_id)
    session.execute(delete(_state).where(_state.c.statement_id.in_(linked)))


# --- filling in -------------------------------------------------------------------------


def needs_refresh(conn: Connection, settings: Settings) -> bool:
    meta = _meta.c
    query = select(meta.key, meta.value).where(meta.key.in_((POLICY_KEY, DIRTY_KEY)))
    stored = {key: value for key, value in conn.execute(query)}
    return stored.get(POLICY_KEY) != policy_fingerprint(settings) or stored.get(DIRTY_KEY) != "0"


def refresh(
    session: Session,
    settings: Settings,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> int:
    """Bring the cache up to date; return how many statements were (re)judged.

    ``progress(articles_done, articles_total)`` is called as the work goes.
    """
    from factcheck.models import WorkspaceMeta
    from factcheck.store.records import statement_records

    serialize(session, STATE_LOCK)
    fingerprint = policy_fingerprint(settings)
    stored = session.get(WorkspaceMeta, POLICY_KEY)
    state, statement = _state.c, _statement.c
    if stored is None or stored.value != fingerprint:
        session.execute(delete(_state))
        session.merge(WorkspaceMeta(key=POLICY_KEY, value=fingerprint))
        session.flush()
    # Retired statements are never judged; a stray row of one is dropped.
    session.execute(
        delete(_state).where(
            state.statement_id.in_(select(statement.id).where(statement.retired.is_(True)))
        )
    )
    stale_articles = (
        select(statement.article_id)
        .outerjoin(_state, state.statement_id == statement.id)
        .where(statement.retired.is_(False), state.statement_id.is_(None))
        .distinct()
    )
    article_ids = [row[0] for row in session.connection().execute(stale_articles)]
    done = 0
    progress(0, len(article_ids))
    for i in range(0, len(article_ids), _ARTICLES):
        chunk = article_ids[i : i + _ARTICLES]
        session.execute(delete(_state).where(state.article_id.in_(chunk)))
        # Any day will do: only "dated" standings depend on it, and they are stored by
        # their due date, not their status.
        records = statement_records(
            session=session, settings=settings, as_of=date.today(), article_ids=chunk
        )
        rows = [_row(r) for r in records]
        if rows:
            session.execute(insert(_state), rows)
        done += len(rows)
        progress(i + len(chunk), len(article_ids))
    session.merge(WorkspaceMeta(key=DIRTY_KEY, value="0"))
    return done


def settle(engine: Engine, judged: int) -> None:
    """After a bulk refill on PostgreSQL (``judged`` statements, committed), vacuum
    and analyze the cache at once rather than when autovacuum comes round: the
    planner's statistics still describe the table as it was (often empty), and only a
    vacuumed table lets the covering index answer the due list alone (an index-only
    scan needs the visibility map). A login that does not own the table is skipped
    with a notice."""
    if judged < _SETTLE_AFTER or engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM (ANALYZE) statementstate")


def _row(r: StatementRecord) -> dict[str, Any]:
    s = r.standing
    dated = s.status in DATED_STATUSES
    return {
        "statement_id": r.statement_id,
        "article_id": r.article_id,
        "n": r.n,
        "line": r.line,
        "followed": r.followed,
        "condition": "dated" if dated else s.status,
        "due_on": s.due,
        "reason": s.reason,
        "why": s.why,
        "reviewer": r.verdict.reviewer if r.verdict else None,
    }


# --- reading ----------------------------------------------------------------------------


# Slotted and mutable: a due list can hold 50,000 of these, and a frozen dataclass
# pays for object.__setattr__ on every field of every one.
@dataclass(slots=True)
class CachedStanding:
    statement_id: int
    article_id: int
    slug: str
    title: str
    topic: str | None
    n: int
    line: int
    text: str
    status: str
    due: date | None
    reason: str
    why: str
    reviewer: str | None

    @property
    def id(self) -> str:
        return f"{self.slug}:{self.n}"


def _day(value: str | date | None) -> date | None:
    """A due date as SQLite (text) or PostgreSQL (a date) returns it."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def status_on(condition: str, due_on: date | None, as_of: date) -> str:
    if condition != "dated":
        return condition
    assert due_on is not None
    return dated_status(due_on, as_of)


def _needing_query(
    condition: Any,
    as_of: date,
    columns: list[Any],
    with_text: bool,
    reviewer: str | None,
    topic: str | None,
) -> Any:
    state, article = _state.c, _article.c
    query = (
        select(*columns, _urgency(as_of).label("urgency"))
        .join(_article, article.id == state.article_id)
        .where(state.followed.is_(True), condition, article.retired.is_(False))
    )
    if with_text:
        query = query.join(_statement, _statement.c.id == state.statement_id)
    return _narrowed(query, reviewer, topic)


def _narrowed(query: Any, reviewer: str | None, topic: str | None) -> Any:
    """``query`` kept to one reviewer's statements and to one topic's articles (its
    FROM must then hold the article)."""
    if reviewer is not None:
        query = query.where(_state.c.reviewer == reviewer)
    if topic is not None:
        query = query.where(_article.c.topic == topic)
    return query


def _urgency(as_of: date) -> Any:
    """A row's status on ``as_of`` as its rank in ``URGENCY``, most urgent 0."""
    state = _state.c
    dated = case(
        (state.due_on < as_of, URGENCY["overdue"]),
        (state.due_on == as_of, URGENCY["due"]),
        else_=URGENCY["current"],
    )
    return case(*((state.condition == name, URGENCY[name]) for name in UNDATED), else_=dated)


def _needing(
    columns: list[Any],
    *,
    with_text: bool = False,
    as_of: date,
    within: int,
    reviewer: str | None,
    topic: str | None,
) -> Any:
    """Followed statements not current on ``as_of``, or falling due within ``within``
    days, with ``columns`` (which read statement text ``with_text``) and their
    ``urgency``: two index range scans on (followed, condition, due_on) joined by
    UNION ALL (an OR across them would make SQLite walk every followed entry of the
    index)."""
    return union_all(
        *(
            _needing_query(part, as_of, columns, with_text, reviewer, topic)
            for part in _needing_ranges(as_of, within)
        )
    )


def _needing_ranges(as_of: date, within: int) -> tuple[Any, Any]:
    """The two ranges of the index on (followed, condition, due_on) that hold what
    needs review: the undated conditions, and dated rows due by the horizon."""
    state = _state.c
    horizon = as_of + timedelta(days=within)
    return state.condition.in_(UNDATED), (state.condition == "dated") & (state.due_on <= horizon)


def _needing_ids(
    *, as_of: date, within: int, reviewer: str | None, topic: str | None
) -> CompoundSelect:
    """The ids of ``_needing``'s statements, and of any in retired articles that would
    be among them: a superset, for looking their texts up by, read from the index
    alone (with neither the article join, unless by topic, nor the urgency), which
    takes a quarter less time on 100,000 articles. A retired article's texts are
    looked up but never asked for."""
    state = _state.c
    parts = []
    for condition in _needing_ranges(as_of, within):
        part = select(state.statement_id).where(state.followed.is_(True), condition)
        if topic is not None:  # the one reason to join the article
            part = part.join(_article, _article.c.id == state.article_id)
        parts.append(_narrowed(part, reviewer, topic))
    return union_all(*parts)


def _on_postgresql(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def _slug(conn: Connection) -> Any:
    """The article's slug, compared in code-point order, as Python compares them (and
    SQLite): a locale's collation on PostgreSQL would put "heart-copy" after
    "heartache"."""
    slug = _article.c.slug
    return slug.collate("C") if _on_postgresql(conn) else slug


def _standing_columns(conn: Connection) -> list[Any]:
    state, article = _state.c, _article.c
    return [
        state.statement_id,
        state.article_id,
        _slug(conn).label("slug"),
        article.title,
        article.topic,
        state.n,
        state.line,
        _statement.c.text,
        state.condition,
        # Raw, parsed below by the C date.fromisoformat: SQLAlchemy's SQLite date
        # processing costs more than the query on a long due list.
        type_coerce(state.due_on, String).label("due_on"),
        state.reason,
        state.why,
        state.reviewer,
    ]


def _standing(row: Any, as_of: date) -> CachedStanding:
    sid, aid, slug, title, topic, n, line, text, cond, due, reason, why, who, _rank = row
    day = _day(due)
    return CachedStanding(
        sid,
        aid,
        slug,
        title,
        topic,
        n,
        line,
        text,
        status_on(cond, day, as_of),
        day,
        reason,
        why,
        who,
    )


def needing_review(
    conn: Connection,
    *,
    as_of: date,
    within: int = 0,
    reviewer: str | None = None,
    topic: str | None = None,
) -> list[CachedStanding]:
    """Followed statements (check-worthy, or judged) not current on ``as_of``, or falling
    due within ``within`` days, with their text, in no particular order."""
    query = _needing(
        _standing_columns(conn),
        with_text=True,
        as_of=as_of,
        within=within,
        reviewer=reviewer,
        topic=topic,
    )
    return [_standing(row, as_of) for row in conn.execute(query)]


class GateRow(NamedTuple):
    """What the CI gate reports of a statement that is not current."""

    n: int
    line: int
    status: str
    why: str


def needing_by_article(conn: Connection, *, as_of: date) -> dict[int, list[GateRow]]:
    """``needing_review``'s statements grouped by article id, most urgent first within
    each (by status, due date, number), with only what the CI gate reports: the
    database sorts them and ranks their status, and no date is parsed."""
    state = _state.c
    # The due date only orders the rows: read as it is stored, never parsed.
    due: Any = type_coerce(state.due_on, String).label("due_on")
    columns = [state.article_id, state.n, state.line, state.why, due]
    query = _needing(columns, as_of=as_of, within=0, reviewer=None, topic=None)
    c = query.selected_columns
    query = query.order_by(c.urgency, c.due_on.nulls_first(), c.n)
    status = list(URGENCY)  # by rank
    by_article: dict[int, list[GateRow]] = defaultdict(list)
    for batch in conn.execute(query).partitions(_BATCH):
        for article_id, n, line, why, _due, rank in batch:
            by_article[article_id].append(GateRow(n, line, status[rank], why))
    return by_article


def due_tally(
    conn: Connection,
    *,
    as_of: date,
    within: int = 0,
    reviewer: str | None = None,
    topic: str | None = None,
) -> dict[str, int]:
    """How many statements ``needing_review`` would return, by status, most urgent
    first: counted by the database, not read row by row."""
    needing = _needing(
        [_state.c.statement_id],
        as_of=as_of,
        within=within,
        reviewer=reviewer,
        topic=topic,
    ).subquery()
    query = select(needing.c.urgency, func.count()).group_by(needing.c.urgency)
    by_rank: dict[int, int] = {rank: n for rank, n in conn.execute(query)}
    return {status: by_rank[rank] for status, rank in URGENCY.items() if by_rank.get(rank)}


def most_urgent(
    conn: Connection,
    *,
    as_of: date,
    within: int = 0,
    reviewer: str | None = None,
    topic: str | None = None,
    limit: int | None = None,
    order: DueOrder = "urgency",
) -> DueList:
    """``needing_review``'s statements, most urgent first: by status, then due date
    (never reviewed first), then article slug and statement number, as the database
    sorts them; at most ``limit``.

    The database can hand the same statements over in a calendar's order instead
    (``order``), which a calendar writer then takes as they come, where sorting and
    grouping them itself took 0.45 s more on 100,000 articles: ``article``,
    by article slug, then the day the work is listed on (its due date, or ``as_of``
    for work past due), then as urgency orders them, an event's statements together;
    ``statement``, by statement id as text (``SLUG:N``), as Python sorts them.

    The texts are read apart from the list, by primary key in key order: on 100,000
    articles the texts of 245,759 statements scattered over a table of 3,000,000 take
    twice as long read a sorted batch of the list at a time, each batch's lookups
    landing on a different page of the table for nearly every row. On PostgreSQL the
    whole list is read at the same time as its texts, on a second connection to the
    same snapshot (:func:`factcheck.db.concurrently`): the database sorts the list in
    one backend while another looks the texts up (0.5 s each there). On SQLite, and
    for a few rows (``limit``), the list is read first, then the texts of its ids.

    Everything is read before this returns, so the caller can end its transaction
    before it writes. The rows are held (about 280 MB there, with their texts), each
    freed as the writer takes it. The database hands over each row finished (its
    status ranked, its due date as ISO text), so a row costs one dict or one tuple.
    """
    state, article = _state.c, _article.c
    due: Any = type_coerce(state.due_on, String)  # SQLite keeps dates as ISO text
    if _on_postgresql(conn):
        due = cast(state.due_on, Text).collate("C")  # ISO: db._session_settings
    columns = [
        state.statement_id,
        _slug(conn).label("slug"),
        state.n,
        article.title,
        article.topic,
        due.label("due"),
        state.reason,
        state.why,
        state.reviewer,
    ]
    query = _needing(columns, as_of=as_of, within=within, reviewer=reviewer, topic=topic)
    c = query.selected_columns
    if order == "urgency" or limit is not None:  # ranked, or the most urgent picked
        query = query.order_by(c.urgency, c.due.nulls_first(), c.slug, c.n).limit(limit)
    if order != "urgency":
        query = _reordered(query, order, as_of, conn)
    rows: list[Any]
    if _on_postgresql(conn) and limit is None:
        ids = _needing_ids(as_of=as_of, within=within, reviewer=reviewer, topic=topic)
        rows, texts = concurrently(
            conn,
            lambda db: list(db.execute(query).all()),
            lambda db: _texts_of(db, ids),
        )
    else:
        rows = list(conn.execute(query).all())
        texts = statement_texts(conn, ids=[row[0] for row in rows])
    return DueList(rows, texts)


DueOrder = Literal["urgency", "article", "statement"]


def _reordered(query: Select[Any], order: DueOrder, as_of: date, conn: Connection) -> Select[Any]:
    """``most_urgent``'s ``query`` (its most urgent, where it has a limit) in a
    calendar's ``order``. Dates and slugs compare as Python compares their text: as
    ISO text, and in code-point order (``_slug``)."""
    listed = query.subquery()
    c = listed.c
    if order == "statement":
        key = c.slug + ":" + cast(c.n, String)
        keys = [key.collate("C") if _on_postgresql(conn) else key]
    else:
        today = as_of.isoformat()
        day = case((c.due > today, c.due), else_=literal(today, String))
        keys = [c.slug, day, c.urgency, c.due.nulls_first(), c.n]
    return select(*c).order_by(*keys)


class DueList:
    """``most_urgent``'s list, read and held: its rows, in the order asked (most urgent
    first, or a calendar's), and their texts. It is written once, in one of two
    shapes: :meth:`items`, the dicts of the stable JSON fields (json, the table), or
    :meth:`records`, plain tuples of the same fields for the CSV and calendar
    writers, which need no dict. Either frees each row as it hands it on."""

    def __init__(self, rows: list[Any], texts: dict[int, str]) -> None:
        rows.reverse()  # taken from the end, each row is freed once it is handed on
        self._rows = rows
        self._texts = texts

    def _taken(self) -> Iterator[Any]:
        rows = self._rows
        while rows:
            yield rows.pop()

    def items(self) -> Iterator[DueItem]:
        """Each statement as a due item: a dict of the stable JSON fields."""
        status, texts = list(URGENCY), self._texts  # status by rank
        for sid, slug_, n, title, topic_, due_, reason, why, who, rank in self._taken():
            yield {
                "statement": f"{slug_}:{n}",
                "article": slug_,
                "title": title,
                "text": texts[sid],
                "due": due_,
                "status": status[rank],
                "reason": reason,
                "why": why,
                "reviewer": who,
                "topic": topic_,
            }

    def records(self) -> Iterator[DueRecord]:
        """Each statement as a tuple of ``due.RECORD_FIELDS``, in order."""
        status, texts = list(URGENCY), self._texts
        for sid, slug_, n, title, topic_, due_, reason, why, who, rank in self._taken():
            yield (
                f"{slug_}:{n}",
                slug_,
                due_,
                status[rank],
                reason,
                why,
                who,
                topic_,
                texts[sid],
                title,
            )


def _texts_of(conn: Connection, ids: Select[Any] | CompoundSelect) -> dict[int, str]:
    """The text of each statement whose id ``ids`` selects, on PostgreSQL: in one query,
    ``id = ANY(ARRAY(ids))``, which evaluates ``ids`` once and then walks the primary
    key in key order (``IN (ids)`` would hash them and scan every statement)."""
    statement = _statement.c
    wanted = statement.id == any_(func.array(ids.scalar_subquery()))
    query = select(statement.id, statement.text).where(wanted)
    rows = conn.execute(query.execution_options(yield_per=_BATCH))
    return {sid: text for sid, text in rows}  # a batch at a time: no list of them held


def statement_texts(conn: Connection, *, ids: list[int]) -> dict[int, str]:
    """The text of each statement in ``ids`` (read apart from a long list of standings,
    a batch at a time)."""
    statement = _statement.c
    # A batch's ids go as one text parameter that the database parses: an array
    # literal cast to int[] on PostgreSQL, a JSON array that SQLite's json_each reads.
    # Thousands of bound parameters cost more to render than the lookups, and psycopg
    # adapts a Python list element by element (0.3 s for 245,759 ids); the text is
    # joined in C.
    # In key order, each batch's lookups walk the index and the table forwards.
    ids = sorted(ids)
    batches = [ids[i : i + _BATCH] for i in range(0, len(ids), _BATCH)]
    given = bindparam("ids", type_=String)
    if _on_postgresql(conn):
        wanted = statement.id == any_(cast(given, ARRAY(Integer)))
        params = [f"{{{','.join(map(str, batch))}}}" for batch in batches]
    else:
        wanted = statement.id.in_(select(func.json_each(given).table_valued("value").c.value))
        params = [json.dumps(batch) for batch in batches]
    query = select(statement.id, statement.text).where(wanted)
    texts: dict[int, str] = {}
    for param in params:
        texts.update(conn.execute(query, {"ids": param}).all())
    return texts
