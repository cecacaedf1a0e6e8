"""A new revision of an article: its statements aligned with the ones we have.

Identical statements keep their id, verdicts and dates, wherever they moved to;
edited ones keep their id and become stale; new ones get new numbers; removed ones
are retired with their history kept. Numbers are never reused.

A reviewer's check-worthiness mark belongs to the statement id, so it stays with
edited statements too: the reviewer's word beats the model across revisions. An
edit similar enough to keep the id rarely turns a claim into a non-claim or back;
a judged statement comes back to a reviewer anyway (the edit makes its verdict
stale), and ``RevisionDiff.marked`` names every edited statement that kept a mark,
so that ``article update`` points out the unjudged ones a mark keeps off the list.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from sqlalchemy import func
from sqlmodel import Session, col, select

from factcheck import ledger
from factcheck.errors import InputError
from factcheck.identity import authorize
from factcheck.models import CheckworthyMark, Statement, StatementEvent, utcnow
from factcheck.store.articles import (
    add_revision,
    apply_metadata,
    get_article,
    latest_revision,
    new_statement,
    statement_fields,
    statements_of,
    text_digest,
)
from factcheck.store.state import invalidate_article
from factcheck.store.withdrawn import live

if TYPE_CHECKING:  # reading articles is not needed to store them
    from factcheck.ingest import ParsedArticle, ParsedStatement

# How alike an old and a new sentence must be to count as an edit of one statement
# rather than a removal and an addition.
EDIT_SIMILARITY = 0.6


@dataclass
class RevisionDiff:
    unchanged: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    marked: list[str] = field(default_factory=list)  # changed, keeping a reviewer's mark
    revision: int = 0
    recorded: bool = True  # False: the text was identical to the current revision


def _norm(text: str) -> str:
    return " ".join(text.split())


def align(
    old: list[Statement], new: list[ParsedStatement]
) -> tuple[dict[int, Statement], list[Statement]]:
    """Map each new statement's index to the old statement it continues.

    Returns the mapping and the old statements left over (removed). Exact matches
    are taken first, in any order, so a moved paragraph is not an edit; then the
    most alike remaining pairs above ``EDIT_SIMILARITY``.
    """
    by_text: dict[str, list[Statement]] = {}
    for st in old:
        by_text.setdefault(_norm(st.text), []).append(st)
    new_texts = [_norm(parsed.text) for parsed in new]
    matched: dict[int, Statement] = {}
    for i, text in enumerate(new_texts):
        same = by_text.get(text)
        if same:
            matched[i] = same.pop(0)
    left = [(text, st) for text, group in by_text.items() for st in group]
    left_old = [st for _, st in left]
    left_new = [i for i in range(len(new)) if i not in matched]
    pairs = []
    # One matcher per new statement: SequenceMatcher caches what it learns about
    # seq2 (the new text), so that stays fixed and each old text is seq1, as before.
    m = SequenceMatcher(None, autojunk=False)
    for i in left_new:
        m.set_seq2(new_texts[i])
        for text, st in left:
            m.set_seq1(text)
            if m.real_quick_ratio() >= EDIT_SIMILARITY and m.quick_ratio() >= EDIT_SIMILARITY:
                ratio = m.ratio()
                if ratio >= EDIT_SIMILARITY:
                    pairs.append((ratio, i, st))
    used: set[int] = set()
    for _, i, st in sorted(pairs, key=lambda p: -p[0]):
        if i not in matched and id(st) not in used:
            matched[i] = st
            used.add(id(st))
    removed = [st for st in left_old if id(st) not in used]
    return matched, removed


def update_article(
    *,
    session: Session,
    slug: str,
    parsed: ParsedArticle,
    source_file: str | None = None,
) -> RevisionDiff:
    """Store ``parsed`` as the article's next revision and realign its statements."""
    authorize(session=session, action="article")
    article = get_article(session=session, slug=slug)
    assert article.id is not None
    old = statements_of(session=session, article_id=article.id)
    current = latest_revision(session=session, article_id=article.id)
    if current.sha256 == text_digest(parsed.text):
        # Re-importing the same file is a no-op, not a new revision.
        unchanged = [f"{slug}:{st.n}" for st in old]
        return RevisionDiff(unchanged=unchanged, revision=current.number, recorded=False)
    number = current.number + 1
    revision = add_revision(
        session=session,
        article_id=article.id,
        number=number,
        text=parsed.text,
        fmt=parsed.format,
        source_file=source_file,
        set_aside=[asdict(a) for a in parsed.set_aside],
    )
    apply_metadata(article, parsed, topic=None, url=None)
    session.add(article)
    matched, removed = align(old, parsed.statements)
    next_n = (
        session.exec(
            select(func.max(col(Statement.n))).where(col(Statement.article_id) == article.id)
        ).one()
        or 0
    ) + 1
    diff = RevisionDiff(revision=number)
    marked = _marked(session, article.id)
    assert revision.id is not None
    for position, st in enumerate(parsed.statements, start=1):
        prior = matched.get(position - 1)
        if prior is None:
            prior = new_statement(article_id=article.id, n=next_n, position=position, parsed=st)
            next_n += 1
            session.add(prior)
            session.flush()
            _event(session, prior, revision.id, "added", None, st.text)
            diff.added.append(f"{slug}:{prior.n}")
            continue
        was = prior.text
        for key, value in statement_fields(st).items():
            setattr(prior, key, value)
        prior.position = position
        session.add(prior)
        if _norm(was) == _norm(st.text):
            diff.unchanged.append(f"{slug}:{prior.n}")
        else:
            _event(session, prior, revision.id, "changed", was, st.text)
            diff.changed.append(f"{slug}:{prior.n}")
            if prior.id in marked:
                diff.marked.append(f"{slug}:{prior.n}")
    invalidate_article(session, article.id)
    for gone in removed:
        gone.retired = True
        session.add(gone)
        _event(session, gone, revision.id, "retired", gone.text, None)
        diff.removed.append(f"{slug}:{gone.n}")
    session.flush()
    return diff


def _marked(session: Session, article_id: int) -> set[int]:
    """The article's statements a reviewer has marked (check-worthy or not)."""
    query = (
        select(col(CheckworthyMark.statement_id))
        .join(Statement, col(Statement.id) == col(CheckworthyMark.statement_id))
        .where(col(Statement.article_id) == article_id, live("mark", CheckworthyMark.id))
        .distinct()
    )
    return set(session.exec(query))


def record_statement_event(
    *,
    session: Session,
    statement: Statement,
    revision_id: int,
    kind: str,
    old_text: str | None,
    new_text: str | None,
    recorded_at: datetime | None = None,
) -> StatementEvent:
    """A statement added, changed or retired by a revision (commands and imports alike)."""
    if kind not in STATEMENT_EVENTS:
        raise InputError(f"unknown statement event {kind!r}")
    if (old_text is None) != (kind == "added") or (new_text is None) != (kind == "retired"):
        raise InputError(f"a statement-{kind} event's old and new text do not fit it")
    assert statement.id is not None
    return ledger.append(
        session,
        StatementEvent(
            statement_id=statement.id,
            revision_id=revision_id,
            kind=kind,
            old_text=old_text,
            new_text=new_text,
            recorded_at=recorded_at or utcnow(),
        ),
    )


STATEMENT_EVENTS = ("added", "changed", "retired")


def _event(
    session: Session, st: Statement, revision_id: int, kind: str, old: str | None, new: str | None
) -> None:
    record_statement_event(
        session=session,
        statement=st,
        revision_id=revision_id,
        kind=kind,
        old_text=old,
        new_text=new,
    )
