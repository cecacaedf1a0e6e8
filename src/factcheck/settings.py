"""``factcheck.toml``: review policy, verdict scale, and where the database lives.

Every value is checked when the file is read; a bad one is a :class:`SettingsError`
that names the key and its line, so the user can fix it without guessing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from factcheck.box_settings import DEFAULT_BOX_TOML, BoxSettings, read_box
from factcheck.errors import SettingsError

SOURCE_KINDS = ("paper", "press-release", "guideline", "dataset", "news", "book", "web", "other")
REVIEW_KEYS = (
    "interval",
    "citation_style",
    "date_format",
    "locale",
    "reviewer",
    "max_article_bytes",
    "topics",
    "verdicts",
    "sources",
    "kinds",
)
# How wide the check-worthiness net is (ingest/checkworthy.py): "health" flags every
# statement of fact for a medical review, "news" a narrower set, "debate" as CT24 does.
CHECKWORTHY_MODES = ("health", "news", "debate")
_INTERVAL = re.compile(r"^\s*(\d{1,9})\s*(day|week|month|year)s?\s*$", re.IGNORECASE)
MAX_INTERVAL_DAYS = 100 * 365  # a longer re-review interval is a typo, and overflows dates


@dataclass(frozen=True, order=True)
class Interval:
    """A re-review interval such as "12 months"; month arithmetic clamps to month end."""

    days_estimate: int  # for ordering: which of two intervals is shorter
    amount: int
    unit: str  # days | weeks | months | years

    @classmethod
    def parse(cls, text: str) -> Interval:
        m = _INTERVAL.match(text)
        if not m:
            raise ValueError(f'{text!r} is not an interval like "12 months" or "90 days"')
        amount, unit = int(m.group(1)), m.group(2).lower() + "s"
        per = {"days": 1, "weeks": 7, "months": 30, "years": 365}[unit]
        if amount * per > MAX_INTERVAL_DAYS:
            raise ValueError(f"{text!r} is longer than the 100 years an interval may be")
        return cls(amount * per, amount, unit)

    def after(self, start: date) -> date:
        return _after(self, start)

    def __str__(self) -> str:
        unit = self.unit if self.amount != 1 else self.unit[:-1]
        return f"{self.amount} {unit}"


@lru_cache(maxsize=65536)  # an archive has a few thousand review days, not millions
def _after(interval: Interval, start: date) -> date:
    from dateutil.relativedelta import relativedelta

    n = interval.amount
    step = {
        "days": relativedelta(days=n),
        "weeks": relativedelta(weeks=n),
        "months": relativedelta(months=n),  # clamps: 29 Feb 2024 + 12 months = 28 Feb 2025
        "years": relativedelta(years=n),
    }[interval.unit]
    return start + step


@dataclass(frozen=True)
class VerdictLabel:
    name: str
    label: str
    rating: int | None  # ClaimReview ratingValue; None: never published as a rating
    needs_correction: bool = False


DEFAULT_SCALE: tuple[VerdictLabel, ...] = (
    VerdictLabel("supported", "Supported", 5),
    VerdictLabel("partly-supported", "Partly supported", 4),
    VerdictLabel("unverifiable", "Unverifiable", 3),
    VerdictLabel("unsupported", "Unsupported", 2, needs_correction=True),
    VerdictLabel("outdated", "Outdated", 2, needs_correction=True),
    VerdictLabel("misleading", "Misleading", 2, needs_correction=True),
    VerdictLabel("contradicted", "Contradicted", 1, needs_correction=True),
    VerdictLabel("not-a-claim", "Not a claim", None),
)


@dataclass(frozen=True, eq=False)  # hashed by identity: policy memos are kept per object
class Settings:
    """What ``factcheck.toml`` says, with the defaults filled in."""

    path: Path | None = None
    database_url: str | None = None
    interval: Interval = field(default_factory=lambda: Interval.parse("12 months"))
    date_format: str = "d MMM y"
    locale: str = "en_GB"
    default_reviewer: str | None = None
    max_article_bytes: int = 5_000_000
    topics: dict[str, Interval] = field(default_factory=dict)
    verdict_intervals: dict[str, Interval] = field(
        default_factory=lambda: {
            "partly-supported": Interval.parse("6 months"),
            "unverifiable": Interval.parse("3 months"),
            "outdated": Interval.parse("0 days"),
        }
    )
    source_intervals: dict[str, Interval] = field(
        default_factory=lambda: {"press-release": Interval.parse("6 months")}
    )
    kind_intervals: dict[str, Interval] = field(
        default_factory=lambda: {"time-relative": Interval.parse("6 months")}
    )
    scale: dict[str, VerdictLabel] = field(
        default_factory=lambda: {v.name: v for v in DEFAULT_SCALE}
    )
    publisher_name: str | None = None
    publisher_url: str | None = None
    box: BoxSettings = field(default_factory=BoxSettings)
    checkworthy: str = "health"  # one of CHECKWORTHY_MODES
    citation_style: str = "vancouver"  # vancouver | ama | apa: how reports cite sources

    @property
    def best_rating(self) -> int:
        return max((v.rating for v in self.scale.values() if v.rating is not None), default=5)

    @property
    def worst_rating(self) -> int:
        return min((v.rating for v in self.scale.values() if v.rating is not None), default=1)


def load_settings(path: Path) -> Settings:
    """Read and validate ``path``; raise :class:`SettingsError` naming key and line."""
    try:
        raw_text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"{path}: cannot read settings ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: settings file is not UTF-8 text") from None
    try:
        raw = tomllib.loads(raw_text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    return _Reader(path, raw_text).settings(raw)


class _Reader:
    def __init__(self, path: Path, text: str) -> None:
        self.path, self.lines = path, text.splitlines()

    def fail(self, key: str, problem: str) -> SettingsError:
        table, _, leaf = key.rpartition(".")
        pattern = re.compile(rf'^\s*"?{re.escape(leaf)}"?\s*=')
        # The leaf under its own [table] header: "rating" is in every [verdicts.*].
        header, candidates = "", []
        for i, ln in enumerate(self.lines, 1):
            if m := re.match(r"^\s*\[([^\[\]]+)\]", ln):
                header = m.group(1).replace('"', "").replace(" ", "")
                if header == key:  # the key is a table: point at its header
                    candidates.append((False, i))
            elif pattern.match(ln):
                candidates.append((header != table, i))
        line = min(candidates)[1] if candidates else None
        where = f"{self.path}:{line}" if line else str(self.path)
        return SettingsError(f"{where}: {key}: {problem}")

    def table(self, raw: dict[str, Any], key: str) -> dict[str, Any]:
        value = raw.get(key.rsplit(".", 1)[-1], {})
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return value

    def text(self, raw: dict[str, Any], key: str, default: str | None) -> str | None:
        value = raw.get(key.rsplit(".", 1)[-1], default)
        if value is not None and not isinstance(value, str):
            raise self.fail(key, "must be a string")
        return value

    def interval(self, key: str, value: Any) -> Interval:
        if not isinstance(value, str):
            raise self.fail(key, 'must be a string like "12 months"')
        try:
            return Interval.parse(value)
        except ValueError as exc:
            raise self.fail(key, str(exc)) from None

    def intervals(
        self, raw: dict[str, Any], key: str, base: dict[str, Interval]
    ) -> dict[str, Interval]:
        """A rule table written in the file is the whole policy for that table: deleting
        a line deletes its rule. Where the file has no such table, the defaults apply."""
        leaf = key.rsplit(".", 1)[-1]
        if leaf not in raw:
            return dict(base)
        return {k: self.interval(f"{key}.{k}", v) for k, v in self.table(raw, key).items()}

    def known(self, raw: dict[str, Any], prefix: str, keys: tuple[str, ...]) -> None:
        """A misspelt key would silently change nothing: name it instead."""
        for key in raw:
            if key not in keys:
                where = f"{prefix}.{key}" if prefix else key
                raise self.fail(where, f"unknown setting (expected one of: {', '.join(keys)})")

    def settings(self, raw: dict[str, Any]) -> Settings:
        defaults = Settings()
        self.known(raw, "", ("database", "review", "verdicts", "publisher", "box", "ingest"))
        database = self.table(raw, "database")
        review = self.table(raw, "review")
        publisher = self.table(raw, "publisher")
        self.known(database, "database", ("url",))
        self.known(review, "review", REVIEW_KEYS)
        self.known(publisher, "publisher", ("name", "url"))
        ingest = self.table(raw, "ingest")
        self.known(ingest, "ingest", ("checkworthy",))
        checkworthy = self.text(ingest, "ingest.checkworthy", defaults.checkworthy)
        if checkworthy not in CHECKWORTHY_MODES:
            raise self.fail(
                "ingest.checkworthy", f"must be one of: {', '.join(CHECKWORTHY_MODES)}"
            )
        url = self.text(database, "database.url", None)
        max_bytes = review.get("max_article_bytes", defaults.max_article_bytes)
        if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes <= 0:
            raise self.fail("review.max_article_bytes", "must be a positive whole number")
        interval = review.get("interval")
        scale = self.scale(self.table(raw, "verdicts"), defaults.scale)
        verdict_rules = self.intervals(review, "review.verdicts", defaults.verdict_intervals)
        for name in verdict_rules:
            if name not in scale:
                raise self.fail(f"review.verdicts.{name}", "is not a verdict on the scale")
        sources = self.intervals(review, "review.sources", defaults.source_intervals)
        self.known(sources, "review.sources", SOURCE_KINDS)
        locale = self.locale(review, defaults)  # before the date pattern, which uses it
        return Settings(
            path=self.path,
            database_url=url,
            interval=self.interval("review.interval", interval) if interval else defaults.interval,
            date_format=self.date_format(review, defaults),
            locale=locale,
            default_reviewer=self.text(review, "review.reviewer", None),
            max_article_bytes=max_bytes,
            topics=self.intervals(review, "review.topics", {}),
            verdict_intervals=verdict_rules,
            source_intervals=sources,
            kind_intervals=self.intervals(review, "review.kinds", defaults.kind_intervals),
            scale=scale,
            publisher_name=self.text(publisher, "publisher.name", None),
            publisher_url=self.web_address(publisher, "publisher.url"),
            box=read_box(raw.get("box", {}), self.fail),
            checkworthy=checkworthy or defaults.checkworthy,
            citation_style=self.citation_style(review),
        )

    def citation_style(self, review: dict[str, Any]) -> str:
        from factcheck.bibliography.style import DEFAULT_STYLE, STYLES

        style = self.text(review, "review.citation_style", DEFAULT_STYLE) or DEFAULT_STYLE
        if style not in STYLES:
            raise self.fail("review.citation_style", f"must be one of: {', '.join(STYLES)}")
        return style

    def locale(self, review: dict[str, Any], defaults: Settings) -> str:
        value = self.text(review, "review.locale", defaults.locale) or defaults.locale
        if value != defaults.locale:
            from babel import Locale  # only for a locale of one's own: babel is slow to load

            try:
                Locale.parse(value)
            except Exception:  # babel raises several kinds for a bad name
                raise self.fail(
                    "review.locale", f"unknown locale {value!r} (like en_GB or de_DE)"
                ) from None
        return value

    def web_address(self, raw: dict[str, Any], key: str) -> str | None:
        """An http(s) URL or nothing: a ``javascript:`` publisher link is refused here."""
        value = self.text(raw, key, None)
        if value is None:
            return None
        from factcheck.identifiers import is_safe_url

        if not is_safe_url(value):
            raise self.fail(key, f"{value!r} is not an http(s) URL")
        return value

    def date_format(self, review: dict[str, Any], defaults: Settings) -> str:
        """A CLDR date pattern, tried once now rather than failing in the first report."""
        value = self.text(review, "review.date_format", defaults.date_format) or ""
        locale = self.text(review, "review.locale", defaults.locale) or defaults.locale
        if not value.strip() or len(value) > 64:
            raise self.fail("review.date_format", "must be a date pattern of 1-64 characters")
        if (value, locale) != (defaults.date_format, defaults.locale):
            from babel.dates import format_date

            try:
                format_date(date(2018, 8, 8), format=value, locale=locale)
            except Exception:  # babel raises several kinds for a bad pattern
                raise self.fail(
                    "review.date_format", f"{value!r} is not a date pattern (like d MMM y)"
                ) from None
        return value

    def scale(self, raw: dict[str, Any], base: dict[str, VerdictLabel]) -> dict:
        scale = dict(base)
        for name, entry in raw.items():
            key = f"verdicts.{name}"
            if not isinstance(entry, dict):
                raise self.fail(key, "must be a table with label and rating")
            old = base.get(name)
            rating = entry.get("rating", old.rating if old else None)
            if rating is not None and (not isinstance(rating, int) or isinstance(rating, bool)):
                raise self.fail(f"{key}.rating", "must be a whole number")
            needs = entry.get("needs_correction", old.needs_correction if old else False)
            if not isinstance(needs, bool):
                raise self.fail(f"{key}.needs_correction", "must be true or false")
            label = self.text(entry, f"{key}.label", old.label if old else name) or name
            scale[name] = VerdictLabel(name, label, rating, needs)
        return scale


DEFAULT_TOML = (
    """\
# factcheck workspace settings. Every value below is the default; edit to taste.
# A rule table ([review.verdicts], [review.sources], [review.kinds], [review.topics])
# written here is the whole of that policy: delete a line and its rule is gone.
# Intervals are "N days|weeks|months|years"; month arithmetic clamps to month end
# (29 Feb 2024 + 12 months = 28 Feb 2025). The most specific rule wins, and the
# shortest where two apply at the same level:
#   statement (its verdict, its claim kinds) > its sources' kinds > article topic > default.

[database]
url = "sqlite:///factcheck.db"       # relative to this file; or postgresql+psycopg://…

[review]
interval = "12 months"               # default re-review interval
date_format = "d MMM y"              # how reports print dates (CLDR pattern): 8 Aug 2018
locale = "en_GB"                     # language of month names in reports
citation_style = "vancouver"         # how reports cite sources: vancouver, ama or apa
# reviewer = "drlee"                 # default --reviewer when FACTCHECK_REVIEWER is unset
max_article_bytes = 5000000          # larger article files are refused

[review.topics]                      # per article topic
# depression = "12 months"

[review.verdicts]                    # per verdict; "0 days" = due at once
partly-supported = "6 months"
unverifiable = "3 months"
outdated = "0 days"

[review.sources]                     # per kind of the statement's sources
press-release = "6 months"

[review.kinds]                       # per claim kind of the statement
time-relative = "6 months"

# The verdict scale, mapped to ClaimReview ratings (1 = worst, 5 = best).
# needs_correction = true marks verdicts that say the article is wrong.
[verdicts.supported]
label = "Supported"
rating = 5

[verdicts.partly-supported]
label = "Partly supported"
rating = 4

[verdicts.unverifiable]
label = "Unverifiable"
rating = 3

[verdicts.unsupported]
label = "Unsupported"
rating = 2
needs_correction = true

[verdicts.outdated]
label = "Outdated"
rating = 2
needs_correction = true

[verdicts.misleading]
label = "Misleading"
rating = 2
needs_correction = true

[verdicts.contradicted]
label = "Contradicted"
rating = 1
needs_correction = true

[verdicts.not-a-claim]
label = "Not a claim"                # never published as a ClaimReview

[ingest]
# Which statements are flagged check-worthy when an article is read:
# "health" (every statement of fact: effects, risks, doses, numbers, studies, what
# an expert said), "news" (a narrower net), or "debate" (political debate claims).
checkworthy = "health"

[publisher]                          # ClaimReview author
# name = "Example Health"
# url = "https://example.org"
"""
    + DEFAULT_BOX_TOML
)
