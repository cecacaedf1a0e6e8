"""The review screen: one statement rendered with rich, and the keys a reviewer presses.

On a terminal, keys are read one at a time with prompt_toolkit (and notes, quotes and
comments with its line editor); otherwise one key or word is read per line, so scripts
and tests can drive a sitting through a pipe.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from factcheck.escaping import flat, for_terminal, one_line

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from factcheck.desk import ReviewItem, SourcePassage

# The keys besides the verdicts' numbers, and what the prompt calls them.
ACTIONS = {
    "l": "link a source",
    "c": "comment",
    "o": "open source",
    "s": "skip",
    "u": "undo last verdict",
    "q": "quit",
}
BY_NAME = "v"  # a scale longer than nine: the rest are chosen by name
_NUMBERS = {True: "numbers match", False: "NUMBERS DIFFER", None: "no numbers to compare"}


def verdict_keys(scale: Sequence[str]) -> dict[str, str]:
    """key -> verdict: the scale numbered 1..9 in its order."""
    return {str(i): name for i, name in enumerate(scale[:9], start=1)}


class Keys(Protocol):
    def key(self, prompt: str, allowed: dict[str, str]) -> str:
        """One of ``allowed``'s keys ("q" at the end of input)."""

    def text(self, prompt: str) -> str | None:
        """A line of text; None when the reviewer cancels (or input ends)."""


class TerminalKeys:
    """Single keys and a line editor on a terminal, through prompt_toolkit."""

    def key(self, prompt: str, allowed: dict[str, str]) -> str:
        from prompt_toolkit.application import Application
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        bindings = KeyBindings()
        for k in allowed:
            bindings.add(k)(lambda event, k=k: event.app.exit(result=k))
        for quit_key in ("c-c", "c-d"):
            bindings.add(quit_key)(lambda event: event.app.exit(result="q"))
        app: Application[str] = Application(
            layout=Layout(Window(FormattedTextControl(one_line(prompt)), height=1)),
            key_bindings=bindings,
            full_screen=False,
            erase_when_done=True,
        )
        pressed = app.run()
        sys.stdout.write(f"{one_line(prompt)}{pressed}\n")  # the key stays in the scrollback
        return pressed

    def text(self, prompt: str) -> str | None:
        from prompt_toolkit import prompt as read

        try:
            return read(one_line(prompt) + ": ").strip()
        except (KeyboardInterrupt, EOFError):
            return None


class LineKeys:
    """One key (or a verdict's name) per line from a pipe; the end of input quits."""

    def __init__(self, scale: Sequence[str]) -> None:
        self.by_name = {name: key for key, name in verdict_keys(scale).items()}

    def key(self, prompt: str, allowed: dict[str, str]) -> str:
        while True:
            answer = self._line(prompt)
            if answer is None:
                return "q"
            answer = self.by_name.get(answer, answer)
            if answer in allowed:
                return answer
            sys.stdout.write(f"{one_line(answer)!r}: press one of {', '.join(allowed)}\n")

    def text(self, prompt: str) -> str | None:
        return self._line(prompt + ":")

    @staticmethod
    def _line(prompt: str) -> str | None:
        sys.stdout.write(one_line(prompt) + " ")
        sys.stdout.flush()
        line = sys.stdin.readline()
        return line.strip() if line else None


def keys_for(scale: Sequence[str]) -> Keys:
    if sys.stdin.isatty() and sys.stdout.isatty():
        return TerminalKeys()
    return LineKeys(scale)


class Screen:
    """Renders review items on stdout; colour and styles only on a terminal."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console: Console = Console(no_color=bool(os.environ.get("NO_COLOR")), highlight=False)
        # Without styles the highlight is invisible: bracket the statement instead.
        self.bracket = not self.console.is_terminal or self.console.no_color

    def show(self, item: ReviewItem, *, position: str, scale: Sequence[str]) -> None:
        from rich.rule import Rule

        c = self.console
        c.print()
        c.print(Rule(_t(f"{item.statement} · {item.status} · {position}"), align="left"))
        c.print(_t(item.title, "bold") + _t(f" ({item.article})"))
        due = f" (due {item.due.isoformat()})" if item.due else ""
        c.print(_t("why: ", "bold") + _t(item.why + due))
        c.print()
        c.print(self._paragraph(item), soft_wrap=False)
        c.print()
        self._sources(item)
        self._previous(item)
        self._comments(item)
        self._passages(item)
        c.print(self.menu(scale))

    def menu(self, scale: Sequence[str]) -> RenderableType:
        from rich.columns import Columns

        keys = verdict_keys(scale)
        entries = [f"[{k}] {v}" for k, v in keys.items()]
        if len(scale) > len(keys):
            entries.append(f"[{BY_NAME}] another verdict")
        entries += [f"[{k}] {what}" for k, what in ACTIONS.items()]
        return Columns([_t(e) for e in entries], padding=(0, 2))

    def _paragraph(self, item: ReviewItem) -> Text:
        from rich.text import Text

        # Line breaks become spaces, one for one, so the highlight's offsets still hold.
        text = item.paragraph.replace("\r", " ").replace("\n", " ")
        start, end = item.highlight
        marked = for_terminal(text[start:end])
        shown = Text("  ")
        shown.append(for_terminal(text[:start]), "dim")
        shown.append(f"[[{marked}]]" if self.bracket else marked, "bold reverse")
        shown.append(for_terminal(text[end:]), "dim")
        return shown

    def _sources(self, item: ReviewItem) -> None:
        c = self.console
        if not self._heading("sources", item.links, "none linked (press l to link one)"):
            return
        for link in item.links:
            where = f", {link.locator}" if link.locator else ""
            c.print(_t(f"  {link.source} {link.title or ''} — {link.relation}{where}"))
            if link.quote:
                found = {True: "quote found", False: "QUOTE NOT FOUND", None: "no text to check"}
                c.print(_t(f'    "{link.quote}" [{found[link.quote_found]}]'))
            for flag in link.flags:
                c.print(_t(f"    ! {flag}", "bold red"))

    def _heading(self, title: str, rows: Sequence[object], empty: str | None) -> bool:
        """A section's heading; False when it has no rows (said on the heading's line,
        unless ``empty`` is None: then the section is left out)."""
        if rows:
            self.console.print(_t(title, "bold"))
        elif empty is not None:
            self.console.print(_t(f"{title}: {empty}", "bold"))
        return bool(rows)

    def _previous(self, item: ReviewItem) -> None:
        v = item.previous
        if v is None:
            self.console.print(_t("previous verdict: none", "bold"))
            return
        note = f": {v.note}" if v.note else ""
        self.console.print(
            _t("previous verdict: ", "bold")
            + _t(f"{v.verdict}, {v.reviewed_on.isoformat()} by {v.reviewer}{note}")
        )

    def _comments(self, item: ReviewItem) -> None:
        if not self._heading("comments", item.comments, None):
            return
        for cm in item.comments:
            when = cm.recorded_at.strftime("%Y-%m-%d %H:%M")
            self.console.print(_t(f"  {cm.reviewer} {when}: {cm.text}"))

    def _passages(self, item: ReviewItem) -> None:
        c = self.console
        if not self._heading("best evidence", item.passages, "no archived source text matches"):
            return
        for i, p in enumerate(item.passages, start=1):
            style = "bold red" if p.numbers_match is False else ""
            head = f"  {i}. {p.source} {p.locator} (score {p.score:.2f}, "
            c.print(_t(head) + _t(_NUMBERS[p.numbers_match], style) + _t(")"))
            c.print(_t(f"     {p.text}", "dim"))

    def reading(self, source: str, passages: list[SourcePassage]) -> None:
        """A source's archived text, in the pager on a terminal; the best passage marked."""
        with self.console.pager(styles=False):
            self.console.print(_t(f"{source}: archived text", "bold"))
            for p in passages:
                mark = "▶ " if p.best else "  "
                self.console.print(_t(f"\n{mark}{p.locator}  {p.text}"))


def _t(text: str, style: str = "") -> Text:
    """User text for the screen: rich markup in it is text, control characters shown."""
    from rich.text import Text

    return Text(flat(text), style=style)
