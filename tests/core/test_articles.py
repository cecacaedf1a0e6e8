"""Articles and statements: ids, spans into the stored text, metadata, slugs."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

ARTICLE = Path(__file__).resolve().parents[1] / "fixtures" / "yale_ketamine.txt"

MARKDOWN = """\
---
title: Nasal Ketamine Spray Approved
author: Jo Park
published: 2019-03-05
topic: depression
url: https://example.org/news/nasal-ketamine
---

# Nasal Ketamine Spray Approved

Regulators approved a nasal spray form of esketamine in March 2019. The spray is
given under supervision in a clinic, and patients stay for two hours afterwards.
"""


def _revision_text(db: Path, slug: str) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT r.text FROM articlerevision r JOIN article a ON a.id = r.article_id "
            "WHERE a.slug = ? ORDER BY r.number DESC LIMIT 1",
            (slug,),
        ).fetchone()[0]
    finally:
        conn.close()


def test_ids_are_slug_and_number(cli, workspace):
    art = cli.json("article", "add", str(ARTICLE), "--slug", "ketamine", "--json")
    sts = art["statements"]
    assert [s["n"] for s in sts] == list(range(1, len(sts) + 1))
    assert all(s["id"] == f"ketamine:{s['n']}" for s in sts)
    assert any("70 percent" in s["text"] and s["checkworthy"] for s in sts)
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2019-01-01")
    assert [s["id"] for s in shown["statements"]] == [s["id"] for s in sts]


def test_spans_point_into_the_stored_text(cli, workspace):
    art = cli.json("article", "add", str(ARTICLE), "--slug", "ketamine", "--json")
    stored = _revision_text(workspace / "factcheck.db", "ketamine")
    assert art["statements"]
    for s in art["statements"]:
        assert 0 <= s["start"] < s["end"] <= len(stored)
        assert stored[s["start"] : s["end"]] == s["text"]


def test_plain_text_metadata(cli, workspace):
    art = cli.json("article", "add", str(ARTICLE), "--slug", "ketamine", "--topic",
                   "depression", "--url", "https://example.org/ketamine", "--json")  # fmt: skip
    assert art["title"] == "How Ketamine Lifts Depression Within Hours"
    assert art["author"] == "Sam Rivera"
    assert (art["published"], art["updated"]) == ("2010-08-31", "2018-08-08")
    assert (art["topic"], art["url"]) == ("depression", "https://example.org/ketamine")
    assert art["status"] == "unreviewed"
    assert all(s["status"] == "unreviewed" and s["verdict"] is None for s in art["statements"])


def test_markdown_front_matter_and_slug_from_title(cli, workspace):
    (workspace / "nasal.md").write_text(MARKDOWN)
    art = cli.json("article", "add", "nasal.md", "--json")
    assert art["slug"] == "nasal-ketamine-spray-approved"
    assert art["title"] == "Nasal Ketamine Spray Approved"
    assert art["author"] == "Jo Park"
    assert art["published"] == "2019-03-05"
    assert art["topic"] == "depression"
    assert art["url"] == "https://example.org/news/nasal-ketamine"
    texts = [s["text"] for s in art["statements"]]
    assert any("esketamine" in t for t in texts)
    assert not any("title:" in t or "---" in t for t in texts)  # front matter is not text
    stored = _revision_text(workspace / "factcheck.db", art["slug"])
    assert all(stored[s["start"] : s["end"]] == s["text"] for s in art["statements"])


def test_options_win_over_front_matter(cli, workspace):
    (workspace / "nasal.md").write_text(MARKDOWN)
    art = cli.json("article", "add", "nasal.md", "--slug", "nasal", "--topic", "psychiatry",
                   "--json")  # fmt: skip
    assert (art["slug"], art["topic"]) == ("nasal", "psychiatry")


def test_article_from_stdin(cli, workspace):
    result = cli("article", "add", "-", "--slug", "piped", "--json", input=MARKDOWN)
    art = json.loads(result.stdout)
    assert (art["slug"], art["author"]) == ("piped", "Jo Park")
    assert art["statements"][0]["id"] == "piped:1"


def test_duplicate_slug_refused_and_nothing_written(cli, workspace, user_error, dump):
    cli("article", "add", str(ARTICLE), "--slug", "ketamine")
    before = dump(workspace / "factcheck.db")
    user_error(cli("article", "add", str(ARTICLE), "--slug", "ketamine", ok=False),
               "ketamine", "already exists")  # fmt: skip
    assert dump(workspace / "factcheck.db") == before


def test_bad_slug_refused(cli, workspace, user_error):
    user_error(cli("article", "add", str(ARTICLE), "--slug", "Not A Slug", ok=False), "slug")
    assert cli.json("article", "list", "--json") == []


def test_update_keeps_unchanged_ids_and_verdicts(cli, reviewed, workspace):
    new_text = ARTICLE.read_text().replace("about 70 percent", "about 65 percent")
    (workspace / "v2.txt").write_text(new_text)
    diff = cli.json("article", "update", "ketamine", "v2.txt", "--json")
    changed = [s["id"] for s in reviewed["checkworthy"] if "70 percent" in s["text"]]
    assert diff["changed"] == changed
    assert not diff["added"] and not diff["removed"]
    shown = cli.json("article", "show", "ketamine", "--json", "--as-of", "2018-09-01")
    by_id = {s["id"]: s for s in shown["statements"]}
    assert by_id[changed[0]]["status"] == "stale"
    assert "65 percent" in by_id[changed[0]]["text"]
    for s in reviewed["checkworthy"]:
        if s["id"] not in changed:
            assert by_id[s["id"]]["status"] == "current"
            assert by_id[s["id"]]["verdict"]["verdict"] == "supported"
