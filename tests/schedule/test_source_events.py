"""Source events: a retraction makes linked statements stale; Retraction Watch lists."""

from __future__ import annotations

import json

import pytest
from sched_helpers import CHECKWORTHY, FIXTURES, PLAIN, assert_user_error, by_id, due

RW = FIXTURES / "retraction_watch.csv"
RW_HEADER = (
    "Record ID,Title,RetractionDate,OriginalPaperDOI,OriginalPaperPubMedID,"
    "RetractionNature,Reason\n"
)


def _events(cli, source):  # type: ignore[no-untyped-def]
    return [
        e
        for e in cli.json("history", "ketamine", "--json")
        if e["kind"] == "source-status" and e["source"] == source
    ]


def test_retraction_makes_every_linked_statement_stale_at_once(cli, reviewed_any):
    paper = reviewed_any["paper"]["id"]
    assert due(cli, "2018-09-01") == []
    cli("source", "status", paper, "retracted", "--date", "2018-09-01", "--note", "notice 123")
    items = by_id(due(cli, "2018-09-01"))
    assert set(items) == set(CHECKWORTHY)
    for item in items.values():
        assert (item["status"], item["reason"], item["due"]) == (
            "stale",
            "source-retracted",
            "2018-09-01",
        )
        assert "retracted" in item["why"]
    assert cli.json("source", "show", paper, "--json")["status"] == "retracted"
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2018-09-01")
    assert shown["status"] == "stale"
    assert shown["reviewed"] == "2018-08-08"  # the sign-off stands; it is just not current
    # a new verdict after the retraction clears that statement only
    cli("verdict", "ketamine:3", "supported", "--reviewer", "drlee", "--date", "2018-09-02")
    after = by_id(due(cli, "2018-09-02"))
    assert "ketamine:3" not in after and "ketamine:2" in after


@pytest.mark.parametrize(
    ("status", "reason"), [("corrected", "source-corrected"), ("concern", "source-concern")]
)
def test_other_source_events(cli, reviewed, status, reason):
    cli("source", "status", reviewed["paper"]["id"], status, "--date", "2018-09-01")
    assert {i["reason"] for i in due(cli, "2018-09-01")} == {reason}


def test_unlinked_statements_are_untouched(cli, reviewed):
    other = cli.json("source", "add", "--doi", "10.1038/nature09124", "--kind", "paper", "--json")
    cli("source", "status", other["id"], "retracted", "--date", "2018-09-01")
    assert due(cli, "2018-09-01") == []


def test_retraction_list_matches_by_doi_and_pmid_and_runs_twice(cli, reviewed_any):
    cli("verdict", "ketamine:2", "supported", "--reviewer", "drlee", "--date", "2018-08-08")
    trial = cli.json("source", "add", "--pmid", "31166571", "--kind", "paper", "--json")
    cli("link", "ketamine:6", trial["id"])
    cli("verdict", "ketamine:6", "supported", "--reviewer", "drlee", "--date", "2018-08-09")
    history_before = len(cli.json("history", "ketamine", "--json"))

    first = cli("source", "retractions", str(RW), "--json")
    matches = [
        (m["source_id"], m["status"], m["effective_on"], m["recorded"])
        for m in json.loads(first.stdout)
    ]
    paper = reviewed_any["paper"]["id"]
    assert matches == [
        (paper, "retracted", "2024-03-14", True),
        (trial["id"], "corrected", "2023-11-02", True),
        (paper, "retracted", "2024-03-14", False),  # a duplicate row in the same list
    ]
    events = _events(cli, paper)
    assert len(events) == 1
    assert any("Duplication of Image" in (e.get("note") or "") for e in events)
    items = by_id(due(cli, "2024-03-14"))
    assert items["ketamine:6"]["status"] == "stale"  # both of its sources had events
    assert {items[s]["reason"] for s in PLAIN if s != "ketamine:6"} == {"source-retracted"}
    assert all(items[s]["due"] == "2024-03-14" for s in PLAIN if s != "ketamine:6")
    history_after = len(cli.json("history", "ketamine", "--json"))
    assert history_after == history_before + 2

    again = cli("source", "retractions", str(RW))
    assert "0 new status events" in again.stderr
    assert len(cli.json("history", "ketamine", "--json")) == history_after
    assert len(_events(cli, paper)) == 1
    cli("ledger", "verify")


def test_retraction_list_from_stdin_in_windows_encoding(cli, reviewed):
    row = '9,"Caf\xe9 study",3/14/2024 0:00,doi:10.1126/Science.1190287,0,Expression of concern,\n'
    data = (RW_HEADER + row).encode("cp1252")
    cli("source", "retractions", "-", input=data)
    assert {i["reason"] for i in due(cli, "2024-03-14")} == {"source-concern"}


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"Record ID,Title,RetractionDate\n1,x,1/1/2020 0:00\n", ["OriginalPaperDOI"]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["binary"]),
        (b"", ["OriginalPaperDOI"]),
        (
            (RW_HEADER + "1,x,someday,10.1126/science.1190287,0,Retraction,\n").encode(),
            ["RetractionDate", ":2"],
        ),
    ],
)
def test_malformed_retraction_lists(cli, reviewed, workspace, data, words):
    bad = workspace / "list.csv"
    bad.write_bytes(data)
    before = cli.json("history", "ketamine", "--json")
    assert_user_error(cli("source", "retractions", str(bad), ok=False), *words)
    assert cli.json("history", "ketamine", "--json") == before
    assert due(cli, "2019-01-01") == []


def test_an_old_retraction_read_today_still_counts(cli, reviewed, workspace):
    """A list read today about a 2015 retraction invalidates the 2018 verdicts."""
    listed = workspace / "old-list.csv"
    listed.write_text(
        RW_HEADER + "7,old,5/5/2015 0:00,10.1126/science.1190287,,Retraction,\n", encoding="utf-8"
    )
    cli("source", "retractions", str(listed))
    items = due(cli, "2018-09-01")
    assert {(i["status"], i["due"], i["reason"]) for i in items} == {
        ("stale", "2015-05-05", "source-retracted")
    }


def test_the_gravest_event_names_the_reason(cli, reviewed):
    """A retraction outweighs an expression of concern recorded after it."""
    paper = reviewed["paper"]["id"]
    cli("source", "status", paper, "retracted", "--date", "2018-09-01")
    cli("source", "status", paper, "concern", "--date", "2018-09-05")
    assert {i["reason"] for i in due(cli, "2018-09-10")} == {"source-retracted"}
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2018-09-10")
    assert {s["status"] for s in shown["statements"] if s["checkworthy"]} == {"stale"}
