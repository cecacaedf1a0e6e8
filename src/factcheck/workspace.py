"""Finding the workspace (like git: walk up to ``factcheck.toml``) and its database."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import WorkspaceError
from factcheck.settings import Settings, load_settings

CONFIG_NAME = "factcheck.toml"
DEFAULT_DB_URL = "sqlite:///factcheck.db"


@dataclass(frozen=True)
class Workspace:
    root: Path  # the folder relative paths are resolved against
    settings: Settings
    db_url: str

    def resolve(self, path: str | os.PathLike[str]) -> Path:
        p = Path(path)
        return p if p.is_absolute() else self.root / p


def find_config(start: Path) -> Path | None:
    """The nearest ``factcheck.toml`` in ``start`` or a parent folder."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def database_url(value: str, base: Path) -> str:
    """Turn a SQLite path or any SQLAlchemy URL into a URL; relative paths join ``base``."""
    if "://" not in value:
        return f"sqlite:///{(base / value).resolve()}"
    if value.startswith("sqlite:///") and not value.startswith("sqlite:////"):
        rest = value.removeprefix("sqlite:///")
        if rest and rest != ":memory:" and not rest.startswith("file:"):
            return f"sqlite:///{(base / rest).resolve()}"
    return value


def open_workspace(
    *, db: str | None = None, config: str | None = None, cwd: Path | None = None
) -> Workspace:
    """Settings from ``--config``/``FACTCHECK_CONFIG`` or discovery, database from
    ``--db``/``FACTCHECK_DB`` or the settings."""
    cwd = cwd or Path.cwd()
    config = config or os.environ.get("FACTCHECK_CONFIG") or None
    db = db or os.environ.get("FACTCHECK_DB") or None
    config_path = Path(config) if config else find_config(cwd)
    if config and not (config_path and config_path.is_file()):
        raise WorkspaceError(f"settings file not found: {config}")
    if config_path is None and db is None:
        raise WorkspaceError(
            f"not in a factcheck workspace (no {CONFIG_NAME} here or above {cwd}); "
            "run `factcheck init` to make one, or pass --db"
        )
    settings = load_settings(config_path) if config_path else Settings()
    root = config_path.resolve().parent if config_path else cwd
    if db:
        url = database_url(db, cwd)
    else:
        url = database_url(settings.database_url or DEFAULT_DB_URL, root)
    return Workspace(root=root, settings=settings, db_url=url)
