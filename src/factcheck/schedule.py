"""Review policy and due dates: pure functions of records, settings and a date.

Nothing here touches the database; :mod:`factcheck.store.records` gathers the
facts, and this module decides what they mean on a given day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from weakref import WeakKeyDictionary

from factcheck.settings import Interval, Settings

STATUSES = ("unreviewed", "current", "due", "overdue", "stale", "needs-correction")
DATED_STATUSES = ("current", "due", "overdue")  # decided by the due date alone
# Most urgent first: the order of the due list.
URGENCY = {"needs-correction": 0, "stale": 1, "overdue": 2, "due": 3, "unreviewed": 4, "current": 5}
# Bump when standing() judges the same records differently: every workspace's cached
# standings (store/state.py) are then judged again on their next read.
RULES_VERSION = 4  # 3: judged statements stay followed; 4: standing verdict by review date
INVALIDATING_SOURCE_STATUSES = ("retracted", "corrected", "superseded", "concern")  # gravest first
_GRAVITY = {status: rank for rank, status in enumerate(INVALIDATING_SOURCE_STATUSES)}


@dataclass(frozen=True)
class VerdictFact:
    verdict: str
    reviewer: str
    reviewed_on: date
    recorded_at: datetime
    note: str | None = None


@dataclass(frozen=True)
class SourceEventFact:
    source_id: str
    status: str
    effective_on: date
    recorded_at: datetime


@dataclass(frozen=True)
class StatementFacts:
    """Everything the policy needs to know about one statement."""

    checkworthy: bool  # a reviewer's latest mark, else the model's flag
    kinds: tuple[str, ...]
    topic: str | None
    verdict: VerdictFact | None
    source_kinds: tuple[str, ...] = ()
    source_events: tuple[SourceEventFact, ...] = ()
    text_changed_at: datetime | None = None  # the latest edit of its text, if any


def followed(checkworthy: bool, verdict: VerdictFact | None) -> bool:
    """Whether the review follows a statement: the due list, the CI gate, the sign-off
    gate and the article's status count it.

    Every check-worthy statement, and every statement already given a verdict,
    whatever its flag: a published verdict must stay true even when the model, or a
    reviewer, later calls its statement not check-worthy.
    """
    return checkworthy or verdict is not None


@dataclass(frozen=True)
class Rule:
    """Which interval applies, and why, in words and as a stable code."""

    interval: Interval
    reason: str  # interval | topic | source-kind | verdict-<v> | <claim kind>
    why: str


@dataclass(frozen=True)
class Standing:
    status: str
    due: date | None
    reason: str
    why: str


# Rules depend on a handful of facts that repeat across an archive, so each
# settings object keeps a memo of them: judging 300,000 statements then builds a few
# hundred Rule objects, not 300,000.
_RULES: WeakKeyDictionary[Settings, dict[tuple[object, ...], tuple[Rule, ...]]] = (
    WeakKeyDictionary()
)


def interval_rule(facts: StatementFacts, settings: Settings) -> Rule:
    key = (
        facts.verdict.verdict if facts.verdict else None,
        facts.kinds,
        facts.source_kinds,
        facts.topic,
    )
    memo = _RULES.setdefault(settings, {})
    rules = memo.get(key)
    if rules is None:
        rules = memo[key] = _interval_rules(facts, settings)
    if len(rules) == 1 or facts.verdict is None:
        return rules[0]
    # "Shortest" by the real dates: from 1 March, "30 days" ends before "1 month".
    start = facts.verdict.reviewed_on
    return min(rules, key=lambda r: (r.interval.after(start), r.interval))


def _interval_rules(facts: StatementFacts, settings: Settings) -> tuple[Rule, ...]:
    """Most specific rule wins; the shortest where two apply at the same level.

    Levels: the statement itself (its verdict, its claim kinds), then the kinds of
    its sources, then the article's topic, then the default. Returns the winning
    level's rules, the shortest (by estimate) first.
    """
    statement_rules: list[Rule] = []
    verdict = facts.verdict.verdict if facts.verdict else None
    if verdict in settings.verdict_intervals:
        interval = settings.verdict_intervals[verdict]
        statement_rules.append(
            Rule(interval, f"verdict-{verdict}", f"{interval} for verdict {verdict}")
        )
    for kind in facts.kinds:
        if kind in settings.kind_intervals:
            interval = settings.kind_intervals[kind]
            statement_rules.append(Rule(interval, kind, f"{interval} for {kind} statements"))
    # The source rule is for claims backed *only* by such sources: a press release
    # beside a paper does not shorten the paper's interval.
    source_rules: list[Rule] = []
    if facts.source_kinds and all(k in settings.source_intervals for k in facts.source_kinds):
        source_rules = [
            Rule(
                settings.source_intervals[k],
                "source-kind",
                f"{settings.source_intervals[k]} for claims backed only by a {k}",
            )
            for k in facts.source_kinds
        ]
    topic_rules: list[Rule] = []
    if facts.topic in settings.topics:
        interval = settings.topics[facts.topic]
        topic_rules.append(Rule(interval, "topic", f"{interval} for topic {facts.topic}"))
    for level in (statement_rules, source_rules, topic_rules):
        if level:
            return tuple(sorted(level, key=lambda r: r.interval))
    return (Rule(settings.interval, "interval", f"{settings.interval} (default interval)"),)


def standing(facts: StatementFacts, settings: Settings, as_of: date) -> Standing:
    """The statement's status on ``as_of``, its due date and the reason."""
    v = facts.verdict
    if v is None:
        return Standing("unreviewed", None, "never-reviewed", "never reviewed")
    if facts.text_changed_at and facts.text_changed_at > v.recorded_at:
        changed = facts.text_changed_at.date()
        return Standing(
            "stale",
            changed,
            "text-changed",
            f"text changed on {changed.isoformat()} after its last review",
        )
    event = _invalidating_event(facts.source_events, v)
    if event:
        return Standing(
            "stale",
            event.effective_on,
            f"source-{event.status}",
            f"a linked source was {event.status} on {event.effective_on}",
        )
    label = settings.scale.get(v.verdict)
    if label and label.needs_correction:
        return Standing(
            "needs-correction",
            v.reviewed_on,
            f"verdict-{v.verdict}",
            f"verdict {v.verdict}: the article needs a correction",
        )
    rule = interval_rule(facts, settings)
    due = rule.interval.after(v.reviewed_on)
    return Standing(dated_status(due, as_of), due, rule.reason, rule.why)


def stale_since(facts: StatementFacts) -> datetime | None:
    """When the statement went stale: the first change recorded after its verdict that
    makes it stale (see ``standing``), or None when nothing has.

    The recorded time, not a source event's effective date: a retraction entered today
    under its 2019 date is news today.
    """
    v = facts.verdict
    if v is None:
        return None
    changes = [
        e.recorded_at
        for e in facts.source_events
        if e.status in INVALIDATING_SOURCE_STATUSES and e.recorded_at > v.recorded_at
    ]
    if facts.text_changed_at and facts.text_changed_at > v.recorded_at:
        changes.append(facts.text_changed_at)
    return min(changes, default=None)


def dated_status(due: date, as_of: date) -> str:
    """A reviewed statement's status on ``as_of``: only its due date decides."""
    return "current" if as_of < due else "due" if as_of == due else "overdue"


def _invalidating_event(
    events: Iterable[SourceEventFact], verdict: VerdictFact
) -> SourceEventFact | None:
    """The event a stale statement is reported under: the gravest since its verdict
    (a retraction outweighs a later expression of concern), the latest among equals."""
    later = [
        e
        for e in events
        if e.status in INVALIDATING_SOURCE_STATUSES and e.recorded_at > verdict.recorded_at
    ]
    return max(later, key=lambda e: (-_GRAVITY[e.status], e.recorded_at), default=None)


def next_review_due(standings: Iterable[tuple[bool, Standing]]) -> date | None:
    """The earliest due date among followed statements (``(followed, standing)``)."""
    return min((s.due for cw, s in standings if cw and s.due is not None), default=None)


@dataclass(frozen=True)
class SignOffFact:
    reviewer: str  # handle
    reviewer_name: str
    credentials: str | None
    signed_on: date
    forced: bool = False
    role: str = ""  # a key of [box.roles], as recorded (or derived for an older sign-off)
    checked: int | None = None  # check-worthy statements current when it was recorded
    total: int | None = None  # ... of this many (None: recorded before this was kept)
    note: str | None = None


@dataclass(frozen=True)
class ArticleState:
    """What the review box says, derived from the records alone."""

    status: str  # unreviewed | current | due | overdue | stale | needs-correction
    last_reviewed: date | None
    reviewed_by: SignOffFact | None
    next_review_due: date | None
    counts: dict[str, int]  # statuses of followed statements (see ``followed``)


def article_state(
    standings: Sequence[tuple[bool, Standing]], signoff: SignOffFact | None
) -> ArticleState:
    """Roll statement standings, ``(followed, standing)`` pairs, up to the article.

    "Last reviewed" is the latest sign-off and nothing else moves it. "Next review
    due" is the earliest due date among followed statements, from our records alone:
    the date the imported page printed is the page's claim, never ours.
    """
    counts = {s: 0 for s in STATUSES}
    for is_followed, s in standings:
        if is_followed:
            counts[s.status] += 1
    worst = min(
        (s for s, c in counts.items() if c and s != "current"),
        key=URGENCY.__getitem__,
        default="current",
    )
    if signoff is None and worst == "current" and not counts["current"]:
        worst = "unreviewed"
    return ArticleState(
        status=worst,
        last_reviewed=signoff.signed_on if signoff else None,
        reviewed_by=signoff,
        next_review_due=next_review_due(standings),
        counts=counts,
    )
