"""The portfolio dashboard's numbers, gathered while the audit pages stream past.

:class:`PortfolioBuilder` keeps counters and one small line per article, never the
reports themselves, so the dashboard of 10,000 articles costs kilobytes per article.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any

from dateutil.relativedelta import relativedelta

from factcheck.reports.box import STATUS_LABELS
from factcheck.reports.model import ArticleLine, ArticleReport, Bar, PortfolioReport
from factcheck.schedule import STATUSES, URGENCY
from factcheck.settings import Settings

TONES = {
    "current": "good",
    "due": "warn",
    "unreviewed": "warn",
    "overdue": "bad",
    "stale": "bad",
    "needs-correction": "bad",
}
AGE_BUCKETS = (  # (label, upper bound in months)
    ("under 6 months", 6),
    ("6–12 months", 12),
    ("1–2 years", 24),
    ("2–5 years", 60),
    ("over 5 years", 10**6),
)
WORKLOAD_MONTHS = 12
ATTENTION_LIMIT = 25
_COUNTERS = ("article_status", "statement_status", "verdicts", "ages", "reviewers")
Share = dict[str, Any]  # PortfolioBuilder.share(): JSON-ready counts and lines


@dataclass
class PortfolioBuilder:
    settings: Settings
    as_of: date
    articles: int = 0
    statements: int = 0
    article_status: Counter[str] = field(default_factory=Counter)
    statement_status: Counter[str] = field(default_factory=Counter)
    due_months: Counter[date] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    ages: Counter[str] = field(default_factory=Counter)
    reviewers: Counter[str] = field(default_factory=Counter)
    lines: list[ArticleLine] = field(default_factory=list)

    def add(self, report: ArticleReport) -> None:
        if report.retired:
            return  # a retired article keeps its audit page, but leaves the dashboard
        self.articles += 1
        self.statements += len(report.statements)
        self.article_status[report.box.status] += 1
        horizon = _horizon(self.as_of)
        for s in report.statements:
            if not s.followed:
                continue
            self.statement_status[s.status] += 1
            if s.due is not None and s.status in ("current", "due") and s.due < horizon:
                self.due_months[_month(max(s.due, self.as_of))] += 1
            if s.verdict:
                self.verdicts[s.verdict_label or s.verdict] += 1
                self.reviewers[s.reviewer_name or s.reviewer or "?"] += 1
            self.ages[review_age(self.as_of, s.reviewed_on)] += 1
        urgent = sum(report.counts[k] for k in ("overdue", "stale", "needs-correction"))
        self.lines.append(
            ArticleLine(
                slug=report.slug,
                title=report.title,
                status=report.box.status,
                status_label=report.box.status_label,
                checkworthy=report.checkworthy,
                covered=report.covered,
                urgent=urgent,
                # The audit page's "Last reviewed": a sign-off that vouches for a review.
                last_reviewed=review.signed_on if (review := report.box.last_review) else None,
                next_review_due=report.box.next_review_due,
            )
        )

    def merge(self, other: PortfolioBuilder) -> None:
        """Add the counts another builder gathered (in another process)."""
        self.absorb(other.share())

    def share(self) -> Share:
        """What this builder gathered, as JSON-ready data: for one article, its share
        of the dashboard, which a build keeps so that the next one need not read the
        article again. Counters keep their order: ties on the dashboard go to the
        label met first."""
        return {
            "articles": self.articles,
            "statements": self.statements,
            **{name: dict(getattr(self, name)) for name in _COUNTERS},
            "due_months": {m.isoformat(): n for m, n in self.due_months.items()},
            "lines": [_line_data(line) for line in self.lines],
        }

    def absorb(self, share: Share) -> None:
        """Add a :meth:`share` (this builder's, another process's, or a kept one)."""
        self.articles += share["articles"]
        self.statements += share["statements"]
        for name in _COUNTERS:
            _add(getattr(self, name), share[name])
        _add(self.due_months, {date.fromisoformat(m): n for m, n in share["due_months"].items()})
        self.lines.extend(_line(data) for data in share["lines"])

    def finish(self) -> PortfolioReport:
        checkworthy = sum(self.statement_status.values())
        attention = sorted(
            (line for line in self.lines if line.status != "current"),
            key=lambda a: (URGENCY[a.status], -a.urgent, a.next_review_due or date.min, a.slug),
        )
        first = _month(self.as_of)
        months = [first + relativedelta(months=i) for i in range(WORKLOAD_MONTHS)]
        return PortfolioReport(
            as_of=self.as_of,
            articles=self.articles,
            statements=self.statements,
            checkworthy=checkworthy,
            covered=self.statement_status["current"],
            by_status=_status_bars(self.article_status),
            statement_status=_status_bars(self.statement_status),
            workload=tuple(Bar(m.strftime("%Y-%m"), self.due_months[m], month=m) for m in months),
            verdict_mix=self._verdict_bars(),
            review_age=tuple(
                Bar(label, self.ages[label], tone)
                for label, tone in [
                    *((label, "good" if bound <= 12 else "warn") for label, bound in AGE_BUCKETS),
                    ("never reviewed", "bad"),
                ]
            ),
            per_reviewer=tuple(Bar(k, v) for k, v in self.reviewers.most_common()),
            attention=tuple(attention[:ATTENTION_LIMIT]),
            lines=tuple(sorted(self.lines, key=lambda a: a.slug)),
        )

    def _verdict_bars(self) -> tuple[Bar, ...]:
        by_label = {v.label: v for v in self.settings.scale.values()}
        bars = []
        for label, count in self.verdicts.most_common():
            v = by_label.get(label)
            tone = "neutral" if v is None else "bad" if v.needs_correction else "good"
            bars.append(Bar(label, count, tone))
        return tuple(bars)


@lru_cache(maxsize=16384)  # a few thousand review dates recur over 300,000 statements
def review_age(as_of: date, reviewed_on: date | None) -> str:
    """The review-age bucket of a statement reviewed on ``reviewed_on``."""
    if reviewed_on is None:
        return "never reviewed"
    delta = relativedelta(as_of, reviewed_on)
    months = delta.years * 12 + delta.months
    return next(label for label, bound in AGE_BUCKETS if months < bound)


def _add(counter: Counter[Any], counts: dict[Any, int]) -> None:
    """``counter.update(counts)`` without its checks: a kept build adds 60,000 of these."""
    get = counter.get
    for key, n in counts.items():
        counter[key] = get(key, 0) + n


# The fields of a line, read without ``astuple``'s deep copy of each value (a full
# build keeps a line per page, 10,000 of them; the values are plain text, numbers
# and dates).
_LINE_FIELDS = attrgetter(*(f.name for f in fields(ArticleLine)))


def _line_data(line: ArticleLine) -> list[Any]:
    return [v.isoformat() if isinstance(v, date) else v for v in _LINE_FIELDS(line)]


def _line(data: list[Any]) -> ArticleLine:
    slug, title, status, label, checkworthy, covered, urgent, last_reviewed, next_due = data
    return ArticleLine(
        slug,
        title,
        status,
        label,
        checkworthy,
        covered,
        urgent,
        _day(last_reviewed),
        _day(next_due),
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _status_bars(counts: Counter[str]) -> tuple[Bar, ...]:
    order = sorted(STATUSES, key=lambda s: -URGENCY[s])  # current first
    return tuple(Bar(STATUS_LABELS[s], counts[s], TONES[s]) for s in order)


def _month(day: date) -> date:
    return day.replace(day=1)


@lru_cache(maxsize=8)
def _horizon(as_of: date) -> date:
    """The first day after the workload chart's months."""
    return _month(as_of) + relativedelta(months=WORKLOAD_MONTHS)
