"""``init``, ``db upgrade``, ``export`` and ``import``: the workspace and its bundles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from factcheck.cli.context import OPTIONS
from factcheck.cli.output import message

db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="Folder for the workspace.")
    ] = Path("."),
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            help="Database URL to write into factcheck.toml (default: SQLite file).",
        ),
    ] = None,
) -> None:
    """Create a workspace: factcheck.toml (settings, commented) and the database.

    Example: factcheck init newsroom --db postgresql+psycopg://localhost/factcheck
    """
    from factcheck.db import ensure_schema, make_engine
    from factcheck.errors import InputError
    from factcheck.safefiles import write_atomic
    from factcheck.settings import DEFAULT_TOML
    from factcheck.workspace import CONFIG_NAME, DEFAULT_DB_URL, database_url

    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot make a workspace in {directory}: {exc.strerror}") from None
    config = directory / CONFIG_NAME
    if config.exists() or config.is_symlink():
        raise InputError(f"{config} already exists: this is a workspace already")
    url = db or OPTIONS.db
    text = DEFAULT_TOML
    if url:
        default = f"url = {_toml_string(DEFAULT_DB_URL)}"
        text = text.replace(default, f"url = {_toml_string(url)}", 1)
    engine = make_engine(database_url(url or DEFAULT_DB_URL, directory.resolve()))
    ensure_schema(engine)
    engine.dispose()
    write_atomic(config, text)
    message(f"created {config} and its database; next: factcheck reviewer add HANDLE --name NAME")


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@db_app.command("upgrade")
def upgrade() -> None:
    """Apply database migrations (commands also do this on first use).

    Example: factcheck db upgrade
    """
    from factcheck.db import SCHEMA_REVISION
    from factcheck.db import upgrade as run_upgrade

    run_upgrade(OPTIONS.engine)
    message(f"database is at schema revision {SCHEMA_REVISION}")


@db_app.command("grant")
def grant(
    login: Annotated[str, typer.Argument(metavar="LOGIN", help="PostgreSQL login to set up.")],
    role: Annotated[
        str,
        typer.Option(
            "--role",
            metavar="ROLE",
            help="reviewer, editor or admin: what the login may write besides history.",
        ),
    ],
) -> None:
    """Create a PostgreSQL login (if needed) that may read everything and append
    history, and write only what its role needs; run it as the database's owner.

    Example: factcheck db grant dlee --role reviewer
    """
    from factcheck.grants import grant as run

    with OPTIONS.session(write=True) as session:
        run(session=session, login=login, role=role)
    message(
        f"granted {login} the {role} privileges; bind it to a reviewer with "
        f"factcheck reviewer add HANDLE --name NAME --role {role} --login {login}"
    )


def export(
    slugs: Annotated[
        list[str] | None, typer.Argument(metavar="SLUG", help="Articles to export.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Export every article.")] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="DIR",
            help="Folder for the bundles (default: reviews/ in the workspace).",
        ),
    ] = None,
) -> None:
    """Write one review bundle (YAML) per article: text, statements, sources, history.

    Example: factcheck export --all --out reviews/
    """
    from factcheck.bundles import export_bundles
    from factcheck.errors import InputError

    if not slugs and not all_:
        raise InputError("name articles to export, or pass --all")
    folder = out or OPTIONS.workspace.resolve("reviews")
    with OPTIONS.session() as session:
        written = export_bundles(session=session, slugs=None if all_ else slugs, folder=folder)
    for path in written:
        message(f"wrote {path}")


def import_(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH", help="Bundle files or folders of them.")
    ],
) -> None:
    """Import review bundles; an article already here with the same record is skipped.

    Each bundle is checked field by field and its events replayed through the same
    rules as the commands; one that breaks a rule is refused and nothing is written.
    Example: factcheck import reviews/
    """
    from factcheck.bundles import import_bundles, read_bundles

    bundles = read_bundles(paths)
    with OPTIONS.session(write=True) as session:
        results = import_bundles(
            session=session, settings=OPTIONS.workspace.settings, bundles=bundles
        )
    for slug, outcome in results:
        message(f"{outcome} {slug}")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("export")(export)
    app.command("import")(import_)
