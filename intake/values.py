"""How one text value of a landing row is typed (contract §1-§2), and what the quarantine keeps of a row.

Everything is a SQL expression over the trimmed text value, so DuckDB types every row at once.
What can be wrong with a value is a rule of contract/rules.py, compiled by intake/quarantine.py.
"""

from __future__ import annotations

from contract.rules import INTEGER_PATTERN
from contract.sql import ident, literal
from contract.tables import BOOL, DATE, ENUM, INT, TIMESTAMP, Column, Table


def typed_expression(column: Column, value: str) -> str:
    """SQL that types one trimmed text value, NULL when it cannot be typed."""
    if column.kind == INT:  # integers only: try_cast alone would round 73.5 and read 0x10 and 1e3
        return f"case when regexp_full_match({value}, '{INTEGER_PATTERN}') then try_cast({value} as bigint) end"
    if column.kind == TIMESTAMP:
        return f"timezone('UTC', try_cast({value} as timestamptz))"
    if column.kind == DATE:
        return f"try_cast({value} as date)"
    if column.kind == BOOL:
        return (
            f"case when lower({value}) in ('true', '1', 'yes') then true "
            f"when lower({value}) in ('false', '0', 'no') then false end"
        )
    if column.kind == ENUM:
        allowed = ", ".join(literal(v) for v in column.values)
        return f"case when lower({value}) in ({allowed}) then lower({value}) end"
    return value


def raw_values_sql(table: Table, alias: str) -> str:
    """SQL for what the quarantine keeps of a raw row (alias `alias`) as JSON text: its contract
    values, or the text of a line the CSV reader could not split into fields."""
    pairs = ", ".join(f"{ident(c.name)} := {alias}.{ident(c.name)}" for c in table.columns)
    return (
        f"case when {alias}._rejected is not null then to_json(struct_pack(_line := {alias}._raw_line))::varchar "
        f"else to_json(struct_pack({pairs}))::varchar end"
    )
