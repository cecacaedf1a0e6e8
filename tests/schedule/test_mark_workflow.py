"""A reviewer's check-worthiness mark beats the model's flag everywhere the flag counts:
statement JSON, the due list (through the state cache), ``check``, the sign-off gate,
article status, reports and revisions. And a judged statement stays on the due list
whatever its flag. Each test runs on SQLite and, when configured, PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sched_helpers import V2, assert_user_error, by_id, due, statements

DAY = "2018-09-01"  # the reviewed example is fully current on this day
# The model's flags on the example article in "debate" mode (the CT24 model): ketamine:9
# (a mechanism) is not flagged, ketamine:2 (a study finding with a number) is. The
# default "health" mode flags every statement of fact, which leaves nothing to overrule.
UNFLAGGED, FLAGGED = "ketamine:9", "ketamine:2"


@pytest.fixture
def workspace(workspace):  # type: ignore[no-untyped-def]
    toml = workspace / "factcheck.toml"
    toml.write_text(toml.read_text().replace('checkworthy = "health"', 'checkworthy = "debate"'))
    return workspace


def _mark(cli, sid, mark, *extra):  # type: ignore[no-untyped-def]
    return cli("statement", "mark", sid, mark, "--reviewer", "drlee", "--date", DAY, *extra)


def _findings(cli, as_of=DAY):  # type: ignore[no-untyped-def]
    result = cli("check", "--as-of", as_of, "--format", "json", ok=False)
    found = json.loads(result.stdout)["findings"]
    return result.exit_code, {f.get("statement") for f in found}


def _report(cli):  # type: ignore[no-untyped-def]
    return cli.json("report", "ketamine", "--format", "json", "--out", "-", "--as-of", DAY)


def test_a_mark_overrules_the_model_everywhere(cli, reviewed_any):
    before = statements(cli, DAY)
    assert before[UNFLAGGED]["checkworthy"] is False
    assert before[UNFLAGGED]["checkworthy_by"] == "model"
    score = before[UNFLAGGED]["checkworthy_score"]
    assert 0.0 <= score <= 1.0
    assert due(cli, DAY) == [] and _findings(cli) == (0, set())

    printed = _mark(cli, UNFLAGGED, "checkworthy", "--note", "a mechanism: checkable", "--json")
    assert json.loads(printed.stdout)["checkworthy_by"] == "drlee"
    assert "ketamine:9: marked checkworthy" in printed.stderr
    shown = statements(cli, DAY)[UNFLAGGED]
    assert (shown["checkworthy"], shown["checkworthy_by"]) == (True, "drlee")
    assert shown["checkworthy_score"] == score  # the model's score is kept, not replaced
    assert by_id(due(cli, DAY))[UNFLAGGED]["status"] == "unreviewed"
    assert _findings(cli) == (1, {UNFLAGGED})  # the signed-off article slipped
    article = cli.json("article", "show", "ketamine", "--json", "--as-of", DAY)
    assert article["status"] == "unreviewed"
    refused = cli("signoff", "ketamine", "--reviewer", "drlee", "--date", DAY, ok=False)
    assert_user_error(refused, "cannot sign off", UNFLAGGED)
    listed = cli.json("article", "list", "--json", "--as-of", DAY)[0]
    assert listed["counts"]["unreviewed"] == 1

    # The latest mark wins, and a flagged statement can be taken off the list.
    _mark(cli, UNFLAGGED, "not-checkworthy")
    _mark(cli, FLAGGED, "not-checkworthy")
    shown = statements(cli, DAY)
    assert (shown[UNFLAGGED]["checkworthy"], shown[UNFLAGGED]["checkworthy_by"]) == (
        False,
        "drlee",
    )
    assert shown[FLAGGED]["checkworthy"] is False
    assert due(cli, DAY) == [] and _findings(cli) == (0, set())
    cli("signoff", "ketamine", "--reviewer", "drlee", "--date", DAY)
    table = cli("article", "show", "ketamine", "--as-of", DAY).stdout
    assert "no (drlee)" in table and "yes" in table


def test_marking_reaches_the_cached_due_list_of_an_unreviewed_article(cli, reviewed_any):
    cli("article", "add", str(V2), "--slug", "fresh")
    fresh = by_id(due(cli, DAY))  # the state cache is filled here
    flagged = next(iter(fresh))
    assert flagged.startswith("fresh:")
    cli("statement", "mark", flagged, "not-checkworthy", "--reviewer", "drlee")
    after = by_id(due(cli, DAY))
    assert flagged not in after and len(after) == len(fresh) - 1


def test_a_judged_statement_stays_on_the_due_list_whatever_its_flag(cli, reviewed_any):
    # The model says ketamine:9 is not check-worthy; a reviewer judged it anyway, and
    # the verdict needs a correction. It must not drop off the due list.
    cli("verdict", UNFLAGGED, "contradicted", "--reviewer", "drlee", "--date", DAY)
    assert statements(cli, DAY)[UNFLAGGED]["checkworthy"] is False
    assert by_id(due(cli, DAY))[UNFLAGGED]["status"] == "needs-correction"
    assert _findings(cli) == (1, {UNFLAGGED})
    assert cli.json("article", "show", "ketamine", "--json", "--as-of", DAY)["status"] == (
        "needs-correction"
    )
    # Not even a reviewer's not-checkworthy mark takes a judged statement off.
    _mark(cli, UNFLAGGED, "not-checkworthy")
    _mark(cli, FLAGGED, "not-checkworthy")
    listed = by_id(due(cli, "2019-09-01"))
    assert listed[UNFLAGGED]["status"] == "needs-correction"
    assert listed[FLAGGED]["status"] == "overdue"  # judged 2018-08-08, 12 months
    refused = cli("signoff", "ketamine", "--reviewer", "drlee", "--date", DAY, ok=False)
    assert_user_error(refused, UNFLAGGED)
    report = _report(cli)
    assert report["counts"]["needs-correction"] == 1
    rows = {s["id"]: s for s in report["statements"]}
    assert rows[UNFLAGGED]["followed"] is True and rows[UNFLAGGED]["checkworthy"] is False


def test_marks_survive_a_revision_and_edited_statements_keep_them(cli, reviewed_any):
    _mark(cli, UNFLAGGED, "checkworthy")  # moves in v2, text unchanged
    _mark(cli, "ketamine:7", "not-checkworthy")  # its text is edited in v2
    _mark(cli, "ketamine:10", "checkworthy")  # removed in v2
    result = cli.json("article", "update", "ketamine", str(V2), "--json")
    assert UNFLAGGED in result["unchanged"]
    assert "ketamine:7" in result["changed"] and "ketamine:10" in result["removed"]
    assert result["marked"] == ["ketamine:7"]
    shown = statements(cli, DAY)
    assert (shown[UNFLAGGED]["checkworthy"], shown[UNFLAGGED]["checkworthy_by"]) == (
        True,
        "drlee",
    )
    assert (shown["ketamine:7"]["checkworthy"], shown["ketamine:7"]["checkworthy_by"]) == (
        False,
        "drlee",
    )
    # Edited and judged: stale, and followed whatever its mark.
    assert by_id(due(cli, DAY))["ketamine:7"]["reason"] == "text-changed"
    # The model re-scored the new text of the edited statement; unmarked ones say "model".
    assert shown["ketamine:12"]["checkworthy_by"] == "model"
    # A second revision (back to v1) keeps them again; the text output names the mark.
    from sched_helpers import ARTICLE

    again = cli("article", "update", "ketamine", str(ARTICLE))
    assert "still marked by a reviewer: ketamine:7" in again.stderr
    assert statements(cli, DAY)["ketamine:7"]["checkworthy_by"] == "drlee"


def test_history_shows_marks(cli, reviewed_any):
    _mark(cli, UNFLAGGED, "checkworthy", "--note", "a mechanism")
    events = cli.json("history", UNFLAGGED, "--json")
    marks = [e for e in events if e["kind"] == "mark"]
    assert len(marks) == 1
    mark = marks[0]
    assert mark["reviewer"] == "drlee" and mark["checkworthy"] is True
    assert (mark["date"], mark["note"]) == (DAY, "a mechanism")
    assert len(mark["hash"]) == 64
    article_events = cli.json("history", "ketamine", "--json")
    assert any(e["kind"] == "mark" and e["statement"] == UNFLAGGED for e in article_events)
    text = cli("history", UNFLAGGED).stdout
    assert "mark" in text and "check-worthy" in text and "drlee" in text
    assert cli("ledger", "verify").exit_code == 0


def test_reports_follow_the_marks(cli, reviewed_any):
    before = _report(cli)
    _mark(cli, UNFLAGGED, "checkworthy")
    _mark(cli, "ketamine:4", "not-checkworthy")
    report = _report(cli)
    # ketamine:9 joins; ketamine:4 stays, because it has a verdict.
    assert report["checkworthy"] == before["checkworthy"] + 1
    rows = {s["id"]: s for s in report["statements"]}
    assert rows[UNFLAGGED]["checkworthy_by"] == "drlee"
    assert rows["ketamine:1"]["checkworthy_by"] == "model"
    assert 0.0 <= rows["ketamine:1"]["checkworthy_score"] <= 1.0
    assert report["counts"]["unreviewed"] == 1  # ketamine:9, marked and never judged
    # ketamine:4 has a verdict: followed, and still counted as current.
    assert rows["ketamine:4"]["followed"] is True
    assert [h["event"] for h in report["history"]].count("mark") == 2
    md = cli("report", "ketamine", "--format", "md", "--as-of", DAY, "--out", "-").stdout
    statements_part = md.split("## Statements", 1)[1].split("## Sources", 1)[0]
    table, _, unchecked = statements_part.partition("Not check-worthy")
    assert "ketamine:9" in table and "ketamine:11" in unchecked
    html = cli("report", "ketamine", "--format", "html", "--as-of", DAY, "--out", "-").stdout
    assert "marked check-worthy by drlee" in html
    assert "marked not check-worthy by drlee" in html  # ketamine:4, judged: still listed


def test_the_policy_follows_judged_statements_whatever_their_flag():
    from datetime import UTC, date, datetime

    from factcheck.schedule import Standing, VerdictFact, article_state, followed

    at = datetime(2018, 9, 1, tzinfo=UTC)
    verdict = VerdictFact("contradicted", "drlee", date(2018, 9, 1), at)
    assert followed(True, None) and followed(False, verdict) and followed(True, verdict)
    assert not followed(False, None)
    needs = Standing("needs-correction", date(2018, 9, 1), "verdict-contradicted", "…")
    unreviewed = Standing("unreviewed", None, "never-reviewed", "never reviewed")
    state = article_state([(followed(False, verdict), needs), (False, unreviewed)], None)
    assert state.status == "needs-correction" and state.counts["needs-correction"] == 1
    assert state.counts["unreviewed"] == 0
