"""Start-up: ``--help`` and ``--version`` never import the database stack, a read
command imports only what it uses, and a command line builds only the command it names."""

from __future__ import annotations

import subprocess
import sys

import pytest

from factcheck import __version__

PROBE = """
import sys
sys.argv = ["factcheck", *{args!r}]
from factcheck.cli import run
try:
    run()
except SystemExit as exc:
    code = exc.code
print("LOADED=" + ",".join(sorted(m for m in {unwanted!r} if m in sys.modules)))
print("CODE=" + str(code))
"""
DATABASE_STACK = ("sqlalchemy", "sqlmodel", "alembic", "psycopg")


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["verdict", "--help"], ["article", "add", "--help"]]
)
def test_help_and_version_skip_the_database_stack(args, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, unwanted=DATABASE_STACK)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    out = proc.stdout
    assert "CODE=0" in out, proc.stderr
    assert "LOADED=\n" in out, out.splitlines()[-2:]
    if args == ["--version"]:
        assert out.startswith("factcheck ")
    else:
        assert "Usage" in out and "Example" in out


# Libraries no command needs just to be parsed: each is imported by the command (or
# the branch of it) that uses it. Typer itself is the only one the app needs.
HEAVY = (
    "sqlalchemy", "sqlmodel", "alembic", "psycopg", "pydantic",  # the database stack
    "rich", "jinja2", "babel", "yaml",  # tables, reports, settings files
    "trafilatura", "lxml", "pysbd", "charset_normalizer", "dateutil",  # ingest
    "bibtexparser", "rispy", "citeproc", "pypdf",  # references and source texts
    "bm25s", "Stemmer", "numpy",  # evidence ranking
)  # fmt: skip


def test_importing_the_app_imports_no_heavy_library():
    probe = (
        "import sys\n"
        "import factcheck.cli.main\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert proc.stdout.strip() == "[]", proc.stdout


# What these read commands need beyond SQLAlchemy's core: not the ORM or SQLModel (they
# read on a plain connection), nor the mapped classes of the models (their read paths
# query table handles), not the ledger, not the migrations (the schema is current), not
# rich (they print no table), nor any library of reports, ingest or evidence.
NOT_FOR_READING = (
    "sqlalchemy.orm", "sqlmodel", "factcheck.models", "factcheck.ledger.hook",
    "factcheck.ledger.verify", "factcheck.ledger.recorder", "alembic",
    "psycopg", "rich", "jinja2", "babel", "yaml", "trafilatura", "lxml", "pysbd", "dateutil",
    "pypdf", "bm25s", "numpy",
)  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ["due", "--format", "json"],
        ["due", "--format", "csv"],
        ["due", "--format", "ics", "--per-statement"],
        ["check"],
        ["check", "--format", "json"],
    ],
)
def test_read_commands_import_and_build_only_what_they_use(args, workspace, cli):
    cli(*args)  # the first read fills the state cache (a write); this one only reads
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args, unwanted=NOT_FOR_READING) + TABLES_BUILT],
        cwd=workspace, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "CODE=0" in proc.stdout, proc.stderr
    assert "LOADED=\n" in proc.stdout, proc.stdout.splitlines()[-3:]
    assert "VALIDATED=\n" in proc.stdout, proc.stdout.splitlines()[-3:]


# The tables whose pydantic validator was built: none, for nothing validates a row.
TABLES_BUILT = """
from factcheck.models import Base
tables, todo = [], [Base]
while todo:
    tables.append(todo.pop())
    todo += tables[-1].__subclasses__()
print("VALIDATED=" + ",".join(sorted(t.__name__ for t in tables if t.__pydantic_complete__)))
"""


def test_version_is_answered_before_the_app_is_imported():
    probe = (
        "import sys\n"
        "sys.argv = ['factcheck', '--version']\n"
        "from factcheck.cli import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('typer', 'factcheck.cli.main') if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert proc.stdout.splitlines() == [f"factcheck {__version__}", "[]"], proc.stdout


def test_every_command_has_help_with_an_example(cli):
    from factcheck.cli.main import subcommands

    def walk(typer_app, prefix):  # type: ignore[no-untyped-def]
        for cmd in typer_app.registered_commands:
            yield [*prefix, cmd.name or cmd.callback.__name__]
        for group in typer_app.registered_groups:
            yield from walk(group.typer_instance, [*prefix, group.name])

    commands = list(walk(subcommands, []))
    assert len(commands) >= 20
    for command in commands:
        text = cli(*command, "--help").stdout
        assert "Example" in text, command


@pytest.mark.parametrize(
    ("args", "built"),
    [
        (["due", "--as-of", "2020-01-01", "--help"], ["due"]),
        (["ledger", "head", "--help"], ["verify", "head"]),  # the ledger group, whole
        (["dew"], []),  # a typo is answered from the names alone
    ],
)
def test_a_command_line_builds_only_the_command_it_names(args, built, cli, monkeypatch):
    """Typer reads every command's signature to build it: all of them cost a run 27 ms."""
    import typer

    real = typer.main.get_command_from_info
    seen: list[str] = []

    def counting(*, command_info, **settings):  # type: ignore[no-untyped-def]
        seen.append(command_info.name)
        return real(command_info=command_info, **settings)

    monkeypatch.setattr(typer.main, "get_command_from_info", counting)
    cli(*args, ok=False)
    assert seen == built
    cli("--help")
    assert len(seen) > 20  # help lists every command, so builds them all
