"""Migrations: one history that builds exactly the models' schema on both databases."""

from __future__ import annotations

import pytest


@pytest.fixture
def engine(db_url):  # type: ignore[no-untyped-def]
    from factcheck.db import make_engine

    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def test_upgrade_builds_exactly_the_models_schema(engine):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import factcheck.models  # noqa: F401
    from factcheck.db import SCHEMA_REVISION, schema_revision, upgrade

    assert schema_revision(engine) is None  # blank
    upgrade(engine)
    assert schema_revision(engine) == SCHEMA_REVISION
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_schema_revision_is_alembics_head(engine):
    from alembic.script import ScriptDirectory

    from factcheck.db import SCHEMA_REVISION, alembic_config

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    assert head == SCHEMA_REVISION


def test_upgrade_twice_changes_nothing(engine):
    from sqlalchemy import inspect

    from factcheck.db import SCHEMA_REVISION, schema_revision, upgrade

    upgrade(engine)
    before = sorted(inspect(engine).get_table_names())
    upgrade(engine)
    assert sorted(inspect(engine).get_table_names()) == before
    assert schema_revision(engine) == SCHEMA_REVISION


def test_db_upgrade_command_is_idempotent_and_keeps_data(cli, db_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = cli("--db", db_url, "db", "upgrade")
    from factcheck.db import SCHEMA_REVISION

    assert f"schema revision {SCHEMA_REVISION}" in first.stderr
    cli("--db", db_url, "reviewer", "add", "drlee", "--name", "Dana Lee")
    again = cli("--db", db_url, "db", "upgrade")
    assert again.exit_code == 0
    assert cli.json("--db", db_url, "reviewer", "list", "--json")[0]["handle"] == "drlee"


def test_commands_migrate_a_blank_database_on_first_use(cli, db_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.json("--db", db_url, "article", "list", "--json") == []


def test_0004_gives_revisions_stored_before_it_an_empty_set_aside(engine):
    """A database at 0003 with an article keeps its rows; old revisions read as []."""
    from sqlalchemy import text

    from factcheck.db import upgrade

    upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO article (slug, title, detected_sources, created_at)"
                " VALUES ('old', 'Old', '[]', '2024-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO articlerevision (recorded_at, prev_hash, hash, article_id, number,"
                " text, sha256, format) SELECT '2024-01-01 00:00:00', '', 'h', id, 1, 'Body.',"
                " 's', 'text' FROM article"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT text, set_aside FROM articlerevision")).all()
    assert [tuple(r) for r in rows] == [("Body.", "[]")]


OLD_ROWS = [
    "INSERT INTO reviewer (id, handle, name, role, created_at) VALUES "
    "(1, 'drlee', 'Dana Lee', 'reviewer', '2018-08-01 09:00:00.000000')",
    "INSERT INTO article (id, slug, title, detected_sources, created_at) VALUES "
    "(1, 'ketamine', 'Ketamine', '[]', '2018-08-01 09:00:00.000000')",
    "INSERT INTO articlerevision (id, article_id, number, text, sha256, format, recorded_at, "
    "prev_hash, hash) VALUES (1, 1, 1, 'Ketamine works fast.', 'abc', 'text', "
    "'2018-08-01 09:00:00.000000', '', 'r1')",
    "INSERT INTO statement (id, article_id, n, text, span_start, span_end, line, position, "
    "checkworthy, kinds, retired) VALUES (1, 1, 1, 'Ketamine works fast.', 0, 20, 1, 1, "
    "true, '', false)",
    "INSERT INTO verdict (id, statement_id, reviewer_id, verdict, reviewed_on, recorded_at, "
    "prev_hash, hash) VALUES (1, 1, 1, 'supported', '2018-08-08', '2018-08-08 10:00:00.000000',"
    " '', 'v1')",
    "INSERT INTO verdict (id, statement_id, reviewer_id, verdict, reviewed_on, recorded_at, "
    "prev_hash, hash, supersedes_id) VALUES (2, 1, 1, 'outdated', '2019-03-01', "
    "'2019-03-01 10:00:00.000000', 'v1', 'v2', 1)",
]


def _old_database(engine):  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from factcheck.db import upgrade

    upgrade(engine, "0003")
    with engine.begin() as conn:
        for sql in OLD_ROWS:
            conn.execute(text(sql))


def test_0008_backfills_a_ledger_for_existing_rows(engine, cli, db_url):
    """A database from before the ledger: every row gets an entry, in a fixed order, the
    history rows take their new hashes, and the result verifies and keeps working."""
    from sqlalchemy import text

    from factcheck.db import session_scope, upgrade
    from factcheck.ledger.verify import verify

    _old_database(engine)
    upgrade(engine)
    with engine.connect() as conn:
        entries = conn.execute(
            text("SELECT seq, kind, table_name, row_key FROM ledger ORDER BY seq")
        ).all()
        hashes = conn.execute(text("SELECT hash FROM verdict ORDER BY id")).scalars().all()
        carried = conn.execute(
            text("SELECT hash FROM ledger WHERE table_name = 'verdict' ORDER BY seq")
        ).scalars().all()
    order = [(t, k) for _, _, t, k in entries]
    # tables in foreign-key order (what a row points at comes first), rows by key
    assert order == [("article", "1"), ("reviewer", "1"), ("articlerevision", "1"),
                     ("statement", "1"), ("verdict", "1"), ("verdict", "2")]  # fmt: skip
    assert {kind for _, kind, _, _ in entries} == {"backfill"}
    assert hashes == carried
    with session_scope(engine) as session:
        outcome = verify(session)
    assert outcome.broken is None and outcome.events == len(OLD_ROWS)
    # and writing goes on from there
    cli("--db", db_url, "verdict", "ketamine:1", "misleading", "--reviewer", "drlee")
    assert cli("--db", db_url, "ledger", "verify").exit_code == 0


def test_0008_backfill_is_deterministic(db_url, tmp_path):
    """Two copies of one old database get the same entries (but for time and hash)."""
    from sqlalchemy import text

    from factcheck.db import make_engine, upgrade

    def entries(url: str) -> list:  # type: ignore[type-arg]
        engine = make_engine(url)
        try:
            _old_database(engine)
            upgrade(engine)
            with engine.connect() as conn:
                return conn.execute(
                    text("SELECT seq, table_name, row_key, content FROM ledger ORDER BY seq")
                ).all()
        finally:
            engine.dispose()

    assert entries(db_url) == entries(f"sqlite:///{tmp_path / 'other.db'}")


def test_rerecord_keeps_a_record_table_verifying_after_a_column_change(engine):
    """A later migration that gives a record table's rows a non-empty new value
    re-records them, and the ledger verifies again."""
    from sqlalchemy import text

    from factcheck.db import session_scope, upgrade
    from factcheck.ledger.backfill import rerecord
    from factcheck.ledger.verify import verify

    _old_database(engine)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE article SET topic = 'depression'"))  # as a migration would
    with session_scope(engine) as session:
        assert verify(session).broken is not None
    with engine.begin() as conn:
        assert rerecord(conn, "article") == 1
    with session_scope(engine) as session:
        assert verify(session).broken is None
