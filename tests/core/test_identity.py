"""Who did it: logins bound to reviewers, roles enforced once anyone is bound, and
PostgreSQL logins that can append history but never rewrite it."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"


@pytest.fixture
def team(cli, workspace, monkeypatch):  # type: ignore[no-untyped-def]
    """A SQLite workspace with an admin, a reviewer and an editor bound to OS logins."""

    def as_login(login: str):  # type: ignore[no-untyped-def]
        monkeypatch.setenv("LOGNAME", login)
        return cli

    as_login("alice")("reviewer", "add", "boss", "--name", "Ada Boss", "--role", "admin",
                      "--login", "alice")  # fmt: skip
    cli("reviewer", "add", "dana", "--name", "Dana Lee", "--login", "dlee")
    cli("reviewer", "add", "ed", "--name", "Ed Itor", "--role", "editor", "--login", "eddy")
    cli("reviewer", "add", "free", "--name", "Unbound Person")
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")
    return as_login


def test_an_unbound_workspace_enforces_nothing(cli, workspace):
    cli("reviewer", "add", "drlee", "--name", "Dana Lee")  # role reviewer
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")
    cli("verdict", "ketamine:2", "supported", "--reviewer", "drlee")
    cli("signoff", "ketamine", "--reviewer", "drlee", "--force", "--note", "one-person desk")


def test_the_first_login_bound_must_be_an_admins(cli, workspace, user_error):
    result = cli("reviewer", "add", "dana", "--name", "Dana", "--login", "dlee", ok=False)
    user_error(result, "bind an admin first")


def test_a_reviewer_records_only_as_themselves(team, user_error):
    cli = team("dlee")
    cli("verdict", "ketamine:2", "supported", "--reviewer", "dana")
    source = cli("source", "add", "--doi", "10.1126/science.1190287").stdout.strip()
    cli("link", "ketamine:2", source)
    user_error(cli("verdict", "ketamine:3", "supported", "--reviewer", "ed", ok=False),
               "'dlee'", "not ed")  # fmt: skip
    user_error(cli("verdict", "ketamine:3", "supported", "--reviewer", "free", ok=False),
               "not free")  # fmt: skip
    history = cli.json("history", "ketamine:2", "--json")
    assert [(e["kind"], e["reviewer"], e["actor"]) for e in history if e["kind"] == "verdict"] \
        == [("verdict", "dana", "dlee")]


def test_roles_decide_who_signs_off_and_manages_reviewers(team, user_error):
    cli = team("dlee")
    user_error(cli("signoff", "ketamine", "--reviewer", "dana", "--force", "--note", "x",
                   ok=False), "signoff takes the editor role")  # fmt: skip
    user_error(cli("reviewer", "add", "x", "--name", "X", ok=False), "admin")
    user_error(cli("article", "add", str(ARTICLE), "--slug", "other", ok=False), "editor")
    cli = team("eddy")
    cli("signoff", "ketamine", "--reviewer", "ed", "--force", "--note", "editor signs")
    user_error(cli("reviewer", "add", "x", "--name", "X", ok=False), "admin")


def test_an_admin_may_record_for_anyone(team):
    cli = team("alice")
    cli("verdict", "ketamine:2", "supported", "--reviewer", "dana")
    cli("reviewer", "add", "newbie", "--name", "New Bie", "--login", "nb")
    events = cli.json("history", "ketamine:2", "--json")
    assert events[-1]["actor"] == "alice" and events[-1]["reviewer"] == "dana"


def test_an_unbound_login_may_record_nothing_once_roles_are_on(team, user_error):
    cli = team("mallory")
    user_error(cli("verdict", "ketamine:2", "supported", "--reviewer", "free", ok=False),
               "not bound")  # fmt: skip


def test_a_login_binds_one_reviewer(team, user_error):
    cli = team("alice")
    user_error(cli("reviewer", "add", "again", "--name", "A", "--login", "dlee", ok=False),
               "already bound")  # fmt: skip
    assert {r["handle"]: r["login"] for r in cli.json("reviewer", "list", "--json")}["ed"] \
        == "eddy"


# --- PostgreSQL: db grant -------------------------------------------------------------


@pytest.fixture
def logins(pg_url):  # type: ignore[no-untyped-def]
    """Two fresh login names, dropped with everything granted to them afterwards."""
    from sqlalchemy import create_engine, text

    names = [f"fc_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    yield names
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        for name in names:
            if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first():
                conn.execute(text(f'DROP OWNED BY "{name}"'))
                conn.execute(text(f'DROP ROLE "{name}"'))
    engine.dispose()


def _as(url: str, login: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=login).render_as_string(hide_password=False)


def test_db_grant_gives_a_login_append_only_access(cli, pg_url, logins, tmp_path, monkeypatch,
                                                  user_error):  # fmt: skip
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DatabaseError

    monkeypatch.chdir(tmp_path)
    dana, ed = logins
    cli("--db", pg_url, "reviewer", "add", "boss", "--name", "Boss", "--role", "admin",
        "--login", "postgres")  # fmt: skip
    for login, role in ((dana, "reviewer"), (ed, "editor")):
        cli("--db", pg_url, "db", "grant", login, "--role", role)
        cli("--db", pg_url, "reviewer", "add", login, "--name", login.upper(), "--role", role,
            "--login", login)  # fmt: skip
    cli("--db", pg_url, "article", "add", str(ARTICLE), "--slug", "ketamine")
    as_dana, as_ed = _as(pg_url, dana), _as(pg_url, ed)

    cli("--db", as_dana, "verdict", "ketamine:2", "supported", "--reviewer", dana)
    user_error(cli("--db", as_dana, "verdict", "ketamine:2", "supported", "--reviewer", ed,
                   ok=False), "only")  # fmt: skip
    user_error(cli("--db", as_dana, "signoff", "ketamine", "--reviewer", dana, "--force",
                   "--note", "x", ok=False), "editor")  # fmt: skip
    cli("--db", as_ed, "signoff", "ketamine", "--reviewer", ed, "--force", "--note", "ok")
    history = cli.json("--db", pg_url, "history", "ketamine", "--json")
    assert {e["kind"]: e["actor"] for e in history if e["kind"] in ("verdict", "signoff")} \
        == {"verdict": dana, "signoff": ed}
    assert cli("--db", pg_url, "ledger", "verify").exit_code == 0

    engine = create_engine(as_dana)
    try:
        for sql in ("UPDATE verdict SET note = 'x'", "DELETE FROM verdict",
                    "UPDATE reviewer SET role = 'admin'",
                    "INSERT INTO ledger (seq, kind, table_name, row_key, actor, recorded_at, "
                    "content, prev, hash) VALUES (999, 'insert', 'verdict', '1', 'postgres', "
                    "now(), '', 'forged', 'forged')"):  # fmt: skip
            with pytest.raises(DatabaseError), engine.begin() as conn:
                conn.execute(text(sql))
    finally:
        engine.dispose()


def test_db_grant_on_sqlite_is_a_usage_error(cli, workspace, user_error):
    user_error(cli("db", "grant", "dana", "--role", "editor", ok=False), "PostgreSQL")


def test_corrections_take_the_role_their_record_takes(team, user_error):
    cli = team("dlee")
    cli("verdict", "ketamine:2", "supported", "--reviewer", "dana")
    verdict = next(e["event"] for e in cli.json("history", "ketamine:2", "--json")
                   if e["kind"] == "verdict")  # fmt: skip
    cli("withdraw", verdict, "--note", "wrong statement", "--reviewer", "dana")
    user_error(cli("article", "retire", "ketamine", "--note", "gone", "--reviewer", "dana",
                   ok=False), "retire takes the editor role")  # fmt: skip
    user_error(cli("article", "edit", "ketamine", "--title", "New", ok=False),
               "article takes the editor role")  # fmt: skip
    user_error(cli("reviewer", "edit", "free", "--name", "Free Person", ok=False),
               "reviewer takes the admin role")  # fmt: skip
    team("eddy")("article", "retire", "ketamine", "--note", "gone", "--reviewer", "ed")
    team("alice")("reviewer", "edit", "free", "--name", "Free Person")
