"""Shared fixtures: every test gets its own workspace, environment and database.

PostgreSQL runs when ``FACTCHECK_TEST_PG`` holds a server URL: the session creates
a fresh database, each test a fresh schema in it, and both are dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli.main import app

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLE = FIXTURES / "yale_ketamine.txt"
DOI = "10.1126/science.1190287"
PG_ENV = "FACTCHECK_TEST_PG"


class Cli:
    """Runs ``factcheck`` in-process as a user would, in one workspace."""

    def __init__(self, runner: CliRunner) -> None:
        self.runner = runner

    def __call__(self, *args: str, input: str | bytes | None = None, ok: bool = True):  # type: ignore[no-untyped-def]
        result = self.runner.invoke(app, list(args), input=input)
        if ok and result.exit_code != 0:
            raise AssertionError(
                f"factcheck {' '.join(args)} exited {result.exit_code}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}"
            )
        return result

    def json(self, *args: str):  # type: ignore[no-untyped-def]
        import json

        return json.loads(self(*args).stdout)


@pytest.fixture(scope="session", autouse=True)
def ledger_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One ledger signing key for the run, never the user's own."""
    path = tmp_path_factory.mktemp("ledger-key") / "ledger.key"
    before = os.environ.get("FACTCHECK_LEDGER_KEY")
    os.environ["FACTCHECK_LEDGER_KEY"] = str(path)
    yield path
    if before is None:
        os.environ.pop("FACTCHECK_LEDGER_KEY", None)
    else:
        os.environ["FACTCHECK_LEDGER_KEY"] = before


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("FACTCHECK_DB", "FACTCHECK_CONFIG", "FACTCHECK_REVIEWER", "FACTCHECK_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def cli(clean_env: None) -> Cli:
    return Cli(CliRunner())


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Path:
    """An initialised SQLite workspace as the current directory."""
    monkeypatch.chdir(tmp_path)
    cli("init")
    return tmp_path


@pytest.fixture
def reviewed(workspace: Path, cli: Cli) -> dict:  # type: ignore[type-arg]
    """The example article imported, sourced, reviewed and signed off on 8 Aug 2018."""
    cli("reviewer", "add", "drlee", "--name", "Dana Lee", "--credentials",
        "PhD, scientific advisory board")
    cli("reviewer", "add", "srivera", "--name", "Sam Rivera")
    article = cli.json("article", "add", str(ARTICLE), "--slug", "ketamine", "--topic",
                       "depression", "--json")
    paper = cli.json("source", "add", "--doi", f"https://doi.org/{DOI}", "--kind", "paper",
                     "--title", "mTOR-dependent synapse formation underlies the rapid "
                     "antidepressant effects of NMDA antagonists", "--published", "2010-08-20",
                     "--authors", "Li N; Lee B; Liu RJ; Duman RS", "--publisher", "Science",
                     "--json")
    checkworthy = [s for s in article["statements"] if s["checkworthy"]]
    for s in checkworthy:
        cli("link", s["id"], paper["id"], "--quote", "rapid synaptogenesis", "--locator",
            "p. 960")
        cli("verdict", s["id"], "supported", "--reviewer", "drlee", "--date", "2018-08-08",
            "--note", "checked against the paper")
    cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-08-08")
    return {"article": article, "paper": paper, "checkworthy": checkworthy}


# --- PostgreSQL -------------------------------------------------------------------------


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, dropped at the end."""
    base = _pg_admin_url()
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}=postgresql+psycopg://user@host/db")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"factcheck_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_database: str) -> Iterator[str]:
    """A fresh schema in the run's database, as the search path of the URL returned."""
    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:10]}"
    engine = create_engine(pg_database, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg_database else "?"
    try:
        yield f"{pg_database}{sep}options=-csearch_path%3D{schema}"
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each storage test runs on SQLite, and on PostgreSQL when it is configured."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("pg_url")


# --- in CI, a skip is never a pass -------------------------------------------------------


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:  # type: ignore[type-arg]
    outcome = yield
    report = outcome.get_result()
    # An expected failure (xfail) is reported as skipped too; it is not a skip.
    if os.environ.get("FACTCHECK_NO_SKIPS") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI (FACTCHECK_NO_SKIPS is set): {reason}"
