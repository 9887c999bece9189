"""A table's profile: one row of figures measured in SQL that the table's GX suite validates.

The staged rows are read once: per contract rule (contract/rules.py, the declaration the intake's
quarantine compiles too) the rows that break it, the keys staged twice, the rows staged, the share
of each allowed value of every enum column, the share of empty values of every optional column, and
the latest activity. Then the intake's own records: the share of rows quarantined, the newest drop
against the previous one, the newest drop's age; and the time order between tables.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from contract import rules as contract_rules
from contract.rules import EVERY_TEXT, Rule
from contract.sql import ident, literal
from contract.tables import ENUM, TEXT, TIMESTAMP, Table

# time order that must hold between tables: (child, child column, parent, parent column, how they join)
ORDER_RULES = {
    "outreach__messages": ("sent_at", "sourcing__prospects", "sourced_at", "prospect_id"),
    "outreach__responses": ("responded_at", "outreach__messages", "sent_at", "message_id"),
}
SHARES = ("share:", "empty_share:")
# the profile's figures a later run compares against (recorded in audit.table_profiles, then the run history)
COMPARED = ("rows_staged", *SHARES)


def rule_column(index: int) -> str:
    """The profile's figure counting the staged rows that break the table's index-th rule."""
    return f"rule_{index}"


def staged_rules(table: Table) -> list[tuple[Rule, str]]:
    """Every row rule of a table with the column it reads on the staged rows (the length rule once per
    text column)."""
    texts = [c.name for c in table.columns if c.kind in (TEXT, ENUM)]
    return [
        (rule, column)
        for rule in contract_rules.rules(table)
        for column in (texts if rule.column == EVERY_TEXT else [rule.column])
    ]


def rule_condition(rule: Rule, column: str) -> str:
    """The rule's condition on a staged row (alias `c`): its value is typed already."""
    value = f"c.{ident(column)}"
    return rule.condition(column, value, value, "c._landed_at")


def _staged_figures(table: Table, now: datetime) -> list[tuple[str, str]]:
    """(profile column, SQL aggregate over the staged rows `c`) for one scan of intake.<table>."""
    figures = [
        (rule_column(i), f"count(*) filter (where {rule_condition(rule, column)})")
        for i, (rule, column) in enumerate(staged_rules(table))
    ]
    figures.append(("rows_staged", "count(*)"))
    for column in table.columns:
        name = ident(column.name)
        if column.kind == ENUM:
            figures += [
                (f"share:{column.name}={value}", f"avg(case when c.{name} = {literal(value)} then 1.0 else 0.0 end)")
                for value in column.values
            ]
        if not column.required:
            figures.append((f"empty_share:{column.name}", f"avg(case when c.{name} is null then 1.0 else 0.0 end)"))
    stamps = [f"max(c.{ident(c.name)})" for c in table.columns if c.kind == TIMESTAMP and not c.future]
    latest = f"greatest({', '.join(stamps)})" if stamps else "null::timestamp"
    figures.append(
        ("days_since_latest_activity", f"date_diff('second', {latest}, '{now.isoformat()}'::timestamp) / 86400.0")
    )
    return figures


def _keys_staged_twice(con: duckdb.DuckDBPyConnection, table: Table) -> int:
    if not table.primary_key:
        return 0
    pk = ident(table.primary_key)
    return con.execute(
        f"select count(*) from (select {pk} from intake.{table.key} group by {pk} having count(*) > 1)"
    ).fetchone()[0]


def _intake_figures(con: duckdb.DuckDBPyConnection, table: Table, now: datetime) -> dict[str, float]:
    key = table.key
    read, quarantined = con.execute(
        "select rows_read, rows_quarantined from audit.reconciliation where table_name = ?", [key]
    ).fetchone() or (0, 0)
    drops = con.execute(
        "select rows_read from audit.intake_files where table_name = ? and status <> 'unreadable' "
        "order by drop_seq desc limit 2",
        [key],
    ).fetchall()
    newest = con.execute("select max(landed_at) from audit.intake_files where table_name = ?", [key]).fetchone()[0]
    return {
        "quarantine_share": quarantined / read if read else 0.0,
        "newest_drop_ratio": drops[0][0] / drops[1][0] if len(drops) == 2 and drops[1][0] else 1.0,
        "days_since_newest_drop": (now - newest).total_seconds() / 86400 if newest else 0.0,
    }


def _out_of_order(con: duckdb.DuckDBPyConnection, table: Table) -> int:
    if table.key not in ORDER_RULES:
        return 0
    column, parent, parent_column, join = ORDER_RULES[table.key]
    return con.execute(
        f"select count(*) from intake.{table.key} c join intake.{parent} p using ({join}) "
        f"where c.{column} < p.{parent_column}"
    ).fetchone()[0]


def table_profile(con: duckdb.DuckDBPyConnection, table: Table, now: datetime) -> dict[str, float | None]:
    """Every figure of one table's profile, by its column name."""
    figures = _staged_figures(table, now)
    values = con.execute(f"select {', '.join(sql for _, sql in figures)} from intake.{table.key} as c").fetchone()
    profile = {name: value for (name, _), value in zip(figures, values)}
    profile["keys_staged_twice"] = _keys_staged_twice(con, table)
    profile.update(_intake_figures(con, table, now))
    profile["out_of_order"] = _out_of_order(con, table)
    return profile


def compared_figures(profile: dict[str, float | None]) -> dict[str, float]:
    """The figures a later run compares against (volume and distribution), without the empty ones."""
    return {k: float(v) for k, v in profile.items() if k.startswith(COMPARED) and v is not None}


def record_profile(con: duckdb.DuckDBPyConnection, table: Table, profile: dict[str, float | None]) -> None:
    """audit.table_profiles: this run's compared figures of the table (the run history keeps them per run)."""
    con.execute("create table if not exists audit.table_profiles (table_name varchar, metric varchar, value double)")
    con.execute("delete from audit.table_profiles where table_name = ?", [table.key])
    figures = compared_figures(profile)
    if figures:
        con.executemany(
            "insert into audit.table_profiles values (?, ?, ?)", [[table.key, k, v] for k, v in figures.items()]
        )
