"""Correcting the record: every correction is a new event, and a withdrawn event
leaves no trace in anything derived from the record."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"
DOI = "10.1126/science.1190287"

AS_OF = "2019-03-01"


def _facts(cli) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Everything derived from the record, without ids, hashes or recorded times."""
    show = cli.json("article", "show", "ketamine", "--json", "--as-of", AS_OF)
    report = json.loads(
        cli("report", "ketamine", "--format", "json", "--out", "-", "--as-of", AS_OF).stdout
    )
    for key in ("history", "corrections", "retired", "revisions", "ledger_head"):
        report.pop(key, None)
    return {
        "show": show,
        "due": cli.json("due", "--as-of", AS_OF, "--format", "json"),
        "check": cli("check", "--as-of", AS_OF, "--format", "json", ok=False).stdout,
        "list": cli.json("article", "list", "--json", "--as-of", AS_OF),
        "badge": cli("badge", "ketamine", "--format", "text", "--as-of", AS_OF, ok=False).stdout,
        "report": report,
        "source": cli.json("source", "list", "--json"),
    }


def _history(cli, ref: str = "ketamine") -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return cli.json("history", ref, "--json")


def _last(cli, kind: str, ref: str = "ketamine") -> str:  # type: ignore[no-untyped-def]
    return next(e["event"] for e in reversed(_history(cli, ref)) if e["kind"] == kind)


def _mistakes() -> dict[str, Callable]:  # type: ignore[type-arg]
    """An event entered in error, by kind: each returns the id `withdraw` takes."""

    def verdict(cli, r):  # type: ignore[no-untyped-def]
        cli("verdict", r["checkworthy"][0]["id"], "misleading", "--reviewer", "drlee",
            "--date", "2018-09-01")  # fmt: skip
        return _last(cli, "verdict")

    def link(cli, r):  # type: ignore[no-untyped-def]
        cli("link", r["checkworthy"][0]["id"], r["paper"]["id"], "--relation", "contradicts")
        return _last(cli, "link")

    def source_status(cli, r):  # type: ignore[no-untyped-def]
        cli("source", "status", r["paper"]["id"], "retracted", "--date", "2018-10-01")
        return _last(cli, "source-status")

    def signoff(cli, r):  # type: ignore[no-untyped-def]
        cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2018-12-01")
        return _last(cli, "signoff")

    def mark(cli, r):  # type: ignore[no-untyped-def]
        unreviewed = next(s["id"] for s in r["article"]["statements"] if not s["checkworthy"])
        cli("statement", "mark", unreviewed, "checkworthy", "--reviewer", "drlee",
            "--date", "2018-09-01")  # fmt: skip
        return _last(cli, "mark")

    return {"verdict": verdict, "link": link, "source-status": source_status,
            "signoff": signoff, "mark": mark}  # fmt: skip


@pytest.mark.parametrize("kind", list(_mistakes()))
def test_a_withdrawn_event_leaves_no_trace_in_derived_facts(cli, reviewed, kind):
    clean = _facts(cli)
    event = _mistakes()[kind](cli, reviewed)
    assert _facts(cli) != clean  # the mistake did change something
    cli("withdraw", event, "--note", "entered in error", "--reviewer", "drlee")
    assert _facts(cli) == clean
    # …and history keeps both the original and the correction
    history = _history(cli)
    original = next(e for e in history if e["event"] == event)
    correction = next(e for e in history if e["kind"] == "withdraw")
    assert original["withdrawn_by"] == correction["event"]
    assert (correction["withdraws"], correction["note"], correction["reviewer"]) == (
        event, "entered in error", "drlee")  # fmt: skip


def test_withdrawing_a_mistaken_retraction_is_not_the_same_as_recording_active(cli, reviewed):
    paper, sid = reviewed["paper"]["id"], reviewed["checkworthy"][0]["id"]
    cli("source", "status", paper, "retracted", "--date", "2018-10-01")
    retracted = _last(cli, "source-status")
    cli("source", "status", paper, "active", "--date", "2018-10-02")

    def status() -> str:
        shown = cli.json("article", "show", "ketamine", "--json", "--as-of", AS_OF)
        return next(s["status"] for s in shown["statements"] if s["id"] == sid)

    assert status() == "stale"  # `active` after the fact does not undo a retraction
    cli("withdraw", retracted, "--note", "wrong DOI matched", "--reviewer", "drlee")
    assert status() == "current"


def test_withdrawn_verdict_no_longer_stands_and_the_one_before_it_does(cli, reviewed):
    sid = reviewed["checkworthy"][0]["id"]
    cli("verdict", sid, "misleading", "--reviewer", "drlee", "--date", "2018-09-01")
    cli("withdraw", _last(cli, "verdict", sid), "--note", "wrong statement", "--reviewer",
        "drlee")  # fmt: skip
    cli("verdict", sid, "partly-supported", "--reviewer", "drlee", "--date", "2018-09-02")
    verdicts = [e for e in _history(cli, sid) if e["kind"] == "verdict"]
    # the new verdict supersedes the standing one, never the withdrawn one
    assert verdicts[2]["supersedes"] == int(verdicts[0]["event"].split(":")[1])


def test_a_withdrawn_signoff_backs_nothing(cli, reviewed):
    """The gate and the box read live sign-offs only: with the only one withdrawn, the
    article was never signed off, and the page's own "reviewed" claim is unbacked."""
    cli("withdraw", _last(cli, "signoff"), "--note", "signed the wrong article",
        "--reviewer", "drlee")  # fmt: skip
    shown = cli.json("article", "show", "ketamine", "--json")
    assert shown["reviewed"] is None and shown["reviewed_by"] is None
    gate = json.loads(cli("check", "--as-of", "2018-09-01", "--format", "json", ok=False).stdout)
    assert [f["message"] for f in gate["findings"]] == [
        "the page claims a review on 2018-08-08 that our records don't back "
        "(latest sign-off: no sign-off)"
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["verdict:999", "--note", "x"], ["verdict:999"]),
        (["revision:1", "--note", "x"], ["revision:1", "verdict"]),
        (["ketamine:3", "--note", "x"], ["ketamine:3"]),
        (["verdict:1", "--note", "  "], ["--note"]),
        (["verdict:1", "--note", "x", "--reviewer", "nobody"], ["nobody"]),
        (["verdict:1"], ["--note"]),
    ],
)
def test_bad_withdrawal_refused(cli, reviewed, workspace, user_error, dump, args, words):
    before = dump(workspace / "factcheck.db")
    who = [] if "--reviewer" in args else ["--reviewer", "drlee"]
    user_error(cli("withdraw", *args, *who, ok=False), *words)
    assert dump(workspace / "factcheck.db") == before


def test_an_event_is_withdrawn_once(cli, reviewed, workspace, user_error, dump):
    event = _last(cli, "verdict")
    cli("withdraw", event, "--note", "mistake", "--reviewer", "drlee")
    before = dump(workspace / "factcheck.db")
    user_error(cli("withdraw", event, "--note", "again", "--reviewer", "drlee", ok=False),
               "already withdrawn")  # fmt: skip
    assert dump(workspace / "factcheck.db") == before


def test_edits_are_events_with_old_and_new_values(cli, reviewed, workspace):
    db = workspace / "factcheck.db"
    cli("article", "edit", "ketamine", "--url", "https://example.org/ketamine", "--title",
        "Ketamine, hours later", "--reviewer", "drlee")  # fmt: skip
    cli("reviewer", "edit", "drlee", "--name", "Dana K. Lee", "--credentials", "MD, PhD")
    cli("source", "edit", reviewed["paper"]["id"], "--published", "2010-08", "--reviewer",
        "drlee")  # fmt: skip
    shown = cli.json("article", "show", "ketamine", "--json")
    assert (shown["url"], shown["title"]) == ("https://example.org/ketamine",
                                              "Ketamine, hours later")  # fmt: skip
    assert shown["reviewed_by"] == "Dana K. Lee"
    assert cli.json("source", "show", DOI, "--json")["published"] == "2010-08"
    edits = [(e["subject"], e["field"], e["old_value"], e["new_value"])
             for e in _history(cli) if e["kind"] == "edit"]  # fmt: skip
    assert edits == [
        ("article", "title", "How Ketamine Lifts Depression Within Hours", "Ketamine, hours later"),
        ("article", "url", None, "https://example.org/ketamine"),
        ("reviewer", "name", "Dana Lee", "Dana K. Lee"),
        ("reviewer", "credentials", "PhD, scientific advisory board", "MD, PhD"),
        ("source", "published", "2010-08-20", "2010-08"),
    ]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM correction").fetchone()[0] == 5
    conn.close()
    # the edit is in the audit report's corrections log, with who and when
    md = cli("report", "ketamine", "--format", "md", "--out", "-").stdout
    log = md.split("## Corrections")[1].split("## History")[0]
    assert "corrected the article's url: (none) → “https://example.org/ketamine”" in log
    assert "by Dana K. Lee" in log
    data = json.loads(cli("report", "ketamine", "--format", "json", "--out", "-").stdout)
    assert [c["kind"] for c in data["corrections"]] == ["edit"] * 5


def test_claimreview_points_at_article_edit_and_then_works(cli, reviewed, workspace, user_error):
    toml = workspace / "factcheck.toml"
    toml.write_text(toml.read_text().replace('# name = "Example Health"', 'name = "Example"'))
    result = cli("report", "ketamine", "--format", "claimreview", "--out", "-", ok=False)
    user_error(result, "factcheck article edit ketamine --url")
    cli("article", "edit", "ketamine", "--url", "https://example.org/ketamine")
    cli("report", "ketamine", "--format", "claimreview", "--out", "-")


@pytest.mark.parametrize(
    "args",
    [
        ["article", "edit", "ketamine"],
        ["article", "edit", "ketamine", "--url", "javascript:alert(1)"],
        ["article", "edit", "ketamine", "--title", " "],
        ["article", "edit", "nope", "--title", "T"],
        ["source", "edit", "src-00000000", "--title", "T"],
        ["source", "edit", DOI, "--published", "2010-13"],
        ["source", "edit", DOI, "--kind", "rumour"],
        ["source", "edit", DOI, "--doi", "not-a-doi"],
        ["reviewer", "edit", "drlee", "--role", "king"],
        ["reviewer", "edit", "nobody", "--name", "N"],
        ["reviewer", "edit", "drlee"],
        ["article", "retire", "ketamine", "--note", "", "--reviewer", "drlee"],
        ["article", "retire", "ketamine", "--note", "x"],
    ],
)
def test_bad_edit_refused(cli, reviewed, workspace, user_error, dump, args):
    before = dump(workspace / "factcheck.db")
    user_error(cli(*args, ok=False))
    assert dump(workspace / "factcheck.db") == before


def test_a_retired_article_leaves_due_check_and_dashboard_and_says_so(cli, reviewed, tmp_path):
    late = "2030-01-01"
    assert cli.json("due", "--as-of", late, "--format", "json")
    assert cli("check", "--as-of", late, ok=False).exit_code == 1
    cli("article", "retire", "ketamine", "--note", "page taken down", "--reviewer", "drlee")
    assert cli.json("due", "--as-of", late, "--format", "json") == []
    assert cli("check", "--as-of", late).exit_code == 0
    cli("report", "--all", "--format", "md", "--out", str(tmp_path / "site"), "--as-of", late)
    assert "ketamine" not in (tmp_path / "site" / "index.md").read_text()
    page = (tmp_path / "site" / "ketamine.md").read_text()
    assert "**Retired**" in page and "page taken down" in page
    assert cli.json("article", "show", "ketamine", "--json")["retired"] is True
    # withdrawing the retirement brings it back
    cli("withdraw", _last(cli, "retire"), "--note", "page is back", "--reviewer", "drlee")
    assert cli.json("due", "--as-of", late, "--format", "json")
    assert cli.json("article", "show", "ketamine", "--json")["retired"] is False


def test_corrections_survive_export_and_import_exactly(cli, reviewed, workspace, monkeypatch):
    cli("source", "status", reviewed["paper"]["id"], "retracted", "--date", "2018-10-01")
    cli("withdraw", _last(cli, "source-status"), "--note", "wrong DOI", "--reviewer", "drlee")
    cli("verdict", reviewed["checkworthy"][0]["id"], "misleading", "--reviewer", "drlee",
        "--date", "2018-09-01")  # fmt: skip
    cli("withdraw", _last(cli, "verdict"), "--note", "wrong statement", "--reviewer", "drlee")
    cli("article", "edit", "ketamine", "--url", "https://example.org/k")
    cli("source", "edit", DOI, "--published", "2010")
    cli("reviewer", "edit", "drlee", "--credentials", "MD")
    cli("article", "retire", "ketamine", "--note", "gone", "--reviewer", "drlee")
    cli("withdraw", _last(cli, "retire"), "--note", "back", "--reviewer", "drlee")
    cli("export", "--all", "--out", "out")
    facts = _facts(cli)
    bundle = yaml.safe_load((workspace / "out" / "ketamine.yaml").read_text())
    kinds = [e["event"] for e in bundle["events"]]
    assert kinds.count("withdraw") == 3 and kinds.count("edit") == 3
    fresh = workspace / "fresh"
    fresh.mkdir()
    monkeypatch.chdir(fresh)
    cli("init")
    cli("import", str(workspace / "out"))
    assert _facts(cli) == facts
    cli("export", "--all", "--out", "again")
    again = (fresh / "again" / "ketamine.yaml").read_text()
    first = (workspace / "out" / "ketamine.yaml").read_text()
    # the same items, hashes and seal; only the ledger it came from (named last) differs
    assert again.split("\nledger:\n")[0] == first.split("\nledger:\n")[0]
    assert again.split("  seal: ")[1] == first.split("  seal: ")[1]
    assert "unchanged" in cli("import", str(workspace / "out")).stderr
    assert "intact" in cli("ledger", "verify").stdout


def test_reimporting_the_same_file_is_refused_or_a_no_op(cli, workspace, user_error, dump):
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")
    before = dump(workspace / "factcheck.db")
    user_error(cli("article", "add", str(ARTICLE), ok=False), "ketamine", "identical")
    user_error(cli("article", "add", str(ARTICLE), "--slug", "other", ok=False), "ketamine")
    assert dump(workspace / "factcheck.db") == before
    result = cli("article", "update", "ketamine", str(ARTICLE))
    assert "identical to revision 1; nothing recorded" in result.stderr
    out = cli.json("article", "update", "ketamine", str(ARTICLE), "--json")
    assert out["revision"] == 1 and out["recorded"] is False and not out["changed"]
    assert dump(workspace / "factcheck.db") == before


def test_an_article_changed_back_is_not_a_reimport(cli, workspace, tmp_path):
    """Only the *current* text is refused: an old revision's text is a new import."""
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")
    v2 = tmp_path / "v2.txt"
    v2.write_text(Path(ARTICLE).read_text() + "\nA new closing sentence was added here.\n")
    cli("article", "update", "ketamine", str(v2))
    cli("article", "add", str(ARTICLE), "--slug", "copy")


def test_a_signoff_before_publication_is_refused(cli, reviewed, workspace, user_error, dump):
    before = dump(workspace / "factcheck.db")
    result = cli("signoff", "ketamine", "--reviewer", "drlee", "--date", "2009-12-31",
                 ok=False)  # fmt: skip
    user_error(result, "2009-12-31", "published")
    assert dump(workspace / "factcheck.db") == before


@pytest.mark.parametrize(
    ("published", "shown"), [("2019", "2019"), ("2019-03", "2019-03"), ("2019-03-14", "2019-03-14")]
)
def test_a_source_date_is_as_precise_as_the_source(cli, workspace, published, shown):
    src = cli.json("source", "add", "--title", "A report", "--published", published, "--json")
    assert src["published"] == shown
    assert cli.json("source", "show", src["id"], "--json")["published"] == shown


@pytest.mark.parametrize(
    "args",
    [
        ["source", "add", "--title", "T", "--published", "20190314"],
        ["source", "add", "--title", "T", "--published", "2019-13"],
        ["source", "add", "--title", "T", "--published", "2019-W01-1"],
        ["source", "add", "--title", "T", "--published", "19"],
        ["due", "--as-of", "20240101"],
        ["due", "--as-of", "2024-W01-1"],
        ["due", "--as-of", "2024"],
        ["source", "status", "src-00000000", "retracted", "--date", "2024-01"],
    ],
)
def test_dates_are_strict(cli, workspace, user_error, dump, args):
    before = dump(workspace / "factcheck.db")
    user_error(cli(*args, ok=False), args[-1])
    assert dump(workspace / "factcheck.db") == before


def test_corrections_on_each_database(cli, db_url, tmp_path, monkeypatch):
    """Withdrawals, the standing rule and edits give the same answers on SQLite and
    PostgreSQL (NOT IN over the withdrawn ids, a window function for standing)."""
    monkeypatch.chdir(tmp_path)
    db = ("--db", db_url)
    cli(*db, "reviewer", "add", "drlee", "--name", "Dana Lee")
    art = cli.json(*db, "article", "add", str(ARTICLE), "--slug", "ketamine", "--json")
    sid = next(s["id"] for s in art["statements"] if s["checkworthy"])
    paper = cli.json(*db, "source", "add", "--doi", DOI, "--published", "2010-08", "--json")
    cli(*db, "link", sid, paper["id"])
    cli(*db, "verdict", sid, "supported", "--reviewer", "drlee", "--date", "2018-08-08")
    cli(*db, "verdict", sid, "misleading", "--reviewer", "drlee", "--date", "2018-01-01")
    cli(*db, "source", "status", DOI, "retracted", "--date", "2018-10-01")
    retraction = next(e["event"] for e in cli.json(*db, "history", sid, "--json")
                      if e["kind"] == "source-status")  # fmt: skip

    def statement() -> dict:  # type: ignore[type-arg]
        shown = cli.json(*db, "article", "show", "ketamine", "--json", "--as-of", "2018-11-01")
        return next(s for s in shown["statements"] if s["id"] == sid)

    assert statement()["status"] == "stale"
    cli(*db, "withdraw", retraction, "--note", "wrong paper", "--reviewer", "drlee")
    assert (statement()["status"], statement()["verdict"]["verdict"]) == ("current", "supported")
    cli(*db, "article", "edit", "ketamine", "--url", "https://example.org/k")
    assert cli.json(*db, "source", "show", DOI, "--json")["published"] == "2010-08"
    kinds = [e["kind"] for e in cli.json(*db, "history", "ketamine", "--json")]
    assert kinds[-2:] == ["withdraw", "edit"]


def test_the_html_corrections_log_escapes_what_was_typed(cli, reviewed, tmp_path):
    cli("withdraw", _last(cli, "verdict"), "--note", "<script>alert(1)</script>", "--reviewer",
        "drlee")  # fmt: skip
    cli("report", "ketamine", "--out", str(tmp_path / "k.html"))
    page = (tmp_path / "k.html").read_text()
    log = page.split('<h2 id="corrections">')[1].split("<h2")[0]
    assert "withdrew verdict supported on ketamine:" in log and "by Dana Lee" in log
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in log and "<script>alert" not in page
