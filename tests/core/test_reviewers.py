"""Reviewers: who may record reviews, and the four-eyes rule."""

from __future__ import annotations

import pytest


def test_add_and_list_with_role_and_credentials(cli, workspace):
    cli("reviewer", "add", "drlee", "--name", "Dana Lee", "--credentials",
        "PhD, scientific advisory board")  # fmt: skip
    cli("reviewer", "add", "ked", "--name", "Kim Ed", "--role", "editor")
    cli("reviewer", "add", "root", "--name", "Ada Min", "--role", "admin")
    assert cli.json("reviewer", "list", "--json") == [
        {"handle": "drlee", "name": "Dana Lee", "role": "reviewer",
         "credentials": "PhD, scientific advisory board", "login": None},
        {"handle": "ked", "name": "Kim Ed", "role": "editor", "credentials": None,
         "login": None},
        {"handle": "root", "name": "Ada Min", "role": "admin", "credentials": None,
         "login": None},
    ]  # fmt: skip
    table = cli("reviewer", "list").stdout
    assert "Dana Lee" in table and "editor" in table


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["drlee", "--name", "Someone Else"], ["drlee", "already"]),
        (["newbie", "--name", "New Bie", "--role", "boss"], ["boss"]),
        (["two words", "--name", "Two Words"], ["handle"]),
        (["blank", "--name", "  "], ["name"]),
    ],
)
def test_bad_reviewer_is_refused(cli, workspace, user_error, dump, args, words):
    cli("reviewer", "add", "drlee", "--name", "Dana Lee")
    before = dump(workspace / "factcheck.db")
    user_error(cli("reviewer", "add", *args, ok=False), *words)
    assert dump(workspace / "factcheck.db") == before


def test_unregistered_reviewer_may_not_record(cli, reviewed, user_error):
    sid = reviewed["checkworthy"][0]["id"]
    result = cli("verdict", sid, "supported", "--reviewer", "nobody", "--date", "2018-08-09",
                 ok=False)  # fmt: skip
    user_error(result, "nobody")
    user_error(cli("signoff", "ketamine", "--reviewer", "nobody", "--date", "2018-08-09",
                   ok=False), "nobody")  # fmt: skip


def test_reviewer_from_environment_and_missing_reviewer(cli, reviewed, monkeypatch, user_error):
    sid = reviewed["checkworthy"][0]["id"]
    user_error(cli("verdict", sid, "supported", "--date", "2018-08-09", ok=False), "reviewer")
    monkeypatch.setenv("FACTCHECK_REVIEWER", "drlee")
    cli("verdict", sid, "outdated", "--date", "2018-08-09")
    history = cli.json("history", sid, "--json")
    assert history[-1]["reviewer"] == "drlee" and history[-1]["verdict"] == "outdated"


def test_author_may_not_review_own_article(cli, reviewed, workspace, user_error, dump):
    """Sam Rivera wrote the example article (registered as srivera): four-eyes rule."""
    assert reviewed["article"]["author"] == "Sam Rivera"
    reviewed_db = workspace / "factcheck.db"
    before = dump(reviewed_db)
    sid = reviewed["checkworthy"][0]["id"]
    result = cli("verdict", sid, "supported", "--reviewer", "srivera", "--date", "2018-08-09",
                 ok=False)  # fmt: skip
    user_error(result, "four-eyes")
    result = cli("signoff", "ketamine", "--reviewer", "srivera", "--date", "2018-08-09",
                 ok=False)  # fmt: skip
    user_error(result, "four-eyes")
    assert dump(reviewed_db) == before


def test_author_matched_whatever_the_case_and_spacing(cli, reviewed, user_error):
    cli("reviewer", "add", "other", "--name", "sam  RIVERA")
    sid = reviewed["checkworthy"][0]["id"]
    user_error(cli("verdict", sid, "supported", "--reviewer", "other", "--date",
                   "2018-08-09", ok=False), "four-eyes")  # fmt: skip
