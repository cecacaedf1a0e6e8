"""Due dates: the policy as pure functions, and ``due`` as a reviewer sees it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from factcheck.due import CSV_FIELDS
from factcheck.schedule import StatementFacts, VerdictFact, interval_rule, standing
from factcheck.settings import Interval, Settings

# --- pure functions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "due"),
    [
        ("12 months", date(2024, 2, 29), date(2025, 2, 28)),  # month-end clamp
        ("1 month", date(2024, 1, 31), date(2024, 2, 29)),
        ("1 month", date(2023, 1, 31), date(2023, 2, 28)),
        ("6 months", date(2018, 8, 31), date(2019, 2, 28)),
        ("1 year", date(2024, 2, 29), date(2025, 2, 28)),
        ("90 days", date(2018, 8, 8), date(2018, 11, 6)),
        ("2 weeks", date(2018, 12, 25), date(2019, 1, 8)),
        ("0 days", date(2018, 8, 8), date(2018, 8, 8)),
    ],
)
def test_interval_arithmetic(text, start, due):
    assert Interval.parse(text).after(start) == due


@pytest.mark.parametrize("bad", ["soon", "12", "months", "-1 days", "1.5 months", "12 moons"])
def test_bad_intervals(bad):
    with pytest.raises(ValueError):
        Interval.parse(bad)


def _facts(verdict="supported", on=date(2024, 2, 29), kinds=(), sources=(), topic=None):  # type: ignore[no-untyped-def]
    v = VerdictFact(verdict, "drlee", on, datetime(2024, 3, 1, tzinfo=UTC))
    return StatementFacts(True, tuple(kinds), topic, v, source_kinds=tuple(sources))


def test_default_interval_is_twelve_months_with_clamp():
    s = standing(_facts(), Settings(), date(2025, 2, 28))
    assert (s.status, s.due, s.reason) == ("due", date(2025, 2, 28), "interval")
    assert standing(_facts(), Settings(), date(2025, 2, 27)).status == "current"
    assert standing(_facts(), Settings(), date(2025, 3, 1)).status == "overdue"


def test_most_specific_rule_wins_and_shortest_at_a_level():
    topic = Settings(topics={"depression": Interval.parse("24 months")})
    # statement level (claim kind) beats the topic, even where the topic is longer
    assert interval_rule(_facts(kinds=["time-relative"], topic="depression"), topic).reason == (
        "time-relative"
    )
    assert interval_rule(_facts(topic="depression"), topic).reason == "topic"
    # two statement-level rules: the shorter wins
    rule = interval_rule(_facts("unverifiable", kinds=["time-relative"]), Settings())
    assert (rule.reason, str(rule.interval)) == ("verdict-unverifiable", "3 months")
    # a press release beside a paper does not shorten the paper's interval
    assert interval_rule(_facts(sources=["press-release", "paper"]), Settings()).reason == (
        "interval"
    )
    assert interval_rule(_facts(sources=["press-release"]), Settings()).reason == "source-kind"


def test_unreviewed_and_needs_correction():
    never = StatementFacts(True, (), None, None)
    assert standing(never, Settings(), date(2019, 1, 1)).reason == "never-reviewed"
    s = standing(_facts("contradicted"), Settings(), date(2024, 3, 1))
    assert (s.status, s.reason) == ("needs-correction", "verdict-contradicted")


# --- through the CLI ---------------------------------------------------------------------


def _due(cli, as_of, *extra):  # type: ignore[no-untyped-def]
    return cli.json("due", "--as-of", as_of, "--format", "json", *extra)


def test_contract_due_dates_for_the_reviewed_article(cli, reviewed):
    cw = reviewed["checkworthy"]
    aging = {s["id"] for s in cw if "time-relative" in s["kinds"]}
    assert aging  # the example article has time-relative statements
    assert _due(cli, "2019-01-01") == []
    soon = _due(cli, "2019-01-01", "--within", "40")
    assert {d["statement"] for d in soon} == aging
    assert {(d["due"], d["reason"], d["status"]) for d in soon} == {
        ("2019-02-08", "time-relative", "current")
    }
    later = _due(cli, "2019-08-09")
    assert {d["statement"] for d in later} == {s["id"] for s in cw}
    assert all(d["status"] == "overdue" for d in later)
    by_id = {d["statement"]: d for d in later}
    for s in cw:
        expected = (
            ("2019-02-08", "time-relative") if s["id"] in aging else ("2019-08-08", "interval")
        )
        assert (by_id[s["id"]]["due"], by_id[s["id"]]["reason"]) == expected
    assert set(later[0]) >= {"statement", "article", "text", "due", "status", "reason"}
    assert _due(cli, "2019-08-08", "--topic", "other") == []
    assert len(_due(cli, "2019-08-09", "--reviewer", "drlee")) == len(cw)
    assert _due(cli, "2019-08-09", "--reviewer", "srivera") == []


def test_verdict_on_leap_day_falls_due_at_end_of_february(cli, reviewed):
    plain = next(s for s in reviewed["checkworthy"] if not s["kinds"] or
                 not {"time-relative"} & set(s["kinds"]))  # fmt: skip
    cli("verdict", plain["id"], "supported", "--reviewer", "drlee", "--date", "2024-02-29")
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2025-02-27")
    st = next(s for s in shown["statements"] if s["id"] == plain["id"])
    assert (st["due"], st["status"]) == ("2025-02-28", "current")
    assert plain["id"] not in {d["statement"] for d in _due(cli, "2025-02-27")}
    item = next(d for d in _due(cli, "2025-02-28") if d["statement"] == plain["id"])
    assert (item["status"], item["due"], item["reason"]) == ("due", "2025-02-28", "interval")


def test_settings_change_the_schedule(cli, reviewed, workspace):
    config = workspace / "factcheck.toml"
    text = config.read_text().replace('time-relative = "6 months"', 'time-relative = "12 months"')
    config.write_text(text.replace('# depression = "12 months"', 'depression = "3 months"'))
    due = _due(cli, "2018-11-09")  # 3 months on, the topic rule has come due
    cw = reviewed["checkworthy"]
    plain = {s["id"] for s in cw if "time-relative" not in s["kinds"]}
    # the statement's own claim-kind rule (now 12 months) beats the shorter topic rule
    assert {d["statement"] for d in due} == plain
    assert {(d["due"], d["reason"]) for d in due} == {("2018-11-08", "topic")}


def test_never_reviewed_listed_and_all_formats(cli, reviewed, workspace):
    (workspace / "second.txt").write_text(
        "Second Story\n\nAbout 30 percent of patients relapse within a year of treatment.\n"
    )
    cli("article", "add", "second.txt", "--slug", "second")
    items = _due(cli, "2019-08-09")
    never = [d for d in items if d["article"] == "second"]
    assert never and all(
        (d["status"], d["reason"], d["due"]) == ("unreviewed", "never-reviewed", None)
        for d in never
    )
    rows = list(csv.DictReader(io.StringIO(
        cli("due", "--as-of", "2019-08-09", "--format", "csv").stdout)))  # fmt: skip
    # The same list, field for field (CSV writes None as an empty cell).
    assert rows == [{k: d[k] or "" for k in CSV_FIELDS} for d in items]
    ics = cli("due", "--as-of", "2019-08-09", "--format", "ics").stdout
    assert ics.startswith("BEGIN:VCALENDAR") and ics.count("BEGIN:VEVENT") >= 2
    # One event per article, past-due work on the day asked.
    assert ics.count("BEGIN:VEVENT") == ics.count("DTSTART;VALUE=DATE:20190809") == 2
    table = cli("due", "--as-of", "2019-08-09", "--format", "table").stdout
    assert "overdue" in table and "never reviewed" in table
    quiet = cli("due", "--as-of", "2019-01-01", "--format", "table")
    assert "second:" in quiet.stdout and "ketamine:" not in quiet.stdout


def test_bad_due_options(cli, reviewed, user_error):
    user_error(cli("due", "--as-of", "2019-02-30", ok=False), "2019-02-30")
    user_error(cli("due", "--format", "xml", ok=False), "xml")
