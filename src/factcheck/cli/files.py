"""Reading the files users name on the command line (``-`` is stdin)."""

from __future__ import annotations

import sys
from pathlib import Path

from factcheck.errors import InputError


def read_input(path: str, *, max_bytes: int | None = None) -> bytes:
    if path == "-":
        data = sys.stdin.buffer.read((max_bytes + 1) if max_bytes else -1)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"file not found: {path}")
        if p.is_dir():
            raise InputError(f"{path} is a folder, not a file")
        if max_bytes is not None and p.stat().st_size > max_bytes:
            raise InputError(
                f"{path}: {p.stat().st_size:,} bytes is over the {max_bytes:,}-byte limit "
                "(review.max_article_bytes in factcheck.toml)"
            )
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(
            f"{path}: input is over the {max_bytes:,}-byte limit "
            "(review.max_article_bytes in factcheck.toml)"
        )
    return data
