"""The command line: one Typer sub-app per noun; commands parse, call, print."""

from __future__ import annotations

import sys


def run() -> None:
    """Console-script entry point.

    ``factcheck --version`` is answered here, before Typer and the app are imported
    (they are most of its start-up); everything else goes to the app.
    """
    if sys.argv[1:] == ["--version"]:
        from factcheck import __version__

        sys.stdout.write(f"factcheck {__version__}\n")
        sys.exit(0)
    from factcheck.cli.main import app

    app(prog_name="factcheck")
