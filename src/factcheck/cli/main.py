"""The ``factcheck`` command: global options, sub-apps, and the one error handler."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, MutableMapping
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup
from typer.models import CommandInfo, TyperInfo

from factcheck import __version__
from factcheck.cli import (
    articles,
    corrections,
    desk,
    digest,
    ledger,
    reports,
    reviewers,
    reviewing,
    run,  # noqa: F401  (the entry point of installs made before it moved)
    schedule,
    sources,
    statements,
)
from factcheck.cli import workspace as workspace_cli
from factcheck.cli.context import OPTIONS
from factcheck.errors import FactcheckError
from factcheck.escaping import one_line


class NamedArgument(TyperArgument):
    """An argument that help shows by its metavar alone (``SLUG``), as Click does:
    Typer 0.29 appends the Python type (``SLUG <str>``), which tells a user nothing."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None if self.metavar else super().display_type_rich(ctx)


def _name_arguments(command: Any) -> None:
    """Make every argument of ``command``, and of its sub-commands, a NamedArgument."""
    for sub in getattr(command, "commands", {}).values():
        _name_arguments(sub)
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = NamedArgument


class LazyCommands(MutableMapping[str, Any]):
    """The root's commands and groups by name, each built the first time it is looked up.

    Typer builds a command's click parameters from its function's signature, evaluating
    every annotation: for all 41 commands that was 27 ms of every run. A command line
    names one, so only it is built; ``--help``, which lists them all, builds them all.
    """

    def __init__(self, registry: typer.Typer, *, like: typer.Typer) -> None:
        # name -> its registration until first looked up, then the built command
        self._commands: dict[str, Any] = {
            **{_command_name(info): info for info in registry.registered_commands},
            **{str(info.name): info for info in registry.registered_groups},
        }
        self._like = like  # the Typer app whose settings every command is built with

    def __getitem__(self, name: str) -> Any:
        command = self._commands[name]
        if isinstance(command, CommandInfo | TyperInfo):
            command = self._commands[name] = _build(command, like=self._like)
        return command

    def __setitem__(self, name: str, command: Any) -> None:
        self._commands[name] = command

    def __delitem__(self, name: str) -> None:
        del self._commands[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._commands)

    def __len__(self) -> int:
        return len(self._commands)


def _command_name(info: CommandInfo) -> str:
    assert info.callback is not None
    return info.name or typer.main.get_command_name(info.callback.__name__)


def _build(entry: CommandInfo | TyperInfo, *, like: typer.Typer) -> Any:
    """One command or group, built as Typer builds each when it builds the whole tree."""
    if isinstance(entry, TyperInfo):
        command: Any = typer.main.get_group_from_info(
            group_info=entry,
            pretty_exceptions_short=like.pretty_exceptions_short,
            rich_markup_mode=like.rich_markup_mode,
            suggest_commands=like.suggest_commands,
        )
    else:
        command = typer.main.get_command_from_info(
            command_info=entry,
            pretty_exceptions_short=like.pretty_exceptions_short,
            rich_markup_mode=like.rich_markup_mode,
        )
    _name_arguments(command)
    return command


class FactcheckGroup(TyperGroup):
    """The root command: turns every failure into one line on stderr and an exit code.

    Overriding ``main`` (not a wrapper script) means CliRunner tests see exactly what
    users see. Its commands are those registered on ``subcommands``, built on demand.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(subcommands, like=app)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # names only: building them is get_command's job

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except FactcheckError as exc:
            code = _fail(str(exc), exc.exit_code)
        except typer.TyperException as exc:  # usage errors: bad option, missing argument…
            if type(exc).__name__ == "NoArgsIsHelpError":  # `factcheck article` alone
                sys.stdout.write(exc.format_message() + "\n")
                code = exc.exit_code
            else:
                code = _fail(f"{exc.format_message()} (see --help)", exc.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            code = _fail("interrupted; nothing was written", 130)
        except Exception as exc:  # a bug or an outage: still one line, never a traceback
            if os.environ.get("FACTCHECK_DEBUG"):
                raise
            detail = (str(exc).strip().splitlines() or [""])[0]
            code = _fail(
                f"unexpected {type(exc).__name__}: {detail} (FACTCHECK_DEBUG=1 shows more)", 1
            )
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def _fail(text: str, code: int) -> int:
    # Exactly one line, whatever the message quotes: a slug with a newline or an ESC
    # sequence from a file must not add lines or drive the terminal.
    sys.stderr.write(f"factcheck: error: {one_line(text)}\n")
    return code


app = typer.Typer(
    cls=FactcheckGroup,
    name="factcheck",
    help="Editorial fact-check and review workflow: statements, sources, verdicts, "
    "sign-offs, re-review dates and audit reports.\n\n"
    "Example: factcheck init && factcheck article add story.txt --slug ketamine",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"factcheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            help="Database: a SQLite path or SQLAlchemy URL (env FACTCHECK_DB).",
        ),
    ] = None,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help="Settings file (env FACTCHECK_CONFIG); default: the nearest "
            "factcheck.toml here or above.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    OPTIONS.reset(db=db, config=config)


# The root's commands are registered here, not on ``app``: Typer would build every one
# of them on every run, and FactcheckGroup builds only the one a command line names.
subcommands = typer.Typer()
subcommands.add_typer(reviewers.app, name="reviewer")
subcommands.add_typer(articles.app, name="article")
subcommands.add_typer(statements.app, name="statement")
subcommands.add_typer(sources.app, name="source")
subcommands.add_typer(ledger.app, name="ledger")
subcommands.add_typer(workspace_cli.db_app, name="db")
workspace_cli.register(subcommands)
reviewing.register(subcommands)
schedule.register(subcommands)
reports.register(subcommands)
desk.register(subcommands)
digest.register(subcommands)
corrections.register(subcommands)
