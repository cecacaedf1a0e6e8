"""The surface users see: every command has help with an example, and CLI.md's names exist."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer

from factcheck.cli.main import app

ROOT = Path(__file__).resolve().parents[2]


def _commands(group=None, prefix=()):  # type: ignore[no-untyped-def]
    group = group or typer.main.get_command(app)
    for name, command in group.commands.items():
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield from _commands(command, path)
        else:
            yield path, command


COMMANDS = dict(_commands())


def test_cli_md_commands_exist() -> None:
    expected = {
        ("init",), ("reviewer", "add"), ("reviewer", "list"), ("article", "add"),
        ("article", "update"), ("article", "list"), ("article", "show"), ("source", "add"),
        ("source", "list"), ("source", "show"), ("source", "status"), ("link",), ("verdict",),
        ("signoff",), ("history",), ("due",), ("check",), ("report",), ("badge",),
        ("export",), ("import",), ("ledger", "verify"), ("db", "upgrade"), ("review",),
    }
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    help_text = COMMANDS[path].help or ""
    assert help_text.strip(), f"factcheck {' '.join(path)} has no help"
    assert "Example:" in help_text, f"factcheck {' '.join(path)} help lacks an example"


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_option_has_help(path: tuple[str, ...]) -> None:
    for param in COMMANDS[path].params:
        if param.param_type_name == "option":
            assert getattr(param, "help", None), f"{' '.join(path)} {param.opts[0]} lacks help"


def test_readme_names_every_top_level_command() -> None:
    readme = (ROOT / "README.md").read_text()
    for path in COMMANDS:
        assert f"factcheck {path[0]}" in readme, f"README never mentions factcheck {path[0]}"


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_help_and_version_do_not_import_the_database_stack(argv: list[str]) -> None:
    code = (
        "import sys\n"
        f"sys.argv = ['factcheck', *{argv!r}]\n"
        "from factcheck.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'alembic') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout, out.stdout[-300:]
