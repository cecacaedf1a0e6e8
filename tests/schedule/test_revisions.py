"""New revisions of an article: statements realigned, verdicts kept, edits made stale."""

from __future__ import annotations

from sched_helpers import FIXTURES, V2, by_id, due, statements


def _update(cli, path):  # type: ignore[no-untyped-def]
    return cli.json("article", "update", "ketamine", str(path), "--json")


def test_edited_moved_added_and_removed(cli, reviewed):
    before = statements(cli, "2018-09-01")
    diff = _update(cli, V2)
    # 7 was edited; 10 and 11 were removed; the mTOR paragraph (8, 9) moved
    assert diff["changed"] == ["ketamine:7"]
    assert sorted(diff["removed"]) == ["ketamine:10", "ketamine:11"]
    assert diff["added"] == ["ketamine:12"]  # never 10 or 11 again
    assert sorted(diff["unchanged"], key=lambda s: int(s.split(":")[1])) == [
        f"ketamine:{n}" for n in (1, 2, 3, 4, 5, 6, 8, 9)
    ]
    after = statements(cli, "2018-09-01")
    assert set(after) == {f"ketamine:{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 12)}
    # unchanged statements keep their verdict, its date and their due date, moved or not
    for sid in ("ketamine:2", "ketamine:3", "ketamine:5", "ketamine:8"):
        assert after[sid]["verdict"] == before[sid]["verdict"]
        assert (after[sid]["status"], after[sid]["due"]) == ("current", before[sid]["due"])
    # the moved statements now come before the rats paragraph, at their new spans
    order = list(after)
    assert order.index("ketamine:8") < order.index("ketamine:3")
    assert after["ketamine:8"]["start"] < after["ketamine:3"]["start"]
    assert after["ketamine:7"]["text"].startswith("Until recently")
    assert after["ketamine:7"]["status"] == "stale"
    assert after["ketamine:12"]["status"] == "unreviewed"


def test_edited_statement_is_stale_with_its_reason(cli, reviewed):
    _update(cli, V2)
    items = by_id(due(cli, "2018-09-01"))
    assert items["ketamine:7"]["status"] == "stale"
    assert items["ketamine:7"]["reason"] == "text-changed"
    assert "text changed" in items["ketamine:7"]["why"]
    assert items["ketamine:12"]["reason"] == "never-reviewed"
    assert "ketamine:10" not in items and "ketamine:11" not in items
    # a new verdict clears the stale statement
    cli("verdict", "ketamine:7", "supported", "--reviewer", "drlee", "--date", "2018-09-01")
    assert "ketamine:7" not in by_id(due(cli, "2018-09-01"))


def test_history_shows_old_and_new_text_and_keeps_retired(cli, reviewed):
    _update(cli, V2)
    events = cli.json("history", "ketamine:7", "--json")
    kinds = [e["kind"] for e in events]
    assert kinds.count("verdict") == 1 and kinds.count("link") == 1
    changed = [e for e in events if e["kind"] == "statement-changed"]
    assert len(changed) == 1
    assert changed[0]["old_text"].startswith("Until now, the drug has had to be")
    assert changed[0]["new_text"].startswith("Until recently, the drug had to be")
    retired = cli.json("history", "ketamine:10", "--json")
    assert [e["kind"] for e in retired][-1] == "statement-retired"
    assert "verdict" in [e["kind"] for e in retired]  # its history is kept
    assert not [e for e in cli.json("history", "ketamine:3", "--json") if "changed" in e["kind"]]


def test_identical_revision_changes_nothing(cli, reviewed, workspace):
    copy = workspace / "same.txt"
    copy.write_bytes((FIXTURES.parent.parent / "fixtures" / "yale_ketamine.txt").read_bytes())
    before = statements(cli, "2018-09-01")
    diff = _update(cli, copy)
    assert (diff["changed"], diff["added"], diff["removed"]) == ([], [], [])
    assert len(diff["unchanged"]) == 11
    assert statements(cli, "2018-09-01") == before
    assert due(cli, "2018-09-01") == []


def test_numbers_are_never_reused_across_revisions(cli, reviewed, workspace):
    _update(cli, V2)
    # back to the first text: 10 and 11 come back as new statements, 7 changes back
    third = _update(cli, FIXTURES.parent.parent / "fixtures" / "yale_ketamine.txt")
    assert third["changed"] == ["ketamine:7"]
    assert sorted(third["added"]) == ["ketamine:13", "ketamine:14"]
    assert third["removed"] == ["ketamine:12"]
    shown = statements(cli, "2018-09-01")
    assert shown["ketamine:13"]["text"].startswith("Roughly 40 percent")
    assert shown["ketamine:13"]["verdict"] is None


def test_update_keeps_last_reviewed_and_next_due(cli, reviewed, workspace):
    newer = workspace / "v2-later-footer.txt"
    newer.write_text(
        V2.read_text(encoding="utf-8").replace(
            "advisory board on 8 Aug 2018", "advisory board on 3 Mar 2021"
        ),
        encoding="utf-8",
    )
    _update(cli, newer)
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2018-09-01")
    assert shown["reviewed"] == "2018-08-08"  # the page's new claim does not move it
    assert shown["reviewed_by"] == "Dana Lee"
