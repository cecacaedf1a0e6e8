"""The review box an editor pastes into the article's page: html, text or JSON-LD."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from factcheck.reports.build import article_reports, select_articles
from factcheck.reports.jsonld import page_jsonld
from factcheck.reports.model import ArticleReport, ReviewBox
from factcheck.reports.render import html_env, json_for_script, render
from factcheck.reports.writers import date_format
from factcheck.settings import Settings


@dataclass(frozen=True)
class BadgePage:
    """Context of ``badge.html.j2``."""

    box: ReviewBox = field(metadata={"help": "the review box; dates print with |day"})
    jsonld: str = field(metadata={"help": "page JSON-LD, already safe inside <script>"})
    css: str = field(metadata={"help": "the few style rules the snippet carries"})


BADGE_CSS = (
    ".fc-review{border-left:4px solid #1f7a4d;padding:8px 12px;margin:16px 0;"
    "font-size:.9em;background:#f5f7fa}.fc-review p{margin:2px 0}"
    ".fc-review .headline{font-weight:700}"
    ".fc-review.attention{border-left-color:#9a5b00}.fc-review.bad{border-left-color:#b42318}"
    ".fc-review.unreviewed{border-left-color:#5b6576}"
    ".fc-review .page-claim{color:#5b6576;font-size:.9em;margin-top:6px}"
)


def badge_text(
    *,
    session: Session,
    settings: Settings,
    slug: str,
    fmt: str,
    page_type: str,
    as_of: date,
) -> str:
    report = _report(session, settings, slug, as_of)
    data = page_jsonld(report, page_type=page_type)
    if fmt == "jsonld":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    dates = date_format(settings)
    if fmt == "text":
        return report.box.text() + "\n"
    page = BadgePage(report.box, json_for_script(data), BADGE_CSS)
    return render(html_env(dates), "badge.html.j2", page).strip() + "\n"


def _report(session: Session, settings: Settings, slug: str, as_of: date) -> ArticleReport:
    [(article_id, _)] = select_articles(session=session, slugs=[slug])
    return next(article_reports(session=session, settings=settings, as_of=as_of, ids=[article_id]))
