"""``[box]`` in ``factcheck.toml``: the words of the review box and the sign-off roles.

The box is a promise to readers, so its words are the publisher's to choose: a
health site says "Medically reviewed by", a science desk "Scientifically reviewed
by". Which words apply is never the publisher's choice: :mod:`factcheck.reports.box`
picks them from the records alone.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Each wording, its default, and the placeholders it may use. {s} is "s" unless the
# count it goes with is 1 ("1 statement", "3 statements").
WORDINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "reviewed": ("Reviewed", ()),
    "due": ("Review due {date}", ("date",)),
    "overdue": ("Review overdue since {date}", ("date",)),
    "under_review": (
        "Under review: {count} statement{s} changed since the last review",
        ("count", "s"),
    ),
    "correction": ("Correction needed", ("count", "s")),
    "partly": (
        "Partly reviewed: {checked} of {total} statement{s} checked",
        ("checked", "total", "s"),
    ),
    "unreviewed": ("Not yet reviewed", ()),
    "coverage": ("{checked} of {total} statement{s} checked", ("checked", "total", "s")),
    "forced": ("not every statement checked", ()),  # a forced sign-off of unknown coverage
    "next_review": ("Next review due {date}", ("date",)),
    "page_said": ("The page said: {claims}", ("claims",)),
}
REVIEWER_ROLES = ("reviewer", "editor", "admin")  # store.reviewers.ROLES: who may do what
DEFAULT_ROLES = {
    "medical": "Medically reviewed by",
    "scientific": "Scientifically reviewed by",
    "fact-check": "Fact-checked by",
    "editorial": "Edited by",
}
_ROLE = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


@dataclass(frozen=True)
class BoxSettings:
    """The review box's words; ``roles`` in the order the box names them."""

    words: dict[str, str] = field(default_factory=lambda: {k: v for k, (v, _) in WORDINGS.items()})
    roles: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ROLES))
    editor_roles: tuple[str, ...] = ("editorial",)  # JSON-LD "editor", not "reviewedBy"
    # The role of a sign-off recorded without --role, by the signer's reviewer role.
    signoff_roles: dict[str, str] = field(
        default_factory=lambda: {
            "reviewer": "scientific",
            "editor": "editorial",
            "admin": "editorial",
        }
    )

    def say(self, key: str, **values: Any) -> str:
        """The wording ``key`` with its placeholders filled in."""
        count = values.get("count", values.get("total"))
        return self.words[key].format_map({**values, "s": "" if count == 1 else "s"})

    def label(self, role: str) -> str:
        return self.roles.get(role, "Reviewed by")

    def role_for(self, reviewer_role: str) -> str:
        return self.signoff_roles.get(reviewer_role, next(iter(self.roles)))

    def order(self, role: str) -> tuple[int, str]:
        """Configured roles first, in their order; any other recorded role after them."""
        keys = list(self.roles)
        return (keys.index(role), "") if role in keys else (len(keys), role)


def read_box(raw: dict[str, Any], fail: Callable[[str, str], Exception]) -> BoxSettings:
    """``[box]`` as :class:`BoxSettings`; ``fail(key, problem)`` builds the error to raise."""
    if not isinstance(raw, dict):
        raise fail("box", "must be a table")
    known = (*WORDINGS, "roles", "editor_roles", "signoff_roles")
    for key in raw:
        if key not in known:
            raise fail(f"box.{key}", f"unknown setting (expected one of: {', '.join(known)})")
    defaults = BoxSettings()
    words = dict(defaults.words)
    for key, (_, allowed) in WORDINGS.items():
        if key in raw:
            words[key] = _wording(raw[key], f"box.{key}", allowed, fail)
    roles = _roles(raw.get("roles", defaults.roles), fail)
    # Defaults are kept to the roles this file defines; what the file says is checked.
    editors = raw.get("editor_roles", [r for r in defaults.editor_roles if r in roles])
    if not isinstance(editors, list) or not all(isinstance(r, str) for r in editors):
        raise fail("box.editor_roles", 'must be a list of role names, e.g. ["editorial"]')
    for role in editors:
        if role not in roles:
            raise fail("box.editor_roles", f"{role!r} is not in [box.roles]")
    signers = raw.get("signoff_roles")
    if signers is None:
        first = next(iter(roles))
        signers = {k: v if v in roles else first for k, v in defaults.signoff_roles.items()}
    if not isinstance(signers, dict):
        raise fail("box.signoff_roles", "must be a table: reviewer role = sign-off role")
    for who, role in signers.items():
        if who not in REVIEWER_ROLES:
            raise fail(
                f"box.signoff_roles.{who}", f"not a reviewer role ({', '.join(REVIEWER_ROLES)})"
            )
        if role not in roles:
            raise fail(f"box.signoff_roles.{who}", f"{role!r} is not in [box.roles]")
    return BoxSettings(words, roles, tuple(editors), dict(signers))


def _wording(
    value: Any, key: str, allowed: tuple[str, ...], fail: Callable[[str, str], Exception]
) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(key, "must be a non-empty string")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError as exc:  # an unmatched brace
        raise fail(key, f"{exc} (write {{{{ for a literal brace)") from None
    for name in names:
        if name not in allowed:
            usable = ", ".join("{" + a + "}" for a in allowed) or "none"
            raise fail(key, f"unknown placeholder {{{name}}} (usable here: {usable})")
    return value


def _roles(value: Any, fail: Callable[[str, str], Exception]) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        raise fail(
            "box.roles", 'must be a table of role = "label", e.g. medical = "Medically reviewed by"'
        )
    for role, label in value.items():
        if not _ROLE.match(role):
            raise fail(f"box.roles.{role}", "a role is lower-case letters, digits and hyphens")
        if not isinstance(label, str) or not label.strip():
            raise fail(f"box.roles.{role}", "must be a non-empty string")
    return dict(value)


DEFAULT_BOX_TOML = """
# The review box readers see (badge, reports). factcheck picks WHICH line applies from
# the records alone; these are only the words. {date}, {count}, {checked}, {total}
# are filled in; {s} is "s" unless the count is 1.
[box]
# reviewed = "Reviewed"                          # every check-worthy statement current
# due = "Review due {date}"
# overdue = "Review overdue since {date}"
# stale statements: their text, or a source they cite, changed since their verdict
# under_review = "Under review: {count} statement{s} changed since the last review"
# correction = "Correction needed"               # a verdict says the article is wrong
# partly = "Partly reviewed: {checked} of {total} statement{s} checked"
# unreviewed = "Not yet reviewed"                # no sign-off in our records
# coverage = "{checked} of {total} statement{s} checked"   # beside a forced sign-off
# forced = "not every statement checked"         # a forced one from before coverage was kept
# next_review = "Next review due {date}"
# page_said = "The page said: {claims}"          # the page's own dates, never ours
# editor_roles = ["editorial"]                   # JSON-LD "editor", not "reviewedBy"

# [box.roles]           # sign-off roles (signoff --role), in the order the box names them
# medical = "Medically reviewed by"
# scientific = "Scientifically reviewed by"
# fact-check = "Fact-checked by"
# editorial = "Edited by"

# [box.signoff_roles]   # a sign-off's role when --role is not given, by the signer's role
# reviewer = "scientific"
# editor = "editorial"
# admin = "editorial"
"""
