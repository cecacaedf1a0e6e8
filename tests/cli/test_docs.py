"""docs/cli.md is the contract users script against: it must keep up with --help.

In the spirit of sqlite-utils' tests/test_docs.py: a command or option added to the
Typer app without a line in the docs fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer

from factcheck.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands(group=None, prefix=()):  # type: ignore[no-untyped-def]
    group = group or typer.main.get_command(app)
    for name, command in group.commands.items():
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield from _commands(command, path)
        else:
            yield path, command


COMMANDS = dict(_commands())


def _section(path: tuple[str, ...]) -> str:
    """The docs' section for a command: from its heading to the next one."""
    heading = f"### `factcheck {' '.join(path)}`"
    assert heading in DOCS, f"docs/cli.md has no section {heading}"
    return DOCS.split(heading, 1)[1].split("\n#", 1)[0]


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_command_and_option_is_documented(path: tuple[str, ...]) -> None:
    section = _section(path)
    for param in COMMANDS[path].params:
        if param.param_type_name != "option" or "--help" in param.opts:
            continue
        name = max(param.opts, key=len)
        assert re.search(rf"{re.escape(name)}\b", section), (
            f"docs/cli.md: factcheck {' '.join(path)} lacks {name}"
        )


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_argument_and_option_has_a_name_in_help(path: tuple[str, ...]) -> None:
    """Help shows DATE, SLUG, FILE…, never a Python type like <str> or <list[str]>."""
    from typer.testing import CliRunner

    text = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"}).stdout
    assert not re.search(r"<[a-z]", text), text
    assert "[[" not in text, text


@pytest.mark.parametrize("path", sorted(COMMANDS), ids=" ".join)
def test_every_format_option_lists_its_choices(path: tuple[str, ...]) -> None:
    for param in COMMANDS[path].params:
        if "--format" in getattr(param, "opts", ()):
            assert param.metavar and "|" in param.metavar, f"{path}: --format hides its choices"


def test_readme_points_at_docs_and_never_outside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/cli.md" in readme
    assert "../shared" not in readme and "CLI.md" not in readme.replace("docs/cli.md", "")
