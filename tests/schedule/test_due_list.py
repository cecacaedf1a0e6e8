"""The due list: --as-of, --within, --reviewer, --topic; table, json, csv and ics."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from sched_helpers import PLAIN, TIME_RELATIVE, V2, assert_user_error, copy_of_article, due

CSV_HEADER = ["statement", "article", "due", "status", "reason", "why", "reviewer", "topic", "text"]
URGENCY = ["needs-correction", "stale", "overdue", "due", "unreviewed"]


def test_within_days(cli, reviewed):
    assert due(cli, "2019-01-01") == []
    assert due(cli, "2019-01-01", "--within", "37") == []
    soon = due(cli, "2019-01-01", "--within", "38")
    assert {i["statement"] for i in soon} == set(TIME_RELATIVE)
    assert {(i["status"], i["due"]) for i in soon} == {("current", "2019-02-08")}
    assert len(due(cli, "2019-01-01", "--within", "219")) == len(PLAIN + TIME_RELATIVE)
    assert_user_error(cli("due", "--within", "-1", ok=False), "--within")


def test_reviewer_and_topic_filters(cli, reviewed):
    cli("reviewer", "add", "mchen", "--name", "Mei Chen")
    cli("verdict", "ketamine:3", "supported", "--reviewer", "mchen", "--date", "2018-09-01")
    cli("article", "add", copy_of_article("heart-copy"), "--slug", "heart-copy", "--topic", "heart")
    mine = due(cli, "2019-08-09", "--reviewer", "drlee")
    assert {i["statement"] for i in mine} == set(PLAIN + TIME_RELATIVE) - {"ketamine:3"}
    assert {i["reviewer"] for i in mine} == {"drlee"}
    assert due(cli, "2019-08-09", "--reviewer", "mchen") == []  # due 2019-09-01
    assert [i["statement"] for i in due(cli, "2019-09-01", "--reviewer", "mchen")] == ["ketamine:3"]
    heart = due(cli, "2019-08-09", "--topic", "heart")
    assert {i["article"] for i in heart} == {"heart-copy"}
    assert {i["status"] for i in heart} == {"unreviewed"}
    assert {i["article"] for i in due(cli, "2019-08-09", "--topic", "depression")} == {"ketamine"}
    assert due(cli, "2019-08-09", "--topic", "oncology") == []


@pytest.fixture
def mixed(cli, reviewed):  # type: ignore[no-untyped-def]
    """One statement or more in each state on 2019-08-08."""
    cli("verdict", "ketamine:2", "contradicted", "--reviewer", "drlee", "--date", "2018-09-01")
    # unverifiable: re-review in 3 months, so overdue by August
    cli("verdict", "ketamine:3", "unverifiable", "--reviewer", "drlee", "--date", "2018-09-01")
    cli("article", "update", "ketamine", str(V2))  # 7 stale, 12 new
    cli("article", "add", copy_of_article("another"), "--slug", "another", "--topic", "depression")


def test_json_is_sorted_by_urgency(cli, mixed):
    items = due(cli, "2019-08-08")
    ranks = [URGENCY.index(i["status"]) for i in items]
    assert ranks == sorted(ranks)
    assert set(i["status"] for i in items) == set(URGENCY)
    assert items[0]["statement"] == "ketamine:2"
    assert items[1]["statement"] == "ketamine:7"
    for i in items:
        assert set(i) >= {"statement", "article", "text", "due", "status", "reason", "why"}


def test_table_lists_the_same_order(cli, mixed):
    out = cli("due", "--as-of", "2019-08-08").stdout
    listed = [
        line.split("│")[1].strip()
        for line in out.splitlines()
        if line.startswith("│") and ":" in line.split("│")[1]
    ]
    assert listed == [i["statement"] for i in due(cli, "2019-08-08")]
    assert "Due as of 2019-08-08" in out
    empty = cli("due", "--as-of", "2018-08-09", "--topic", "x")
    assert "nothing due as of 2018-08-09" in empty.stdout + empty.stderr


def test_limit_keeps_the_most_urgent(cli, mixed, monkeypatch):
    everything = due(cli, "2019-08-08")
    assert [i["statement"] for i in due(cli, "2019-08-08", "--limit", "3")] == [
        i["statement"] for i in everything[:3]
    ]
    assert due(cli, "2019-08-08", "--limit", "0") == everything
    csv_rows = cli("due", "--as-of", "2019-08-08", "--format", "csv", "--limit", "2").stdout
    assert len(csv_rows.splitlines()) == 1 + 2
    # A table stops at TABLE_LIMIT unless told otherwise, and says so on stderr.
    monkeypatch.setattr("factcheck.cli.schedule.TABLE_LIMIT", 4)
    table = cli("due", "--as-of", "2019-08-08")
    assert table.stdout.count("ketamine:") + table.stdout.count("another:") == 4
    for item in everything[:4]:  # each listed statement's text, read for those alone
        assert item["text"][:15] in table.stdout
    assert f"{len(everything)} statements" in table.stdout
    assert f"listed the 4 most urgent of {len(everything)}; --limit 0 lists all" in table.stderr
    whole = cli("due", "--as-of", "2019-08-08", "--limit", "0")
    assert "most urgent" not in whole.stderr
    assert_user_error(cli("due", "--limit", "-1", ok=False), "--limit")


def test_csv(cli, mixed):
    out = cli("due", "--as-of", "2019-08-08", "--format", "csv").stdout
    reader = csv.DictReader(io.StringIO(out))
    rows = list(reader)
    assert reader.fieldnames == CSV_HEADER
    items = due(cli, "2019-08-08")
    assert [r["statement"] for r in rows] == [i["statement"] for i in items]
    for row, item in zip(rows, items, strict=True):
        assert row["due"] == (item["due"] or "")
        assert (row["status"], row["reason"], row["text"]) == (
            item["status"],
            item["reason"],
            item["text"],
        )


def _events(raw: bytes) -> dict[tuple[str, str], Any]:
    """(category, start day) → the event, from a calendar the icalendar package reads."""
    cal = Calendar.from_ical(raw)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    keyed = {(str(e["categories"].cats[0]), e.decoded("dtstart").isoformat()): e for e in events}
    assert len(keyed) == len(events) == len({str(e["uid"]) for e in events})
    return keyed


def test_ics_one_event_per_article_and_due_day(cli, reviewed):
    cli("article", "add", copy_of_article("another"), "--slug", "another", "--topic", "depression")
    # Everything is past due on 2019-08-09: one event per article, on that day.
    late = _events(cli("due", "--as-of", "2019-08-09", "--format", "ics").stdout_bytes)
    assert sorted(late) == [("another", "2019-08-09"), ("ketamine", "2019-08-09")]
    described = str(late[("ketamine", "2019-08-09")]["description"]).splitlines()
    assert {line.split(" ")[0] for line in described} == set(PLAIN + TIME_RELATIVE)
    assert any("due 2019-02-08" in line and "time-relative" in line for line in described)
    summary = str(late[("ketamine", "2019-08-09")]["summary"])
    assert f"({len(PLAIN + TIME_RELATIVE)} statements)" in summary
    # Work falling due later goes on its own day, an event per article and day.
    ahead = cli("due", "--as-of", "2019-01-01", "--within", "219", "--format", "ics")
    soon = _events(ahead.stdout_bytes)
    assert ("ketamine", "2019-02-08") in soon and ("ketamine", "2019-08-08") in soon
    assert str(soon[("ketamine", "2019-08-08")]["summary"]).endswith(f"({len(PLAIN)} statements)")
    assert due(cli, "2019-08-09", "--topic", "nothing") == []
    empty = cli("due", "--as-of", "2018-09-01", "--topic", "x", "--format", "ics").stdout_bytes
    assert _events(empty) == {}


def test_ics_per_statement_keeps_each_on_its_due_date(cli, reviewed):
    raw = cli("due", "--as-of", "2019-08-09", "--format", "ics", "--per-statement").stdout_bytes
    cal = Calendar.from_ical(raw)
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(events) == len(PLAIN + TIME_RELATIVE)
    days = {str(e["description"]).split(" ")[0]: e.decoded("dtstart").isoformat() for e in events}
    assert {days[s] for s in TIME_RELATIVE} == {"2019-02-08"}
    assert {days[s] for s in PLAIN} == {"2019-08-08"}
    assert_user_error(cli("due", "--per-statement", ok=False), "--per-statement")


def test_ics_text_is_escaped_and_folded(cli, workspace):
    (workspace / "odd.txt").write_text(
        "Odd; title, with commas\n\nA study of 300 patients found that 40 percent improved; "
        "a second trial, in Zürich, reported 55 percent — ünïcödé ünïcödé ünïcödé ünïcödé.\n"
    )
    cli("article", "add", "odd.txt", "--slug", "odd")
    raw = cli("due", "--as-of", "2019-08-09", "--format", "ics").stdout_bytes
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)  # folded at 75 octets
    raw.decode("utf-8")  # never cut inside a character
    [event] = _events(raw).values()
    assert str(event["summary"]).startswith("Re-review Odd; title, with commas")
    assert "Zürich, reported 55 percent" in str(event["description"])


@pytest.mark.parametrize(
    ("args", "word"),
    [(("--format", "xml"), "--format"), (("--as-of", "2019-02-30"), "2019-02-30")],
)
def test_bad_due_options(cli, reviewed, args, word):
    assert_user_error(cli("due", *args, ok=False), word)


def test_table_shows_the_head_of_the_json_list_on_either_database(cli, reviewed_any, monkeypatch):
    """The table is counted and cut by the database: its tally and rows must be the
    JSON list's, whose order Python defines (slugs by code point: "heart-copy" before
    "heartache", whatever the database's collation says)."""
    cli("verdict", "ketamine:2", "contradicted", "--reviewer", "drlee", "--date", "2018-09-01")
    cli("verdict", "ketamine:3", "unverifiable", "--reviewer", "drlee", "--date", "2018-09-01")
    for slug in ("heartache", "heart-copy", "heart"):
        cli("article", "add", copy_of_article(slug), "--slug", slug, "--topic", "heart")
    everything = due(cli, "2019-08-08")
    unreviewed = [i["article"] for i in everything if i["status"] == "unreviewed"]
    assert list(dict.fromkeys(unreviewed)) == ["heart", "heart-copy", "heartache"]
    head = len(everything) - 3  # cut inside the last article's statements
    monkeypatch.setattr("factcheck.cli.schedule.TABLE_LIMIT", head)
    table = cli("due", "--as-of", "2019-08-08")
    listed = [
        line.split("│")[1].strip()
        for line in table.stdout.splitlines()
        if line.startswith("│") and ":" in line.split("│")[1]
    ]
    assert listed == [i["statement"] for i in everything[:head]]
    assert f"listed the {head} most urgent of {len(everything)}" in table.stderr
    counts = Counter(i["status"] for i in everything)
    tally = ", ".join(f"{counts[s]} {s}" for s in URGENCY if counts[s])
    assert f"{len(everything)} statements ({tally})" in " ".join(table.stdout.split())


LINE_CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n")


@given(st.text(LINE_CHARACTERS, max_size=400))
@settings(max_examples=300, deadline=None)
def test_ics_lines_fold_at_75_octets_between_characters(line):
    from factcheck.due import _fold

    folded = _fold(line).encode()
    assert folded.endswith(b"\r\n")
    parts = folded[:-2].split(b"\r\n ")
    assert all(len(p) <= 75 for p in parts[:1]) and all(len(p) <= 74 for p in parts[1:])
    assert all(parts[1:])  # no empty continuation
    assert b"".join(parts).decode("utf-8") == line  # each cut falls between characters
    # Filled greedily: a line is cut short only where a character would straddle it.
    data = line.encode("utf-8")
    if len(data) == len(line):
        assert all(len(p) == 74 for p in parts[1:-1]) and len(parts[0]) == min(75, len(data))


def test_filtered_lists_read_the_same_texts_either_way_on_either_database(cli, reviewed_any):
    """A whole list reads its texts apart from its rows (on PostgreSQL at the same
    time, by a lookup that also finds retired articles' statements); a limited one
    reads the texts of the rows it took. Filtered or not, both give each statement
    its own text, and a retired article is never listed."""
    cli("verdict", "ketamine:2", "contradicted", "--reviewer", "drlee", "--date", "2018-09-01")
    for slug, topic in (("heart", "heart"), ("lungs", "lungs"), ("gone", "heart")):
        cli("article", "add", copy_of_article(slug), "--slug", slug, "--topic", topic)
    cli("article", "retire", "gone", "--note", "merged into heart", "--reviewer", "drlee")
    day = "2019-08-08"
    whole = due(cli, day)
    assert {i["article"] for i in whole} >= {"heart", "lungs"}
    earlier = "2019-01-01"  # and with the statements falling due in the next 219 days
    ahead = due(cli, earlier, "--within", "219")
    assert len(ahead) > len(due(cli, earlier)) and any(i["status"] == "current" for i in ahead)
    assert due(cli, earlier, "--within", "219", "--limit", str(len(ahead))) == ahead
    assert all(i["article"] != "gone" for i in whole)
    assert due(cli, day, "--limit", str(len(whole))) == whole
    filters = (("--topic", "topic", "heart"), ("--reviewer", "reviewer", "drlee"))
    for option, field, value in filters:
        picked = [i for i in whole if i[field] == value]
        assert picked and due(cli, day, option, value) == picked
        assert due(cli, day, option, value, "--limit", str(len(picked))) == picked


def test_calendars_read_their_events_in_order_on_either_database(cli, reviewed_any, db_url):
    """A calendar's list comes from the database in the order its writer takes it: by
    article slug (in code point order), then the day its work is listed on, then as
    urgency orders them; or by statement id as text. The writer would sort any other
    order itself (tests/schedule/test_ics_writer.py): this checks it need not."""
    from datetime import date

    from factcheck.db import make_engine, reading
    from factcheck.store.state import most_urgent

    cli("verdict", "ketamine:2", "contradicted", "--reviewer", "drlee", "--date", "2018-09-01")
    for slug in ("heartache", "heart-copy", "heart"):
        cli("article", "add", copy_of_article(slug), "--slug", slug, "--topic", "heart")
    assert len(due(cli, "2019-01-01", "--within", "219")) > 0  # fills the state cache
    as_of, today = date(2019, 1, 1), "2019-01-01"
    engine = make_engine(db_url)

    def listed(order: str, limit: int | None = None) -> list[Any]:
        with reading(engine) as conn:
            got = most_urgent(conn, as_of=as_of, within=219, limit=limit, order=order)  # type: ignore[arg-type]
            return list(got.records())

    ranked = listed("urgency")
    by_article = listed("article")
    event = lambda r: (r[1], max(r[2] or today, today))  # noqa: E731
    assert [event(r) for r in by_article] == sorted(event(r) for r in ranked)
    assert by_article == sorted(ranked, key=event)  # stable: urgency within an event
    assert len({r[2] for r in by_article}) > 2  # work on several days, past due and ahead
    assert listed("statement") == sorted(ranked, key=lambda r: r[0])
    head = ranked[:5]  # a limit keeps the most urgent, then orders them as asked
    assert listed("article", limit=5) == sorted(head, key=event)
    assert listed("statement", limit=5) == sorted(head, key=lambda r: r[0])
    engine.dispose()
