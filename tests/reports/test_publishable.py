"""Report files a web server can publish as they are: readable modes, no paths of this
machine, and numbers that agree with each other."""

from __future__ import annotations

import json
import os
import re
import stat
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

V2 = Path(__file__).resolve().parents[1] / "schedule" / "fixtures" / "ketamine_v2.txt"
AS_OF = "2019-03-01"  # the time-relative statements are overdue, the others current


@pytest.fixture
def mixed(cli, reviewed, workspace: Path) -> None:  # type: ignore[no-untyped-def]
    """Statements in every state: current, overdue, stale, needing correction, new."""
    cli("article", "update", "ketamine", str(V2))
    cli("verdict", "ketamine:3", "misleading", "--reviewer", "drlee", "--date", "2018-09-01")


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_cards_count_the_statement_table(cli, mixed, workspace: Path) -> None:
    cli("report", "ketamine", "--as-of", AS_OF)
    html = (workspace / "reports" / "ketamine.html").read_text()
    table = html[html.index('<table class="stack statements">') :]
    table = table[: table.index("</table>")]
    rows = Counter(re.findall(r'<tr id="s\d+" data-status="([a-z-]+)">', table))
    assert len(rows) >= 4, rows  # the fixture really mixes the states
    cards = {
        key: int(value)
        for key, value in re.findall(
            r'<div class="stat" data-count="([a-z -]+)"><b>(\d+)</b>', html
        )
    }
    assert cards["checkworthy"] == sum(rows.values())
    for key, value in cards.items():
        if key not in ("checkworthy", "sources"):
            assert value == sum(rows[status] for status in key.split()), key
    assert sum(v for k, v in cards.items() if k not in ("checkworthy", "sources")) == sum(
        rows.values()
    )
    sources = html[html.index('<ol class="sources">') :]
    assert cards["sources"] == sources[: sources.index("</ol>")].count("<li id=")
    # The Markdown page and the JSON say the same numbers.
    data = json.loads(
        cli("report", "ketamine", "--format", "json", "--out", "-", "--as-of", AS_OF).stdout
    )
    assert data["counts"] == {s: rows.get(s, 0) for s in data["counts"]}
    md = cli("report", "ketamine", "--format", "md", "--out", "-", "--as-of", AS_OF).stdout
    line = next(x for x in md.splitlines() if "check-worthy statements:" in x)
    assert line == (
        f"{sum(rows.values())} check-worthy statements: {rows['current']} up to date; "
        f"{rows['due'] + rows['overdue']} due or overdue; "
        f"{rows['stale'] + rows['needs-correction']} stale or needing correction; "
        f"{rows['unreviewed']} not yet reviewed."
    )


def test_dashboard_numbers_agree(cli, mixed, workspace: Path) -> None:
    cli("report", "--all", "--format", "json", "--out", "js", "--as-of", AS_OF)
    board = json.loads((workspace / "js" / "index.json").read_text())
    page = json.loads((workspace / "js" / "ketamine.json").read_text())
    statuses = {bar["label"]: bar["value"] for bar in board["statement_status"]}
    assert sum(statuses.values()) == board["checkworthy"] == sum(page["counts"].values())
    assert board["covered"] == page["counts"]["current"] == statuses["Up to date"]
    assert sum(bar["value"] for bar in board["by_status"]) == board["articles"]


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_report_files_get_the_usual_mode(cli, reviewed, workspace, umask, mask, mode) -> None:
    os.umask(mask)
    cli("report", "--all", "--as-of", AS_OF)
    cli("report", "ketamine", "--format", "md", "--out", "one.md", "--as-of", AS_OF)
    files = [*sorted((workspace / "reports").iterdir()), workspace / "one.md"]
    assert len(files) >= 3
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


def test_no_path_of_this_machine_in_any_report(cli, workspace: Path) -> None:
    folder = workspace / "drafts" / "health"
    folder.mkdir(parents=True)
    article = folder / "ketamine-draft.txt"
    article.write_text(
        "Ketamine lifts depression\n\nA 2010 study found that 70 percent of patients improved.\n"
    )
    cli("article", "add", str(article.relative_to(workspace)), "--slug", "ketamine")
    article.write_text(article.read_text().replace("70 percent", "71 percent"))
    cli("article", "update", "ketamine", str(article.resolve()))
    for fmt in ("html", "md", "json"):
        cli("report", "--all", "--format", fmt, "--out", f"out-{fmt}", "--as-of", AS_OF)
        for page in (workspace / f"out-{fmt}").iterdir():
            text = page.read_text()
            assert str(workspace) not in text and "drafts" not in text, page
            if page.stem == "ketamine":
                assert "ketamine-draft.txt" in text  # the file's name is kept
    badge = cli("badge", "ketamine", "--format", "html").stdout
    assert str(workspace) not in badge
