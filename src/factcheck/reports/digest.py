"""Writers for the reviewers' digest (text, html, json) and the mails that carry it."""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict, dataclass, field
from email.message import EmailMessage
from enum import StrEnum
from typing import Any, Protocol

from factcheck.escaping import flat
from factcheck.mail import compose
from factcheck.reports.render import DateFormat, html_env, render
from factcheck.reports.writers import date_format
from factcheck.settings import Settings
from factcheck.store.assignments import QueueItem
from factcheck.store.digest import Digest, ReviewerDigest, StaleItem

WIDTH = 72  # plain-text mail lines


class DigestFormat(StrEnum):
    TEXT = "text"
    HTML = "html"
    JSON = "json"


class DigestWriter(Protocol):
    def format(self, digest: Digest) -> str: ...


@dataclass(frozen=True)
class DigestPage:
    """Context of ``digest.html.j2``; dates print through the ``day`` filter."""

    digest: Digest = field(metadata={"help": "the reviewers' sections, as_of and since"})
    lang: str = field(metadata={"help": "BCP 47 language tag of the page, e.g. en-GB"})


@dataclass(frozen=True)
class HtmlDigestWriter:
    settings: Settings

    def format(self, digest: Digest) -> str:
        page = DigestPage(digest, self.settings.locale.replace("_", "-"))
        return render(html_env(date_format(self.settings)), "digest.html.j2", page) + "\n"


@dataclass(frozen=True)
class TextDigestWriter:
    """Plain text for a terminal or a mail: short lines, one line per field."""

    settings: Settings

    def format(self, digest: Digest) -> str:
        day = date_format(self.settings)
        blocks = [_reviewer_text(r, digest, day) for r in digest.reviewers]
        return ("\n" + "-" * WIDTH + "\n\n").join(blocks)


def _reviewer_text(r: ReviewerDigest, digest: Digest, day: DateFormat) -> str:
    lines = [
        f"Review digest for {flat(r.name)} ({r.handle})",
        f"As of {day(digest.as_of)}; newly stale means since {day(digest.since)}.",
        "",
    ]
    if r.empty:
        lines += ["Nothing assigned, due or newly stale.", ""]
    sections: list[tuple[str, list[tuple[QueueItem, str]]]] = [
        ("Newly stale", [(s.work, f"stale since {day(s.stale_since)}") for s in r.newly_stale]),
        ("Assigned to you", [(w, _when(w, day)) for w in r.assigned]),
        ("Due again", [(w, _when(w, day)) for w in r.due]),
    ]
    for title, items in sections:
        if not items:
            continue
        lines += [f"{title} ({len(items)})", ""]
        for work, when in items:
            lines.append(f"* {work.statement or work.article} [{when}]")
            lines += textwrap.wrap(flat(work.reason), WIDTH, initial_indent="  ",
                                   subsequent_indent="  ")  # fmt: skip
            lines += textwrap.wrap(f"“{flat(work.text)}”", WIDTH, initial_indent="  ",
                                   subsequent_indent="   ")  # fmt: skip
            lines.append("")
    return "\n".join(lines)


def _when(work: QueueItem, day: DateFormat) -> str:
    return f"{work.status}, due {day(work.due)}" if work.due else work.status


@dataclass(frozen=True)
class JsonDigestWriter:
    """``as_of, since, reviewers: [{reviewer, name, newly_stale, assigned, due}]``;
    work as ``queue --json`` prints it, newly stale work with ``stale_since``."""

    settings: Settings

    def format(self, digest: Digest) -> str:
        data = {
            "as_of": digest.as_of.isoformat(),
            "since": digest.since.isoformat(),
            "reviewers": [
                {
                    "reviewer": r.handle,
                    "name": r.name,
                    "newly_stale": [_stale_data(s) for s in r.newly_stale],
                    "assigned": [_work_data(w) for w in r.assigned],
                    "due": [_work_data(w) for w in r.due],
                }
                for r in digest.reviewers
            ],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _work_data(work: QueueItem) -> dict[str, Any]:
    data = asdict(work)
    data["due"] = work.due.isoformat() if work.due else None
    return data


def _stale_data(item: StaleItem) -> dict[str, Any]:
    return {**_work_data(item.work), "stale_since": item.stale_since.isoformat()}


DIGEST_WRITERS: dict[DigestFormat, type[Any]] = {
    DigestFormat.TEXT: TextDigestWriter,
    DigestFormat.HTML: HtmlDigestWriter,
    DigestFormat.JSON: JsonDigestWriter,
}


def digest_writer(fmt: DigestFormat, settings: Settings) -> DigestWriter:
    writer: DigestWriter = DIGEST_WRITERS[fmt](settings)
    return writer


def digest_mails(digest: Digest, settings: Settings, *, sender: str, to: str) -> list[EmailMessage]:
    """One message per reviewer with something in their digest, text and HTML."""
    text, html = TextDigestWriter(settings), HtmlDigestWriter(settings)
    day = date_format(settings)
    return [
        compose(
            subject=_subject(one.reviewers[0], day(one.as_of)),
            sender=sender,
            to=to,
            text=text.format(one),
            html=html.format(one),
        )
        for one in digest.per_reviewer()
    ]


def _subject(r: ReviewerDigest, as_of: str) -> str:
    counts = [
        (len(r.newly_stale), "newly stale"),
        (len(r.assigned), "assigned"),
        (len(r.due), "due"),
    ]
    said = ", ".join(f"{n} {what}" for n, what in counts if n)
    return f"Review digest for {flat(r.name)}, {as_of}: {said}"
