"""A desk with work for the digest: shared by the digest's data and mail tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = FIXTURES / "yale_ketamine.txt"
TODAY = date.today()  # events are recorded now, so the default window ends today
WEEK_AGO = TODAY - timedelta(days=7)
NOTE = "check the <b>dose</b> & units"  # markup from a note must stay text


@dataclass(frozen=True)
class Work:
    assigned: str  # drlee's assigned statement
    overdue: str  # drlee's review from 2020, due again
    retracted: str  # drlee's review whose source was retracted today (dated 2019)
    reworded: str  # drlee's review whose text changed today
    sams: str  # sam's assigned statement


def statement_with(desk: Any, slug: str, words: str) -> str:
    shown = desk.json("article", "show", slug, "--json")
    [found] = [s["id"] for s in shown["statements"] if words in s["text"]]
    return str(found)


def give_work(desk: Any, folder: Path) -> Work:
    """drlee: one assignment, one overdue review, two reviews gone stale today (one by
    a retraction dated 2019, one by a revision); sam: one assignment; ked (an editor)
    nothing of their own."""
    desk("reviewer", "add", "ked", "--name", "Kim Ed", "--role", "editor")
    desk("reviewer", "add", "sam", "--name", "Sam Rivers")
    reworded = statement_with(desk, "ketamine-yale", "20 August 2010")
    overdue, retracted = "ketamine-yale:3", "ketamine-yale:4"
    assert reworded not in (overdue, retracted)
    esk = "esketamine-nasal-spray-for-hard-to-treat-depression"
    desk("assign", "esk:2", "--to", "drlee", "--due", "2030-01-15", "--note", NOTE,
         "--reviewer", "ked")  # fmt: skip
    desk("assign", "keto:2", "--to", "sam", "--reviewer", "ked")
    for statement in (overdue, retracted, reworded):
        desk("verdict", statement, "supported", "--reviewer", "drlee", "--date", "2020-01-01")
    paper = desk.json("source", "add", "--doi", "10.1126/science.1190287", "--json")["id"]
    desk("link", retracted, paper)
    desk("source", "status", paper, "retracted", "--date", "2019-05-01")
    revised = folder / "revised.txt"
    revised.write_text(ARTICLE.read_text().replace("20 August 2010", "19 August 2010"))
    changed = desk.json("article", "update", "ketamine-yale", str(revised), "--json")["changed"]
    assert changed == [reworded]
    return Work(f"{esk}:2", overdue, retracted, reworded, "ketone-diets:2")
