"""The ledger: any edit made behind factcheck's back is found and named."""

from __future__ import annotations

from pathlib import Path

import pytest

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"


@pytest.fixture
def recorded(cli, db_url, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A database holding a revision, links, five verdicts and a sign-off."""
    monkeypatch.chdir(tmp_path)
    run = lambda *a: cli("--db", db_url, *a)  # noqa: E731
    run("reviewer", "add", "drlee", "--name", "Dana Lee")
    run("article", "add", str(ARTICLE), "--slug", "ketamine")
    src = run("source", "add", "--doi", "10.1126/science.1190287").stdout.strip()
    for n in range(2, 7):
        run("link", f"ketamine:{n}", src, "--quote", "rapid synaptogenesis")
        run("verdict", f"ketamine:{n}", "supported", "--reviewer", "drlee", "--date",
            "2018-08-08", "--note", f"note {n}")  # fmt: skip
    run("signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-08-08", "--force",
        "--note", "partial review")  # fmt: skip
    return db_url


def _sql(url: str, statement: str) -> None:
    from sqlalchemy import text

    from factcheck.db import make_engine

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def _verify(cli, url):  # type: ignore[no-untyped-def]
    return cli("--db", url, "ledger", "verify", ok=False)


def test_untouched_ledger_is_intact(cli, recorded):
    result = _verify(cli, recorded)
    assert result.exit_code == 0, result.stdout + result.stderr
    # a revision, 5 links, 5 verdicts, a sign-off
    assert "intact: 12 events verified" in result.stdout
    assert "broken" not in result.stdout


@pytest.mark.parametrize(
    ("tamper", "table", "row"),
    [
        ("UPDATE verdict SET note = 'never checked' WHERE id = 3", "verdict", 3),
        ("UPDATE verdict SET verdict = 'contradicted' WHERE id = 5", "verdict", 5),
        ("UPDATE verdict SET reviewed_on = '2018-01-01' WHERE id = 1", "verdict", 1),
        ("UPDATE link SET quote = 'something else' WHERE id = 2", "link", 2),
        ("UPDATE signoff SET forced = false WHERE id = 1", "signoff", 1),
        ("UPDATE articlerevision SET sha256 = 'x' WHERE id = 1", "articlerevision", 1),
        # the row after a removed one no longer follows its predecessor
        ("DELETE FROM verdict WHERE id = 3", "verdict", 4),
        ("DELETE FROM link WHERE id = 1", "link", 2),
    ],
)
def test_tampering_is_reported_with_table_and_row(cli, recorded, tamper, table, row):
    _sql(recorded, tamper)
    result = _verify(cli, recorded)
    assert result.exit_code == 1
    assert f"{table} row {row}:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "break" in result.stderr


def test_every_broken_row_is_listed(cli, recorded):
    _sql(recorded, "UPDATE verdict SET note = 'x' WHERE id = 2")
    _sql(recorded, "UPDATE verdict SET note = 'y' WHERE id = 4")
    result = _verify(cli, recorded)
    assert result.exit_code == 1
    assert "verdict row 2:" in result.stdout and "verdict row 4:" in result.stdout


def test_a_removed_row_stays_detected_after_new_events(cli, recorded):
    """Appending after a gap does not paper over it."""
    _sql(recorded, "DELETE FROM verdict WHERE id = 2")
    cli("--db", recorded, "verdict", "ketamine:2", "supported", "--reviewer", "drlee",
        "--date", "2018-08-09")  # fmt: skip
    result = _verify(cli, recorded)
    assert result.exit_code == 1
    assert "verdict row 3:" in result.stdout


def test_verify_on_an_empty_database_passes(cli, db_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("--db", db_url, "ledger", "verify")
    assert "0 events" in result.stdout
