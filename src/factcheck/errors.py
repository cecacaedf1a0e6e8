"""One exception root for the whole tool.

The CLI catches :class:`FactcheckError` once, prints its message as a single line
and exits with its ``exit_code``. Anything else reaching the user is a bug.
"""

from __future__ import annotations


class FactcheckError(Exception):
    """Root of every error the tool raises on purpose."""

    exit_code = 1


class UserError(FactcheckError):
    """Bad usage or bad input: the message is shown as is, exit code 2, nothing written."""

    exit_code = 2


class NotFound(UserError):
    """An id, slug or handle that names nothing in the workspace."""


class InputError(UserError):
    """A file or value that cannot be read as what it claims to be."""


class SettingsError(UserError):
    """``factcheck.toml`` is malformed; the message names the key and the line."""


class WorkspaceError(UserError):
    """No workspace could be found or opened."""
