"""Shared by the report tests: hostile text, a publisher, the browser command line."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

HOSTILE_ARTICLE = """\
<script>window.__pwned=1;alert('title')</script> Ketamine \
<img src=x onerror="window.__pwned=2"> Study

Researchers reported that <script>window.__pwned=3</script> ketamine helped 70 percent of \
patients within hours in 2010.

A [click me](javascript:alert(1)) trial found that 40 percent of 120 people did not respond \
to treatment in 2009.

# Heading injection: the trial enrolled 120 patients | with | pipes ** in 2010.

<a href="javascript:alert(2)">The drug</a> was approved as a nasal spray in 2019 by the FDA.
"""
HOSTILE_NOTE = "</td><script>window.__pwned=4</script>[x](javascript:alert(3)) *bold* | pipe"
HOSTILE_SOURCE_TITLE = '<img src=x onerror="window.__pwned=5">Paper</script><script>alert(5)'
HOSTILE_QUOTE = "</q><svg onload=alert(6)>"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "_screenshots"


def set_publisher(workspace: Path) -> None:
    toml = workspace / "factcheck.toml"
    text = (
        toml.read_text()
        .replace('# name = "Example Health"', 'name = "Example Health"')
        .replace('# url = "https://example.org"', 'url = "https://example.org"')
    )
    toml.write_text(text)


def sql(workspace: Path, statement: str, *params: Any) -> None:
    """Write behind the tool's back: what an import from a hostile page could store."""
    with sqlite3.connect(workspace / "factcheck.db") as conn:
        conn.execute(statement, params)
