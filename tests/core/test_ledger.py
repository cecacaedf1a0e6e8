"""The ledger: any change made behind factcheck's back is found and named.

Every tamper case attacks with plain SQL as a database-only attacker would, first
disabling the append-only triggers (dropping them on SQLite; replica mode, which
also skips foreign keys, on PostgreSQL), on both databases.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"
DOI = "10.1126/science.1190287"


@pytest.fixture
def recorded(cli, db_url, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """Two reviewers, a revision, links, five verdicts, a source event, a check-worthiness
    mark and a sign-off."""
    monkeypatch.chdir(tmp_path)
    run = lambda *a: cli("--db", db_url, *a)  # noqa: E731
    run("reviewer", "add", "drlee", "--name", "Dana Lee")
    run("reviewer", "add", "ked", "--name", "Kim Ed", "--role", "editor")
    run("article", "add", str(ARTICLE), "--slug", "ketamine")
    src = run("source", "add", "--doi", DOI, "--title", "mTOR").stdout.strip()
    for n in range(2, 7):
        run("link", f"ketamine:{n}", src, "--quote", "rapid synaptogenesis")
        run("verdict", f"ketamine:{n}", "supported", "--reviewer", "drlee", "--date",
            "2018-08-08", "--note", f"note {n}")  # fmt: skip
    run("source", "status", src, "corrected", "--date", "2019-01-01")
    run("statement", "mark", "ketamine:7", "not-checkworthy", "--reviewer", "drlee",
        "--note", "a question to the reader")  # fmt: skip
    run("signoff", "ketamine", "--reviewer", "ked", "--date", "2018-08-08", "--force",
        "--note", "partial review")  # fmt: skip
    return db_url


def attack(url: str, *statements: str) -> None:
    """Run ``statements`` as an attacker holding the database but not the key."""
    from sqlalchemy import create_engine, text

    if url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            triggers = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            for (name,) in list(triggers):
                conn.execute(f'DROP TRIGGER "{name}"')
            for sql in statements:
                conn.execute(sql)
            conn.commit()
        finally:
            conn.close()
        return
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL session_replication_role = replica"))
            for sql in statements:
                conn.execute(text(sql))
    finally:
        engine.dispose()


def _verify(cli, url, *extra):  # type: ignore[no-untyped-def]
    return cli("--db", url, "ledger", "verify", "--json", *extra, ok=False)


def _head(cli, url):  # type: ignore[no-untyped-def]
    return cli.json("--db", url, "ledger", "head", "--json")


def _one(url: str, sql: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).first()
    finally:
        engine.dispose()


def test_untouched_ledger_is_intact(cli, recorded):
    result = _verify(cli, recorded)
    assert result.exit_code == 0, result.stdout + result.stderr
    out = json.loads(result.stdout)
    head = _head(cli, recorded)
    assert out["intact"] is True and out["broken"] is None
    assert out["events"] == head["events"] and out["head"] == head["head"]
    # 2 reviewers, the article, its revision and 11 statements, a source, 5 links,
    # 5 verdicts, a source event, a mark, a sign-off: every row is an event
    assert head["events"] == 2 + 1 + 1 + 11 + 1 + 5 + 5 + 1 + 1 + 1
    text = cli("--db", recorded, "ledger", "verify").stdout
    assert text.startswith(f"ledger intact: {head['events']} events verified")


# (tamper statements, table named, row named); row None: any row of that table
EDITS = [
    (["UPDATE verdict SET note = 'never checked' WHERE id = 3"], "verdict", "3"),
    (["UPDATE verdict SET verdict = 'contradicted' WHERE id = 5"], "verdict", "5"),
    (["UPDATE verdict SET reviewed_on = '2018-01-01' WHERE id = 1"], "verdict", "1"),
    (["UPDATE link SET quote = 'something else' WHERE id = 2"], "link", "2"),
    (["UPDATE signoff SET forced = false WHERE id = 1"], "signoff", "1"),
    (["UPDATE articlerevision SET text = 'Other words.' WHERE id = 1"], "articlerevision", "1"),
    (["UPDATE articlerevision SET sha256 = 'x' WHERE id = 1"], "articlerevision", "1"),
    (["UPDATE statement SET text = 'The moon is cheese.' WHERE id = 3"], "statement", "3"),
    (["UPDATE statement SET span_end = span_end + 5 WHERE id = 2"], "statement", "2"),
    (["UPDATE reviewer SET name = 'Someone Else' WHERE id = 1"], "reviewer", "1"),
    (["UPDATE reviewer SET role = 'admin' WHERE id = 1"], "reviewer", "1"),
    (["UPDATE source SET doi = '10.9999/fake'"], "source", None),
    (["UPDATE source SET title = 'Another paper'"], "source", None),
    (["UPDATE article SET author = 'Dana Lee' WHERE id = 1"], "article", "1"),
    (["UPDATE sourcestatusevent SET status = 'retracted'"], "sourcestatusevent", "1"),
    (["UPDATE checkworthymark SET checkworthy = true"], "checkworthymark", "1"),
    (["UPDATE ledger SET actor = 'someone' WHERE seq = 3"], None, None),
]
DELETES = [
    (["DELETE FROM verdict WHERE id = 3"], "verdict", "3"),
    (["DELETE FROM verdict"], "verdict", "1"),
    (["DELETE FROM link WHERE id = 1"], "link", "1"),
    (["DELETE FROM signoff"], "signoff", "1"),
    (["DELETE FROM sourcestatusevent"], "sourcestatusevent", "1"),
    (["DELETE FROM checkworthymark"], "checkworthymark", "1"),
    (["DELETE FROM statementevent; DELETE FROM statement WHERE id = 1"], "statement", "1"),
    (["DELETE FROM ledger WHERE seq = 5"], None, None),
    # the whole ledger and the key's fingerprint: every row is then unrecorded
    (["DELETE FROM ledger", "DELETE FROM workspacemeta"], None, None),
]
INSERTS = [
    (["INSERT INTO verdict (id, statement_id, reviewer_id, verdict, note, reviewed_on, "
      "recorded_at, prev_hash, hash) SELECT 99, statement_id, reviewer_id, 'supported', "
      "'extra', reviewed_on, recorded_at, 'p99', hash FROM verdict WHERE id = 1"],
     "verdict", "99"),
    (["INSERT INTO reviewer (id, handle, name, role, created_at) VALUES "
      "(9, 'mallory', 'Mallory', 'admin', '2018-01-01 00:00:00')"], "reviewer", "9"),
    (["INSERT INTO link (id, statement_id, source_id, relation, recorded_at, prev_hash, hash)"
      " SELECT 99, statement_id, source_id, 'contradicts', recorded_at, 'p99', 'h' "
      "FROM link WHERE id = 1"], "link", "99"),
]
REORDERS = [
    # swap two verdicts' contents (which one is the latest changes)
    (["UPDATE verdict SET note = CASE id WHEN 2 THEN 'note 3' ELSE 'note 2' END, "
      "statement_id = CASE id WHEN 2 THEN 4 ELSE 3 END WHERE id IN (2, 3)"],
     "verdict", "2"),
    # swap two reviewers' handles: re-attributes every verdict
    (["UPDATE reviewer SET handle = 'x' WHERE id = 1",
      "UPDATE reviewer SET handle = 'drlee' WHERE id = 2",
      "UPDATE reviewer SET handle = 'ked' WHERE id = 1"], "reviewer", "1"),
    # swap two statements' numbers
    (["UPDATE statement SET n = -n WHERE id IN (2, 3)",
      "UPDATE statement SET n = CASE id WHEN 2 THEN 3 ELSE 2 END WHERE id IN (2, 3)"],
     "statement", "2"),
    # swap two ledger entries
    (["UPDATE ledger SET seq = -seq WHERE seq IN (4, 5)",
      "UPDATE ledger SET seq = CASE seq WHEN -4 THEN 5 ELSE 4 END WHERE seq < 0"],
     None, None),
    # swap the hashes two verdict rows carry
    (["UPDATE verdict SET hash = CASE id WHEN 1 THEN 'a' ELSE 'b' END WHERE id IN (1, 2)",
      "UPDATE verdict SET hash = (SELECT hash FROM ledger WHERE table_name = 'verdict' "
      "AND row_key = CASE verdict.id WHEN 1 THEN '2' ELSE '1' END) WHERE id IN (1, 2)"],
     "verdict", "1"),
]
CASES = EDITS + DELETES + INSERTS + REORDERS


@pytest.mark.parametrize(("tamper", "table", "row"), CASES)
def test_tampering_is_detected_and_named(cli, recorded, tamper, table, row):
    attack(recorded, *(s for sql in tamper for s in sql.split("; ")))
    result = _verify(cli, recorded)
    assert result.exit_code == 1, result.stdout + result.stderr
    out = json.loads(result.stdout)
    assert out["intact"] is False
    broken = out["broken"]
    assert broken["reason"]
    if table is not None:
        assert broken["table"] == table, broken
    if row is not None:
        assert broken["row"] == row, broken
    assert "Traceback" not in result.stdout + result.stderr


def _entry_fields(url: str, seq: int):  # type: ignore[no-untyped-def]
    return _one(url, f"SELECT hash FROM ledger WHERE seq = {seq}")[0]


@pytest.mark.parametrize("forger", ["sha256", "wrong-key"])
def test_an_appended_row_with_a_recomputed_hash_does_not_verify(cli, recorded, forger):
    """A forger who knows the format but not the key appends a verdict and its entry."""
    from factcheck.ledger.content import content_hash, entry_hash, layout
    from factcheck.models import Verdict

    head = _head(cli, recorded)
    seq, prev = head["events"] + 1, head["head"]
    row = {"id": 99, "statement_id": 2, "reviewer_id": 1, "verdict": "supported",
           "note": "forged", "reviewed_on": "2018-08-08",
           "recorded_at": "2018-08-08 00:00:00", "supersedes_id": None}  # fmt: skip
    cols = layout(Verdict.__table__)  # type: ignore[attr-defined]
    content = content_hash(cols, [row.get(name) for name, _ in cols])
    fields = [seq, "insert", "verdict", "99", "root", "2018-08-08T00:00:00.000000+00:00", content]
    if forger == "sha256":
        blob = json.dumps([prev, *fields], separators=(",", ":"))
        forged = hashlib.sha256(blob.encode()).hexdigest()
    else:
        forged = entry_hash(b"k" * 32, prev, fields)
    assert hmac.compare_digest(forged, forged)
    attack(
        recorded,
        "INSERT INTO verdict (id, statement_id, reviewer_id, verdict, note, reviewed_on, "
        f"recorded_at, prev_hash, hash) VALUES (99, 2, 1, 'supported', 'forged', '2018-08-08',"
        f" '2018-08-08 00:00:00', '{prev}', '{forged}')",
        "INSERT INTO ledger (seq, kind, table_name, row_key, actor, recorded_at, content, prev,"
        f" hash) VALUES ({seq}, 'insert', 'verdict', '99', 'root', '2018-08-08 00:00:00', "
        f"'{content}', '{prev}', '{forged}')",
    )
    out = json.loads(_verify(cli, recorded).stdout)
    assert out["broken"]["table"] == "verdict" and out["broken"]["row"] == "99"
    assert "signature" in out["broken"]["reason"]


def test_a_truncated_tail_is_caught_given_an_earlier_head(cli, recorded):
    """Deleting the newest rows and their entries leaves a shorter chain that verifies
    on its own; the head kept from before is what proves it shorter."""
    earlier = _head(cli, recorded)["head"]
    attack(recorded, "DELETE FROM signoff", f"DELETE FROM ledger WHERE hash = '{earlier}'")
    assert _verify(cli, recorded).exit_code == 0  # consistent, but shorter
    result = _verify(cli, recorded, "--anchor", earlier)
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["broken"]["table"] == "ledger" and earlier in out["broken"]["reason"]


def test_an_anchor_still_in_the_ledger_verifies(cli, recorded):
    earlier = _head(cli, recorded)["head"]
    cli("--db", recorded, "verdict", "ketamine:2", "misleading", "--reviewer", "drlee")
    assert _verify(cli, recorded, "--anchor", earlier).exit_code == 0


def test_bad_usage_exits_2(cli, recorded, user_error):
    user_error(cli("--db", recorded, "ledger", "verify", "--anchor", "xyz", ok=False), "anchor")


def test_verify_refuses_another_key(cli, recorded, tmp_path, monkeypatch, user_error):
    monkeypatch.setenv("FACTCHECK_LEDGER_KEY", str(tmp_path / "other.key"))
    (tmp_path / "other.key").write_text("ab" * 32)
    user_error(cli("--db", recorded, "ledger", "verify", ok=False), "signed with key")


def test_verify_without_the_key_exits_2(cli, recorded, tmp_path, monkeypatch, user_error):
    monkeypatch.setenv("FACTCHECK_LEDGER_KEY", str(tmp_path / "missing.key"))
    user_error(cli("--db", recorded, "ledger", "verify", ok=False), "no ledger key")


def test_the_key_file_is_private(cli, recorded, ledger_key):
    assert ledger_key.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE verdict SET note = 'x' WHERE id = 1",
        "DELETE FROM verdict WHERE id = 1",
        "UPDATE ledger SET actor = 'x' WHERE seq = 1",
        "DELETE FROM ledger",
        "DELETE FROM signoff",
    ],
)
def test_history_refuses_update_and_delete_even_for_the_owner(recorded, sql):
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DatabaseError

    engine = create_engine(recorded)
    try:
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def test_every_event_records_its_actor(cli, recorded):
    history = cli.json("--db", recorded, "history", "ketamine", "--json")
    assert history and all(e["actor"] and len(e["hash"]) == 64 for e in history)
    actors = {e["actor"] for e in history}
    if recorded.startswith("sqlite"):
        from factcheck.identity import os_login

        assert actors == {os_login()}
    else:
        assert actors == {_one(recorded, "SELECT session_user")[0]}


def test_verify_on_an_empty_database_passes(cli, db_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = json.loads(cli("--db", db_url, "ledger", "verify", "--json").stdout)
    assert out == {"intact": True, "events": 0, "head": None, "broken": None}
    assert cli.json("--db", db_url, "ledger", "head", "--json") == {"events": 0, "head": None}


def test_every_table_but_the_caches_is_in_the_ledger(cli, recorded):
    """Coverage comes from registration, not per-table code: every row of every table
    (except the caches) has entries, and every ChainedEvent table is history."""
    from sqlmodel import SQLModel

    from factcheck.ledger.content import history_tables
    from factcheck.models import LEDGER_TABLES, UNRECORDED_TABLES

    assert {str(t.__tablename__) for t in LEDGER_TABLES} <= history_tables()
    for table in SQLModel.metadata.sorted_tables:
        if table.name in UNRECORDED_TABLES:
            continue
        rows = _one(recorded, f'SELECT count(*) FROM "{table.name}"')[0]
        entries = _one(
            recorded,
            f"SELECT count(DISTINCT row_key) FROM ledger WHERE table_name = '{table.name}'",
        )[0]
        assert rows == entries, table.name


def test_reports_name_the_ledger_head_they_were_built_from(cli, recorded, tmp_path):
    head = _head(cli, recorded)["head"]
    cli("--db", recorded, "report", "ketamine", "--format", "md", "--out", str(tmp_path / "k.md"))
    assert f"Built from ledger head `{head}`" in (tmp_path / "k.md").read_text()
    data = json.loads(cli("--db", recorded, "report", "ketamine", "--format", "json",
                          "--out", "-").stdout)  # fmt: skip
    assert data["ledger_head"] == head
