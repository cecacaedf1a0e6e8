"""Verdicts and sign-off: an append-only history where the latest verdict wins."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"


def _rows(db: Path, sql: str) -> list:  # type: ignore[type-arg]
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_new_verdict_supersedes_and_nothing_is_overwritten(cli, reviewed, workspace):
    db = workspace / "factcheck.db"
    sid = reviewed["checkworthy"][0]["id"]
    before = _rows(db, "SELECT * FROM verdict ORDER BY id")
    cli("reviewer", "add", "tped", "--name", "Traci Pedersen")
    out = cli.json("verdict", sid, "outdated", "--reviewer", "tped", "--date", "2019-03-01",
                   "--note", "nasal spray approved in 2019", "--json")  # fmt: skip
    assert out["id"] == sid and out["verdict"]["verdict"] == "outdated"
    after = _rows(db, "SELECT * FROM verdict ORDER BY id")
    assert after[: len(before)] == before  # every earlier row exactly as it was
    assert len(after) == len(before) + 1

    history = [e for e in cli.json("history", sid, "--json") if e["kind"] == "verdict"]
    assert [(e["verdict"], e["reviewer"], e["date"]) for e in history] == [
        ("supported", "drlee", "2018-08-08"),
        ("outdated", "tped", "2019-03-01"),
    ]
    assert history[0]["supersedes"] is None
    assert history[1]["supersedes"] is not None
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2019-03-02")
    st = next(s for s in shown["statements"] if s["id"] == sid)
    assert st["verdict"] == {"verdict": "outdated", "reviewer": "tped", "date": "2019-03-01",
                             "note": "nasal spray approved in 2019"}  # fmt: skip
    assert st["status"] == "needs-correction"


def _verdict_of(cli, sid, as_of="2018-09-01"):  # type: ignore[no-untyped-def]
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", as_of)
    return next(s for s in shown["statements"] if s["id"] == sid)["verdict"]


def test_a_backdated_verdict_never_displaces_a_later_review(cli, reviewed):
    """Standing goes by review date: a verdict typed in later about an earlier review
    is kept in history, but the later review stands (and the box does not go back)."""
    sid = reviewed["checkworthy"][0]["id"]
    before = cli.json("article", "show", "ketamine", "--json", "--as-of", "2018-09-01")
    cli("verdict", sid, "misleading", "--reviewer", "drlee", "--date", "2018-01-01")
    standing = _verdict_of(cli, sid)
    assert (standing["verdict"], standing["date"]) == ("supported", "2018-08-08")
    history = [e for e in cli.json("history", sid, "--json") if e["kind"] == "verdict"]
    assert [e["verdict"] for e in history] == ["supported", "misleading"]
    assert history[1]["supersedes"] is None  # it superseded nothing
    # the due date still runs from the later review, not back from the earlier one
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2018-09-01")
    assert next(s for s in shown["statements"] if s["id"] == sid)["due"] == "2019-08-08"
    assert (shown["next_review_due"], shown["status"]) == (
        before["next_review_due"], "current")  # fmt: skip


def test_on_the_same_review_date_the_later_entry_stands(cli, reviewed):
    sid = reviewed["checkworthy"][0]["id"]
    cli("verdict", sid, "misleading", "--reviewer", "drlee", "--date", "2018-08-08")
    assert _verdict_of(cli, sid)["verdict"] == "misleading"


def test_a_verdict_before_the_article_was_published_is_refused(
    cli, reviewed, workspace, user_error, dump
):  # type: ignore[no-untyped-def]
    before = dump(workspace / "factcheck.db")
    sid = reviewed["checkworthy"][0]["id"]
    result = cli("verdict", sid, "supported", "--reviewer", "drlee", "--date", "2009-01-01",
                 ok=False)  # fmt: skip
    user_error(result, "2009-01-01", "published")
    assert dump(workspace / "factcheck.db") == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["maybe", "--date", "2018-08-09"], ["maybe", "supported"]),
        (["supported", "--date", "2018-02-30"], ["2018-02-30"]),
        (["supported", "--date", "08/08/2018"], ["08/08/2018"]),
        (["supported", "--date", "2999-01-01"], ["future"]),
        (["supported", "--date", "20180808"], ["20180808", "YYYY-MM-DD"]),
        (["supported", "--date", "2018-W32-3"], ["2018-W32-3"]),
        (["supported", "--date", "2018-08"], ["2018-08"]),
    ],
)
def test_bad_verdict_refused(cli, reviewed, workspace, user_error, dump, args, words):
    before = dump(workspace / "factcheck.db")
    sid = reviewed["checkworthy"][0]["id"]
    user_error(cli("verdict", sid, *args, "--reviewer", "drlee", ok=False), *words)
    assert dump(workspace / "factcheck.db") == before


def test_history_lists_every_event_in_order(cli, reviewed):
    history = cli.json("history", "ketamine", "--json")
    kinds = [e["kind"] for e in history]
    n = len(reviewed["checkworthy"])
    assert kinds == ["revision"] + ["link", "verdict"] * n + ["signoff"]
    times = [datetime.fromisoformat(e["recorded_at"]) for e in history]
    assert times == sorted(times)
    verdicts = [e for e in history if e["kind"] == "verdict"]
    assert [e["statement"] for e in verdicts] == [s["id"] for s in reviewed["checkworthy"]]
    assert all(e["note"] == "checked against the paper" for e in verdicts)
    signoff = history[-1]
    assert (signoff["reviewer"], signoff["date"], signoff["forced"]) == (
        "drlee", "2018-08-08", False)  # fmt: skip
    assert history[0]["revision"] == 1
    # a statement's own history holds only its events
    sid = reviewed["checkworthy"][1]["id"]
    own = cli.json("history", sid, "--json")
    assert [e["kind"] for e in own] == ["link", "verdict"]
    assert {e["statement"] for e in own} == {sid}
    assert "verdict" in cli("history", "ketamine").stdout  # the table renders


def test_signoff_refused_while_statements_lack_verdicts(cli, workspace, user_error, dump):
    cli("reviewer", "add", "drlee", "--name", "Dana Lee")
    art = cli.json("article", "add", str(ARTICLE), "--slug", "ketamine", "--json")
    cw = [s["id"] for s in art["statements"] if s["checkworthy"]]
    cli("verdict", cw[0], "supported", "--reviewer", "drlee", "--date", "2018-08-08")
    before = dump(workspace / "factcheck.db")
    user_error(cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-08-08",
                   ok=False), cw[1])  # fmt: skip
    user_error(cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-08-08",
                   "--force", ok=False), "--note")  # fmt: skip
    assert dump(workspace / "factcheck.db") == before
    cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-08-08", "--force",
        "--note", "urgent correction only")  # fmt: skip
    signoff = cli.json("history", "ketamine", "--json")[-1]
    assert signoff["kind"] == "signoff" and signoff["forced"] is True


def test_signoff_is_what_the_article_says(cli, reviewed):
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2018-09-01")
    assert (shown["reviewed"], shown["reviewed_by"]) == ("2018-08-08", "Dana Lee")
    # a later verdict does not bump "last reviewed": only a sign-off does
    cli("verdict", reviewed["checkworthy"][0]["id"], "supported", "--reviewer", "drlee",
        "--date", "2019-01-01")  # fmt: skip
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2019-01-02")
    assert shown["reviewed"] == "2018-08-08"
    cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2019-01-02")
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2019-01-02")
    assert shown["reviewed"] == "2019-01-02"


def test_custom_verdict_scale(cli, reviewed, workspace, user_error):
    config = workspace / "factcheck.toml"
    config.write_text(config.read_text() + '\n[verdicts.disputed]\nlabel = "Disputed"\n'
                      "rating = 2\nneeds_correction = true\n")  # fmt: skip
    sid = reviewed["checkworthy"][0]["id"]
    cli("verdict", sid, "disputed", "--reviewer", "drlee", "--date", "2018-08-09")
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2018-08-10")
    st = next(s for s in shown["statements"] if s["id"] == sid)
    assert (st["verdict"]["verdict"], st["status"]) == ("disputed", "needs-correction")
