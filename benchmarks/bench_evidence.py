"""How well ``evidence`` finds the right passage, and ``numbers_match`` the wrong number.

    .venv/bin/python benchmarks/bench_evidence.py [--data FILE] [--verbose]

benchmarks/data/evidence_pairs.json holds 30 statement–paper pairs written for this
project in our own words (no text is copied from a paper): each paper is a handful
of paragraphs, one of which (``answer``) backs the statement; ``planted`` is the
same statement with one number changed. Each paper is attached as a source text and
each statement imported as an article, then run through the real CLI:

1. linked: the statement is linked to its paper; is the answer passage ranked first?
2. pooled: the statement is linked to nothing, so all 30 papers are searched.
3. numbers: for the original statement, numbers_match of the answer passage should
   be true; for the planted one, false (every planted change caught). Also counted:
   planted changes caught end to end, i.e. with the answer passage ranked first.

Bar (issue 11): right passage first for at least 27 of 30; every planted change caught.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from factcheck.cli.main import app

DATA = Path(__file__).resolve().parent / "data" / "evidence_pairs.json"


class Run:
    def __init__(self, db: str) -> None:
        self.runner, self.db = CliRunner(), db

    def __call__(self, *args: str) -> str:
        result = self.runner.invoke(app, ["--db", self.db, *args])
        if result.exit_code != 0:
            raise SystemExit(f"factcheck {' '.join(args)} failed: {result.stderr}")
        return result.stdout


def statement_id(run: Run, folder: Path, slug: str, text: str) -> str:
    path = folder / f"{slug}.txt"
    path.write_text(f"Notes on {slug}\n\n{text}\n", encoding="utf-8")
    article = json.loads(run("article", "add", str(path), "--slug", slug, "--json"))
    best = max(article["statements"], key=lambda s: len(s["text"]))
    return str(best["id"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    pairs = json.loads(args.data.read_text(encoding="utf-8"))
    os.environ["NO_COLOR"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        run = Run(f"sqlite:///{folder / 'bench.db'}")
        run("reviewer", "add", "bench", "--name", "Bench")
        tally = dict.fromkeys(("linked", "pooled", "true", "caught", "caught_top"), 0)
        for i, pair in enumerate(pairs):
            paper = folder / f"{pair['id']}.txt"
            paper.write_text("\n\n".join(pair["paragraphs"]) + "\n", encoding="utf-8")
            sid = run("source", "add", "--title", pair["title"]).strip()
            run("source", "attach", sid, str(paper))
            answer = f"para. {pair['answer'] + 1}"
            for key, text in (("orig", pair["statement"]), ("planted", pair["planted"])):
                st = statement_id(run, folder, f"p{i}-{key}", text)
                run("link", st, sid)
                hits = json.loads(run("evidence", st, "--json", "--limit", "20"))
                top = hits[0]
                right = top["locator"] == answer
                # numbers_match of the passage that backs the statement, wherever ranked
                match = next(h["numbers_match"] for h in hits if h["locator"] == answer)
                if key == "orig":
                    tally["linked"] += right
                    tally["true"] += match is True
                else:
                    tally["caught"] += match is False
                    tally["caught_top"] += right and top["numbers_match"] is False
                if args.verbose and (not right or match is not (key == "orig")):
                    print(f"  {pair['id']} {key}: top {top['locator']}, answer {match}")
        for i, pair in enumerate(pairs):  # every paper is archived now: search them all
            st = statement_id(run, folder, f"p{i}-pooled", pair["statement"])
            top = json.loads(run("evidence", st, "--json", "--limit", "1"))[0]
            ok = top["locator"] == f"para. {pair['answer'] + 1}" and run(
                "source", "show", top["source"], "--json"
            ).find(pair["title"]) >= 0
            tally["pooled"] += ok
            if args.verbose and not ok:
                print(f"  {pair['id']} pooled: {top['source']} {top['locator']}")
    n = len(pairs)
    print(f"pairs: {n}")
    print(f"right passage first, linked paper:  {tally['linked']}/{n}")
    print(f"right passage first, all {n} papers: {tally['pooled']}/{n}")
    print(f"numbers_match true for the original statements: {tally['true']}/{n}")
    print(f"planted number changes caught on the backing passage: {tally['caught']}/{n}")
    print(f"planted changes caught on evidence's first passage: {tally['caught_top']}/{n}")
    sys.exit(0 if tally["linked"] >= 27 and tally["caught"] == n else 1)


if __name__ == "__main__":
    main()
