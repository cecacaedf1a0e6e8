"""Who is acting, and what their role lets them do.

The actor is the database login on PostgreSQL (``session_user``, which the client
cannot choose) and the OS login on SQLite (whoever can run the tool can write the
file anyway). Every ledger entry records it.

Roles bind once a reviewer is bound to a login (``reviewer add … --login``): from
then on the acting login must be bound to a reviewer whose role covers the action,
and may record only as itself unless it is an admin. A workspace where nobody is
bound (one person at one desk) works as before, with nothing enforced.

Every domain function that writes calls :func:`authorize` with its action's name;
a new kind of write adds its name to ``ACTIONS``.
"""

from __future__ import annotations

import getpass

from sqlalchemy import text
from sqlalchemy.orm import Session

from factcheck.errors import UserError

RANKS = {"reviewer": 1, "editor": 2, "admin": 3}
ACTIONS = {
    # reviewers record evidence and judgements
    "verdict": "reviewer",
    "link": "reviewer",
    "mark": "reviewer",
    "comment": "reviewer",
    "source": "reviewer",
    # editors also answer for articles as a whole
    "signoff": "editor",
    "assign": "editor",
    "retire": "editor",
    "withdraw": "editor",
    "article": "editor",
    "source-status": "editor",
    "import": "editor",
    # admins manage who may do what
    "reviewer": "admin",
    "settings": "admin",
    "grant": "admin",
}
ACTOR_KEY = "factcheck.actor"


class Refused(UserError):
    """The acting login may not do this."""


def current_actor(session: Session) -> str:
    """The login doing this, read once per session."""
    found = session.info.get(ACTOR_KEY)
    if found is None:
        conn = session.connection()
        if conn.dialect.name == "postgresql":
            found = str(conn.execute(text("SELECT session_user")).scalar_one())
        else:
            found = os_login()
        session.info[ACTOR_KEY] = found
    return str(found)


def os_login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER
        return "unknown"


def enforced(session: Session) -> bool:
    """Whether any reviewer is bound to a login (then roles bind everyone)."""
    row = session.execute(text("SELECT 1 FROM reviewer WHERE login IS NOT NULL LIMIT 1"))
    return row.first() is not None


def acting_reviewer(session: Session) -> tuple[str, str | None, str | None]:
    """``(login, handle, role)`` of the reviewer bound to the acting login, if any."""
    login = current_actor(session)
    row = session.execute(
        text("SELECT handle, role FROM reviewer WHERE login = :login"), {"login": login}
    ).first()
    return (login, row[0], row[1]) if row else (login, None, None)


def authorize(*, session: Session, action: str, as_handle: str | None = None) -> None:
    """Refuse (exit 2) unless the acting login may do ``action`` as ``as_handle``."""
    need = ACTIONS[action]
    if not enforced(session):
        return
    login, handle, role = acting_reviewer(session)
    if handle is None or role is None:
        raise Refused(
            f"login {login!r} is not bound to a reviewer, so it may not record anything "
            f"here (an admin runs: factcheck reviewer add HANDLE --name NAME --login {login})"
        )
    if RANKS.get(role, 0) < RANKS[need]:
        raise Refused(f"{handle} has the {role} role; {action} takes the {need} role or higher")
    if as_handle is not None and as_handle != handle and role != "admin":
        raise Refused(
            f"login {login!r} is reviewer {handle}, not {as_handle}: only {as_handle}'s own "
            "login or an admin may record as them"
        )


def check_binding(*, session: Session, role: str, login: str | None) -> None:
    """The first login bound must be an admin's, or nobody could manage reviewers."""
    if login and role != "admin" and not enforced(session):
        raise Refused(
            "bind an admin first: binding a login turns roles on, and only admins "
            "may then add reviewers (reviewer add HANDLE --name NAME --role admin "
            "--login LOGIN)"
        )
