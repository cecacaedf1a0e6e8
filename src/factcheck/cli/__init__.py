"""The command line: one Typer sub-app per noun; commands parse, call, print."""
