"""Review bundles: one human-readable, diff-friendly YAML file per article.

A bundle holds the article's revisions (full text), its statements, the sources and
reviewers its record names, and every event, so ``import`` rebuilds the same record
in another workspace. Each database keeps its own ledger, and importing replays the
events through the same gate as the commands (``bundle_import``), in their recorded
order; the bundle is sealed (every item hashed, with the exporting ledger's head, see
:mod:`factcheck.ledger.seal`) so an edited bundle is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from factcheck import safeyaml
from factcheck.bundle_corrections import (
    REF,
    correction_event,
    corrections_of,
    linked_events,
    reviewer_handles,
)
from factcheck.bundle_import import replay
from factcheck.bundle_schema import as_said_by, check_shape
from factcheck.errors import InputError
from factcheck.identifiers import check_slug
from factcheck.identity import authorize
from factcheck.ledger.seal import seal, unseal
from factcheck.ledger.verify import head as ledger_head
from factcheck.models import (
    Article,
    ArticleRevision,
    Assignment,
    ChainedEvent,
    CheckworthyMark,
    Comment,
    Link,
    Reviewer,
    SignOff,
    Source,
    SourceStatusEvent,
    SourceText,
    Statement,
    StatementEvent,
    Verdict,
)
from factcheck.safefiles import check_writable, ensure_folder, target_in, write_atomic
from factcheck.settings import Settings
from factcheck.store.articles import find_article, list_articles

FORMAT = "factcheck-bundle/1"
ARTICLE_FIELDS = (
    "slug",
    "title",
    "author",
    "url",
    "topic",
    "published",
    "updated",
    "page_reviewed",
    "page_reviewed_by",
    "page_next_review_due",
    "page_jsonld_reviewed",
    "detected_sources",
    "created_at",
)
STATEMENT_FIELDS = (
    "n",
    "text",
    "span_start",
    "span_end",
    "line",
    "position",
    "checkworthy",
    "checkworthy_score",
    "kinds",
    "retired",
)
SOURCE_FIELDS = (
    "id",
    "kind",
    "title",
    "doi",
    "pmid",
    "url",
    "authors",
    "published",
    "published_precision",
    "publisher",
    "text",
    "created_at",
)
REVIEWER_FIELDS = ("handle", "name", "role", "credentials", "created_at")


# --- writing ---------------------------------------------------------------------------


def export_bundles(*, session: Session, slugs: list[str] | None, folder: Path) -> list[Path]:
    from factcheck.store.articles import get_article

    articles = (
        list_articles(session=session)
        if slugs is None
        else [get_article(session=session, slug=s) for s in slugs]
    )
    ensure_folder(folder)
    # Every target is checked before the first is written: a symlink planted in
    # reviews/ (or a slug stored before slugs were checked) stops the export whole.
    targets = [(a, target_in(folder, f"{check_slug(a.slug)}.yaml")) for a in articles]
    for _, path in targets:
        check_writable(path)
    events, tip = ledger_head(session)
    return [
        write_atomic(
            path, dump(seal(bundle_of(session=session, article=a), head=tip, events=events))
        )
        for a, path in targets
    ]


def bundle_of(*, session: Session, article: Article) -> dict[str, Any]:
    """The whole record of one article as plain data."""
    statements = list(
        session.exec(
            select(Statement)
            .where(col(Statement.article_id) == article.id)
            .order_by(col(Statement.n))
        )
    )
    by_id = {st.id: st.n for st in statements}
    ids = list(by_id)
    revisions = _rows(session, ArticleRevision, col(ArticleRevision.article_id) == article.id)
    rev_number = {r.id: r.number for r in revisions}
    links = _rows(session, Link, col(Link.statement_id).in_(ids))
    verdicts = _rows(session, Verdict, col(Verdict.statement_id).in_(ids))
    marks = _rows(session, CheckworthyMark, col(CheckworthyMark.statement_id).in_(ids))
    signoffs = _rows(session, SignOff, col(SignOff.article_id) == article.id)
    changes = _rows(session, StatementEvent, col(StatementEvent.statement_id).in_(ids))
    source_ids = sorted({link.source_id for link in links})
    sources = _rows(session, Source, col(Source.id).in_(source_ids))
    source_events = _rows(
        session, SourceStatusEvent, col(SourceStatusEvent.source_id).in_(source_ids)
    )
    comments = _rows(session, Comment, col(Comment.statement_id).in_(ids))
    assignments = _rows(session, Assignment, col(Assignment.article_id) == article.id)
    texts = _rows(session, SourceText, col(SourceText.source_id).in_(source_ids))
    reviewer_ids = {e.reviewer_id for e in (*verdicts, *marks, *signoffs, *comments)}
    reviewer_ids |= {r for a in assignments for r in (a.assignee_id, a.assigned_by_id)}
    fixes = corrections_of(
        session,
        slug=article.slug,
        sources=source_ids,
        handles=reviewer_handles(session, reviewer_ids),
        shown={("verdict", v.id) for v in verdicts}
        | {("link", e.id) for e in links}
        | {("signoff", e.id) for e in signoffs}
        | {("mark", e.id) for e in marks}
        | {("source-status", e.id) for e in source_events},
    )
    reviewer_ids |= {c.reviewer_id for c in fixes if c.reviewer_id is not None}
    reviewers = _rows(session, Reviewer, col(Reviewer.id).in_(reviewer_ids))
    handle = {r.id: r.handle for r in reviewers}
    return {
        "format": FORMAT,
        "article": {
            **_pick(article, ARTICLE_FIELDS),
            "detected_sources": json.loads(article.detected_sources or "[]"),
        },
        "revisions": [
            {
                **_pick(r, ("number", "format", "source_file", "sha256", "recorded_at", "text")),
                "set_aside": json.loads(r.set_aside or "[]"),
            }
            for r in revisions
        ],
        "statements": [_pick(st, STATEMENT_FIELDS) for st in statements],
        "reviewers": [_pick(r, REVIEWER_FIELDS) for r in reviewers],
        "sources": [_pick(s, SOURCE_FIELDS) for s in sources],
        "events": linked_events(
            [
                _event(
                    "statement-" + e.kind,
                    e,
                    ref=None,
                    statement=by_id[e.statement_id],
                    revision=rev_number[e.revision_id],
                    old_text=e.old_text,
                    new_text=e.new_text,
                )
                for e in changes
            ]
            + [
                _event(
                    "source-status",
                    e,
                    ref=("source-status", e.id),
                    source=e.source_id,
                    status=e.status,
                    effective_on=e.effective_on,
                    note=e.note,
                    origin=e.origin,
                )
                for e in source_events
            ]
            + [
                _event(
                    "link",
                    e,
                    ref=("link", e.id),
                    statement=by_id[e.statement_id],
                    source=e.source_id,
                    quote=e.quote,
                    locator=e.locator,
                    relation=e.relation,
                )
                for e in links
            ]
            + [
                _event(
                    "mark",
                    e,
                    ref=("mark", e.id),
                    statement=by_id[e.statement_id],
                    reviewer=handle[e.reviewer_id],
                    checkworthy=e.checkworthy,
                    marked_on=e.marked_on,
                    note=e.note,
                )
                for e in marks
            ]
            + [
                _event(
                    "comment",
                    e,
                    ref=None,
                    statement=by_id[e.statement_id],
                    reviewer=handle[e.reviewer_id],
                    text=e.text,
                )
                for e in comments
            ]
            + [
                _event(
                    "assignment",
                    e,
                    ref=None,
                    statement=by_id[e.statement_id] if e.statement_id is not None else None,
                    to=handle[e.assignee_id],
                    by=handle[e.assigned_by_id],
                    due_on=e.due_on,
                    note=e.note,
                )
                for e in assignments
            ]
            + [
                _event(
                    "source-text",
                    e,
                    ref=None,
                    source=e.source_id,
                    format=e.format,
                    sha256=e.sha256,
                    file_name=e.file_name,
                    pages=json.loads(e.pages),
                    attached_on=e.attached_on,
                    text=e.text,
                )
                for e in texts
            ]
            + [
                _event(
                    "verdict",
                    e,
                    ref=("verdict", e.id),
                    statement=by_id[e.statement_id],
                    reviewer=handle[e.reviewer_id],
                    verdict=e.verdict,
                    reviewed_on=e.reviewed_on,
                    note=e.note,
                )
                for e in verdicts
            ]
            + [
                _event(
                    "signoff",
                    e,
                    ref=("signoff", e.id),
                    reviewer=handle[e.reviewer_id],
                    signed_on=e.signed_on,
                    note=e.note,
                    forced=e.forced,
                    revision=e.revision_number,
                    **_later_fields(e),
                )
                for e in signoffs
            ]
            + [correction_event(c, handle) for c in fixes],
            order=_KIND_ORDER,
        ),
    }


_KIND_ORDER = {
    "statement-added": 0,
    "statement-changed": 0,
    "statement-retired": 0,
    "source-status": 1,
    "source-text": 1,
    "link": 2,
    "mark": 3,
    "verdict": 4,
    "comment": 4,
    "assignment": 4,
    "signoff": 5,
    "edit": 6,
    "retire": 6,
    "withdraw": 6,
}


def _rows(session: Session, table: Any, where: Any) -> list[Any]:
    key = table.id if hasattr(table, "id") else None
    return list(session.exec(select(table).where(where).order_by(key)))


def _pick(row: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {f: _plain(getattr(row, f)) for f in fields}


def _later_fields(row: ChainedEvent) -> dict[str, Any]:
    """Fields added to a ledger table later, when set: a bundle of an older record
    reads as it always did (and compares equal to one written before them)."""
    return {f: v for f in row.later_chain_fields if (v := getattr(row, f)) is not None}


def _event(
    kind: str, row: ChainedEvent, *, ref: tuple[str, int | None] | None, **fields: Any
) -> dict[str, Any]:
    """One bundle event; ``ref`` (kind, row id) lets a withdrawal name it by position."""
    return {
        "event": kind,
        "recorded_at": _plain(row.recorded_at),
        **{k: _plain(v) for k, v in fields.items()},
        REF: ref,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # importers refuse aliases (safeyaml), so never write one


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text (articles, sources) as literal blocks: readable and diff-friendly.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(bundle: dict[str, Any]) -> str:
    return yaml.dump(bundle, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


# --- reading ---------------------------------------------------------------------------

MAX_BUNDLE_BYTES = 200_000_000  # far above any article's record; stops a runaway file


def read_bundles(paths: Iterable[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """Load and check the shape of every bundle before anything is written."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files += sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml"))
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(f"no such bundle file or folder: {p}")
    if not files:
        raise InputError("no bundles (*.yaml) found in " + ", ".join(map(str, paths)))
    return [(f, parse(_read(f), f)) for f in files]


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise InputError(f"{path}: over the {MAX_BUNDLE_BYTES:,}-byte limit for a bundle")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def parse(data: bytes, path: Path) -> dict[str, Any]:
    """A bundle file's bytes as checked, typed data; an InputError naming the file."""
    try:
        return check_shape(_load(data, path))
    except InputError as exc:
        if str(exc).startswith(f"{path}:"):
            raise
        raise InputError(f"{path}: {exc}") from None


def _load(data: bytes, path: Path) -> dict[str, Any]:
    if b"\x00" in data:
        raise InputError(f"{path}: holds NUL bytes, so it is not a bundle")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 text (invalid byte at offset {exc.start}), so not a bundle"
        ) from None
    try:
        loaded = safeyaml.load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: {safeyaml.problem(exc)}") from None
    if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
        raise InputError(f"{path}: not a factcheck bundle (expected format: {FORMAT})")
    if not isinstance(loaded.get("article"), dict):
        return loaded  # the shape check names what is missing
    try:
        return unseal(loaded)
    except InputError as exc:
        raise InputError(f"{path}: refused: {exc}") from None


def import_bundles(
    *, session: Session, settings: Settings, bundles: list[tuple[Path, dict[str, Any]]]
) -> list[tuple[str, str]]:
    """Import every bundle in one transaction; return ``(slug, "imported"|"unchanged")``."""
    authorize(session=session, action="import")
    results = []
    for path, bundle in bundles:
        try:
            results.append(_import_one(session, settings, bundle))
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    return results


def _import_one(session: Session, settings: Settings, bundle: dict[str, Any]) -> tuple[str, str]:
    slug = bundle["article"]["slug"]
    existing = find_article(session=session, slug=slug)
    if existing is not None:
        if _same(bundle_of(session=session, article=existing), bundle):
            return slug, "unchanged"
        raise InputError(
            f"article {slug!r} already exists here with a different record; "
            "import into another workspace, or export this one first"
        )
    replay(session=session, settings=settings, bundle=bundle)
    return slug, "imported"


def _same(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """Whether a bundle describes exactly the record we hold (ignoring ids and the
    fields an older bundle leaves for the importer to derive)."""
    return as_said_by(check_shape(safeyaml.load(dump(ours))), theirs) == theirs
