"""The tables the read path queries, as lightweight handles (``sqlalchemy.table``).

``due`` and ``check`` only read, and building the mapped classes of
:mod:`factcheck.models` costs a read-only command more than its query (tens of
milliseconds of declarative mapping and pydantic fields). These handles name just
the columns those reads use, with the types their values need; the models stay the
one definition of the schema, and tests/core/test_tables.py fails when a handle
names a column the models do not have, or gives it another type.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Date, Integer, String, column, table

statementstate = table(
    "statementstate",
    column("statement_id", Integer),
    column("article_id", Integer),
    column("n", Integer),
    column("line", Integer),
    column("followed", Boolean),
    column("condition", String),
    column("due_on", Date),
    column("reason", String),
    column("why", String),
    column("reviewer", String),
)

article = table(
    "article",
    column("id", Integer),
    column("slug", String),
    column("title", String),
    column("topic", String),
    column("retired", Boolean),
    column("page_reviewed", Date),
    column("page_jsonld_reviewed", Date),
)

statement = table(
    "statement",
    column("id", Integer),
    column("article_id", Integer),
    column("n", Integer),
    column("line", Integer),
    column("text", String),
    column("retired", Boolean),
)

workspacemeta = table("workspacemeta", column("key", String), column("value", String))

link = table(
    "link",
    column("id", Integer),
    column("statement_id", Integer),
    column("source_id", String),
    column("quote", String),
    column("quote_found", Boolean),
)

signoff = table(
    "signoff",
    column("id", Integer),
    column("article_id", Integer),
    column("signed_on", Date),
)

articlerevision = table(
    "articlerevision",
    column("article_id", Integer),
    column("number", Integer),
    column("source_file", String),
)

source = table("source", column("id", String), column("text", String))

sourcetext = table(
    "sourcetext",
    column("id", Integer),
    column("source_id", String),
    column("text", String),
    column("format", String),
    column("pages", String),
)

correction = table(
    "correction",
    column("kind", String),
    column("subject", String),
    column("event_id", Integer),
)
