"""The statement-state cache never serves a stale answer.

After every kind of write, and after the policy in factcheck.toml is edited, ``due``
(read through the cache) must agree with ``article show`` (judged from the records).
"""

from __future__ import annotations

from sched_helpers import PLAIN, V2, by_id, copy_of_article, due, set_policy

DAY = "2018-09-01"


def _agree(cli, as_of=DAY):  # type: ignore[no-untyped-def]
    """``due`` and ``article show`` tell the same story; return the due list by id."""
    listed = by_id(due(cli, as_of))
    for a in cli.json("article", "list", "--json"):
        shown = cli.json("article", "show", a["slug"], "--json", "--as-of", as_of)
        expected = {
            s["id"]: (s["status"], s["due"], s["reason"])
            for s in shown["statements"]
            # followed: check-worthy, or judged whatever its flag
            if (s["checkworthy"] or s["verdict"]) and s["status"] != "current"
        }
        got = {
            sid: (i["status"], i["due"], i["reason"])
            for sid, i in listed.items()
            if i["article"] == a["slug"]
        }
        assert got == expected, a["slug"]
    return listed


def test_every_write_reaches_the_due_list(cli, reviewed_any, workspace):
    assert _agree(cli) == {}
    # verdict
    cli("verdict", "ketamine:2", "contradicted", "--reviewer", "drlee", "--date", DAY)
    assert _agree(cli)["ketamine:2"]["status"] == "needs-correction"
    # link: to a source retracted after ketamine:3 was reviewed
    gone = cli.json("source", "add", "--doi", "10.1000/gone.1", "--kind", "paper", "--json")
    cli("source", "status", gone["id"], "retracted", "--date", DAY)
    assert "ketamine:3" not in _agree(cli)
    cli("link", "ketamine:3", gone["id"])
    assert _agree(cli)["ketamine:3"]["reason"] == "source-retracted"
    # source status: a source linked to ketamine:4 only
    other = cli.json("source", "add", "--pmid", "20724638", "--kind", "paper", "--json")
    cli("link", "ketamine:4", other["id"])
    assert "ketamine:4" not in _agree(cli)
    cli("source", "status", other["id"], "corrected", "--date", DAY)
    assert _agree(cli)["ketamine:4"]["reason"] == "source-corrected"
    # article update
    cli("article", "update", "ketamine", str(V2))
    listed = _agree(cli)
    assert listed["ketamine:7"]["reason"] == "text-changed"
    assert listed["ketamine:12"]["reason"] == "never-reviewed"
    assert "ketamine:10" not in listed
    # import
    cli("article", "add", copy_of_article("second"), "--slug", "second", "--topic", "depression")
    assert {i["status"] for i in _agree(cli).values() if i["article"] == "second"} == {"unreviewed"}
    # a verdict clears what it judges
    cli("verdict", "ketamine:7", "supported", "--reviewer", "drlee", "--date", DAY)
    assert "ketamine:7" not in _agree(cli)
    # a check-worthiness mark, either way (second:11 is the closing question: unflagged)
    assert "second:11" not in _agree(cli)
    cli("statement", "mark", "second:11", "checkworthy", "--reviewer", "drlee")
    assert _agree(cli)["second:11"]["status"] == "unreviewed"
    cli("statement", "mark", "second:11", "not-checkworthy", "--reviewer", "drlee")
    assert "second:11" not in _agree(cli)
    # a verdict on a statement nobody calls check-worthy keeps it followed
    cli("verdict", "second:11", "contradicted", "--reviewer", "drlee", "--date", DAY)
    assert _agree(cli)["second:11"]["status"] == "needs-correction"


def test_policy_edits_reach_the_due_list(cli, reviewed_any, workspace):
    assert _agree(cli) == {}
    set_policy(workspace, '[review]\ninterval = "3 weeks"\n')
    listed = _agree(cli)
    assert {listed[s]["due"] for s in PLAIN} == {"2018-08-29"}
    set_policy(
        workspace, '[review]\ninterval = "3 weeks"\n[review.topics]\ndepression = "2 months"\n'
    )
    assert {s: i["reason"] for s, i in _agree(cli, "2018-10-08").items()} == dict.fromkeys(
        PLAIN, "topic"
    )
    set_policy(workspace, '[review.kinds]\ntime-relative = "1 week"\n')
    assert {i["reason"] for i in _agree(cli).values()} == {"time-relative"}
    # a verdict that needs no correction in this workspace's scale
    cli("verdict", "ketamine:6", "misleading", "--reviewer", "drlee", "--date", DAY)
    assert _agree(cli)["ketamine:6"]["status"] == "needs-correction"
    set_policy(workspace, "[verdicts.misleading]\nneeds_correction = false\n")
    assert "ketamine:6" not in _agree(cli)
    set_policy(workspace, "")
    assert _agree(cli, "2018-09-01") == by_id(due(cli, "2018-09-01"))
    assert _agree(cli)["ketamine:6"]["status"] == "needs-correction"


def test_another_config_file_is_judged_by_its_own_policy(cli, reviewed, workspace):
    (workspace / "strict.toml").write_text(
        '[database]\nurl = "sqlite:///factcheck.db"\n[review]\ninterval = "1 week"\n',
        encoding="utf-8",
    )
    assert due(cli, DAY) == []
    strict = cli.json("--config", "strict.toml", "due", "--as-of", DAY, "--format", "json")
    assert {i["statement"] for i in strict} == set(PLAIN)
    assert due(cli, DAY) == []


def test_refill_reports_its_progress(cli, reviewed, workspace):
    """A cold refill (first run, policy change) reports articles done for the bar."""
    from sqlalchemy import delete

    from factcheck.db import make_engine, session_scope
    from factcheck.models import StatementState
    from factcheck.store.state import refresh
    from factcheck.workspace import open_workspace

    cli("article", "add", copy_of_article("second"), "--slug", "second", "--topic", "depression")
    before = due(cli, DAY)
    ws = open_workspace(db=None, config=None)
    engine = make_engine(ws.db_url)
    seen: list[tuple[int, int]] = []
    with session_scope(engine, write=True) as session:
        session.execute(delete(StatementState))
        judged = refresh(session, ws.settings, lambda done, total: seen.append((done, total)))
    engine.dispose()
    assert seen == [(0, 2), (2, 2)]
    statements = sum(
        len(cli.json("article", "show", s, "--json")["statements"]) for s in ("ketamine", "second")
    )
    assert judged == statements
    assert due(cli, DAY) == before


def test_new_rules_are_judged_again(cli, reviewed, monkeypatch):
    """Upgrading factcheck to rules that judge differently refreshes the cache."""
    import factcheck.store.state as state

    before = state.policy_fingerprint(_settings())
    monkeypatch.setattr(state, "RULES_VERSION", state.RULES_VERSION + 1)
    assert state.policy_fingerprint(_settings()) != before


def _settings():  # type: ignore[no-untyped-def]
    from factcheck.workspace import open_workspace

    return open_workspace(db=None, config=None).settings
