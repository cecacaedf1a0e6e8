"""The generated archive (benchmarks/archive.py) built on SQLite and on PostgreSQL
holds the same records, so ``due`` and ``check`` must answer the same on both: the
queries behind them, and their order, do not depend on the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture
def archive(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The benchmarks' archive generator."""
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    import archive

    return archive


def test_due_and_check_answer_alike_on_sqlite_and_postgresql(
    archive: Any, pg_url: str, tmp_path: Path, cli: Any
) -> None:
    day = archive.AS_OF.isoformat()
    answers, archives_built = [], []
    for target in (tmp_path / "archive.db", pg_url):
        url = archive.build_archive(target, articles=40, quiet=True)
        archives_built.append(url)
        assert "ledger intact" in cli("--db", url, "ledger", "verify").stdout
        due = cli("--db", url, "due", "--as-of", day, "--format", "json").stdout
        gate = cli("--db", url, "check", "--as-of", day, "--format", "json", ok=False)
        assert gate.exit_code == 1  # the generator's archive has overdue statements
        answers.append((due, gate.stdout))
    (sqlite_due, sqlite_gate), (pg_due, pg_gate) = answers
    assert sqlite_due.count('"statement":') > 50
    assert sqlite_gate.count('"level":"error"') > 50
    assert pg_due == sqlite_due
    assert pg_gate == sqlite_gate
    for url in archives_built:  # a workspace like any other: new records take new ids
        verdicts = cli.json("--db", url, "history", "article-00001:1", "--json")
        cli("--db", url, "verdict", "article-00001:1", "supported", "--reviewer", "rev1")
        after = cli.json("--db", url, "history", "article-00001:1", "--json")
        assert len(after) == len(verdicts) + 1
        assert after[-1]["kind"] == "verdict"
