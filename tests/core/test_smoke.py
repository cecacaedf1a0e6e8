"""The core workflow end to end through the CLI, on the example article."""

from __future__ import annotations


def test_reviewed_article_is_current_and_signed_off(cli, reviewed) -> None:
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2019-01-01")
    assert shown["reviewed"] == "2018-08-08"
    assert shown["reviewed_by"] == "Dana Lee"
    cw = [s for s in shown["statements"] if s["checkworthy"]]
    # time-relative statements come due after 6 months, the rest after 12.
    aging = any("time-relative" in s["kinds"] for s in cw)
    assert shown["next_review_due"] == ("2019-02-08" if aging else "2019-08-08")
    assert cw and all(s["status"] == "current" for s in cw)


def test_postgres_round_trip(cli, pg_url, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    cli("--db", pg_url, "reviewer", "add", "drlee", "--name", "Dana Lee")
    assert cli.json("--db", pg_url, "reviewer", "list", "--json")[0]["handle"] == "drlee"
