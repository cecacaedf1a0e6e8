"""Report writers: one object per format, each with one ``format()`` method.

The CLI picks a writer by :class:`ReportFormat`; writers only render report data
(see :mod:`factcheck.reports.model`) and escape it for their own format.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from factcheck.reports.jsonld import claim_reviews
from factcheck.reports.model import ArticleReport, PortfolioReport
from factcheck.reports.render import DateFormat, html_env, md_env, render
from factcheck.settings import Settings


class ReportFormat(StrEnum):
    HTML = "html"
    MD = "md"
    JSON = "json"
    CLAIMREVIEW = "claimreview"


SUFFIXES = {
    ReportFormat.HTML: ".html",
    ReportFormat.MD: ".md",
    ReportFormat.JSON: ".json",
    ReportFormat.CLAIMREVIEW: ".claimreview.json",
}


class ArticleWriter(Protocol):
    def format(self, report: ArticleReport) -> str: ...


class PortfolioWriter(Protocol):
    def format(self, report: PortfolioReport) -> str: ...


# --- template contexts: what each template may use ------------------------------------


@dataclass(frozen=True)
class ArticlePage:
    """Context of ``article.html.j2`` and ``article.md.j2``.

    Dates print through the ``day`` and ``month`` filters (the workspace's format).
    """

    report: ArticleReport = field(metadata={"help": "the article's audit data"})
    as_of: date = field(metadata={"help": "the day the report judges due dates on"})
    lang: str = field(metadata={"help": "BCP 47 language tag of the page, e.g. en-GB"})
    index_href: str | None = field(
        default=None, metadata={"help": "link back to the dashboard; None for a lone report"}
    )
    ledger_head: str | None = field(
        default=None,
        metadata={"help": "the ledger entry the page shows the record up to (an anchor)"},
    )


@dataclass(frozen=True)
class DashboardPage:
    """Context of ``dashboard.html.j2`` and ``dashboard.md.j2``."""

    portfolio: PortfolioReport = field(metadata={"help": "the site's numbers"})
    as_of: date = field(metadata={"help": "the day the report judges due dates on"})
    lang: str = field(metadata={"help": "BCP 47 language tag of the page"})
    page_suffix: str = field(metadata={"help": "file suffix of the audit pages it links to"})
    ledger_head: str | None = field(
        default=None, metadata={"help": "the ledger head the report was built from"}
    )


def date_format(settings: Settings) -> DateFormat:
    return DateFormat(settings.date_format or "d MMM y", settings.locale)


def _lang(settings: Settings) -> str:
    return settings.locale.replace("_", "-")


# --- writers --------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlWriter:
    settings: Settings
    index_href: str | None = None

    def format(self, report: ArticleReport) -> str:
        page = ArticlePage(
            report, report.as_of, _lang(self.settings), self.index_href, report.ledger_head
        )
        return render(html_env(date_format(self.settings)), "article.html.j2", page)


@dataclass(frozen=True)
class MarkdownWriter:
    settings: Settings
    index_href: str | None = None

    def format(self, report: ArticleReport) -> str:
        page = ArticlePage(
            report, report.as_of, _lang(self.settings), self.index_href, report.ledger_head
        )
        return tidy_markdown(render(md_env(date_format(self.settings)), "article.md.j2", page))


@dataclass(frozen=True)
class JsonWriter:
    """The same facts as the HTML report, as data: dates ISO, nothing formatted."""

    settings: Settings
    index_href: str | None = None

    def format(self, report: ArticleReport | PortfolioReport) -> str:
        data = as_data(report)
        if isinstance(report, ArticleReport):
            data.update(checkworthy=report.checkworthy, covered=report.covered)
        else:
            data.update(coverage=round(report.coverage, 4))
        return json.dumps(data, indent=2, ensure_ascii=False, default=_iso) + "\n"


@dataclass(frozen=True)
class ClaimReviewWriter:
    """schema.org ClaimReview JSON-LD: a list, one per reviewed check-worthy statement."""

    settings: Settings
    index_href: str | None = None

    def format(self, report: ArticleReport) -> str:
        data = claim_reviews(report, self.settings)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class HtmlDashboardWriter:
    settings: Settings

    def format(self, report: PortfolioReport) -> str:
        page = DashboardPage(
            report, report.as_of, _lang(self.settings), ".html", report.ledger_head
        )
        return render(html_env(date_format(self.settings)), "dashboard.html.j2", page)


@dataclass(frozen=True)
class MarkdownDashboardWriter:
    settings: Settings

    def format(self, report: PortfolioReport) -> str:
        page = DashboardPage(report, report.as_of, _lang(self.settings), ".md", report.ledger_head)
        return tidy_markdown(render(md_env(date_format(self.settings)), "dashboard.md.j2", page))


ARTICLE_WRITERS: dict[ReportFormat, type[Any]] = {
    ReportFormat.HTML: HtmlWriter,
    ReportFormat.MD: MarkdownWriter,
    ReportFormat.JSON: JsonWriter,
    ReportFormat.CLAIMREVIEW: ClaimReviewWriter,
}
DASHBOARD_WRITERS: dict[ReportFormat, type[Any]] = {
    ReportFormat.HTML: HtmlDashboardWriter,
    ReportFormat.MD: MarkdownDashboardWriter,
    ReportFormat.JSON: JsonWriter,
}


def article_writer(
    fmt: ReportFormat, settings: Settings, *, index_href: str | None = None
) -> ArticleWriter:
    writer: ArticleWriter = ARTICLE_WRITERS[fmt](settings, index_href)
    return writer


def dashboard_writer(fmt: ReportFormat, settings: Settings) -> PortfolioWriter | None:
    """The dashboard writer for a format; None where the format has no dashboard."""
    cls = DASHBOARD_WRITERS.get(fmt)
    return cls(settings) if cls else None


def tidy_markdown(text: str) -> str:
    """At most one blank line in a row: optional template blocks leave extra ones."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def as_data(obj: Any) -> dict[str, Any]:
    """A report dataclass as plain JSON-ready data (dates left for ``_iso``)."""
    data: dict[str, Any] = dataclasses.asdict(obj)
    return data


def _iso(value: Any) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
