"""The reviewers' digest: who gets what, the newly stale window, and the formats."""

from __future__ import annotations

from typing import Any

import pytest
from digest_helpers import NOTE, TODAY, WEEK_AGO, Work, give_work

QUEUE_FIELDS = {"statement", "article", "text", "status", "reason", "due", "assigned_to"}


@pytest.fixture
def work(desk, tmp_path) -> Work:  # type: ignore[no-untyped-def]
    return give_work(desk, tmp_path)


@pytest.fixture
def bare(cli, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """A SQLite workspace with one reviewer: the usage errors need no more."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FACTCHECK_SMTP_PASSWORD", raising=False)
    db = f"sqlite:///{tmp_path / 'bare.db'}"
    cli("--db", db, "reviewer", "add", "drlee", "--name", "Dana Lee")
    return lambda *args: cli("--db", db, "digest", *args, ok=False)


def _digest(desk: Any, *args: str) -> dict[str, Any]:
    return desk.json("digest", "--format", "json", *args)  # type: ignore[no-any-return]


def _of(data: dict[str, Any], handle: str) -> dict[str, Any]:
    [found] = [r for r in data["reviewers"] if r["reviewer"] == handle]
    return found


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["statement"] for i in items]


def test_each_reviewer_gets_their_assigned_due_and_newly_stale_work(desk, work):
    data = _digest(desk)
    assert set(data) == {"as_of", "since", "reviewers"}
    assert (data["as_of"], data["since"]) == (TODAY.isoformat(), WEEK_AGO.isoformat())
    assert [r["reviewer"] for r in data["reviewers"]] == ["drlee", "ked", "sam"]
    lee = _of(data, "drlee")
    assert set(lee) == {"reviewer", "name", "newly_stale", "assigned", "due"}
    assert lee["name"] == "Dana Lee"

    assert set(_ids(lee["newly_stale"])) == {work.retracted, work.reworded}
    for item in lee["newly_stale"]:
        assert set(item) == QUEUE_FIELDS | {"stale_since"}
        assert item["status"] == "stale" and item["stale_since"] == TODAY.isoformat()
    stale = {i["statement"]: i for i in lee["newly_stale"]}
    # Recorded today, though the retraction is dated 2019: news this week all the same.
    assert "retracted on 2019-05-01" in stale[work.retracted]["reason"]
    assert "text changed" in stale[work.reworded]["reason"]

    [assigned] = lee["assigned"]
    assert set(assigned) == QUEUE_FIELDS
    assert assigned["statement"] == work.assigned and assigned["assigned_to"] == "drlee"
    assert assigned["due"] == "2030-01-15" and f"assigned by ked: {NOTE}" in assigned["reason"]

    [due] = lee["due"]
    assert (due["statement"], due["status"], due["assigned_to"]) == (work.overdue, "overdue", None)
    assert due["due"] == "2021-01-01"

    sam = _of(data, "sam")
    assert _ids(sam["assigned"]) == [work.sams] and not sam["due"] and not sam["newly_stale"]
    ked = _of(data, "ked")
    assert ked["newly_stale"] == ked["assigned"] == ked["due"] == []


def test_the_digest_lists_the_queue_each_item_once(desk, work):
    lee = _of(_digest(desk), "drlee")
    listed = _ids(lee["newly_stale"]) + _ids(lee["assigned"]) + _ids(lee["due"])
    queue = desk.json("queue", "--reviewer", "drlee", "--json")
    assert sorted(listed) == sorted(_ids(queue)) and len(set(listed)) == len(listed)


def test_staleness_recorded_before_since_is_due_not_new(desk, work):
    data = _digest(desk, "--since", TODAY.isoformat())
    lee = _of(data, "drlee")
    assert lee["newly_stale"] == []
    assert {i["statement"]: i["status"] for i in lee["due"]} == {
        work.overdue: "overdue",
        work.retracted: "stale",
        work.reworded: "stale",
    }


def test_one_reviewer_only(desk, work):
    data = _digest(desk, "--reviewer", "sam")
    assert [r["reviewer"] for r in data["reviewers"]] == ["sam"]


def test_nothing_to_do(desk, work):
    data = _digest(desk, "--reviewer", "ked")
    assert _of(data, "ked") == {
        "reviewer": "ked", "name": "Kim Ed", "newly_stale": [], "assigned": [], "due": []
    }  # fmt: skip
    text = desk("digest", "--reviewer", "ked").stdout
    assert "Review digest for Kim Ed (ked)" in text
    assert "Nothing assigned, due or newly stale." in text


def test_text_is_plain_and_mail_friendly(desk, work):
    text = desk("digest", "--reviewer", "drlee", "--as-of", TODAY.isoformat()).stdout
    assert text.startswith("Review digest for Dana Lee (drlee)\n")
    headings = [line for line in text.splitlines() if line[:1] not in ("", " ", "*")]
    assert headings[2:] == ["Newly stale (2)", "Assigned to you (1)", "Due again (1)"]
    assert f"* {work.overdue} [overdue, due 1 Jan 2021]" in text
    assert f"* {work.assigned} [unreviewed, due 15 Jan 2030]" in text
    assert NOTE in text  # plain text: nothing escaped
    assert all(len(line) <= 72 for line in text.splitlines() if line.startswith("  "))


def test_html_escapes_what_came_from_notes_and_articles(desk, work):
    html = desk("digest", "--format", "html").stdout
    assert html.startswith("<!doctype html>") and '<html lang="en-GB">' in html
    assert "check the &lt;b&gt;dose&lt;/b&gt; &amp; units" in html
    assert "<b>dose" not in html
    for heading in ("Newly stale (2)", "Assigned to you (1)", "Due again (1)"):
        assert heading in html
    assert html.count("<section>") == 3  # every reviewer, ked's saying there is nothing
    assert "Nothing assigned, due or newly stale." in html


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--send", "--to", "desk@example.org"], "--send needs --smtp URL and --to ADDR"),
        (["--send", "--smtp", "smtp://127.0.0.1:1"], "--send needs --smtp URL and --to ADDR"),
        (["--to", "desk@example.org"], "only go with --send"),
        (["--send", "--smtp", "ftp://mail.example.org", "--to", "a@example.org"],
         "must start smtp://"),
        (["--send", "--smtp", "smtp://mail.example.org:port", "--to", "a@example.org"],
         "bad SMTP URL"),
        (["--send", "--smtp", "smtp://", "--to", "a@example.org"], "no server name"),
        (["--send", "--smtp", "smtps://u:s3cret@mail.example.org/x", "--to", "a@example.org"],
         "nothing may follow"),
        (["--send", "--smtp", "smtp://u:s3cret@mail.example.org", "--to", "a@example.org"],
         "password in clear"),
        (["--send", "--smtp", "smtps://u@mail.example.org", "--to", "a@example.org"],
         "FACTCHECK_SMTP_PASSWORD"),
        (["--send", "--smtp", "smtp://127.0.0.1:1", "--to", "nobody"], "--to 'nobody'"),
        (["--send", "--smtp", "smtp://127.0.0.1:1", "--to", "a@example.org, b@example.org"],
         "not one mail address"),
        (["--send", "--smtp", "smtp://127.0.0.1:1", "--to", "a@example.org", "--from", "me"],
         "--from 'me'"),
        (["--send", "--smtp", "smtp://127.0.0.1:1", "--to", "a@example.org", "--format",
          "html"], "leave out --format"),
        (["--since", "2030-01-01"], "is after --as-of"),
        (["--since", "last week"], "--since date"),
        (["--format", "pdf"], "unknown --format"),
        (["--reviewer", "nobody"], "unknown reviewer"),
    ],
)  # fmt: skip
def test_bad_options_are_one_line_and_exit_2(bare, args, complaint):
    result = bare(*args)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("factcheck: error: ") and complaint in line
    assert "s3cret" not in line and "Traceback" not in result.stderr


def test_a_bad_sender_in_the_settings_is_named(bare, tmp_path):
    (tmp_path / "factcheck.toml").write_text('[mail]\nfrom = "the desk"\n')
    result = bare("--send", "--smtp", "smtp://127.0.0.1:1", "--to", "a@example.org")
    assert result.exit_code == 2 and "[mail] from 'the desk'" in result.stderr
