"""Review bundles: one human-readable, diff-friendly YAML file per article.

A bundle holds the article's revisions (full text), its statements, the sources and
reviewers its record names, and every event, so ``import`` rebuilds the same record
in another workspace. Hashes are not carried: each database keeps its own chain,
and importing appends the events to it in their recorded order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from factcheck import ledger
from factcheck.bundle_corrections import (
    REF,
    CorrectionReplay,
    correction_event,
    corrections_of,
    linked_events,
    reviewer_handles,
)
from factcheck.errors import InputError
from factcheck.identifiers import format_partial_date, parse_partial_date
from factcheck.models import (
    Article,
    ArticleRevision,
    ChainedEvent,
    CheckworthyMark,
    Link,
    Reviewer,
    SignOff,
    Source,
    SourceStatusEvent,
    Statement,
    StatementEvent,
    Verdict,
)
from factcheck.store.articles import find_article, list_articles
from factcheck.store.state import invalidate_source, mark_dirty

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
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for article in articles:
        path = folder / f"{article.slug}.yaml"
        text = dump(bundle_of(session=session, article=article))
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # never a half-written bundle
        written.append(path)
    return written


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
    reviewer_ids = {e.reviewer_id for e in (*verdicts, *marks, *signoffs)}
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
        "sources": [_source_fields(s) for s in sources],
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
    "link": 2,
    "mark": 3,
    "verdict": 4,
    "signoff": 5,
    "edit": 6,
    "retire": 6,
    "withdraw": 6,
}


def _source_fields(source: Source) -> dict[str, Any]:
    fields = _pick(source, SOURCE_FIELDS)
    # As precise as the source gives it (2019, 2019-03): old bundles' full dates still read.
    fields["published"] = format_partial_date(source.published, source.published_precision)
    return fields


def _rows(session: Session, table: Any, where: Any) -> list[Any]:
    key = table.id if hasattr(table, "id") else None
    return list(session.exec(select(table).where(where).order_by(key)))


def _pick(row: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {f: _plain(getattr(row, f)) for f in fields}


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
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text (articles, sources) as literal blocks: readable and diff-friendly.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(bundle: dict[str, Any]) -> str:
    return yaml.dump(bundle, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


# --- reading ---------------------------------------------------------------------------


def read_bundles(paths: Iterable[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """Load and check every bundle before anything is written."""
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
    return [(f, _load(f)) for f in files]


def _load(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text, so not a bundle") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(f"{path}: not valid YAML{where}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"{path}: not a factcheck bundle (expected format: {FORMAT})")
    for key in ("article", "revisions", "statements", "reviewers", "sources", "events"):
        if key not in data:
            raise InputError(f"{path}: bundle lacks its {key!r} section")
    return data


def import_bundles(
    *, session: Session, bundles: list[tuple[Path, dict[str, Any]]]
) -> list[tuple[str, str]]:
    """Import every bundle in one transaction; return ``(slug, "imported"|"unchanged")``."""
    results = []
    for path, bundle in bundles:
        try:
            results.append(_import_one(session, bundle))
        except InputError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"{path}: malformed bundle ({type(exc).__name__}: {exc})") from None
    return results


def _import_one(session: Session, bundle: dict[str, Any]) -> tuple[str, str]:
    for st in bundle["statements"]:
        # Bundles written before scores were stored (migration 0005) have none.
        st.setdefault("checkworthy_score", None)
    slug = bundle["article"]["slug"]
    existing = find_article(session=session, slug=slug)
    if existing is not None:
        if _same(bundle_of(session=session, article=existing), bundle):
            return slug, "unchanged"
        raise InputError(
            f"article {slug!r} already exists here with a different record; "
            "import into another workspace, or export this one first"
        )
    _Importer(session, bundle).run()
    return slug, "imported"


ARTICLE_DATES = (
    "published",
    "updated",
    "page_reviewed",
    "page_next_review_due",
    "page_jsonld_reviewed",
)


class _Importer(CorrectionReplay):
    """Rebuilds one article's record, then replays its events in recorded order."""

    def __init__(self, session: Session, bundle: dict[str, Any]) -> None:
        self.session, self.bundle = session, bundle
        self.statements: dict[int, int] = {}  # n -> statement id
        self.revisions: dict[int, int] = {}  # number -> revision id
        self.reviewers = {r["handle"]: _reviewer(session, r) for r in bundle["reviewers"]}
        self.article_id = 0
        self.slug = bundle["article"]["slug"]
        self.replayed: list[tuple[str, int] | None] = []  # bundle event index -> our row

    def run(self) -> None:
        session, bundle = self.session, self.bundle
        mark_dirty(session)  # state lock before any chain lock: one order, no deadlock
        for s in bundle["sources"]:
            if session.get(Source, s["id"]) is None:
                session.add(_new_source(s))
        fields = dict(bundle["article"])
        fields["detected_sources"] = json.dumps(fields.get("detected_sources") or [])
        article = Article(**_typed(fields, dates=ARTICLE_DATES, times=("created_at",)))
        session.add(article)
        session.flush()
        assert article.id is not None
        self.article_id = article.id
        for r in bundle["revisions"]:
            r = {**r, "set_aside": _set_aside(r.get("set_aside"))}
            rev = ArticleRevision(article_id=article.id, **_typed(r, times=("recorded_at",)))
            self.revisions[r["number"]] = _id(ledger.append(session, rev))
        rows = [Statement(article_id=article.id, **st) for st in bundle["statements"]]
        session.add_all(rows)
        session.flush()
        self.statements = {row.n: _id(row) for row in rows}
        for e in bundle["events"]:
            kind = e["event"]
            replay = getattr(self, "_" + kind.split("-")[0], None)
            if replay is None:
                raise ValueError(f"unknown event {kind!r}")
            row = replay(e, _time(e["recorded_at"]))
            if isinstance(row, Verdict):  # supersedes as `verdict` would have said
                from factcheck.review import standing_verdict, superseded

                previous = standing_verdict(session=session, statement_id=row.statement_id)
                row.supersedes_id = superseded(previous, row.reviewed_on)
            if row is not None:
                ledger.append(session, row)
            self.replayed.append(self._ref(kind, row))

    def _statement(self, e: dict[str, Any], at: datetime) -> ChainedEvent:
        return StatementEvent(
            statement_id=self.statements[e["statement"]],
            revision_id=self.revisions[e["revision"]],
            kind=e["event"].removeprefix("statement-"),
            old_text=e["old_text"],
            new_text=e["new_text"],
            recorded_at=at,
        )

    def _source(self, e: dict[str, Any], at: datetime) -> ChainedEvent | None:
        on = _required_date(e["effective_on"])
        found = self.session.exec(
            select(SourceStatusEvent).where(
                col(SourceStatusEvent.source_id) == e["source"],
                col(SourceStatusEvent.status) == e["status"],
                col(SourceStatusEvent.effective_on) == on,
                col(SourceStatusEvent.recorded_at) == at,
            )
        ).first()
        if found is not None:
            self.shared = ("source-status", _id(found))
            return None  # shared by several articles' bundles: recorded once
        invalidate_source(self.session, e["source"])  # it may bear on other articles here
        return SourceStatusEvent(
            source_id=e["source"],
            status=e["status"],
            effective_on=on,
            note=e["note"],
            origin=e["origin"],
            recorded_at=at,
        )

    def _link(self, e: dict[str, Any], at: datetime) -> ChainedEvent:
        return Link(
            statement_id=self.statements[e["statement"]],
            source_id=e["source"],
            quote=e["quote"],
            locator=e["locator"],
            relation=e["relation"],
            recorded_at=at,
        )

    def _mark(self, e: dict[str, Any], at: datetime) -> ChainedEvent:
        if not isinstance(e["checkworthy"], bool):
            raise ValueError("a mark's checkworthy must be true or false")
        return CheckworthyMark(
            statement_id=self.statements[e["statement"]],
            reviewer_id=self.reviewers[e["reviewer"]],
            checkworthy=e["checkworthy"],
            note=e["note"],
            marked_on=_required_date(e["marked_on"]),
            recorded_at=at,
        )

    def _verdict(self, e: dict[str, Any], at: datetime) -> ChainedEvent:
        sid = self.statements[e["statement"]]
        return Verdict(
            statement_id=sid,
            reviewer_id=self.reviewers[e["reviewer"]],
            verdict=e["verdict"],
            note=e["note"],
            reviewed_on=_required_date(e["reviewed_on"]),
            recorded_at=at,
        )

    def _signoff(self, e: dict[str, Any], at: datetime) -> ChainedEvent:
        return SignOff(
            article_id=self.article_id,
            reviewer_id=self.reviewers[e["reviewer"]],
            signed_on=_required_date(e["signed_on"]),
            note=e["note"],
            forced=e["forced"],
            revision_number=e["revision"],
            recorded_at=at,
        )


def _new_source(fields: dict[str, Any]) -> Source:
    row = _typed(fields, times=("created_at",))
    published = row.get("published")
    if published is not None:
        row["published"], row["published_precision"] = parse_partial_date(str(published))
    return Source(**row)


def _id(row: Any) -> int:
    assert row.id is not None, "flushed rows have ids"
    return int(row.id)


def _reviewer(session: Session, r: dict[str, Any]) -> int:
    found = session.exec(select(Reviewer).where(col(Reviewer.handle) == r["handle"])).first()
    if found is None:
        found = Reviewer(**_typed(r, times=("created_at",)))
        session.add(found)
        session.flush()
    assert found.id is not None
    return found.id


def _set_aside(value: Any) -> str:
    """A revision's set-aside spans as stored; bundles from before them have none."""
    value = [] if value is None else value
    keys = {"text", "start", "end", "reason"}
    if not isinstance(value, list) or not all(
        isinstance(a, dict) and set(a) == keys for a in value
    ):
        raise ValueError("a revision's set_aside must be a list of {text, start, end, reason}")
    return json.dumps(value, ensure_ascii=False)


def _typed(
    row: dict[str, Any], *, dates: tuple[str, ...] = (), times: tuple[str, ...] = ()
) -> dict[str, Any]:
    out = dict(row)
    for key in dates:
        out[key] = _date(out.get(key))
    for key in times:
        out[key] = _time(out[key])
    return out


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _required_date(value: Any) -> date:
    found = _date(value)
    if found is None:
        raise ValueError("a required date is missing")
    return found


def _time(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _same(ours: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """Whether a bundle describes exactly the record we hold (ignoring ids)."""
    return yaml.safe_load(dump(ours)) == yaml.safe_load(dump(theirs))
