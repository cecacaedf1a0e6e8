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
