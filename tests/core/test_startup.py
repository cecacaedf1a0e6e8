"""Start-up: ``--help`` and ``--version`` never import the database stack."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
sys.argv = ["factcheck", *{args!r}]
from factcheck.cli.main import run
try:
    run()
except SystemExit as exc:
    code = exc.code
heavy = sorted(m for m in ("sqlalchemy", "sqlmodel", "alembic", "psycopg") if m in sys.modules)
print("HEAVY=" + ",".join(heavy))
print("CODE=" + str(code))
"""


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["verdict", "--help"], ["article", "add", "--help"]]
)
def test_help_and_version_skip_the_database_stack(args, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    out = proc.stdout
    assert "CODE=0" in out, proc.stderr
    assert "HEAVY=\n" in out, out.splitlines()[-2:]
    if args == ["--version"]:
        assert out.startswith("factcheck ")
    else:
        assert "Usage" in out and "Example" in out


def test_every_command_has_help_with_an_example(cli):
    from factcheck.cli.main import app

    def walk(typer_app, prefix):  # type: ignore[no-untyped-def]
        for cmd in typer_app.registered_commands:
            yield [*prefix, cmd.name or cmd.callback.__name__]
        for group in typer_app.registered_groups:
            yield from walk(group.typer_instance, [*prefix, group.name])

    commands = list(walk(app, []))
    assert len(commands) >= 20
    for command in commands:
        text = cli(*command, "--help").stdout
        assert "Example" in text, command
