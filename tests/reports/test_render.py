"""The hand-rolled HTML of the timeline and of the statement table says and escapes
exactly what Jinja would."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from markupsafe import escape
from report_helpers import HOSTILE_NOTE, HOSTILE_QUOTE, HOSTILE_SOURCE_TITLE

from factcheck.reports.model import Citation, Evidence, HistoryEntry, SourceEntry, StatementRow
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


# The statement table's rows as the template said them before ``html_statement_rows``
# took them over (the page's environment trims blocks as it did then).
JINJA_STATEMENT_ROWS = """\
{% for s in checked %}
<tr id="s{{ s.n }}" data-status="{{ s.status }}">
  <td><span class="sid">{{ s.id }}</span> {{ s.text }}
    {% if s.kinds %}<div class="kinds">{{ s.kinds | join(", ") }}</div>{% endif %}
    {% if s.checkworthy_by != "model" %}<div class="why">marked {{ "check-worthy" if s.checkworthy else "not check-worthy" }} by {{ s.checkworthy_by }}</div>{% endif %}
    {% if s.evidence %}<ul class="evidence">
    {% for e in s.evidence %}{% set src = r.source(e.source_id) %}
      <li>{{ e.relation | capitalize }}: <a href="#{{ e.source_id }}">{{ src.citation.short if src else e.source_id }}</a>{% if e.locator %}, {{ e.locator }}{% endif %}{% if e.quote %} — <q>{{ e.quote }}</q>{% endif %}{% for f in e.flags %} <strong class="flag">⚠ {{ f }}</strong>{% endfor %}</li>
    {% endfor %}</ul>{% else %}<div class="why">no sources linked</div>{% endif %}
  </td>
  <td data-label="Verdict">{% if s.verdict %}<span class="pill {{ s.verdict }}">{{ s.verdict_label }}</span>{% if s.note %}<div class="note">{{ s.note }}</div>{% endif %}{% else %}<span class="pill unreviewed">No verdict</span>{% endif %}</td>
  <td data-label="Reviewer">{{ s.reviewer_name or "—" }}</td>
  <td data-label="Reviewed">{{ (s.reviewed_on)|day }}</td>
  <td data-label="Due"><span class="pill {{ s.status }}">{{ s.status }}</span><div>{{ (s.due)|day }}</div><div class="why">{{ s.why }}</div></td>
</tr>
{% endfor %}
"""  # noqa: E501


class Cited:
    """The one thing the rows ask of a report: a cited source by its id."""

    def __init__(self, *sources: SourceEntry) -> None:
        self.sources = {s.id: s for s in sources}

    def source(self, source_id: str) -> SourceEntry | None:
        return self.sources.get(source_id)


def _statement(n: int, text: str, **changes: object) -> StatementRow:
    fields: dict[str, object] = dict(
        id=f"evil:{n}", n=n, text=text, checkworthy=True, checkworthy_by="model",
        checkworthy_score=0.9, followed=True, kinds=(), status="current", due=None,
        reason="interval", why=text, verdict=None, verdict_label=None, reviewer=None,
        reviewer_name=None, reviewed_on=None, note=None,
    )  # fmt: skip
    fields.update(changes)
    return StatementRow(**fields)  # type: ignore[arg-type]


def test_statement_rows_are_what_the_template_said() -> None:
    cited = Citation(None, None, None, None, None, None, None, None, short=HOSTILE_SOURCE_TITLE)
    report = Cited(SourceEntry("src<1>", "journal", "active", cited, ("evil:1",)))
    evidence = (
        Evidence("src<1>", "supports", HOSTILE_QUOTE, "p. <3>", True, ("quote <not> found",)),
        Evidence("unknown&", 'contradicts"', None, None, None, ()),
    )
    statements = [
        _statement(
            i,
            text,
            kinds=("dose", text),
            checkworthy_by=text or "eve",
            checkworthy=bool(i % 2),
            evidence=evidence,
            verdict=f"supported{text}",
            verdict_label=text,
            reviewer_name=text,
            reviewed_on=date(2019, 5, 6),
            note=text,
            due=date(2020, 5, 6),
            status='overdue"',
        )
        for i, text in enumerate(HOSTILE, start=1)
    ] + [_statement(99, "plain")]
    env = html_env(DateFormat())
    expected = env.from_string(JINJA_STATEMENT_ROWS).render(checked=statements, r=report)
    got = env.from_string("{{ checked | statement_rows(r) }}").render(checked=statements, r=report)
    assert got == expected
    assert "<script" not in got and "<svg" not in got and "<img" not in got
