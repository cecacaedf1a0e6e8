"""Assignments and the personal queue."""

from __future__ import annotations

import pytest


@pytest.fixture
def team(desk):  # type: ignore[no-untyped-def]
    desk("reviewer", "add", "ked", "--name", "Kim Ed", "--role", "editor")
    desk("reviewer", "add", "sam", "--name", "Sam Rivers")
    return desk


def _queue(desk, who: str, *extra: str) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    return desk.json("queue", "--reviewer", who, "--json", *extra)  # type: ignore[no-any-return]


def test_assigned_statement_joins_the_queue_until_a_verdict(team):
    team(
        "assign",
        "esk:2",
        "--to",
        "drlee",
        "--due",
        "2030-01-15",
        "--note",
        "check the dose",
        "--reviewer",
        "ked",
    )
    [item] = _queue(team, "drlee")
    assert set(item) == {"statement", "article", "text", "status", "reason", "due", "assigned_to"}
    assert item["statement"] == "esketamine-nasal-spray-for-hard-to-treat-depression:2"
    assert item["assigned_to"] == "drlee" and item["due"] == "2030-01-15"
    assert "assigned by ked: check the dose" in item["reason"]
    assert _queue(team, "sam") == []
    team("verdict", "esk:2", "supported", "--reviewer", "drlee")
    assert _queue(team, "drlee") == []
    history = team.json("history", "esk:2", "--json")
    assert [e["to"] for e in history if e["kind"] == "assignment"] == ["drlee"]


def test_reassigning_moves_the_work_and_an_article_lists_its_statements(team):
    team("assign", "keto", "--to", "drlee", "--reviewer", "ked")
    mine = _queue(team, "drlee")
    assert mine and all(i["article"] == "ketone-diets" for i in mine)
    assert all(i["status"] == "unreviewed" for i in mine)
    team("assign", "keto", "--to", "sam", "--reviewer", "ked")
    assert _queue(team, "drlee") == []
    assert len(_queue(team, "sam")) == len(mine)


def test_queue_orders_most_urgent_first_and_includes_due_reviews(team):
    team("verdict", "ketamine-yale:2", "supported", "--reviewer", "drlee", "--date", "2020-01-01")
    team("assign", "esk:3", "--to", "drlee", "--reviewer", "ked")
    items = _queue(team, "drlee", "--as-of", "2022-01-01")
    assert [i["status"] for i in items] == ["overdue", "unreviewed"]
    assert items[0]["statement"] == "ketamine-yale:2" and items[0]["assigned_to"] is None
    assert "you reviewed it last" in items[0]["reason"]


def test_only_editors_assign_and_the_assignee_must_exist(team):
    refused = team("assign", "esk", "--to", "sam", "--reviewer", "drlee", ok=False)
    assert refused.exit_code == 2 and "only editors" in refused.stderr
    unknown = team("assign", "esk", "--to", "nobody", "--reviewer", "ked", ok=False)
    assert unknown.exit_code == 2
    assert (
        team(
            "assign", "esk", "--to", "sam", "--due", "soon", "--reviewer", "ked", ok=False
        ).exit_code
        == 2
    )


def test_an_assigned_article_waits_for_its_signoff(team):
    team("assign", "keto", "--to", "drlee", "--reviewer", "ked")
    for item in _queue(team, "drlee"):
        team("verdict", item["statement"], "supported", "--reviewer", "drlee")
    [item] = _queue(team, "drlee")
    assert item["status"] == "sign-off" and item["statement"] is None
    assert item["article"] == "ketone-diets"
    team("signoff", "keto", "--reviewer", "drlee")
    assert _queue(team, "drlee") == []


def test_a_statements_own_assignment_wins_over_its_articles(team):
    team("assign", "esk:2", "--to", "drlee", "--due", "2030-01-15", "--note", "the dose",
         "--reviewer", "ked")  # fmt: skip
    team("assign", "esk", "--to", "drlee", "--reviewer", "ked")
    items = {i["statement"].rpartition(":")[2]: i for i in _queue(team, "drlee")}
    assert "the dose" in items["2"]["reason"] and items["2"]["due"] == "2030-01-15"
    numbers = [int(n) for n in items if items[n]["due"] is None]
    assert numbers == sorted(numbers)  # statement 10 after statement 9
