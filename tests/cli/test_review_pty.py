"""`review` as a person uses it: a real pseudo-terminal, single keys, one sitting from
the queue to a signed-off article."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import pytest
from review_helpers import build

pexpect = pytest.importorskip("pexpect")

FACTCHECK = Path(sys.executable).with_name("factcheck")
MENU = r"\[q\] quit"  # the last entry of the key menu under every statement


@pytest.fixture
def sitting(cli, workspace: Path):  # type: ignore[no-untyped-def]
    if not FACTCHECK.exists():
        pytest.skip(f"console script not installed next to {sys.executable}")
    build(cli, workspace)
    env = {
        **os.environ,
        "FACTCHECK_REVIEWER": "drlee",
        "NO_COLOR": "1",
        "TERM": "xterm",
        # A pty has no terminal emulator to answer prompt_toolkit's cursor-position
        # request; this says so instead of letting it wait for the reply.
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    child = pexpect.spawn(
        str(FACTCHECK),
        ["review"],
        cwd=str(workspace),
        env=env,
        dimensions=(50, 160),
        encoding="utf-8",
        timeout=60,
    )
    # What the terminal showed, for the failure report.
    child.logfile_read = (workspace / "terminal.log").open("w", encoding="utf-8")
    yield child
    child.close(force=True)
    child.logfile_read.close()


def _screen(child, statement: str, *shows: str) -> None:  # type: ignore[no-untyped-def]
    """Wait for ``statement``'s screen, showing each of ``shows`` in order, and its prompt."""
    child.expect(f"{statement} · ")
    for pattern in shows:
        child.expect(pattern)
    child.expect(MENU)
    child.expect(">")


def _verdict(child, statement: str, key: str, note: str = "") -> None:  # type: ignore[no-untyped-def]
    _screen(child, statement)
    _press_verdict(child, statement, key, note)


def _press_verdict(child, statement: str, key: str, note: str) -> None:  # type: ignore[no-untyped-def]
    child.send(key)
    child.expect("note")
    child.sendline(note)
    child.expect(f"{statement}: ")


def test_a_reviewer_takes_an_assigned_article_from_queue_to_signed_off(cli, sitting, workspace):  # type: ignore[no-untyped-def]
    child = sitting
    # spray:1: a comment, which shows on the screen at once, then "supported" with a note.
    _screen(child, "spray:1")
    child.send("c")
    child.expect("comment:")
    child.sendline("headline matches the trial's result")
    child.expect("commented on spray:1")
    _screen(child, "spray:1", r"drlee \d{4}-\d\d-\d\d \d\d:\d\d: headline matches the trial's")
    _press_verdict(child, "spray:1", "1", "fair headline")
    # spray:2 shows its evidence and the flags on it before the verdict.
    _screen(child, "spray:2", r"\[\[A nasal spray reduced symptoms", "QUOTE NOT FOUND",
            "NUMBERS DIFFER")  # fmt: skip
    _press_verdict(child, "spray:2", "2", "the paper says 61 percent")
    # u on spray:3 withdraws the last verdict and brings spray:2 back.
    _screen(child, "spray:3")
    child.send("u")
    child.expect(r"undid spray:2: partly-supported \(verdict:\d+ withdrawn\)")
    _verdict(child, "spray:2", "3", "the quote is not in the paper")
    _verdict(child, "spray:3", "1")
    _verdict(child, "spray:4", "1")
    # Every statement of spray now has a verdict: the sitting offers its sign-off.
    child.expect(r"sign off spray as drlee on \d{4}-\d\d-\d\d\? \[y/n\]")
    child.send("y")
    child.expect(r"signed off spray")
    # The next article in the queue: skip one statement, then quit.
    _screen(child, "walks:1")
    child.send("s")
    _screen(child, "walks:2")
    child.send("q")
    child.expect(r"5 verdicts recorded, 1 undone, 1 skipped, signed off spray; 2 left")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    shown = cli.json("article", "show", "spray", "--json")
    assert shown["reviewed"] == date.today().isoformat()
    assert shown["reviewed_by"] == "Dana Lee"
    verdicts = {s["id"]: s["verdict"]["verdict"] for s in shown["statements"]}
    assert verdicts == {
        "spray:1": "supported",
        "spray:2": "unverifiable",
        "spray:3": "supported",
        "spray:4": "supported",
    }
    history = cli.json("history", "spray", "--json")
    [withdrawal] = [e for e in history if e["kind"] == "withdraw"]
    [undone] = [e for e in history if e["event"] == withdrawal["withdraws"]]
    assert undone["verdict"] == "partly-supported" and undone["withdrawn_by"]
    assert [e["text"] for e in history if e["kind"] == "comment"] == [
        "headline matches the trial's result"
    ]
    assert [e["kind"] for e in history].count("signoff") == 1
    assert [i["statement"] for i in cli.json("queue", "--reviewer", "drlee", "--json")] == [
        "walks:1",
        "walks:2",
    ]
