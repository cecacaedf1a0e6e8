"""The CI gate: ``check`` exit codes in every format, and pages that claim too much."""

from __future__ import annotations

import json

import pytest
from sched_helpers import (
    ARTICLE,
    CHECKWORTHY,
    FIXTURES,
    TIME_RELATIVE,
    assert_user_error,
    set_policy,
    statements,
)

FORMATS = ("text", "json", "github")


def _check(cli, as_of, fmt="text"):  # type: ignore[no-untyped-def]
    return cli("check", "--as-of", as_of, "--format", fmt, ok=False)


@pytest.mark.parametrize("fmt", FORMATS)
def test_current_article_passes(cli, reviewed, fmt):
    result = _check(cli, "2018-09-01", fmt)
    assert result.exit_code == 0, result.stdout
    if fmt == "json":
        data = json.loads(result.stdout)
        assert (data["ok"], data["articles"], data["findings"]) == (True, 1, [])
    elif fmt == "github":
        assert "::error" not in result.stdout
    else:
        assert "0 errors" in result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_overdue_article_fails(cli, reviewed, fmt):
    result = _check(cli, "2019-02-09", fmt)
    assert result.exit_code == 1, result.stdout
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["ok"] is False
        assert {f["statement"] for f in data["findings"]} == set(TIME_RELATIVE)
        assert {f["level"] for f in data["findings"]} == {"error"}
    elif fmt == "github":
        lines = [ln for ln in result.stdout.splitlines() if ln.startswith("::error")]
        assert len(lines) == len(TIME_RELATIVE)
        # the article's file and the statement's line in it (ketamine:7 is on line 11)
        seven = next(ln for ln in lines if "ketamine:7 " in ln)
        assert seven.startswith(f"::error file={ARTICLE},line=11,")
        assert "overdue" in seven
    else:
        assert f"{len(TIME_RELATIVE)} errors" in result.stdout
        assert "ketamine:7 is overdue" in result.stdout


def test_falling_due_today_is_a_warning(cli, reviewed, workspace):
    set_policy(workspace, '[review.kinds]\ntime-relative = "12 months"\n')
    result = _check(cli, "2019-08-08", "json")
    assert result.exit_code == 0
    findings = json.loads(result.stdout)["findings"]
    assert {f["statement"] for f in findings} == set(CHECKWORTHY)
    assert {f["level"] for f in findings} == {"warning"}
    assert "::warning file=" in _check(cli, "2019-08-08", "github").stdout
    assert _check(cli, "2019-08-09").exit_code == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_stale_article_fails(cli, reviewed, fmt):
    cli("source", "status", reviewed["paper"]["id"], "retracted", "--date", "2018-09-01")
    result = _check(cli, "2018-09-01", fmt)
    assert result.exit_code == 1
    assert "stale" in result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_article_needing_correction_fails(cli, reviewed, fmt):
    cli("verdict", "ketamine:6", "misleading", "--reviewer", "drlee", "--date", "2018-08-20")
    result = _check(cli, "2018-09-01", fmt)
    assert result.exit_code == 1
    assert "needs-correction" in result.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_claimed_review_without_a_signoff_fails(cli, workspace, fmt):
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")  # "Last reviewed … 8 Aug 2018"
    result = _check(cli, "2018-09-01", fmt)
    assert result.exit_code == 1, result.stdout
    assert "don't back" in result.stdout
    if fmt == "github":
        assert result.stdout.startswith(f"::error file={ARTICLE},line=")


def test_unclaimed_unreviewed_article_is_not_the_gates_business(cli, workspace):
    plain = workspace / "plain.txt"
    text = ARTICLE.read_text(encoding="utf-8")
    plain.write_text(text.split("Scientifically Reviewed")[0], encoding="utf-8")
    cli("article", "add", str(plain), "--slug", "plain")
    assert _check(cli, "2030-01-01").exit_code == 0


def test_forced_signoff_with_unreviewed_statements_fails(cli, workspace):
    cli("reviewer", "add", "drlee", "--name", "Dana Lee")
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")
    cli(
        "signoff",
        "ketamine",
        "--reviewer",
        "drlee",
        "--date",
        "2018-08-08",
        "--force",
        "--note",
        "legacy review",
    )
    result = _check(cli, "2018-09-01", "json")
    assert result.exit_code == 1
    assert {f["statement"] for f in json.loads(result.stdout)["findings"]} >= set(CHECKWORTHY)


def test_html_page_whose_printed_date_disagrees_with_its_jsonld(cli, workspace):
    cli("reviewer", "add", "drlee", "--name", "Dana Lee")
    page = workspace / "page.html"
    page.write_bytes((FIXTURES / "review_mismatch.html").read_bytes())
    cli("article", "add", "page.html", "--slug", "page")
    for sid, s in statements(cli, "2018-08-08", "page").items():
        if s["checkworthy"]:
            cli("verdict", sid, "supported", "--reviewer", "drlee", "--date", "2018-08-08")
    cli("signoff", "page", "--reviewer", "drlee", "--date", "2018-08-08")
    result = _check(cli, "2018-09-01", "json")
    assert result.exit_code == 1, result.stdout
    findings = json.loads(result.stdout)["findings"]
    assert len(findings) == 1
    assert "2018-08-08" in findings[0]["message"] and "2019-03-01" in findings[0]["message"]
    assert "JSON-LD" in findings[0]["message"]
    assert findings[0]["file"] == "page.html"
    github = _check(cli, "2018-09-01", "github").stdout
    assert github.startswith("::error file=page.html,line=")


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_settings_is_exit_2(cli, reviewed, workspace, fmt):
    set_policy(workspace, '[review]\ninterval = "a while"\n')
    assert_user_error(_check(cli, "2018-09-01", fmt), "review.interval", ":5")


def test_bad_format_is_exit_2(cli, reviewed):
    assert_user_error(_check(cli, "2018-09-01", "junit"), "--format")
    assert_user_error(cli("check", "--as-of", "someday", ok=False), "someday")


@pytest.mark.parametrize("fmt", ("text", "github"))
def test_a_long_gate_written_by_two_processes_says_the_same(cli, workspace, fmt, monkeypatch):
    """Past ``halves.WORTH_IT`` statements, the second half of the articles' findings
    is written by a forked child: the lines, their order, the counts and the exit
    code must be those of one process."""
    from sched_helpers import copy_of_article

    cli("reviewer", "add", "drlee", "--name", "Dana Lee")
    for slug in ("alpha", "beta", "gamma", "delta", "epsilon"):
        cli("article", "add", copy_of_article(slug), "--slug", slug)
        signed = ("signoff", slug, "--reviewer", "drlee", "--date", "2018-08-08")
        if slug != "gamma":  # gamma's statements are no one's business yet
            cli(*signed, "--force", "--note", "legacy review")
    alone = _check(cli, "2018-09-01", fmt)
    monkeypatch.setattr("factcheck.halves.WORTH_IT", 1)
    split = _check(cli, "2018-09-01", fmt)
    assert (split.exit_code, split.stdout) == (alone.exit_code, alone.stdout)
    assert alone.exit_code == 1 and alone.stdout.count("beta:") > 1
    if fmt == "github":  # both halves there, in slug order
        titles = [
            line.split(",title=factcheck ")[1].split("::")[0] for line in alone.stdout.splitlines()
        ]
        named = list(dict.fromkeys(titles))
        assert named == sorted(named) and {"alpha", "epsilon"} <= set(named)
