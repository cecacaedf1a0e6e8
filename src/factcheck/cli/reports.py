"""``report`` and ``badge``: what editors publish and send to standards boards."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass
