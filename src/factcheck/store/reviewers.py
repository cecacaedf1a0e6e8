"""Reviewers: who may record verdicts and sign articles off."""

from __future__ import annotations

from sqlmodel import Session, col, select

from factcheck.errors import InputError, NotFound
from factcheck.identifiers import optional_text
from factcheck.models import Reviewer

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
