"""``factcheck report``: formats, destinations, errors."""

from __future__ import annotations

import json
from pathlib import Path

DOI = "10.1126/science.1190287"
AS_OF = "2019-01-01"


def test_md_report_has_review_box_and_doi(cli, reviewed, workspace: Path) -> None:
    cli("report", "ketamine", "--format", "md", "--out", "r.md", "--as-of", AS_OF)
    md = (workspace / "r.md").read_text()
    assert "**Reviewed**" in md
    assert "Scientifically reviewed by Dana Lee, PhD, scientific advisory board on 8 Aug 2018" in md
    assert "Last updated 8 Aug 2018 (originally 31 Aug 2010)" in md
    assert "Next review due 8 Feb 2019" in md
    assert DOI in md and f"(https://doi.org/{DOI})" in md
    assert "Li N, Lee B, Liu RJ, Duman RS. mTOR-dependent synapse formation" in md


def test_default_destination_is_reports_folder(cli, reviewed, workspace: Path) -> None:
    result = cli("report", "ketamine", "--as-of", AS_OF)
    page = workspace / "reports" / "ketamine.html"
    assert page.exists()
    assert "ketamine.html" in result.stderr
    html = page.read_text()
    assert "Scientifically reviewed by Dana Lee" in html and "8 Aug 2018" in html


def test_stdout_and_json_say_the_same_facts(cli, reviewed) -> None:
    data = json.loads(
        cli("report", "ketamine", "--format", "json", "--out", "-", "--as-of", AS_OF).stdout
    )
    assert data["slug"] == "ketamine"
    assert data["box"]["last_reviewed"] == "2018-08-08"
    assert data["box"]["published"] == "2010-08-31"
    assert data["box"]["reviewer_name"] == "Dana Lee"
    assert data["checkworthy"] == len(reviewed["checkworthy"]) == data["covered"]
    assert data["sources"][0]["citation"]["doi"] == DOI
    statement = next(s for s in data["statements"] if s["checkworthy"])
    assert statement["verdict"] == "supported" and statement["reviewed_on"] == "2018-08-08"
    assert statement["evidence"][0]["locator"] == "p. 960"
    events = {e["event"] for e in data["history"]}
    assert {"revision", "link", "verdict", "signoff"} <= events
    assert data["revisions"][0]["number"] == 1


def test_as_of_moves_due_state(cli, reviewed) -> None:
    late = json.loads(
        cli("report", "ketamine", "--format", "json", "--out", "-", "--as-of", "2020-01-01").stdout
    )
    assert late["box"]["status"] == "overdue"
    assert late["box"]["last_reviewed"] == "2018-08-08"  # never bumped without a review


def test_out_folder_for_one_article(cli, reviewed, workspace: Path) -> None:
    (workspace / "out").mkdir()
    cli("report", "ketamine", "--format", "md", "--out", "out", "--as-of", AS_OF)
    assert (workspace / "out" / "ketamine.md").exists()


def test_all_writes_dashboard_and_pages(cli, reviewed, workspace: Path) -> None:
    result = cli("report", "--all", "--as-of", AS_OF)
    index = workspace / "reports" / "index.html"
    assert index.exists() and (workspace / "reports" / "ketamine.html").exists()
    html = index.read_text()
    assert 'href="ketamine.html"' in html and "<svg" in html
    assert "index.html" in result.stderr
    page = (workspace / "reports" / "ketamine.html").read_text()
    assert 'href="index.html"' in page


def test_all_in_md_and_json(cli, reviewed, workspace: Path) -> None:
    cli("report", "--all", "--format", "md", "--out", "md", "--as-of", AS_OF)
    assert "[How Ketamine" in (workspace / "md" / "index.md").read_text()
    cli("report", "--all", "--format", "json", "--out", "js", "--as-of", AS_OF)
    board = json.loads((workspace / "js" / "index.json").read_text())
    assert board["articles"] == 1 and board["coverage"] == 1.0


def test_usage_errors_exit_2(cli, reviewed, workspace: Path) -> None:
    for args in (
        ["report"],
        ["report", "nope"],
        ["report", "ketamine", "--format", "pdf"],
        ["report", "ketamine", "--all"],
        ["report", "--all", "--out", "-"],
        ["report", "ketamine", "--out", "missing/dir/r.md"],
        ["report", "ketamine", "--as-of", "2019-02-30"],
    ):
        result = cli(*args, ok=False)
        assert result.exit_code == 2, (args, result.stderr)
        assert result.stderr.startswith("factcheck: error:") and "Traceback" not in result.stderr
    assert not (workspace / "reports" / "ketamine.html").exists()


def test_help_has_an_example(cli) -> None:
    assert "Example:" in cli("report", "--help").stdout
    assert "Example:" in cli("badge", "--help").stdout
