"""Short ids (a unique slug prefix works wherever a slug does) and comments."""

from __future__ import annotations


def test_unique_prefix_works_for_statements_and_articles(desk):
    desk("verdict", "esk:2", "supported", "--reviewer", "drlee", "--date", "2024-01-02")
    events = desk.json("history", "esketamine-nasal-spray-for-hard-to-treat-depression:2", "--json")
    assert [e["kind"] for e in events if e["kind"] == "verdict"] == ["verdict"]
    shown = desk.json("article", "show", "keto", "--json")
    assert shown["slug"] == "ketone-diets"


def test_ambiguous_prefix_is_refused_naming_the_candidates(desk):
    result = desk("verdict", "ket:2", "supported", "--reviewer", "drlee", ok=False)
    assert result.exit_code == 2
    assert "ambiguous" in result.stderr
    assert "ketamine-yale" in result.stderr and "ketone-diets" in result.stderr
    assert desk.json("history", "ketamine-yale:2", "--json") == [
        e for e in desk.json("history", "ketamine-yale:2", "--json") if e["kind"] != "verdict"
    ]


def test_unknown_prefix_and_wildcards_are_not_found(desk):
    for ref in ("zzz:1", "k%:1", "K:1"):
        result = desk("verdict", ref, "supported", "--reviewer", "drlee", ok=False)
        assert result.exit_code == 2
        assert "no article" in result.stderr or "not a statement id" in result.stderr


def test_exact_slug_wins_over_a_longer_one(desk, tmp_path):
    from tests.desk.conftest import _copy_of_article

    desk("article", "add", _copy_of_article(tmp_path, "ketamine"), "--slug", "ketamine")
    assert desk.json("article", "show", "ketamine", "--json")["slug"] == "ketamine"


def test_reports_take_a_short_id(desk, tmp_path):
    desk("report", "esk", "--format", "json", "--out", str(tmp_path / "r.json"))
    assert (
        '"esketamine-nasal-spray-for-hard-to-treat-depression"' in (tmp_path / "r.json").read_text()
    )


def test_comment_threads_in_history_and_the_audit_report_not_the_badge(desk, tmp_path):
    desk("comment", "esk:2", "Is this the nasal or the IV dose?", "--reviewer", "drlee")
    desk("comment", "esk:2", "Nasal: see table 2", "--reviewer", "drlee")
    events = desk.json("history", "esk:2", "--json")
    comments = [e for e in events if e["kind"] == "comment"]
    assert [c["text"] for c in comments] == [
        "Is this the nasal or the IV dose?",
        "Nasal: see table 2",
    ]
    assert comments[0]["reviewer"] == "drlee"
    assert "comment: Nasal: see table 2" in desk("history", "esk").stdout
    desk("report", "esk", "--out", str(tmp_path / "r.html"), "--format", "html")
    page = (tmp_path / "r.html").read_text()
    assert "Nasal: see table 2" in page
    badge = desk("badge", "esk").stdout
    assert "Nasal" not in badge
    assert "ledger intact" in desk("ledger", "verify").stdout


def test_comment_needs_text_and_a_known_reviewer(desk):
    assert desk("comment", "esk:2", "  ", "--reviewer", "drlee", ok=False).exit_code == 2
    assert desk("comment", "esk:2", "hi", "--reviewer", "nobody", ok=False).exit_code == 2


def test_comments_survive_export_and_import(desk, tmp_path, cli):
    sid = desk("source", "add", "--doi", "10.1000/x1", "--title", "X").stdout.strip()
    text = tmp_path / "paper.txt"
    text.write_text("In the trial, 61 percent of patients improved.\n", encoding="utf-8")
    desk("source", "attach", sid, str(text))
    desk("link", "esk:2", sid, "--quote", "61 percent of patients improved")
    desk("comment", "esk:2", "Nasal, not IV", "--reviewer", "drlee")
    desk("export", "esk", "--out", str(tmp_path / "b"))
    other = f"sqlite:///{tmp_path / 'other.db'}"
    cli("--db", other, "import", str(tmp_path / "b"))
    events = cli.json("--db", other, "history", "esk:2", "--json")
    assert [e["text"] for e in events if e["kind"] == "comment"] == ["Nasal, not IV"]
    # Import replays the link through add_link, which checks the quote against the
    # source's text the bundle carried, archived before the link as it was here.
    assert [e["quote_found"] for e in events if e["kind"] == "link"] == [True]
    assert "ledger intact" in cli("--db", other, "ledger", "verify").stdout
    again = cli("--db", other, "import", str(tmp_path / "b"))  # idempotent
    assert again.exit_code == 0
