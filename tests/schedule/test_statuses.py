"""Statement statuses, the article's dates, and the sign-off rules."""

from __future__ import annotations

from sched_helpers import ARTICLE, CHECKWORTHY, assert_user_error, by_id, due, statements


def _article(cli, as_of):  # type: ignore[no-untyped-def]
    return cli.json("article", "show", "ketamine", "--json", "--as-of", as_of)


def test_each_status_on_its_day(cli, reviewed):
    assert {s["status"] for s in statements(cli, "2018-08-08").values() if s["checkworthy"]} == {
        "current"
    }
    on_the_day = statements(cli, "2019-08-08")
    assert (on_the_day["ketamine:2"]["status"], on_the_day["ketamine:2"]["due"]) == (
        "due",
        "2019-08-08",
    )
    assert on_the_day["ketamine:7"]["status"] == "overdue"  # time-relative: 6 months
    assert statements(cli, "2019-08-09")["ketamine:2"]["status"] == "overdue"
    # not check-worthy and never reviewed
    assert statements(cli, "2019-08-09")["ketamine:11"]["status"] == "unreviewed"


def test_unreviewed_statements_have_no_due_date(cli, workspace):
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")
    items = due(cli, "2018-01-01")
    assert {i["statement"] for i in items} == set(CHECKWORTHY)
    assert {(i["status"], i["due"], i["reason"]) for i in items} == {
        ("unreviewed", None, "never-reviewed")
    }
    shown = _article(cli, "2018-01-01")
    assert (shown["status"], shown["next_review_due"]) == ("unreviewed", None)


def test_needs_correction_until_a_new_verdict_or_revision(cli, reviewed, workspace):
    for verdict, sid in [
        ("contradicted", "ketamine:2"),
        ("misleading", "ketamine:3"),
        ("outdated", "ketamine:4"),
        ("unsupported", "ketamine:6"),
    ]:
        cli("verdict", sid, verdict, "--reviewer", "drlee", "--date", "2018-09-01")
    items = by_id(due(cli, "2018-09-01"))
    for sid, verdict in [
        ("ketamine:2", "contradicted"),
        ("ketamine:3", "misleading"),
        ("ketamine:4", "outdated"),
        ("ketamine:6", "unsupported"),
    ]:
        assert items[sid]["status"] == "needs-correction"
        assert items[sid]["reason"] == f"verdict-{verdict}"
    assert _article(cli, "2018-09-01")["status"] == "needs-correction"
    # still needing correction a year on: no interval clears it
    assert by_id(due(cli, "2020-01-01"))["ketamine:2"]["status"] == "needs-correction"
    # a new verdict clears one
    cli("verdict", "ketamine:2", "supported", "--reviewer", "drlee", "--date", "2018-09-02")
    assert "ketamine:2" not in by_id(due(cli, "2018-09-02"))
    # a corrected text clears another: it becomes stale, to be checked again
    fixed = workspace / "fixed.txt"
    old = "The drug also rebuilt connections between brain cells that chronic stress had worn away."
    text = ARTICLE.read_text(encoding="utf-8")
    assert old in text
    fixed.write_text(
        text.replace(
            old, "The drug also rebuilt some connections that chronic stress had worn away."
        ),
        encoding="utf-8",
    )
    assert cli.json("article", "update", "ketamine", str(fixed), "--json")["changed"] == [
        "ketamine:4"
    ]
    assert by_id(due(cli, "2018-09-02"))["ketamine:4"]["status"] == "stale"


def test_next_review_due_is_the_earliest_checkworthy_due_date(cli, reviewed):
    shown = _article(cli, "2018-09-01")
    assert shown["next_review_due"] == "2019-02-08"  # the time-relative ones
    due_dates = [s["due"] for s in shown["statements"] if s["checkworthy"]]
    assert shown["next_review_due"] == min(due_dates)
    cli("verdict", "ketamine:3", "unverifiable", "--reviewer", "drlee", "--date", "2018-09-01")
    assert _article(cli, "2018-09-01")["next_review_due"] == "2018-12-01"  # 3 months


def test_last_reviewed_is_the_latest_signoff_only(cli, reviewed):
    assert _article(cli, "2018-09-01")["reviewed"] == "2018-08-08"
    # a later verdict does not move it
    cli("verdict", "ketamine:3", "supported", "--reviewer", "drlee", "--date", "2019-01-15")
    shown = _article(cli, "2019-01-16")
    assert (shown["reviewed"], shown["reviewed_by"]) == ("2018-08-08", "Dana Lee")
    # nor does a sign-off entered later for an earlier day
    cli(
        "signoff",
        "ketamine",
        "--reviewer",
        "drlee",
        "--date",
        "2018-08-01",
        "--force",
        "--note",
        "paper sign-off, entered late",
    )
    assert _article(cli, "2019-01-16")["reviewed"] == "2018-08-08"
    # a new sign-off does
    for sid in CHECKWORTHY:
        cli("verdict", sid, "supported", "--reviewer", "drlee", "--date", "2019-03-01")
    cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2019-03-01")
    assert _article(cli, "2019-03-01")["reviewed"] == "2019-03-01"


def test_signoff_refused_while_statements_lack_a_current_verdict(cli, workspace):
    cli("reviewer", "add", "drlee", "--name", "Dana Lee")
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")
    for sid in CHECKWORTHY[:-2]:
        cli("verdict", sid, "supported", "--reviewer", "drlee", "--date", "2018-08-08")
    refused = cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-08-08", ok=False)
    assert_user_error(refused, "ketamine:9", "ketamine:10", "--force")
    assert "ketamine:2," not in refused.stderr  # only those that lack a verdict are listed
    no_note = cli(
        "signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-08-08", "--force", ok=False
    )
    assert_user_error(no_note, "--note")
    blank = cli(
        "signoff",
        "ketamine",
        "--reviewer",
        "drlee",
        "--date",
        "2018-08-08",
        "--force",
        "--note",
        "  ",
        ok=False,
    )
    assert_user_error(blank, "--note")
    assert not [e for e in cli.json("history", "ketamine", "--json") if e["kind"] == "signoff"]
    cli(
        "signoff",
        "ketamine",
        "--reviewer",
        "drlee",
        "--date",
        "2018-08-08",
        "--force",
        "--note",
        "8 and 10 wait for the 2019 data",
    )
    signoffs = [e for e in cli.json("history", "ketamine", "--json") if e["kind"] == "signoff"]
    assert len(signoffs) == 1
    assert signoffs[0]["forced"] is True
    assert signoffs[0]["note"] == "8 and 10 wait for the 2019 data"
    assert _article(cli, "2018-08-09")["reviewed"] == "2018-08-08"


def test_signoff_refused_for_stale_and_overdue_statements(cli, reviewed):
    cli("source", "status", reviewed["paper"]["id"], "retracted", "--date", "2018-09-01")
    refused = cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-09-02", ok=False)
    assert_user_error(refused, "ketamine:2", "ketamine:10")
    for sid in CHECKWORTHY:
        cli("verdict", sid, "supported", "--reviewer", "drlee", "--date", "2018-09-02")
    late = cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2019-08-01", ok=False)
    assert_user_error(late, "ketamine:7")  # time-relative: overdue by then
    cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-09-02")


def test_unbacked_page_claim_is_not_shown_as_last_reviewed(cli, workspace):
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")  # footer: reviewed 8 Aug 2018
    shown = _article(cli, "2018-08-09")
    assert shown["reviewed"] is None and shown["reviewed_by"] is None
    # What the page printed is kept apart, for the editor and for `check`.
    assert shown["page_reviewed"] == "2018-08-08"
    assert shown["page_reviewed_by"] == "a member of our scientific advisory board"
