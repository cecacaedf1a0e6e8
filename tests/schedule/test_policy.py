"""Review policy from factcheck.toml: which interval applies, by level, and bad files."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sched_helpers import (
    ARTICLE,
    DOI,
    PLAIN,
    TIME_RELATIVE,
    assert_user_error,
    by_id,
    due,
    set_policy,
)

from factcheck.errors import SettingsError
from factcheck.schedule import StatementFacts, VerdictFact, interval_rule, standing
from factcheck.settings import Interval, Settings, load_settings

# --- pure functions ----------------------------------------------------------------------


def facts(verdict="supported", on=date(2018, 8, 8), kinds=(), sources=(), topic=None):  # type: ignore[no-untyped-def]
    v = VerdictFact(verdict, "drlee", on, datetime(2018, 8, 8, 12, tzinfo=UTC))
    return StatementFacts(True, tuple(kinds), topic, v, source_kinds=tuple(sources))


@pytest.mark.parametrize(
    ("interval", "start", "expected"),
    [
        ("12 months", date(2024, 2, 29), date(2025, 2, 28)),
        ("1 year", date(2024, 2, 29), date(2025, 2, 28)),
        ("48 months", date(2024, 2, 29), date(2028, 2, 29)),
        ("6 months", date(2024, 8, 31), date(2025, 2, 28)),
        ("1 month", date(2024, 1, 31), date(2024, 2, 29)),
        ("0 days", date(2024, 2, 29), date(2024, 2, 29)),
    ],
)
def test_month_arithmetic_clamps_to_month_end(interval, start, expected):
    assert Interval.parse(interval).after(start) == expected


def test_leap_day_review_falls_due_on_28_february():
    s = Settings()
    f = facts(on=date(2024, 2, 29))
    assert standing(f, s, date(2025, 2, 27)).status == "current"
    assert standing(f, s, date(2025, 2, 28)).status == "due"
    assert standing(f, s, date(2025, 2, 28)).due == date(2025, 2, 28)
    assert standing(f, s, date(2025, 3, 1)).status == "overdue"


def test_each_level_wins_over_the_ones_below():
    s = Settings(
        interval=Interval.parse("24 months"),
        topics={"depression": Interval.parse("18 months")},
        source_intervals={"press-release": Interval.parse("9 months")},
        kind_intervals={"time-relative": Interval.parse("20 months")},
    )
    assert interval_rule(facts(), s).reason == "interval"
    assert interval_rule(facts(topic="depression"), s).reason == "topic"
    both = facts(topic="depression", sources=["press-release"])
    assert interval_rule(both, s).reason == "source-kind"
    # the statement level wins even where its interval is the longer one
    all_levels = facts(topic="depression", sources=["press-release"], kinds=["time-relative"])
    rule = interval_rule(all_levels, s)
    assert (rule.reason, str(rule.interval)) == ("time-relative", "20 months")


def test_shortest_wins_at_one_level():
    s = Settings(
        verdict_intervals={"partly-supported": Interval.parse("4 months")},
        kind_intervals={
            "time-relative": Interval.parse("6 months"),
            "quote": Interval.parse("2 months"),
        },
        source_intervals={
            "press-release": Interval.parse("6 months"),
            "news": Interval.parse("3 months"),
        },
    )
    rule = interval_rule(facts("partly-supported", kinds=["time-relative"]), s)
    assert rule.reason == "verdict-partly-supported"
    rule = interval_rule(facts("partly-supported", kinds=["time-relative", "quote"]), s)
    assert (rule.reason, str(rule.interval)) == ("quote", "2 months")
    rule = interval_rule(facts(sources=["press-release", "news"]), s)
    assert (rule.reason, str(rule.interval)) == ("source-kind", "3 months")
    assert "news" in rule.why


def test_source_rule_needs_every_source_to_have_one():
    s = Settings(topics={"depression": Interval.parse("18 months")})
    assert interval_rule(facts(sources=["press-release"]), s).reason == "source-kind"
    assert interval_rule(facts(sources=["press-release", "paper"]), s).reason == "interval"
    mixed = facts(sources=["paper", "press-release"], topic="depression")
    assert interval_rule(mixed, s).reason == "topic"
    assert interval_rule(facts(sources=[]), s).reason == "interval"


def test_shortest_is_judged_by_the_real_dates():
    """ "1 month" and "30 days" at one level: from 1 March the 30 days end first."""
    s = Settings(
        verdict_intervals={"unverifiable": Interval.parse("30 days")},
        kind_intervals={"time-relative": Interval.parse("1 month")},
    )
    march = standing(
        facts("unverifiable", date(2024, 3, 1), ["time-relative"]), s, date(2024, 3, 2)
    )
    assert march.due == date(2024, 3, 31)
    jan = standing(facts("unverifiable", date(2024, 1, 31), ["time-relative"]), s, date(2024, 2, 1))
    assert jan.due == date(2024, 2, 29)


def test_zero_days_is_due_at_once():
    s = Settings(verdict_intervals={"unverifiable": Interval.parse("0 days")})
    on = standing(facts("unverifiable"), s, date(2018, 8, 8))
    assert (on.status, on.due, on.reason) == ("due", date(2018, 8, 8), "verdict-unverifiable")
    assert standing(facts("unverifiable"), s, date(2018, 8, 9)).status == "overdue"
    # outdated says the article is wrong: it needs a correction, not just a re-review
    outdated = standing(facts("outdated"), Settings(), date(2018, 8, 8))
    assert (outdated.status, outdated.due) == ("needs-correction", date(2018, 8, 8))


@pytest.mark.parametrize(
    ("body", "key", "line"),
    [
        ('[review]\ninterval = "12 moons"\n', "review.interval", 5),
        ("[review]\ninterval = 12\n", "review.interval", 5),
        (
            '[review.topics]\nheart = "6 months"\ndepression = "soon"\n',
            "review.topics.depression",
            6,
        ),
        ('[review.verdicts]\n\n\noutdated = "-1 days"\n', "review.verdicts.outdated", 7),
        ('[review.sources]\npress-release = "half a year"\n', "review.sources.press-release", 5),
        ('[review]\nkinds = "weekly"\n', "review.kinds", 5),
        ('[verdicts.supported]\nrating = "five"\n', "verdicts.supported.rating", 5),
    ],
)
def test_bad_settings_name_key_and_line(tmp_path: Path, body, key, line):
    path = tmp_path / "factcheck.toml"
    path.write_text('[database]\nurl = "sqlite:///x.db"\n\n' + body, encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(path)
    assert f"{path}:{line}: {key}:" in str(err.value)


def test_toml_syntax_error_names_the_line(tmp_path: Path):
    path = tmp_path / "factcheck.toml"
    path.write_text('[review]\ninterval = "12 months\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="line 2"):
        load_settings(path)


# --- through the CLI -----------------------------------------------------------------------


def test_default_and_time_relative_intervals(cli, reviewed):
    items = by_id(due(cli, "2019-08-08"))
    for sid in TIME_RELATIVE:
        assert (items[sid]["due"], items[sid]["status"], items[sid]["reason"]) == (
            "2019-02-08",
            "overdue",
            "time-relative",
        )
    for sid in PLAIN:
        assert (items[sid]["due"], items[sid]["status"], items[sid]["reason"]) == (
            "2019-08-08",
            "due",
            "interval",
        )


def test_topic_rule_from_the_settings_file(cli, reviewed, workspace):
    set_policy(workspace, '[review.topics]\ndepression = "3 months"\n')
    items = by_id(due(cli, "2018-11-08"))
    assert {sid: items[sid]["reason"] for sid in PLAIN} == dict.fromkeys(PLAIN, "topic")
    assert {items[sid]["due"] for sid in PLAIN} == {"2018-11-08"}
    assert not set(TIME_RELATIVE) & set(items)  # time-relative: statement level, 6 months
    assert due(cli, "2018-11-08", "--topic", "heart") == []


def test_verdict_rules_from_the_settings_file(cli, reviewed, workspace):
    set_policy(
        workspace, '[review.verdicts]\nunverifiable = "0 days"\npartly-supported = "2 weeks"\n'
    )
    cli("verdict", "ketamine:2", "unverifiable", "--reviewer", "drlee", "--date", "2018-09-03")
    cli("verdict", "ketamine:3", "partly-supported", "--reviewer", "drlee", "--date", "2018-09-03")
    cli("verdict", "ketamine:4", "outdated", "--reviewer", "drlee", "--date", "2018-09-03")
    items = by_id(due(cli, "2018-09-03"))
    assert (items["ketamine:2"]["status"], items["ketamine:2"]["due"]) == ("due", "2018-09-03")
    assert items["ketamine:2"]["reason"] == "verdict-unverifiable"
    assert "ketamine:3" not in items
    assert items["ketamine:4"]["status"] == "needs-correction"
    assert items["ketamine:4"]["reason"] == "verdict-outdated"
    later = by_id(due(cli, "2018-09-17"))
    assert (later["ketamine:3"]["status"], later["ketamine:3"]["due"]) == ("due", "2018-09-17")


def test_press_release_rule_only_when_every_source_is_one(cli, workspace):
    cli("reviewer", "add", "drlee", "--name", "Dana Lee")
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")
    release = cli.json(
        "source",
        "add",
        "--url",
        "https://news.example.edu/ketamine",
        "--kind",
        "press-release",
        "--title",
        "Yale press release",
        "--json",
    )
    paper = cli.json("source", "add", "--doi", DOI, "--kind", "paper", "--json")
    cli("link", "ketamine:3", release["id"])
    cli("link", "ketamine:4", release["id"])
    cli("link", "ketamine:4", paper["id"])
    for sid in ("ketamine:3", "ketamine:4"):
        cli("verdict", sid, "supported", "--reviewer", "drlee", "--date", "2018-08-08")
    items = by_id(due(cli, "2019-08-08"))
    assert (items["ketamine:3"]["due"], items["ketamine:3"]["reason"]) == (
        "2019-02-08",
        "source-kind",
    )
    assert (items["ketamine:4"]["due"], items["ketamine:4"]["reason"]) == ("2019-08-08", "interval")
    set_policy(workspace, '[review.sources]\npress-release = "1 month"\n')
    assert by_id(due(cli, "2018-09-08"))["ketamine:3"]["status"] == "due"


def test_leap_day_review_through_the_cli(cli, reviewed):
    cli("verdict", "ketamine:3", "supported", "--reviewer", "drlee", "--date", "2024-02-29")
    assert "ketamine:3" not in by_id(due(cli, "2025-02-27"))
    item = by_id(due(cli, "2025-02-28"))["ketamine:3"]
    assert (item["due"], item["status"], item["reason"]) == ("2025-02-28", "due", "interval")
    assert by_id(due(cli, "2025-03-01"))["ketamine:3"]["status"] == "overdue"


@pytest.mark.parametrize("command", [("due",), ("check",), ("article", "show", "ketamine")])
def test_bad_settings_file_is_one_clear_error(cli, reviewed, workspace, command):
    set_policy(workspace, '[review.topics]\ndepression = "fortnightly"\n')
    result = cli(*command, "--as-of", "2019-01-01", ok=False)
    assert_user_error(result, "review.topics.depression", "factcheck.toml:5")
