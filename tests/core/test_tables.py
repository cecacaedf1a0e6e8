"""The read path's table handles (store/tables.py) name only what the models define."""

from __future__ import annotations

from sqlalchemy import TypeDecorator
from sqlalchemy.sql.expression import TableClause

from factcheck.models import SQLModel
from factcheck.store import tables


def _handles() -> list[TableClause]:
    return [v for v in vars(tables).values() if isinstance(v, TableClause)]


def test_every_handle_names_a_model_column_with_its_type():
    assert len(_handles()) >= 4
    for handle in _handles():
        model = SQLModel.metadata.tables[handle.name]
        for column in handle.columns:
            assert column.name in model.columns, f"{handle.name}.{column.name}"
            declared = model.columns[column.name].type
            if isinstance(declared, TypeDecorator):  # AutoString stores a String
                declared = declared.impl_instance
            assert isinstance(declared, type(column.type)), (
                f"{handle.name}.{column.name}: {column.type!r} is not {declared!r}"
            )
