"""Fixtures for report tests: a hostile article, a publisher, and a real browser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE_ARTICLE,
    HOSTILE_NOTE,
    HOSTILE_QUOTE,
    HOSTILE_SOURCE_TITLE,
    set_publisher,
)


@pytest.fixture
def hostile(workspace: Path, cli) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """An article whose every text field tries to run script or inject markup."""
    (workspace / "evil.txt").write_text(HOSTILE_ARTICLE)
    cli(
        "reviewer",
        "add",
        "eve",
        "--name",
        "<b>Eve</b> <script>alert(7)</script>",
        "--credentials",
        "MD <img src=x onerror=alert(8)>",
    )
    article = cli.json(
        "article",
        "add",
        "evil.txt",
        "--slug",
        "evil",
        "--url",
        "https://example.org/evil",
        "--json",
    )
    source = cli.json(
        "source",
        "add",
        "--url",
        "https://example.org/paper",
        "--title",
        HOSTILE_SOURCE_TITLE,
        "--authors",
        "<b>Mallory</b>; O'Brien *X*",
        "--published",
        "2011-01-01",
        "--publisher",
        "<i>Journal</i>",
        "--json",
    )
    for s in article["statements"]:
        if s["checkworthy"]:
            cli(
                "link",
                s["id"],
                source["id"],
                "--quote",
                HOSTILE_QUOTE,
                "--locator",
                "p. 1 | <b>2</b>",
            )
            cli(
                "verdict",
                s["id"],
                "supported",
                "--reviewer",
                "eve",
                "--date",
                "2018-08-08",
                "--note",
                HOSTILE_NOTE,
            )
    cli("signoff", "evil", "--reviewer", "eve", "--date", "2018-08-08")
    set_publisher(workspace)
    return {"article": article, "source": source}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; tests skip, saying why, without them."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests need the playwright package (pip install playwright)")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
