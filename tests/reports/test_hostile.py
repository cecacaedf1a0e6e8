"""Hostile text is inert: every writer escapes for its own format (issue 5, point 5)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from report_helpers import HOSTILE_NOTE, HOSTILE_QUOTE, HOSTILE_SOURCE_TITLE, sql

LIVE_TAGS = {"script", "img", "iframe", "object", "embed", "svg", "style-injected"}
SAFE_HREF = re.compile(r"^(https?://|#|[a-z0-9-]+\.(html|md)$)")


class Tags(HTMLParser):
    """Every start tag and attribute of a document."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str, *, allow: frozenset[str] = frozenset()) -> None:
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in LIVE_TAGS - allow, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            if attrs.get(name) is not None:
                assert SAFE_HREF.match(attrs[name] or ""), (tag, attrs)


def report(cli, fmt: str, *extra: str) -> str:  # type: ignore[no-untyped-def]
    return cli(
        "report", "evil", "--format", fmt, "--out", "-", "--as-of", "2019-01-01", *extra
    ).stdout


def test_html_report_is_inert(cli, hostile: dict[str, Any]) -> None:
    html = report(cli, "html")
    assert_inert(html)
    assert "&lt;script&gt;" in html and "<script" not in html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html and "&lt;i&gt;Journal&lt;/i&gt;" in html
    assert 'href="javascript' not in html  # javascript: may appear, as inert text only


def test_html_report_drops_non_http_urls(cli, hostile: dict[str, Any], workspace: Path) -> None:
    sql(workspace, "UPDATE article SET url = 'javascript:alert(9)'")
    sql(workspace, "UPDATE source SET url = 'javascript:alert(10)'")
    html = report(cli, "html")
    assert_inert(html)
    assert "alert(9)" not in html and "alert(10)" not in html


def test_markdown_report_is_inert(cli, hostile: dict[str, Any], workspace: Path) -> None:
    from markdown_it import MarkdownIt

    sql(workspace, "UPDATE source SET url = 'javascript:alert(10)'")
    md = report(cli, "md")
    # Rendered as a permissive renderer would: raw HTML passed through, GFM tables.
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert_inert(html)
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html
    assert "alert(10)" not in md
    table = [line for line in md.splitlines() if line.startswith("| evil:")]
    assert len(table) == 4 and all(line.count(" | ") == 6 for line in table)  # no cell breakout
    assert not any(line.startswith("# Heading injection") for line in md.splitlines())


def test_json_report_keeps_text_exact_and_urls_safe(
    cli, hostile: dict[str, Any], workspace: Path
) -> None:
    data = json.loads(report(cli, "json"))
    statements = {s["id"]: s for s in data["statements"]}
    assert statements["evil:1"]["note"] == HOSTILE_NOTE
    assert statements["evil:1"]["evidence"][0]["quote"] == HOSTILE_QUOTE
    assert data["sources"][0]["citation"]["title"] == HOSTILE_SOURCE_TITLE
    sql(workspace, "UPDATE article SET url = 'javascript:alert(9)'")
    sql(workspace, "UPDATE source SET url = 'javascript:alert(10)'")
    data = json.loads(report(cli, "json"))
    assert data["url"] is None and data["sources"][0]["citation"]["url"] is None


def test_claimreview_keeps_text_and_refuses_unsafe_url(
    cli, hostile: dict[str, Any], workspace: Path
) -> None:
    reviews = json.loads(report(cli, "claimreview"))
    assert reviews[0]["claimReviewed"].startswith("Researchers reported that <script>")
    sql(workspace, "UPDATE article SET url = 'javascript:alert(9)'")
    result = cli("report", "evil", "--format", "claimreview", "--out", "-", ok=False)
    assert result.exit_code == 2 and "no http(s) URL" in result.stderr


def test_badge_html_is_inert_and_jsonld_cannot_break_out(cli, hostile: dict[str, Any]) -> None:
    html = cli("badge", "evil", "--format", "html").stdout
    assert html.count("<script") == 1 and html.count("</script>") == 1
    assert '<script type="application/ld+json">' in html
    script = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<" not in script and ">" not in script
    data = json.loads(script)
    assert data["reviewedBy"]["name"] == "<b>Eve</b> <script>alert(7)</script>"
    assert_inert(html.replace(html[html.index("<script") : html.index("</script>") + 9], ""))


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_dashboard_is_inert(cli, hostile: dict[str, Any], workspace: Path, fmt: str) -> None:
    cli("report", "--all", "--format", fmt, "--out", "site", "--as-of", "2019-01-01")
    text = (workspace / "site" / f"index.{fmt}").read_text()
    if fmt == "md":
        from markdown_it import MarkdownIt

        text = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert_inert(text, allow=frozenset({"svg"}))
    assert "<script" not in text
