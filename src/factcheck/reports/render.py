"""Jinja2 environments and the helpers templates use: dates, escaping, safe URLs.

Both environments use ``StrictUndefined`` so a misspelt field fails loudly instead
of printing nothing. HTML autoescapes every expression. Markdown has no autoescape
in Jinja, so its environment escapes every printed value in ``finalize`` instead:
a template cannot forget to, and only :class:`MdSafe` values (built by helpers
here) pass through as markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from factcheck.identifiers import is_safe_url, is_slug
from factcheck.reports.model import ArticleReport, Evidence, HistoryEntry, StatementRow

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class DateFormat:
    """Prints dates the workspace's way (``review.date_format``, ``review.locale``)."""

    pattern: str = "d MMM y"
    locale: str = "en_GB"

    def __call__(self, value: date | datetime | None, empty: str = "—") -> str:
        """The date as the workspace prints it; ``empty`` for no date."""
        if value is None:
            return empty
        day = value.date() if isinstance(value, datetime) else value
        return _format_date(day, self.pattern, self.locale)

    def month(self, value: date) -> str:
        return _format_date(value, "MMM y", self.locale)


@lru_cache(maxsize=8192)
def _format_date(day: date, pattern: str, locale: str) -> str:
    from babel.dates import format_date

    return format_date(day, format=pattern, locale=locale)


def safe_url(value: str | None) -> str | None:
    """The URL when it is absolute http(s); None for ``javascript:`` and the like."""
    return value if value and is_safe_url(value) else None


class MdSafe(str):
    """Markdown that is already escaped; ``finalize`` prints it unchanged."""


# Characters with meaning anywhere in Markdown (GFM): escaped with a backslash, except
# < > & which become entities because CommonMark passes raw HTML through. "(" ")" "!"
# only mean something next to "[" "]", which are escaped.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# "&" only needs escaping where it would start an entity such as "&lt;" or "&#60;".
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# Characters that only mean something at the start of a line: headings, lists, quotes.
# (An ordered list needs "1. " with the space; a heading "# "; a setext rule "---".)
_MD_LEADING = re.compile(r"^(\d{0,9})((?<=\d)[.)]|(?<!\d)[#+=-])(?=[\s#=-]|$)")


def md_escape(value: Any) -> str:
    if isinstance(value, MdSafe):
        return value
    text = " ".join(str(value).split())  # no line breaks: they end table cells and lists
    text = _MD_ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LEADING.sub(r"\1\\\2", text)


def md_link(text: Any, url: str | None) -> MdSafe:
    """``[text](url)`` when the URL is http(s); the escaped text alone otherwise."""
    label = md_escape(text)
    if not safe_url(url):
        return MdSafe(label)
    assert url is not None
    # Percent-encode anything that could end the destination or open markup.
    href = quote(url, safe="/:?#[]@!$&'*+,;=%-._~")
    href = href.replace("(", "%28").replace(")", "%29")
    return MdSafe(f"[{label}]({href})")


_PAGE = re.compile(r"^[a-z0-9][a-z0-9-]*\.[a-z]+$")  # "ketamine.md": a slug and a suffix


def md_page_link(text: Any, href: str) -> MdSafe:
    """A link to a sibling report page; anything but ``slug.suffix`` is refused."""
    if not _PAGE.match(href):
        return MdSafe(md_escape(text))
    return MdSafe(f"[{md_escape(text)}]({href})")


def md_code(value: Any) -> MdSafe:
    # One line, no backtick: a blank line or a backtick would end the code span.
    text = " ".join(str(value).split()).replace("`", "'")
    return MdSafe(f"`{text}`")


def json_for_script(data: Any) -> str:
    """JSON safe inside ``<script type="application/ld+json">``: no ``</script>`` breakout."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def html_escape(text: str) -> str:
    """``text`` escaped exactly as Jinja's autoescape (MarkupSafe) escapes it, as a str.

    ``markupsafe.escape`` wraps every result in a ``Markup`` object, which costs more
    than the escaping itself when a page prints a thousand short fields.
    """
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


def html_timeline(history: Sequence[HistoryEntry], dates: DateFormat) -> Markup:
    """The audit page's history, one ``<li>`` per event (the ``timeline`` filter).

    A page holds about a hundred events, and through Jinja each one costs a dozen
    attribute look-ups and escapes: this loop renders the same markup three times
    faster. Every field is escaped here, as autoescape would.
    """
    e = html_escape
    rows = []
    for h in history:
        row = (
            f'<li class="{e(h.event)}"><span class="when">{e(dates(h.on or h.recorded_at))}</span> '
        )
        if h.statement:
            row += f'<span class="sid">{e(h.statement)}</span> '
        row += e(h.summary)
        if h.actor:
            row += f" by {e(h.actor)}"
        if h.note:
            row += f'<div class="note">{e(h.note)}</div>'
        recorded = e(dates(h.recorded_at))
        rows.append(f'{row}<div class="hash">recorded {recorded} · {e(h.hash[:12])}</div></li>\n')
    return Markup("".join(rows))


def html_statement_rows(
    statements: Sequence[StatementRow], report: ArticleReport, dates: DateFormat
) -> Markup:
    """The rows of the audit page's statement table, one ``<tr>`` per statement (the
    ``statement_rows`` filter), with the evidence of each.

    Thirty statements of a dozen fields each were half of a page's rendering through
    Jinja; like :func:`html_timeline`, this prints the same markup, every field
    escaped as autoescape would, in a third of the time.
    """
    e = html_escape
    rows = []
    for s in statements:
        row = (
            f'<tr id="s{s.n}" data-status="{e(s.status)}">\n'
            f'  <td><span class="sid">{e(s.id)}</span> {e(s.text)}\n'
        )
        if s.kinds:
            row += f'<div class="kinds">{e(", ".join(s.kinds))}</div>'
        if s.checkworthy_by != "model":
            marked = "check-worthy" if s.checkworthy else "not check-worthy"
            row += f'<div class="why">marked {marked} by {e(s.checkworthy_by)}</div>'
        if s.evidence:
            items = "".join(_evidence_item(item, report) for item in s.evidence)
            row += f'<ul class="evidence">\n{items}</ul>'
        else:
            row += '<div class="why">no sources linked</div>'
        if s.verdict:
            verdict = f'<span class="pill {e(s.verdict)}">{e(str(s.verdict_label))}</span>'
            if s.note:
                verdict += f'<div class="note">{e(s.note)}</div>'
        else:
            verdict = '<span class="pill unreviewed">No verdict</span>'
        status = e(s.status)
        rows.append(
            f"{row}  </td>\n"
            f'  <td data-label="Verdict">{verdict}</td>\n'
            f'  <td data-label="Reviewer">{e(s.reviewer_name or "—")}</td>\n'
            f'  <td data-label="Reviewed">{e(dates(s.reviewed_on))}</td>\n'
            f'  <td data-label="Due"><span class="pill {status}">{status}</span>'
            f'<div>{e(dates(s.due))}</div><div class="why">{e(s.why)}</div></td>\n'
            "</tr>\n"
        )
    return Markup("".join(rows))


def _evidence_item(item: Evidence, report: ArticleReport) -> str:
    """One ``<li>`` of a statement's evidence: how it bears, on which source, where."""
    e = html_escape
    source = report.source(item.source_id)
    name = source.citation.short if source else item.source_id
    li = f'      <li>{e(item.relation.capitalize())}: <a href="#{e(item.source_id)}">{e(name)}</a>'
    if item.locator:
        li += f", {e(item.locator)}"
    if item.quote:
        li += f" — <q>{e(item.quote)}</q>"
    for flag in item.flags:
        li += f' <strong class="flag">⚠ {e(flag)}</strong>'
    return f"{li}</li>\n"


def _md_finalize(value: Any) -> Any:
    return md_escape(value) if value is not None else md_escape("—")


def _common(env: Environment, dates: DateFormat) -> Environment:
    # Dates are filters, not context functions: a filter is a direct call in the
    # compiled template, a function call goes through Jinja's slower ``call``.
    env.filters.update(day=dates, month=dates.month)
    # A page link is built from a slug: only a valid one may become an href (a slug
    # stored before slugs were checked could read "javascript:…").
    env.tests["slug"] = is_slug
    env.trim_blocks = True
    env.lstrip_blocks = True
    return env


@lru_cache(maxsize=4)
def html_env(dates: DateFormat) -> Environment:
    """The HTML environment for one date format (a workspace has one)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    env.globals["css"] = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    env.filters["timeline"] = partial(html_timeline, dates=dates)
    env.filters["statement_rows"] = partial(html_statement_rows, dates=dates)
    return _common(env, dates)


@lru_cache(maxsize=4)
def md_env(dates: DateFormat) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,
        undefined=StrictUndefined,
        finalize=_md_finalize,
        auto_reload=False,
    )
    env.globals.update(md_link=md_link, md_code=md_code, md_page_link=md_page_link)
    return _common(env, dates)


def context(page: Any) -> dict[str, Any]:
    """A page dataclass as template variables (shallow: no copying of the report)."""
    return {f.name: getattr(page, f.name) for f in fields(page)}


def render(env: Environment, template: str, page: Any) -> str:
    return env.get_template(template).render(context(page))
