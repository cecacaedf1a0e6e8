"""Reviewers: who may record verdicts and sign articles off."""

from __future__ import annotations

from sqlmodel import Session, col, select

from factcheck.errors import InputError, NotFound
from factcheck.identifiers import optional_text
from factcheck.models import Correction, Reviewer

ROLES = ("reviewer", "editor", "admin")


def add_reviewer(
    *,
    session: Session,
    handle: str,
    name: str,
    role: str = "reviewer",
    credentials: str | None = None,
) -> Reviewer:
    handle = handle.strip()
    if not handle or any(c.isspace() for c in handle):
        raise InputError(f"not a valid reviewer handle: {handle!r} (one word, like drlee)")
    if not name.strip():
        raise InputError("a reviewer needs a --name")
    if role not in ROLES:
        raise InputError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    if find_reviewer(session=session, handle=handle):
        raise InputError(f"reviewer {handle!r} is already registered")
    reviewer = Reviewer(
        handle=handle, name=name.strip(), role=role, credentials=optional_text(credentials)
    )
    session.add(reviewer)
    session.flush()
    return reviewer


def edit_reviewer(
    *,
    session: Session,
    handle: str,
    name: str | None = None,
    credentials: str | None = None,
    role: str | None = None,
    by: str | None = None,
) -> list[Correction]:
    """Correct a reviewer's name, credentials or role; each change is an edit event.

    Past reports name the reviewer as the record now does; ``history`` keeps the old
    value. An empty ``credentials`` clears them.
    """
    from factcheck.store.corrections import record_edits

    reviewer = get_reviewer(session=session, handle=handle)
    changes: dict[str, str | None] = {}
    if name is not None:
        if not name.strip():
            raise InputError("a reviewer needs a non-empty --name")
        changes["name"] = name.strip()
    if credentials is not None:
        changes["credentials"] = optional_text(credentials)
    if role is not None:
        if role not in ROLES:
            raise InputError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
        changes["role"] = role
    if not changes:
        raise InputError("nothing to edit: give --name, --credentials or --role")
    return record_edits(
        session=session,
        subject="reviewer",
        record=reviewer.handle,
        target=reviewer,
        changes=changes,
        reviewer=by,
    )


def find_reviewer(*, session: Session, handle: str) -> Reviewer | None:
    return session.exec(select(Reviewer).where(col(Reviewer.handle) == handle)).first()


def get_reviewer(*, session: Session, handle: str | None) -> Reviewer:
    if not handle:
        raise InputError("no reviewer given: pass --reviewer, or set FACTCHECK_REVIEWER")
    reviewer = find_reviewer(session=session, handle=handle)
    if reviewer is None:
        raise NotFound(
            f"unknown reviewer {handle!r}: only registered reviewers may record reviews "
            f"(factcheck reviewer add {handle} --name …)"
        )
    return reviewer


def list_reviewers(*, session: Session) -> list[Reviewer]:
    return list(session.exec(select(Reviewer).order_by(col(Reviewer.handle))))
