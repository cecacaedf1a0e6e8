"""Reviewers: who may record verdicts and sign articles off."""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import Session, col, select

from factcheck.errors import InputError, NotFound
from factcheck.escaping import shown
from factcheck.identifiers import optional_text
from factcheck.identity import authorize, check_binding
from factcheck.models import Correction, Reviewer, utcnow

ROLES = ("reviewer", "editor", "admin")
LOGIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,62}")


def add_reviewer(
    *,
    session: Session,
    handle: str,
    name: str,
    role: str = "reviewer",
    credentials: str | None = None,
    created_at: datetime | None = None,
    login: str | None = None,
) -> Reviewer:
    authorize(session=session, action="reviewer")
    handle = handle.strip()
    check_reviewer_fields(handle=handle, name=name, role=role)
    if find_reviewer(session=session, handle=handle):
        raise InputError(f"reviewer {handle!r} is already registered")
    login = _check_login(session, login)
    check_binding(session=session, role=role, login=login)
    reviewer = Reviewer(
        handle=handle,
        name=name.strip(),
        role=role,
        credentials=optional_text(credentials),
        created_at=created_at or utcnow(),
        login=login,
    )
    session.add(reviewer)
    session.flush()
    return reviewer


def check_reviewer_fields(*, handle: str, name: str, role: str) -> None:
    """The rules every reviewer record obeys, however it arrives."""
    if not handle or any(c.isspace() for c in handle) or not handle.isprintable():
        raise InputError(f"not a valid reviewer handle: {shown(handle)} (one word, like drlee)")
    if not name.strip():
        raise InputError("a reviewer needs a --name")
    if role not in ROLES:
        raise InputError(f"unknown role {shown(role)} (one of: {', '.join(ROLES)})")


def _check_login(session: Session, login: str | None) -> str | None:
    if login is None:
        return None
    login = login.strip()
    if not LOGIN.fullmatch(login):
        raise InputError(f"not a valid login: {login!r} (letters, digits, _ . - only)")
    taken = session.exec(select(Reviewer).where(col(Reviewer.login) == login)).first()
    if taken is not None:
        raise InputError(f"login {login!r} is already bound to reviewer {taken.handle}")
    return login
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
