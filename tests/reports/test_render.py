"""The hand-rolled HTML of the timeline says and escapes exactly what Jinja would."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from markupsafe import escape
from report_helpers import HOSTILE_NOTE, HOSTILE_QUOTE, HOSTILE_SOURCE_TITLE

from factcheck.reports.model import HistoryEntry
from factcheck.reports.render import DateFormat, html_env, html_escape

HOSTILE = [HOSTILE_NOTE, HOSTILE_QUOTE, HOSTILE_SOURCE_TITLE, "a & b \"c\" 'd' <e>", "", "plain"]

# The timeline as the template said it before ``html_timeline`` took it over.
JINJA_TIMELINE = (
    "{% for e in history %}"
    '<li class="{{ e.event }}"><span class="when">{{ (e.on or e.recorded_at)|day }}</span> '
    '{% if e.statement %}<span class="sid">{{ e.statement }}</span> {% endif %}{{ e.summary }}'
    "{% if e.actor %} by {{ e.actor }}{% endif %}"
    '{% if e.note %}<div class="note">{{ e.note }}</div>{% endif %}'
    '<div class="hash">recorded {{ e.recorded_at|day }} · {{ e.hash[:12] }}</div></li>\n'
    "{% endfor %}"
)


@pytest.mark.parametrize("text", HOSTILE)
def test_html_escape_matches_autoescape(text: str) -> None:
    assert html_escape(text) == str(escape(text))


def test_timeline_is_what_the_template_said() -> None:
    at = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    history = [
        HistoryEntry(at, date(2019, 5, 6), "verdict", "evil:1", "<b>eve</b>", text, text, "ab" * 32)
        for text in HOSTILE
    ] + [
        HistoryEntry(at, None, "revision", None, None, "revision 1", None, "cd" * 32),
        HistoryEntry(at, at.date(), 'link"><script>', "x:2", None, "linked", "", "<>" * 8),
    ]
    env = html_env(DateFormat())
    expected = env.from_string(JINJA_TIMELINE).render(history=history)
    got = env.from_string("{{ history | timeline }}").render(history=history)
    assert got == expected
    assert "<script" not in got and "<b>" not in got
