"""The quarantine (contract §3): the contract's row rules (contract/rules.py) compiled into the reasons
a landing row cannot be staged, and audit.quarantine written with them.

A reason names the column and the rule, never the value (it may be shown and downloaded, and the
value can be personal data); the raw values are kept only in the quarantine's own column.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from contract import rules as contract_rules
from contract.rules import EVERY_TEXT, Rule
from contract.sql import ident, literal
from contract.tables import TABLES, Table, referenced_tables
from intake.catalog import relation_exists
from intake.reconciliation import recount
from intake.values import raw_values_sql, typed_expression


def _reasons(rules: list[Rule], column: str, text: str, typed: str, landed_at: str) -> str:
    """SQL giving the reason of the first of a column's rules that its value breaks, or NULL."""
    whens = " ".join(
        f"when {rule.condition(column, text, typed, landed_at)} then {literal(rule.message(column))}" for rule in rules
    )
    return f"case {whens} end"


def _value_reasons(con: duckdb.DuckDBPyConnection, table: Table) -> tuple[list[str], list[str]]:
    """The typed columns of a raw row (alias `r`) and, per column, the SQL of its first broken rule."""
    rules = contract_rules.value_rules(table)
    typed_columns, reasons = [], []
    for column in table.columns:
        text = f"nullif(trim(r.{ident(column.name)}), '')"
        typed = typed_expression(column, text)
        typed_columns.append(f"{typed} as {ident(column.name)}")
        own = [rule for rule in rules if rule.column == column.name]
        if own:
            reasons.append(_reasons(own, column.name, text, typed, "r._landed_at"))
    text_columns = con.execute(
        "select column_name from information_schema.columns where table_schema = 'raw' and table_name = ? "
        "and not starts_with(column_name, '_') order by ordinal_position",
        [table.key],
    ).fetchall()
    every = [rule for rule in rules if rule.column == EVERY_TEXT]
    reasons += [
        _reasons(every, name, f"r.{ident(name)}", f"r.{ident(name)}", "r._landed_at") for (name,) in text_columns
    ]
    return typed_columns, reasons


def checked_sql(con: duckdb.DuckDBPyConnection, table: Table) -> str:
    """Every raw row, typed, with the reasons it cannot be staged (NULL when none). Its raw values are
    read again for the rows with a problem only (see quarantine_new_rows): most rows have none."""
    typed_columns, reasons = _value_reasons(con, table)
    return f"""
        select {", ".join(typed_columns)},
               r._source_file, r._drop_seq, r._row_number, r._landed_at,
               case
                   when r._rejected is not null then r._rejected
                   when f.status = 'missing_columns'
                       then 'file lacks required column(s): ' || f.missing_columns
                   else nullif(concat_ws('; ', {", ".join(reasons)}), '')
               end as _problem
        from raw.{table.key} as r
        left join audit.intake_files as f
          on f.table_name = {literal(table.key)} and f.source_file = r._source_file
    """


def reference_problem(table: Table, alias: str = "c") -> str:
    """SQL giving why a typed row (alias `alias`) references no staged parent (NULL when it does)."""
    reasons = [
        _reasons([rule], rule.column, f"{alias}.{ident(rule.column)}", f"{alias}.{ident(rule.column)}", "")
        for rule in contract_rules.reference_rules(table)
    ]
    return f"nullif(concat_ws('; ', {', '.join(reasons)}), '')" if reasons else "null::varchar"


def quarantine_file(con: duckdb.DuckDBPyConnection, table: Table, source_file: str, reason: str, landed_at: datetime):
    """A file that is not read (or has no row that can be staged) quarantined as a whole."""
    con.execute(
        "insert into audit.quarantine values (?, 'file', ?, null, null, ?, ?)",
        [table.key, source_file, reason, landed_at],
    )


def quarantine_rows(con: duckdb.DuckDBPyConnection, table: Table, rows: str, reason: str) -> None:
    """Rows of `rows` (alias `c`, with lineage) whose `reason` column is set, into the quarantine with
    their raw values."""
    con.execute(f"""
        insert into audit.quarantine
        select {literal(table.key)}, 'row', c._source_file, c._row_number, {raw_values_sql(table, "r")},
               c.{reason}, c._landed_at
        from {rows}
        join raw.{table.key} as r on r._source_file = c._source_file and r._row_number = c._row_number
        where c.{reason} is not null
        order by c._drop_seq, c._row_number
    """)


def recheck_failed_references(con: duckdb.DuckDBPyConnection) -> None:
    """Check again, parents before children, the kept rows whose references failed. Erasure rewrites
    ids into tokens: a row that arrived before its parent and was quarantined under its plain id finds
    that parent again under the same token, and is staged as it would have been without the erasure."""
    for table in TABLES:
        if not referenced_tables(table) or not relation_exists(con, "intake_state", table.key):
            continue
        con.execute(
            "create or replace temp table rechecked as select c._source_file, c._row_number, "
            f"{reference_problem(table)} as problem "
            f"from intake_state.{table.key} as c where c._ref_problem is not null"
        )
        con.execute(
            f"update intake_state.{table.key} as s set _ref_problem = r.problem from rechecked as r "
            "where s._source_file = r._source_file and s._row_number = r._row_number"
        )
        in_quarantine = (
            "q.table_name = ? and q.kind = 'row' and q.source_file = r._source_file and q.row_number = r._row_number"
        )
        con.execute(
            f"delete from audit.quarantine as q using rechecked as r where {in_quarantine} and r.problem is null",
            [table.key],
        )
        con.execute(
            f"update audit.quarantine as q set reason = r.problem from rechecked as r where {in_quarantine}",
            [table.key],
        )
        recount(con, table)
    con.execute("drop table if exists rechecked")
