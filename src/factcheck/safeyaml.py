"""YAML from files we did not write (front matter, bundles): plain data, bounded work.

``yaml.safe_load`` builds no objects, but it still expands aliases: nine lines of
``&a [*b, *b, ...]`` ask for billions of list items, and the load runs for half a
minute before dying with MemoryError. Neither a front matter block nor a bundle
needs an alias, so the first one is refused, as is nesting deep enough to exhaust
the parser's recursion.
"""

from __future__ import annotations

from typing import Any

import yaml


class Refused(yaml.YAMLError):
    """YAML that parses but that we will not load; the message says why."""

    problem_mark: Any = None


class AliasError(Refused):
    def __init__(self, mark: Any) -> None:
        super().__init__("YAML aliases (*name) are not allowed")
        self.problem_mark = mark


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise AliasError(self.peek_event().start_mark)
        return super().compose_node(parent, index)


def load(text: str) -> Any:
    """Parse ``text`` as plain YAML data; raise a ``yaml.YAMLError`` for anything else."""
    try:
        return yaml.load(text, Loader=_Loader)
    except RecursionError:
        raise Refused("YAML nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # YAML's own dates: 2019-02-30, hour 25
        raise Refused(f"an impossible date or time ({exc})") from None


def problem(exc: yaml.YAMLError) -> str:
    """A short reason and line for an error message."""
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1}" if mark is not None else ""
    if isinstance(exc, Refused):
        return f"{exc}{where}"
    return f"not valid YAML{where}"
