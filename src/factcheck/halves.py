"""Long output written by two processes at once.

Escaping and formatting hundreds of thousands of lines is Python's work, on one core,
while the database that read them sits idle on the other. A long output's second half
is written at the same time by a child process (``os.fork``, which hands it the
records as they are, copying nothing) into a temporary file, copied out after the
first half: the same bytes, in the same order.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable
from typing import IO, TypeVar

R = TypeVar("R")
T = TypeVar("T")
Write = Callable[[bytes], object]

# Below this many lines or events, starting a second process costs more than it saves.
WORTH_IT = 20_000


def can_fork() -> bool:
    return hasattr(os, "fork")  # not on Windows


def write_parts(
    items: list[T], work: Callable[[list[T], Write], R], write: Write, *, size: int
) -> list[R]:
    """``work(items, write)``, which writes what ``items`` come to: where that is long
    (``size`` lines or events, at least ``WORTH_IT``) and the system can fork, by two
    processes at once, the second half of ``items`` in the child. What each part's
    ``work`` returned, in order."""
    if size < WORTH_IT or not can_fork():
        return [work(items, write)]
    half = len(items) // 2
    first, second = write_halves(
        lambda sink: work(items[:half], sink), lambda sink: work(items[half:], sink), write
    )
    return [first, second]


def write_halves(
    first: Callable[[Write], R], second: Callable[[Write], R], write: Write
) -> tuple[R, R]:
    """``first(write)`` here while a forked child runs ``second`` into a temporary file,
    whose bytes then follow ``first``'s on ``write``. Each half's result is returned,
    the child's sent back through a pipe (pickled: small, and from our own process).

    The caller checks :func:`can_fork`; where the system refuses a process (no memory
    to spare for one, say), this one writes both halves. The child leaves with
    ``os._exit``: it runs no cleanup of the parent's (no database connection is closed,
    no buffer flushed)."""
    receive, send = os.pipe()
    with tempfile.TemporaryFile() as spill:
        try:
            pid = os.fork()
        except OSError:
            os.close(receive)
            os.close(send)
            return first(write), second(write)
        if pid == 0:  # the child
            status = 1
            try:
                os.close(receive)
                result = second(spill.write)
                spill.flush()
                with os.fdopen(send, "wb") as pipe:
                    pickle.dump(result, pipe)
                status = 0
            finally:
                os._exit(status)
        os.close(send)
        try:
            mine = first(write)
        finally:
            with os.fdopen(receive, "rb") as pipe:
                sent = pipe.read()
            status = os.waitpid(pid, 0)[1]
        if status:
            raise OSError(f"the second half of the output was not written (status {status})")
        spill.seek(0)
        _copy(spill, write)
    theirs: R = pickle.loads(sent)
    return mine, theirs


def _copy(source: IO[bytes], write: Write) -> None:
    while chunk := source.read(1 << 20):
        write(chunk)
