"""The report reads raw dates on SQLite and the driver's own on PostgreSQL: same report."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def on_db(db_url: str, monkeypatch: pytest.MonkeyPatch, clean_env: None) -> str:
    """The workspace's database is ``db_url`` (set after clean_env, before the workspace)."""
    monkeypatch.setenv("FACTCHECK_DB", db_url)
    return db_url


def test_history_dates_are_the_records_on_both_databases(on_db: str, reviewed: Any, cli) -> None:  # type: ignore[no-untyped-def]
    if on_db.startswith("postgresql"):  # the records really are there, not in SQLite
        with sqlite3.connect(Path.cwd() / "factcheck.db") as conn:
            assert not conn.execute("SELECT count(*) FROM verdict").fetchone()[0]
    data = json.loads(cli("report", "ketamine", "--format", "json", "--out", "-").stdout)
    verdicts = [e for e in data["history"] if e["event"] == "verdict"]
    assert len(verdicts) == len(reviewed["checkworthy"])
    assert {e["on"] for e in verdicts} == {"2018-08-08"}
    links = [e for e in data["history"] if e["event"] == "link"]
    assert links and all(e["on"] == e["recorded_at"][:10] for e in links)
    for e in data["history"]:
        assert datetime.fromisoformat(e["recorded_at"]).utcoffset() is not None  # UTC, aware
    assert [e["recorded_at"] for e in data["history"]] == sorted(
        e["recorded_at"] for e in data["history"]
    )
    html = cli("report", "ketamine", "--format", "html", "--out", "-").stdout
    assert html.count('<li class="verdict">') == len(verdicts)
