"""One ``review`` sitting: a reviewer works through their queue at the review screen.

Every key that records something goes through the same domain function as its
command (``verdict``, ``link``, ``comment``, ``withdraw``, ``signoff``), each in its
own transaction, so a refused action (the four-eyes rule, a role, an unknown source)
prints one line and leaves the sitting going with nothing half-written.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from factcheck.cli.context import OPTIONS
from factcheck.cli.output import message
from factcheck.cli.review_screen import ACTIONS, BY_NAME, Keys, Screen, verdict_keys
from factcheck.errors import UserError
from factcheck.words import plural

if TYPE_CHECKING:
    from factcheck.desk import ReviewItem
    from factcheck.store.assignments import QueueItem

UNDO_NOTE = "undone at the review screen"


@dataclass
class Tally:
    recorded: int = 0
    skipped: int = 0
    undone: int = 0
    signed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Recorded:
    event: str  # verdict:N, as `withdraw` takes it
    verdict: str
    item: QueueItem


class Sitting:
    def __init__(
        self, *, reviewer: str, day: date, as_of: date, keys: Keys, screen: Screen
    ) -> None:
        self.reviewer, self.day, self.as_of = reviewer, day, as_of
        self.keys, self.screen = keys, screen
        self.settings = OPTIONS.workspace.settings
        self.scale = list(self.settings.scale)
        self.verdicts = verdict_keys(self.scale)
        self.recorded: list[_Recorded] = []  # this sitting's verdicts, for `u`
        self.tally = Tally()
        self.items: list[QueueItem] = []

    # --- the loop ------------------------------------------------------------------------

    def run(self, items: list[QueueItem]) -> None:
        self.items = items
        pending = deque(items)
        while pending:
            item = pending.popleft()
            if item.statement is None:  # an assigned article waiting for its sign-off
                if self._offer_signoff(item.article) == "q":
                    return
                continue
            position = f"{len(items) - len(pending)} of {len(items)}"
            outcome = self._statement(item, position)
            if outcome == "q":
                return
            if isinstance(outcome, _Recorded):  # undone: that statement again, then this
                pending.extendleft([item, outcome.item])
                continue
            covered = not any(p.article == item.article and p.statement for p in pending)
            if covered and self._offer_signoff(item.article) == "q":
                return

    def _statement(self, item: QueueItem, position: str) -> str | _Recorded:
        """What became of one statement: "verdict", "s", "q", or the verdict undone."""
        assert item.statement is not None
        allowed = {**self.verdicts, **self._extra_keys()}
        while True:
            shown = self._item(item)
            self.screen.show(shown, position=position, scale=self.scale)
            key = self.keys.key("> ", allowed)
            if key in self.verdicts or key == BY_NAME:
                if self._verdict(item, key):
                    return "verdict"
            elif key == "s":
                self.tally.skipped += 1
                return "s"
            elif key == "q":
                return "q"
            elif key == "u":
                undone = self._undo()
                if undone is not None:
                    return undone
            else:
                {"l": self._link, "c": self._comment, "o": self._open}[key](shown)

    def _extra_keys(self) -> dict[str, str]:
        more = {BY_NAME: "another verdict"} if len(self.scale) > len(self.verdicts) else {}
        return {**more, **ACTIONS}

    def _item(self, item: QueueItem) -> ReviewItem:
        from factcheck.desk import review_item

        assert item.statement is not None
        with OPTIONS.session() as session:
            return review_item(
                session=session,
                settings=self.settings,
                statement_id=item.statement,
                as_of=self.as_of,
                why=item.reason,
            )

    # --- what the keys do ------------------------------------------------------------------

    def _write(self, action: Callable[[Any], Any]) -> Any:
        """Run one write in its own transaction; a refusal is one line, and None."""
        try:
            with OPTIONS.session(write=True) as session:
                return action(session)
        except UserError as exc:
            message(f"refused: {exc}")
            return None

    def _verdict(self, item: QueueItem, key: str) -> bool:
        from factcheck.review import check_verdict, record_verdict
        from factcheck.store.withdrawn import event_ref

        name = self.verdicts.get(key) or self.keys.text(f"verdict ({', '.join(self.scale)})")
        if not name:
            return False
        try:  # a name off the scale is refused before its note is asked for
            check_verdict(self.settings, name)
        except UserError as exc:
            message(f"refused: {exc}")
            return False
        note = self.keys.text(f"{name}: note (optional, Enter for none)")
        if note is None:  # cancelled: back to the screen
            return False
        made = self._write(
            lambda session: (
                record_verdict(
                    session=session,
                    settings=self.settings,
                    statement_id=item.statement or "",
                    verdict=name,
                    reviewer=self.reviewer,
                    reviewed_on=self.day,
                    note=note or None,
                )[2].id
            )
        )
        if made is None:
            return False
        self.recorded.append(_Recorded(event_ref("verdict", made), name, item))
        self.tally.recorded += 1
        message(f"{item.statement}: {name}")
        return True

    def _undo(self) -> _Recorded | None:
        from factcheck.store.corrections import withdraw

        if not self.recorded:
            message("no verdict of this sitting to undo")
            return None
        last = self.recorded[-1]
        done = self._write(
            lambda session: withdraw(
                session=session, event=last.event, note=UNDO_NOTE, reviewer=self.reviewer
            )
        )
        if done is None:
            return None
        self.recorded.pop()
        self.tally.undone += 1
        message(f"undid {last.item.statement}: {last.verdict} ({last.event} withdrawn)")
        return last

    def _link(self, shown: ReviewItem) -> None:
        from factcheck.review import RELATIONS, add_link

        source = self.keys.text("link to source (id, DOI, PMID or URL)")
        if not source:
            return
        quote = self.keys.text("evidence quote (optional)")
        locator = self.keys.text('locator, e.g. "p. 4" (optional)')
        relation = self.keys.text(f"relation ({', '.join(RELATIONS)}; Enter: supports)")
        made = self._write(
            lambda session: add_link(
                session=session,
                statement_id=shown.statement,
                source=source,
                quote=quote or None,
                locator=locator or None,
                relation=relation or "supports",
            )
        )
        if made is None:
            return
        _, _, src, link = made
        message(f"linked {shown.statement} to {src.id} ({link.relation})")
        if link.quote_found is False:
            message(f"warning: the quote is not in the archived text of {src.id}")

    def _comment(self, shown: ReviewItem) -> None:
        from factcheck.review import add_comment

        text = self.keys.text("comment")
        if not text:
            return
        made = self._write(
            lambda session: add_comment(
                session=session, statement_id=shown.statement, reviewer=self.reviewer, text=text
            )
        )
        if made is not None:
            message(f"commented on {shown.statement}")

    def _open(self, shown: ReviewItem) -> None:
        from factcheck.desk import source_reading

        candidates = list(dict.fromkeys([p.source for p in shown.passages]))
        candidates += [link.source for link in shown.links if link.source not in candidates]
        if not candidates:
            message("no source to open: link one with l")
            return
        source = candidates[0]
        if len(candidates) > 1:
            numbered = {str(i): s for i, s in enumerate(candidates[:9], start=1)}
            listed = ", ".join(f"[{k}] {s}" for k, s in numbered.items())
            source = numbered.get(self.keys.key(f"open which source? {listed} ", numbered), "")
            if not source:
                return
        best = next((p.text for p in shown.passages if p.source == source), None)
        with OPTIONS.session() as session:
            passages = source_reading(session=session, source_id=source, best=best)
        if passages is None:
            message(f"{source} has no archived text (factcheck source attach {source} FILE)")
            return
        self.screen.reading(source, passages)

    def _offer_signoff(self, slug: str) -> str | None:
        """Offer to sign ``slug`` off when nothing keeps it from it; "q" to end the sitting."""
        from factcheck.desk import signoff_ready
        from factcheck.review import sign_off

        with OPTIONS.session() as session:
            blockers = signoff_ready(
                session=session, settings=self.settings, slug=slug, on=self.day
            )
        if blockers:
            listed = ", ".join(blockers[:5]) + (" …" if len(blockers) > 5 else "")
            message(
                f"{slug} is not ready for sign-off: "
                f"{plural(len(blockers), 'statement')} without a current verdict ({listed})"
            )
            return None
        answer = self.keys.key(
            f"sign off {slug} as {self.reviewer} on {self.day.isoformat()}? [y/n] ",
            {"y": "yes", "n": "no"},
        )
        if answer != "y":
            return answer if answer == "q" else None
        done = self._write(
            lambda session: sign_off(
                session=session,
                settings=self.settings,
                slug=slug,
                reviewer=self.reviewer,
                signed_on=self.day,
            )
        )
        if done is not None:
            self.tally.signed.append(slug)
            message(f"signed off {slug} ({done.role}) on {self.day.isoformat()}")
        return None

    def left(self) -> int:
        """The sitting's items still to do: statements without a verdict from it, and
        articles it did not sign off."""
        judged = {r.item.statement for r in self.recorded}
        return sum(
            i.article not in self.tally.signed if i.statement is None else i.statement not in judged
            for i in self.items
        )

    def summary(self) -> str:
        t = self.tally
        signed = f", signed off {', '.join(dict.fromkeys(t.signed))}" if t.signed else ""
        return (
            f"{plural(t.recorded, 'verdict')} recorded, {t.undone} undone, "
            f"{t.skipped} skipped{signed}; {self.left()} left in the queue"
        )
