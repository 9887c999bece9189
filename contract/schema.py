"""How an input table is declared (contract.tables holds the contract's, contract.connectors each
connector's): its columns, how each value is typed, which enum values are allowed, the primary key
that later drops update, and the references checked against staged rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT, INT, TIMESTAMP, DATE, BOOL, ENUM = "text", "int", "timestamp", "date", "bool", "enum"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    required: bool = True
    values: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    references: str | None = None  # key of the referenced table; its primary key is matched
    pii: bool = False
    # a deadline (Lever's consent expiry): legitimately later than its file's landing time, so only
    # the lower bound of contract §3's plausible range applies
    future: bool = False


@dataclass(frozen=True)
class Table:
    source: str
    name: str
    columns: tuple[Column, ...]
    primary_key: str | None
    optional: bool = False
    depends_on: tuple[str, ...] = field(default=())
    # a connector's soft-delete flag: rows with it true are kept in the intake and ignored downstream
    deleted_flag: str | None = None
    # other tables whose (not deleted) primary keys are keys of this table too, for references:
    # a prospect's role_id may name a contract role, a Greenhouse job or a Lever posting
    key_sources: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """`<source>__<table>`: the name of this table in the raw and intake schemas."""
        return f"{self.source}__{self.name}"

    @property
    def folder(self) -> str:
        return f"{self.source}/{self.name}"

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


def enum_column(name: str, values: tuple[str, ...], required: bool = True) -> Column:
    return Column(name, ENUM, required=required, values=values)


# --- connector tables (docs/bring-your-own-data.md) -------------------------------------------------
# The tables a Fivetran-style connector lands, under their own table and column names. Only the
# columns the product reads are declared; every other column is kept in the raw layer. Tables keyed
# by several columns (e-mail addresses, histories, link tables) have no intake primary key: every
# row is staged, and dbt staging keeps the latest drop's row per key.
DELETED = "_fivetran_deleted"


def deleted_column() -> Column:
    return Column(DELETED, BOOL, required=False)


def connector_table(source: str, name: str, columns: tuple[Column, ...], primary_key: str | None = "id") -> Table:
    deleted = DELETED if any(c.name == DELETED for c in columns) else None
    return Table(source, name, columns, primary_key=primary_key, optional=True, deleted_flag=deleted)
