"""`review` without a terminal (one key or word per line), and the data its screen shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from review_helpers import build

from factcheck.desk import statement_in_paragraph


@pytest.fixture
def desk(cli, workspace: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return build(cli, workspace)


def _review(cli, *keys: str, args: tuple[str, ...] = ("--reviewer", "drlee")):  # type: ignore[no-untyped-def]
    return cli("review", *args, input="".join(f"{k}\n" for k in keys))


def _verdicts(cli, slug: str) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    shown = cli.json("article", "show", slug, "--json")
    return {s["id"]: (s["verdict"] or {}).get("verdict") for s in shown["statements"]}


@pytest.mark.parametrize("who", [None, "nobody"])
def test_review_wants_a_registered_reviewer_before_showing_anything(cli, desk, who):  # type: ignore[no-untyped-def]
    args = ("review",) if who is None else ("review", "--reviewer", who)
    refused = cli(*args, input="1\n\n", ok=False)
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert len(refused.stderr.strip().splitlines()) == 1
    assert _verdicts(cli, "spray")["spray:1"] is None


def test_the_screen_shows_the_statement_in_its_paragraph_with_its_evidence(cli, desk):  # type: ignore[no-untyped-def]
    cli("verdict", "spray:2", "partly-supported", "--reviewer", "ked", "--note", "61, not 70")
    cli("comment", "spray:2", "ask the author where 70 came from", "--reviewer", "ked")
    out = _review(cli, "q", args=("spray:2", "--reviewer", "drlee")).stdout
    assert "[[A nasal spray reduced symptoms in 70 percent of patients within four weeks.]]" in (
        out.replace("\n", " ")
    )
    assert "The trial enrolled 227 adults." in out  # the rest of the paragraph
    assert "why: you reviewed it last" not in out
    assert f"{desk['paper']} Esketamine spray trial — supports, para. 4" in out
    assert '"Symptoms improved in 70 percent" [QUOTE NOT FOUND]' in out
    assert f"partly-supported, {date.today().isoformat()} by ked: 61, not 70" in out
    assert "ked " in out and ": ask the author where 70 came from" in out
    assert "1. " in out and "NUMBERS DIFFER" in out and "61 percent" in out
    assert "[1] supported" in out and "[u] undo last verdict" in out


def test_keys_or_verdict_names_per_line_record_verdicts_and_a_summary(cli, desk):  # type: ignore[no-untyped-def]
    done = _review(cli, "1", "", "partly-supported", "the paper says 61 percent", "s", "q")
    assert "spray:1: supported" in done.stderr
    assert "spray:2: partly-supported" in done.stderr
    assert "2 verdicts recorded, 0 undone, 1 skipped; 4 left in the queue" in done.stderr
    assert _verdicts(cli, "spray") == {
        "spray:1": "supported",
        "spray:2": "partly-supported",
        "spray:3": None,
        "spray:4": None,
    }
    [v] = [e for e in cli.json("history", "spray:2", "--json") if e["kind"] == "verdict"]
    assert v["note"] == "the paper says 61 percent" and v["reviewer"] == "drlee"


def test_a_key_off_the_menu_is_asked_again_and_the_end_of_input_quits(cli, desk):  # type: ignore[no-untyped-def]
    done = _review(cli, "x", "9", "1")  # then the note's line is missing: input ends
    assert "'x': press one of" in done.stdout and "'9': press one of" in done.stdout
    assert done.exit_code == 0
    assert _verdicts(cli, "spray")["spray:1"] is None
    assert "0 verdicts recorded" in done.stderr


def test_undo_withdraws_the_sittings_last_verdict_and_shows_that_statement_again(cli, desk):  # type: ignore[no-untyped-def]
    cli("verdict", "spray:4", "supported", "--reviewer", "ked", "--note", "before the sitting")
    done = _review(cli, "u", "2", "", "u", "1", "", "q", args=("spray", "--reviewer", "drlee"))
    # The first u has nothing of this sitting to undo: a verdict from before is not its own.
    assert "no verdict of this sitting to undo" in done.stderr
    assert "undid spray:1: partly-supported" in done.stderr
    assert done.stdout.count("spray:1 · unreviewed") == 3  # first, after u, after the undo
    assert "2 verdicts recorded, 1 undone, 0 skipped; 2 left in the queue" in done.stderr
    history = cli.json("history", "spray:1", "--json")
    verdicts = [(e["verdict"], e["reviewer"], bool(e["withdrawn_by"])) for e in history
                if e["kind"] == "verdict"]  # fmt: skip
    assert verdicts == [("partly-supported", "drlee", True), ("supported", "drlee", False)]
    assert _verdicts(cli, "spray")["spray:4"] == "supported"
    [withdrawal] = [e for e in history if e["kind"] == "withdraw"]
    assert withdrawal["note"] == "undone at the review screen"


def test_link_comment_and_open_the_source_from_the_screen(cli, desk):  # type: ignore[no-untyped-def]
    paper = desk["paper"]
    quote = "Dizziness was the most common side effect"
    done = _review(cli, "l", paper, quote, "para. 5", "", "c", "quote checked", "o", "q",
                   args=("spray:4", "--reviewer", "drlee"))  # fmt: skip
    assert f"linked spray:4 to {paper} (supports)" in done.stderr
    assert "commented on spray:4" in done.stderr
    assert f'"{quote}" [quote found]' in done.stdout  # the screen shown again after the link
    assert f"{paper}: archived text" in done.stdout
    assert "▶ para. 5  Dizziness was the most common side effect" in done.stdout
    history = cli.json("history", "spray:4", "--json")
    [link] = [e for e in history if e["kind"] == "link"]
    assert (link["quote"], link["locator"], link["quote_found"]) == (quote, "para. 5", True)
    assert [e["text"] for e in history if e["kind"] == "comment"] == ["quote checked"]


def test_an_unknown_source_is_refused_in_one_line_and_the_sitting_goes_on(cli, desk):  # type: ignore[no-untyped-def]
    done = _review(cli, "l", "src-nothere", "", "", "", "1", "", "q")
    assert "refused: " in done.stderr and done.exit_code == 0
    assert "spray:1: supported" in done.stderr


def test_signoff_is_offered_once_the_article_is_covered_and_its_gate_passes(cli, desk):  # type: ignore[no-untyped-def]
    keys = ["1", ""] * 4
    declined = _review(cli, *keys[:6], "s", args=("spray", "--reviewer", "drlee"))
    assert "spray is not ready for sign-off: 1 statement without a current verdict (spray:4)" in (
        declined.stderr
    )
    signed = _review(cli, "1", "", "y", args=("spray", "--reviewer", "drlee"))
    assert f"signed off spray (scientific) on {date.today().isoformat()}" in signed.stderr
    assert "signed off spray; 0 left in the queue" in signed.stderr
    assert cli.json("article", "show", "spray", "--json")["reviewed_by"] == "Dana Lee"


def test_an_assigned_article_ready_for_signoff_is_offered_at_once(cli, desk):  # type: ignore[no-untyped-def]
    for n in range(1, 5):
        cli("verdict", f"spray:{n}", "supported", "--reviewer", "ked")
    done = _review(cli, "n", args=("spray", "--reviewer", "drlee"))
    assert "sign off spray as drlee on" in done.stdout
    assert "signed off" not in done.stderr
    assert cli.json("article", "show", "spray", "--json")["reviewed"] is None


def test_the_four_eyes_rule_refuses_the_author_at_the_screen(cli, desk):  # type: ignore[no-untyped-def]
    cli("reviewer", "add", "jpark", "--name", "Jo Park")
    done = _review(cli, "1", "", "q", args=("spray", "--reviewer", "jpark"))
    assert "refused: " in done.stderr and "four-eyes" in done.stderr
    assert _verdicts(cli, "spray")["spray:1"] is None


def test_a_slug_limits_the_sitting_and_brings_in_what_is_not_assigned(cli, desk):  # type: ignore[no-untyped-def]
    cli("reviewer", "add", "sam", "--name", "Sam Rivers")
    assert "nothing in sam's queue" in _review(cli, args=("--reviewer", "sam")).stderr
    out = _review(cli, "q", args=("walks", "--reviewer", "sam")).stdout
    assert "walks:1 · unreviewed · 1 of 2" in out and "spray:" not in out


# --- the screen's data --------------------------------------------------------------------


def test_statement_in_paragraph_finds_the_block_and_the_span_within_it() -> None:
    text = "Title\n\nOne claim here. Another claim\nwraps a line.\n\nLast."
    start = text.index("Another")
    end = text.index("line.") + len("line.")
    paragraph, (a, b) = statement_in_paragraph(text, text[start:end], start, end)
    assert paragraph == "One claim here. Another claim\nwraps a line."
    assert paragraph[a:b] == "Another claim\nwraps a line."
    # A span that no longer holds the statement: the statement alone, all of it marked.
    assert statement_in_paragraph(text, "Moved.", 0, 6) == ("Moved.", (0, 6))


def test_review_item_gathers_links_flags_verdict_comments_and_passages(cli, desk):  # type: ignore[no-untyped-def]
    from factcheck.cli.context import OPTIONS
    from factcheck.desk import PASSAGES, review_item

    cli("verdict", "spray:2", "supported", "--reviewer", "ked", "--date", "2024-05-01")
    cli("comment", "spray:2", "first", "--reviewer", "ked")
    cli("comment", "spray:2", "second", "--reviewer", "drlee")
    OPTIONS.reset(db=None, config=None)
    with OPTIONS.session() as session:
        item = review_item(
            session=session,
            settings=OPTIONS.workspace.settings,
            statement_id="spr:2",
            as_of=date(2024, 6, 1),
            why="assigned",
        )
    assert item.statement == "spray:2" and item.status == "current" and item.why == "assigned"
    assert item.paragraph[slice(*item.highlight)] == item.text
    [link] = item.links
    assert (link.source, link.quote_found, link.locator) == (desk["paper"], False, "para. 4")
    assert link.flags == ("the quote is not in the source's archived text",)
    assert item.previous is not None
    assert (item.previous.verdict, item.previous.reviewer) == ("supported", "ked")
    assert item.previous.reviewed_on == date(2024, 5, 1)
    assert [(c.reviewer, c.text) for c in item.comments] == [("ked", "first"), ("drlee", "second")]
    assert 1 <= len(item.passages) <= PASSAGES
    best = item.passages[0]
    assert "61 percent" in best.text and best.numbers_match is False
    scores = [p.score for p in item.passages]
    assert scores == sorted(scores, reverse=True)


def test_an_undone_verdict_leaves_the_statement_assigned(cli, workspace):  # type: ignore[no-untyped-def]
    build(cli, workspace, assign=False)
    cli("assign", "spray:2", "--to", "drlee", "--due", "2030-01-01", "--reviewer", "ked")
    cli("assign", "walks", "--to", "drlee", "--reviewer", "ked")
    done = _review(cli, "1", "", "u", "q")
    assert "undid spray:2: supported" in done.stderr
    queue = cli.json("queue", "--reviewer", "drlee", "--json")
    assert [(i["statement"], i["assigned_to"]) for i in queue][:1] == [("spray:2", "drlee")]


def test_a_scale_longer_than_nine_takes_the_rest_by_name_after_v(cli, desk, workspace):  # type: ignore[no-untyped-def]
    extra = ("needs-context", "satire", "disputed")  # eight by default: 9, 10 and 11
    with (workspace / "factcheck.toml").open("a", encoding="utf-8") as settings:
        for name in extra:
            settings.write(f'\n[verdicts.{name}]\nlabel = "{name.title()}"\n')
    # The ninth is a key; the tenth and eleventh are named after v. A name off the
    # scale is refused in one line, and the sitting goes on.
    done = _review(cli, "9", "", "v", "no-such-verdict", "v", "disputed", "seen twice", "q")
    assert "[9] needs-context" in done.stdout and "[v] another verdict" in done.stdout
    assert "[10]" not in done.stdout
    assert "no-such-verdict" in done.stderr and done.exit_code == 0
    assert _verdicts(cli, "spray")["spray:1"] == "needs-context"
    assert _verdicts(cli, "spray")["spray:2"] == "disputed"
    [v] = [e for e in cli.json("history", "spray:2", "--json") if e["kind"] == "verdict"]
    assert v["note"] == "seen twice"
    assert "2 verdicts recorded" in done.stderr
