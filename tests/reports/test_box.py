"""The review box says what the records back, and nothing more: badge html, text and
JSON-LD and the audit pages, in every state; sign-off roles; the [box] words."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NHS_PAGE = Path(__file__).resolve().parents[1] / "ingest" / "fixtures" / "nhs_page.txt"
V2 = Path(__file__).resolve().parents[1] / "schedule" / "fixtures" / "ketamine_v2.txt"
ARTICLE = FIXTURES / "yale_ketamine.txt"
DATES = re.compile(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b")


def settle(workspace: Path, text: str) -> None:
    """Replace the workspace's settings with ``text`` (the database line kept)."""
    db = '[database]\nurl = "sqlite:///factcheck.db"\n\n'
    (workspace / "factcheck.toml").write_text(db + text, encoding="utf-8")


def box(cli: Any, slug: str, as_of: str) -> list[str]:
    """The badge as text lines; every other writer is checked against it."""
    return cli("badge", slug, "--format", "text", "--as-of", as_of).stdout.splitlines()


def jsonld(cli: Any, slug: str, as_of: str) -> dict[str, Any]:
    return cli.json("badge", slug, "--format", "jsonld", "--as-of", as_of)  # type: ignore[no-any-return]


def same_box_everywhere(cli: Any, workspace: Path, slug: str, as_of: str) -> list[str]:
    """The text badge, after checking the html badge and both audit pages say the same."""
    lines = box(cli, slug, as_of)
    html = cli("badge", slug, "--format", "html", "--as-of", as_of).stdout
    shown = re.findall(r"<p class=\"[a-z-]+\">(.*?)</p>", html)
    assert [t.replace("&amp;", "&").replace("&#39;", "'") for t in shown] == lines
    cli("report", slug, "--format", "md", "--out", "box.md", "--as-of", as_of)
    md = (workspace / "box.md").read_text()
    assert f"**{lines[0]}**" in md
    cli("report", slug, "--out", "box.html", "--as-of", as_of)
    page = (workspace / "box.html").read_text()
    aside = page[page.index('<aside class="card review-box') : page.index("</aside>")]
    assert re.findall(r"<p class=\"[a-z-]+\">(.*?)</p>", aside) == shown
    return lines


def test_current_article_says_reviewed(cli, reviewed, workspace: Path) -> None:
    lines = same_box_everywhere(cli, workspace, "ketamine", "2019-01-01")
    assert lines == [
        "Reviewed",
        "Scientifically reviewed by Dana Lee, PhD, scientific advisory board on 8 Aug 2018",
        "Last updated 8 Aug 2018 (originally 31 Aug 2010)",
        "Next review due 8 Feb 2019",
    ]
    data = jsonld(cli, "ketamine", "2019-01-01")
    assert data["lastReviewed"] == "2018-08-08"
    assert data["reviewedBy"]["name"] == "Dana Lee"


def test_overdue_article_never_says_reviewed_or_a_past_due_date(cli, reviewed, workspace) -> None:
    lines = same_box_everywhere(cli, workspace, "ketamine", "2020-01-01")
    assert lines[0] == "Review overdue since 8 Feb 2019"
    assert "Reviewed" not in lines and not any(line.startswith("Next review") for line in lines)
    # Who signed off, and when, is still true, and dated.
    assert (
        "Scientifically reviewed by Dana Lee, PhD, scientific advisory board on 8 Aug 2018" in lines
    )
    due_today = box(cli, "ketamine", "2019-02-08")
    assert due_today[0] == "Review due 8 Feb 2019"


def test_forced_signoff_discloses_its_coverage(cli, workspace: Path) -> None:
    cli("reviewer", "add", "drlee", "--name", "Dana Lee", "--credentials", "MD")
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")
    cli("verdict", "ketamine:2", "supported", "--reviewer", "drlee", "--date", "2018-08-08")
    cli(
        "signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-08-08",
        "--force", "--note", "deadline",
    )  # fmt: skip
    lines = same_box_everywhere(cli, workspace, "ketamine", "2018-08-09")
    assert lines[0] == "Partly reviewed: 1 of 10 statements checked"
    assert lines[1] == (
        "Scientifically reviewed by Dana Lee, MD on 8 Aug 2018 (1 of 10 statements checked)"
    )
    # A forced sign-off is not presented to search engines as a review.
    data = jsonld(cli, "ketamine", "2018-08-09")
    assert "lastReviewed" not in data and "reviewedBy" not in data
    # The audit page lists the sign-off with what it covered.
    report = cli.json(
        "report", "ketamine", "--format", "json", "--out", "-", "--as-of", "2018-08-09"
    )
    [signoff] = report["signoffs"]
    assert (signoff["forced"], signoff["checked"], signoff["total"]) == (True, 1, 10)
    assert signoff["coverage"] == "1 of 10 statements checked" and signoff["note"] == "deadline"
    md = (workspace / "box.md").read_text()
    assert "## Sign-offs" in md and "**forced**: 1 of 10 statements checked" in md


def test_never_signed_off_shows_the_pages_dates_only_as_its_claims(cli, workspace) -> None:
    cli("article", "add", str(NHS_PAGE), "--slug", "sad")  # "Next review due: 14 Nov 2025"
    lines = same_box_everywhere(cli, workspace, "sad", "2026-01-01")
    assert lines[0] == "Not yet reviewed"
    assert lines[-1] == "The page said: reviewed 14 Nov 2022; next review due 14 Nov 2025"
    # No other line carries a date: nothing of the page's is repeated as ours.
    assert [line for line in lines[:-1] if DATES.search(line)] == []
    data = jsonld(cli, "sad", "2026-01-01")
    assert "lastReviewed" not in data and "reviewedBy" not in data
    shown = cli.json("article", "show", "sad", "--json", "--as-of", "2026-01-01")
    assert shown["next_review_due"] is None and shown["page_next_review_due"] == "2025-11-14"


def test_changed_statements_put_the_article_under_review(cli, reviewed, workspace) -> None:
    cli("article", "update", "ketamine", str(V2))
    lines = same_box_everywhere(cli, workspace, "ketamine", "2019-01-01")
    changed = cli.json("article", "show", "ketamine", "--json", "--as-of", "2019-01-01")
    stale = [s for s in changed["statements"] if s["status"] == "stale"]
    assert stale
    n = len(stale)
    assert (
        lines[0]
        == f"Under review: {n} statement{'s' if n != 1 else ''} changed since the last review"
    )


def test_a_wrong_verdict_means_correction_needed(cli, reviewed, workspace) -> None:
    cli("verdict", "ketamine:2", "misleading", "--reviewer", "drlee", "--date", "2018-09-01")
    lines = same_box_everywhere(cli, workspace, "ketamine", "2018-09-02")
    assert lines[0] == "Correction needed"
    assert not any(line.startswith("Next review") for line in lines)


def test_each_roles_latest_signoff_is_named(cli, reviewed, workspace) -> None:
    cli("reviewer", "add", "sortiz", "--name", "Sam Ortiz", "--role", "editor")
    cli("signoff", "ketamine", "--reviewer", "drlee", "--role", "medical", "--date", "2018-08-09")
    cli("signoff", "ketamine", "--reviewer", "sortiz", "--date", "2018-08-10")  # editorial
    lines = box(cli, "ketamine", "2019-01-01")
    assert lines[:4] == [
        "Reviewed",
        "Medically reviewed by Dana Lee, PhD, scientific advisory board on 9 Aug 2018",
        "Scientifically reviewed by Dana Lee, PhD, scientific advisory board on 8 Aug 2018",
        "Edited by Sam Ortiz on 10 Aug 2018",
    ]
    data = jsonld(cli, "ketamine", "2019-01-01")
    assert [p["name"] for p in data["reviewedBy"]] == ["Dana Lee", "Dana Lee"]
    assert data["editor"]["name"] == "Sam Ortiz"
    assert data["lastReviewed"] == "2018-08-09"  # a review, not the edit of the 10th
    history = cli.json("history", "ketamine", "--json")
    roles = [e["role"] for e in history if e["kind"] == "signoff"]
    assert roles == ["scientific", "medical", "editorial"]


def test_box_words_and_role_order_come_from_the_settings(cli, reviewed, workspace) -> None:
    settle(
        workspace,
        '[box]\nreviewed = "Checked by our science desk"\n'
        + 'overdue = "Re-check overdue (since {date})"\n'
        + '[box.roles]\neditorial = "Edited by"\nscientific = "Scientifically checked by"\n',
    )
    cli("reviewer", "add", "sortiz", "--name", "Sam Ortiz", "--role", "editor")
    cli("signoff", "ketamine", "--reviewer", "sortiz", "--date", "2018-08-10")
    lines = box(cli, "ketamine", "2019-01-01")
    assert lines[:3] == [
        "Checked by our science desk",
        "Edited by Sam Ortiz on 10 Aug 2018",
        "Scientifically checked by Dana Lee, PhD, scientific advisory board on 8 Aug 2018",
    ]
    assert box(cli, "ketamine", "2020-01-01")[0] == "Re-check overdue (since 8 Feb 2019)"
    refused = cli("signoff", "ketamine", "--reviewer", "drlee", "--role", "medical", ok=False)
    assert refused.exit_code == 2 and "unknown sign-off role 'medical'" in refused.stderr


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ('[box]\noverdue = "Overdue since {when}"\n', ["box.overdue", "{when}", "{date}"]),
        ('[box]\nreviewd = "Reviewed"\n', ["box.reviewd", "unknown setting"]),
        ('[box]\nreviewed = ""\n', ["box.reviewed", "non-empty"]),
        ('[box]\neditor_roles = ["copy"]\n', ["box.editor_roles", "'copy'"]),
        ('[box.signoff_roles]\nreviewer = "legal"\n', ["box.signoff_roles.reviewer", "'legal'"]),
        ('[box.roles]\n"Medical Review" = "x"\n', ["box.roles.Medical Review"]),
    ],
)
def test_bad_box_settings_are_named_with_their_line(cli, workspace, extra, words) -> None:
    settle(workspace, extra)
    result = cli("article", "list", ok=False)
    assert result.exit_code == 2
    assert result.stderr.startswith("factcheck: error:") and "factcheck.toml:" in result.stderr
    for word in words:
        assert word in result.stderr


def test_init_writes_the_box_settings_commented(workspace) -> None:
    text = (workspace / "factcheck.toml").read_text()
    assert "[box]" in text and '# overdue = "Review overdue since {date}"' in text
    assert '# medical = "Medically reviewed by"' in text


def test_roles_and_coverage_survive_export_and_import(cli, reviewed, workspace, tmp_path) -> None:
    cli("signoff", "ketamine", "--reviewer", "drlee", "--role", "medical", "--date", "2018-08-09")
    before = box(cli, "ketamine", "2019-01-01")
    cli("export", "ketamine", "--out", "bundles")
    other = tmp_path / "other"
    other.mkdir()
    (other / "factcheck.toml").write_text('[database]\nurl = "sqlite:///f.db"\n')
    args = ("--config", str(other / "factcheck.toml"))
    cli(*args, "import", str(workspace / "bundles"))
    after = cli(*args, "badge", "ketamine", "--format", "text", "--as-of", "2019-01-01")
    assert after.stdout.splitlines() == before
    history = json.loads(cli(*args, "history", "ketamine", "--json").stdout)
    signoffs = [e for e in history if e["kind"] == "signoff"]
    assert [(e["role"], e["statements_checked"], e["statements_total"]) for e in signoffs] == [
        ("scientific", 10, 10),  # the fixture's, by Dana Lee's role (reviewer)
        ("medical", 10, 10),
    ]
    assert cli(*args, "ledger", "verify").exit_code == 0
    cli(*args, "import", str(workspace / "bundles"))  # the same record: unchanged


def test_a_signoff_recorded_before_roles_keeps_its_hash_and_gets_a_role(cli, reviewed, workspace):
    """Rows recorded before migration 0006 have no role: they verify as they are (the
    ledger leaves empty values out), and the box reads their role from the signer's
    reviewer role."""
    from factcheck.db import make_engine
    from factcheck.ledger.backfill import backfill
    from factcheck.ledger.guards import drop_guards, install_guards

    engine = make_engine(f"sqlite:///{workspace / 'factcheck.db'}")
    with engine.begin() as conn:
        drop_guards(conn)
        conn.exec_driver_sql(
            "UPDATE signoff SET role = NULL, statements_checked = NULL, statements_total = NULL"
        )
        # the database as migration 0008 finds one from before 0006: entries built anew
        conn.exec_driver_sql("DELETE FROM ledger")
        conn.exec_driver_sql("DELETE FROM workspacemeta WHERE key = 'ledger.key_id'")
        backfill(conn)
        install_guards(conn)
    engine.dispose()
    assert cli("ledger", "verify").exit_code == 0
    assert box(cli, "ketamine", "2019-01-01")[1].startswith("Scientifically reviewed by Dana Lee")
