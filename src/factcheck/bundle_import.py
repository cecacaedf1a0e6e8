"""Importing a review bundle through the same gate as the commands.

The bundle's shape is checked first (:mod:`factcheck.bundle_schema`); then its
revisions and events are replayed, in recorded order, through the functions the
commands use: ``add_revision`` (the text hash is recomputed from the text),
``record_statement_event`` (what a revision did to a statement), ``record_verdict``
(the verdict scale, the four-eyes rule, registered reviewers, dates that make sense),
``add_link``, ``mark_statement``, ``sign_off`` (blockers, a forced sign-off needs a
note), ``record_status``, ``withdraw``, ``record_edit``, ``retire_article``, ``assign``
(editors only), ``attach_text``, ``add_reviewer`` and ``add_source`` (their
normalisation and checks). A bundle can only record what the commands could have
recorded; the caller's transaction writes nothing if any step refuses.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from factcheck.bundle_schema import EVENTS, SOURCE, Bundle
from factcheck.errors import InputError
from factcheck.escaping import shown
from factcheck.evidence.texts import Extracted
from factcheck.models import (
    Article,
    ChainedEvent,
    Correction,
    Source,
    SourceStatusEvent,
    SourceText,
    Statement,
)
from factcheck.review import add_comment, add_link, mark_statement, record_verdict, sign_off
from factcheck.settings import Settings
from factcheck.store.articles import add_revision
from factcheck.store.assignments import assign
from factcheck.store.corrections import record_edit, retire_article, withdraw, withdrawal_of
from factcheck.store.reviewers import add_reviewer, check_reviewer_fields, find_reviewer
from factcheck.store.revisions import record_statement_event
from factcheck.store.sources import add_source, get_source, record_status
from factcheck.store.state import invalidate_source, mark_dirty
from factcheck.store.texts import attach_text
from factcheck.store.withdrawn import event_ref

Ref = tuple[str, int] | None  # what a replayed event became here: (kind, row id)


def _ref(kind: str, row: ChainedEvent) -> Ref:
    assert row.id is not None
    return kind, row.id


def replay(*, session: Session, settings: Settings, bundle: Bundle) -> None:
    """Record a shape-checked bundle's article through the gate (caller's transaction)."""
    _Replay(session, settings, bundle).run()


class _Replay:
    def __init__(self, session: Session, settings: Settings, bundle: Bundle) -> None:
        self.session, self.settings, self.bundle = session, settings, bundle
        self.slug: str = bundle["article"]["slug"]
        self.article = Article(slug=self.slug, title="")
        self.revisions: dict[int, int] = {}  # number -> revision id
        self.statements: dict[int, Statement] = {}  # n -> row, once it exists
        self.handles = {r["handle"] for r in bundle["reviewers"]}
        self.sources = {s["id"] for s in bundle["sources"]}
        self.where = ""
        # What each event became here, (kind, row id), for a later withdrawal to name.
        self.replayed: list[tuple[str, int] | None] = []

    def fail(self, problem: str) -> InputError:
        return InputError(problem)  # run() says where

    def run(self) -> None:
        mark_dirty(self.session)  # state lock before any chain lock: one order, no deadlock
        try:
            self.steps()
        except InputError as exc:  # the domain's own words, prefixed with where it was
            text = str(exc)
            if self.where and not text.startswith(f"{self.where}:"):
                raise InputError(f"{self.where}: {text}") from None
            raise

    def steps(self) -> None:
        for r in self.bundle["reviewers"]:
            self.where = f"reviewers ({r['handle']})"
            self.reviewer(r)
        for s in self.bundle["sources"]:
            self.where = f"sources ({s['id']})"
            self.source(s)
        self.where = "article"
        self.create_article()
        added = {e["statement"] for e in self.bundle["events"] if e["event"] == "statement-added"}
        for st in self.bundle["statements"]:
            if st["n"] not in added:  # in revision 1; later ones appear with their event
                self.create_statement(st["n"])
        pending = list(enumerate(self.bundle["revisions"]))
        for i, e in enumerate(self.bundle["events"]):
            while pending and pending[0][1]["recorded_at"] <= e["recorded_at"]:
                self.revision(*pending.pop(0))
            self.where = f"events[{i}] ({e['event']})"
            self.replayed.append(getattr(self, EVENTS[e["event"]].replay)(e))
        for i, r in pending:
            self.revision(i, r)
        self.where = ""
        self.check_final_state()

    def reviewer(self, r: dict[str, Any]) -> None:
        check_reviewer_fields(handle=r["handle"], name=r["name"], role=r["role"])
        if find_reviewer(session=self.session, handle=r["handle"]) is None:
            add_reviewer(
                session=self.session,
                handle=r["handle"],
                name=r["name"],
                role=r["role"],
                credentials=r["credentials"],
                created_at=r["created_at"],
            )

    def source(self, s: dict[str, Any]) -> None:
        if self.session.get(Source, s["id"]) is not None:
            return  # shared with an article imported before
        fields = {k: s[k] for k in SOURCE if k not in ("id",)}
        created, new = add_source(session=self.session, **fields)
        if created.id != s["id"] or not new:
            raise self.fail(f"its DOI, PMID, URL or title belong to source {created.id}")

    def create_article(self) -> None:
        fields = dict(self.bundle["article"])
        fields["detected_sources"] = json.dumps(fields["detected_sources"])
        self.article = Article(**fields)
        self.session.add(self.article)
        self.session.flush()

    def create_statement(self, n: int) -> Statement:
        if n in self.statements:
            raise self.fail(f"statement {n} is added twice")
        fields = next((st for st in self.bundle["statements"] if st["n"] == n), None)
        if fields is None:
            raise self.fail(f"names statement {n}, which the bundle does not list")
        assert self.article.id is not None
        row = Statement(article_id=self.article.id, **{**fields, "retired": False})
        self.session.add(row)
        self.session.flush()
        self.statements[n] = row
        return row

    def statement(self, n: int) -> Statement:
        found = self.statements.get(n)
        if found is None:
            raise self.fail(f"names statement {self.slug}:{n} before it was added")
        return found

    def revision(self, i: int, r: dict[str, Any]) -> None:
        self.where = f"revisions[{i}]"
        assert self.article.id is not None
        row = add_revision(
            session=self.session,
            article_id=self.article.id,
            number=r["number"],
            text=r["text"],
            fmt=r["format"],
            source_file=r["source_file"],
            set_aside=r["set_aside"],
            recorded_at=r["recorded_at"],
        )
        if row.sha256 != r["sha256"]:
            raise self.fail(f"revision {r['number']}'s text does not match its sha256")
        assert row.id is not None
        self.revisions[r["number"]] = row.id

    def statement_event(self, e: dict[str, Any]) -> None:
        kind = e["event"].removeprefix("statement-")
        if e["revision"] not in self.revisions:
            raise self.fail(f"names revision {e['revision']} before it was recorded")
        row = self.create_statement(e["statement"]) if kind == "added" else None
        row = row or self.statement(e["statement"])
        if row.retired:
            raise self.fail(f"statement {self.slug}:{row.n} was already retired")
        record_statement_event(
            session=self.session,
            statement=row,
            revision_id=self.revisions[e["revision"]],
            kind=kind,
            old_text=e["old_text"],
            new_text=e["new_text"],
            recorded_at=e["recorded_at"],
        )
        row.retired = kind == "retired"
        self.session.add(row)

    def source_status(self, e: dict[str, Any]) -> Ref:
        self.known_source(e["source"])
        if found := self.session.exec(
            select(SourceStatusEvent).where(
                col(SourceStatusEvent.source_id) == e["source"],
                col(SourceStatusEvent.status) == e["status"],
                col(SourceStatusEvent.effective_on) == e["effective_on"],
                col(SourceStatusEvent.recorded_at) == e["recorded_at"],
            )
        ).first():
            invalidate_source(self.session, e["source"])
            return _ref("source-status", found)  # shared by several articles' bundles
        row = record_status(
            session=self.session,
            source=get_source(session=self.session, ref=e["source"]),
            status=e["status"],
            effective_on=e["effective_on"],
            note=e["note"],
            origin=e["origin"],
            recorded_at=e["recorded_at"],
        )
        return _ref("source-status", row)

    def known_source(self, source_id: str) -> None:
        if source_id not in self.sources:
            raise self.fail(f"names source {shown(source_id)}, which the bundle does not list")

    def known_reviewer(self, handle: str) -> str:
        if handle not in self.handles:
            raise self.fail(f"names reviewer {shown(handle)}, whom the bundle does not list")
        return handle

    def link(self, e: dict[str, Any]) -> Ref:
        self.known_source(e["source"])
        st = self.statement(e["statement"])
        *_, row = add_link(
            session=self.session,
            statement_id=f"{self.slug}:{st.n}",
            source=e["source"],
            quote=e["quote"],
            locator=e["locator"],
            relation=e["relation"],
            recorded_at=e["recorded_at"],
        )
        return _ref("link", row)

    def mark(self, e: dict[str, Any]) -> Ref:
        st = self.statement(e["statement"])
        *_, row = mark_statement(
            session=self.session,
            statement_id=f"{self.slug}:{st.n}",
            mark="checkworthy" if e["checkworthy"] else "not-checkworthy",
            reviewer=self.known_reviewer(e["reviewer"]),
            marked_on=e["marked_on"],
            note=e["note"],
            recorded_at=e["recorded_at"],
        )
        return _ref("mark", row)

    def comment(self, e: dict[str, Any]) -> None:
        st = self.statement(e["statement"])
        add_comment(
            session=self.session,
            statement_id=f"{self.slug}:{st.n}",
            reviewer=self.known_reviewer(e["reviewer"]),
            text=e["text"],
            recorded_at=e["recorded_at"],
        )

    def assignment(self, e: dict[str, Any]) -> None:
        n = e["statement"]  # none: the whole article
        target = self.slug if n is None else f"{self.slug}:{self.statement(n).n}"
        assign(
            session=self.session,
            target=target,
            to=self.known_reviewer(e["to"]),
            by=self.known_reviewer(e["by"]),
            due_on=e["due_on"],
            note=e["note"],
            recorded_at=e["recorded_at"],
        )

    def source_text(self, e: dict[str, Any]) -> None:
        self.known_source(e["source"])
        held = select(SourceText.id).where(
            col(SourceText.source_id) == e["source"],
            col(SourceText.sha256) == e["sha256"],
            col(SourceText.recorded_at) == e["recorded_at"],
        )
        if self.session.exec(held).first() is not None:
            return  # a source shared with an article imported before
        if e["pages"] and e["pages"][-1] > len(e["text"]):
            raise self.fail("a page starts beyond the end of the text")
        attach_text(
            session=self.session,
            source=get_source(session=self.session, ref=e["source"]),
            extracted=Extracted(e["text"], e["format"], e["sha256"], e["pages"]),
            file_name=e["file_name"],
            on=e["attached_on"],
            recorded_at=e["recorded_at"],
        )

    def verdict(self, e: dict[str, Any]) -> Ref:
        st = self.statement(e["statement"])
        *_, row = record_verdict(
            session=self.session,
            settings=self.settings,
            statement_id=f"{self.slug}:{st.n}",
            verdict=e["verdict"],
            reviewer=self.known_reviewer(e["reviewer"]),
            reviewed_on=e["reviewed_on"],
            note=e["note"],
            recorded_at=e["recorded_at"],
        )
        return _ref("verdict", row)

    def signoff(self, e: dict[str, Any]) -> Ref:
        row = sign_off(
            session=self.session,
            settings=self.settings,
            slug=self.slug,
            reviewer=self.known_reviewer(e["reviewer"]),
            signed_on=e["signed_on"],
            note=e["note"],
            force=e["forced"],
            role=e["role"],
            recorded_at=e["recorded_at"],
        )
        if row.revision_number != e["revision"]:
            raise self.fail(
                f"says it signed off revision {e['revision']}, "
                f"but the article was then at revision {row.revision_number}"
            )
        if row.forced != e["forced"]:
            raise self.fail("is marked forced, but no statement was blocking it")
        for key in ("statements_checked", "statements_total"):  # absent in older bundles
            if e[key] is not None and e[key] != getattr(row, key):
                raise self.fail(f"says {key} {e[key]}, but the record gives {getattr(row, key)}")
        return _ref("signoff", row)

    def withdraw(self, e: dict[str, Any]) -> Ref:
        position = e["of"]
        target = self.replayed[position] if position < len(self.replayed) else None
        if target is None:
            raise self.fail(f"withdraws no earlier event of the bundle (of: {position})")
        kind, event_id = target
        if withdrawal_of(session=self.session, kind=kind, event_id=event_id) is not None:
            return None  # a source's event shared with a bundle imported before
        withdraw(
            session=self.session,
            event=event_ref(kind, event_id),
            note=e["note"],
            reviewer=self.optional_reviewer(e),
            recorded_at=e["recorded_at"],
        )
        return None

    def edit(self, e: dict[str, Any]) -> Ref:
        """History only: the bundle's article, sources and reviewers hold the new values."""
        subject = e["subject"]
        if subject not in ("article", "source", "reviewer"):
            raise self.fail(f"edits an unknown kind of record {shown(subject)}")
        record = self.slug if subject == "article" else e["record"]
        if subject == "source":
            self.known_source(record)
        elif subject == "reviewer":
            self.known_reviewer(record)
        if (
            subject != "article"
            and self.session.exec(
                select(Correction.id).where(
                    col(Correction.subject) == subject,
                    col(Correction.record) == record,
                    col(Correction.field) == e["field"],
                    col(Correction.recorded_at) == e["recorded_at"],
                )
            ).first()
        ):
            return None  # a source or reviewer shared with a bundle imported before
        record_edit(
            session=self.session,
            subject=subject,
            record=record,
            field=e["field"],
            old=e["old_value"],
            new=e["new_value"],
            reviewer=self.optional_reviewer(e),
            note=e["note"],
            recorded_at=e["recorded_at"],
        )
        return None

    def retire(self, e: dict[str, Any]) -> Ref:
        row = retire_article(
            session=self.session,
            slug=self.slug,
            note=e["note"],
            reviewer=self.optional_reviewer(e),
            recorded_at=e["recorded_at"],
        )
        return _ref("retire", row)

    def optional_reviewer(self, e: dict[str, Any]) -> str | None:
        return self.known_reviewer(e["reviewer"]) if e["reviewer"] else None

    def check_final_state(self) -> None:
        """Rows the events do not create must agree with what the events did."""
        for st in self.bundle["statements"]:
            row = self.statements.get(st["n"])
            if row is None:
                raise self.fail(f"statement {self.slug}:{st['n']} has no statement-added event")
            if row.retired != st["retired"]:
                said = "retired" if st["retired"] else "live"
                raise self.fail(
                    f"statement {self.slug}:{st['n']} is listed as {said}, "
                    "but its events say otherwise"
                )
        texts = self.bundle["revisions"][-1]["text"]
        for st in self.bundle["statements"]:
            if not st["retired"] and st["span_end"] > len(texts):
                raise self.fail(f"statement {self.slug}:{st['n']}'s span runs past the text")
