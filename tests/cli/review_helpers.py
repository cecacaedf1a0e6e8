"""A small workspace for the review screen: two articles of our own words, a source
with an archived text, a reviewer, an editor, and both articles assigned."""

from __future__ import annotations

from pathlib import Path

SPRAY = """\
Spray eases hard-to-treat depression

By Jo Park
Published: 12 March 2021

A nasal spray reduced symptoms in 70 percent of patients within four weeks.
The trial enrolled 227 adults.

Side effects such as dizziness faded within two hours.
"""

WALKS = """\
Short walks after meals lower blood sugar

By Jo Park
Published: 3 May 2022

A ten-minute walk after dinner lowered blood sugar peaks in adults with type 2 diabetes.

Standing was less effective than walking.
"""

PAPER = """\
Methods

We enrolled 227 adults whose depression had not responded to two antidepressants.

Results

Symptoms improved in 61 percent of patients given the nasal spray within four weeks,
compared with 38 percent given placebo.

Dizziness was the most common side effect and resolved within two hours.
"""


def build(cli, folder: Path, *, assign: bool = True) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The workspace in ``folder`` (already ``init``-ed); returns the source's id.
    ``assign``: both articles to drlee, spray due first."""
    cli("reviewer", "add", "drlee", "--name", "Dana Lee")
    cli("reviewer", "add", "ked", "--name", "Kim Ed", "--role", "editor")
    for slug, text in (("spray", SPRAY), ("walks", WALKS)):
        (folder / f"{slug}.txt").write_text(text)
        cli("article", "add", str(folder / f"{slug}.txt"), "--slug", slug)
    paper = cli.json(
        "source", "add", "--kind", "paper", "--title", "Esketamine spray trial", "--json"
    )
    (folder / "paper.txt").write_text(PAPER)
    cli("source", "attach", paper["id"], str(folder / "paper.txt"))
    cli("link", "spray:2", paper["id"], "--quote", "Symptoms improved in 70 percent",
        "--locator", "para. 4")  # fmt: skip
    if assign:
        cli("assign", "spray", "--to", "drlee", "--due", "2030-01-01", "--reviewer", "ked")
        cli("assign", "walks", "--to", "drlee", "--reviewer", "ked")
    return {"paper": paper["id"]}
